"""The one error type of the packaging scripts: its message is shown to whoever runs the build."""

from __future__ import annotations


class BuildError(Exception):
    """A build or check step failed; str(error) says what and where (Chinese first, English key terms)."""
