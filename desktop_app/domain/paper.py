"""The code printed on the paper of a submitted revision (the QR code on its cover and on each page foot).

The paper is the legal document (signed and sealed); the workbook is what the bureau counts. The code
ties one to the other: it carries the school, the period, the revision and the full fingerprint of
the submission, so a scan of the sealed paper can be matched with the imported workbook.

Text format (docs/paper-code.md), only characters of the QR code's alphanumeric mode so the code stays
small (version 5, 37 × 37 modules, at error correction level M):

    SRP1:<school code>:<period>:<revision>:<fingerprint, 64 hex digits, upper case>

e.g. ``SRP1:2137000001:2022:2:3F2A9C1B…``. `SRP1` names the format; a later format takes another prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "SRP1"
_PATTERN = re.compile(
    r"^SRP1:(?P<school>[0-9A-Z]{1,20}):(?P<period>\d{4}(?:-\d{4}-[12])?):(?P<revision>[1-9]\d{0,5})"
    r":(?P<fingerprint>[0-9A-F]{64})$"
)


@dataclass(frozen=True, slots=True)
class PaperCode:
    school_code: str
    period: str
    revision: int
    fingerprint: str  # lower-case hex, as stored everywhere else

    @property
    def text(self) -> str:
        return encode(self.school_code, self.period, self.revision, self.fingerprint)


def encode(school_code: str, period: str, revision: int, fingerprint: str) -> str:
    """The text the QR code carries."""
    text = f"{PREFIX}:{school_code.strip().upper()}:{period}:{int(revision)}:{fingerprint.upper()}"
    if _PATTERN.match(text) is None:
        raise ValueError(f"cannot encode a paper code from {school_code!r}, {period!r}, {revision!r}")
    return text


def parse(text: str) -> PaperCode | None:
    """The code's parts, or None when the text is not a code of this format (another QR code on the page)."""
    match = _PATTERN.match(text.strip())
    if match is None:
        return None
    return PaperCode(match["school"], match["period"], int(match["revision"]), match["fingerprint"].lower())


def looks_like_ours(text: str) -> bool:
    """A text that claims the format (its prefix) whether or not the rest is well formed."""
    return text.strip().startswith(PREFIX + ":")
