"""The packaging helpers live in packaging/ as plain modules (no __init__.py: it would shadow the
`packaging` library), so the tests put that folder on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
if str(PACKAGING) not in sys.path:
    sys.path.insert(0, str(PACKAGING))
