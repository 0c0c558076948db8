"""验纸: a scan of a school's sealed paper checked against the workbooks the bureau imported.

The pages come in as images (the caller rasterises: QtPdf for a PDF, an image file as it is); the QR
codes are found and read with zxing-cpp; the paper code (domain.paper) is matched with the school's
imported revisions of the period. One answer per file:

- match: the paper is the imported revision N, and N is the newest imported;
- older: the paper matches revision N, but a newer revision was imported since;
- not_imported: no revision N of the school for the period has been imported (nothing to compare);
- differs: revision N was imported with another fingerprint: the file is not what was sealed;
- not_in_register: the paper names a school the register does not have;
- no_code / two_codes / not_a_scan / unreadable: nothing could be decided (with the pages).

Every decided paper is recorded (bureau_paper) with its code and when it was received, so `bureau status`
can say per school: file imported, paper received, both match.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop_app.bureau.models import PaperReceipt, School, StoredSubmission, utcnow
from desktop_app.bureau.store import BureauStore
from desktop_app.bureau.words import tr
from desktop_app.domain.paper import PaperCode, looks_like_ours, parse
from desktop_app.domain.periods import Period, PeriodKeyError
from desktop_app.domain.submission import short_fingerprint
from desktop_app.domain.text import Text

RECORDED = ("match", "older", "not_imported", "differs", "not_in_register")
SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")

MESSAGES: dict[str, Text] = {
    "match": Text(
        "纸质件与已导入的{school}{period}第{revision}版报送文件一致（校验码 {short}）。",
        "The paper matches the imported revision {revision} of {school}, {period} (fingerprint {short}).",
    ),
    "older": Text(
        "纸质件与已导入的{school}{period}第{revision}版一致，但已导入更新的第{current}版；"
        "请学校补交第{current}版的盖章纸质件。",
        "The paper matches revision {revision} of {school}, {period}, but revision {current} was imported "
        "since; ask the school for the sealed paper of revision {current}.",
    ),
    "not_imported": Text(
        "纸质件为{school}{period}第{revision}版，本局尚未导入该版报送文件（已导入：{known}）；"
        "请先导入该版 .xlsx 文件再核验。",
        "The paper is revision {revision} of {school}, {period}; that revision has not been "
        "imported (imported: {known}). Import its .xlsx file, then verify again.",
    ),
    "differs": Text(
        "纸质件与报送文件不符：纸质件为{school}{period}第{revision}版（校验码 {short}），"
        "与已导入的各版报送文件的校验码都不同（已导入第{revision}版的校验码为 {imported}）。"
        "导入的文件不是盖章时的数据，请与学校核实。",
        "The paper and the file differ: the paper is revision {revision} of {school}, {period} "
        "(fingerprint {short}), and no imported revision has that fingerprint (the imported revision "
        "{revision} has {imported}). The imported file is not what was sealed; check with the school.",
    ),
    "differs_none": Text(
        "纸质件与报送文件不符：纸质件为{school}{period}第{revision}版（校验码 {short}），"
        "与已导入的各版报送文件的校验码都不同。",
        "The paper and the file differ: the paper is revision {revision} of {school}, {period} "
        "(fingerprint {short}); no imported revision has that fingerprint.",
    ),
    "not_in_register": Text(
        "纸质件的学校标识码 {code} 不在学校名单中。", "The paper's school code {code} is not in the register."
    ),
    "no_code": Text(
        "未找到可读的核验二维码（{pages}）。请确认扫描的是已上报版本的纸质件，扫描分辨率不低于 200 dpi。",
        "No readable verification code ({pages}). Scan the paper of a submitted revision at 200 dpi or more.",
    ),
    "foreign_code": Text(
        "找到的二维码不是本程序的核验码（{pages}）。",
        "The QR codes found are not this program's verification code ({pages}).",
    ),
    "two_codes": Text(
        "同一文件中有不同的核验码：{codes}。请每份纸质件单独扫描成一个文件。",
        "The file holds different verification codes: {codes}. Scan each paper into a file of its own.",
    ),
    "not_a_scan": Text(
        "这是本程序生成的 PDF 原件，不是盖章纸质件的扫描件；请扫描签字盖章后的纸质件再核验。",
        "This is the PDF the program made, not a scan of the signed and sealed paper; scan the paper and verify that.",
    ),
    "unreadable": Text(
        "无法读取该文件（{detail}）。支持 PDF、PNG、JPEG 扫描件。",
        "The file cannot be read ({detail}). Scans as PDF, PNG or JPEG are supported.",
    ),
    "missing": Text("找不到文件。", "File not found."),
}
OUTCOME_LABELS = {
    "match": ("一致", "match"), "older": ("旧版本", "older revision"), "not_imported": ("未导入该版", "not imported"),
    "differs": ("不符", "differs"), "not_in_register": ("不在名单", "not in register"),
    "no_code": ("无核验码", "no code"), "two_codes": ("多个核验码", "two codes"),
    "not_a_scan": ("非扫描件", "not a scan"), "unreadable": ("无法读取", "unreadable"),
    "missing": ("找不到", "missing"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PageImage:
    number: int  # 1-based page of the file
    image: Any  # anything zxing-cpp reads: a QImage, a PIL image, a numpy array


class ScanRefused(Exception):
    """The file cannot be checked at all (not a scan, unreadable): its code and parameters."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass
class PaperVerdict:
    file: str
    outcome: str
    zh: str
    en: str
    code: PaperCode | None = None
    pages: int = 0
    pages_without_code: list[int] = field(default_factory=list)
    matched_revision: int | None = None
    current_revision: int | None = None
    received_at: datetime | None = None

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    @property
    def ok(self) -> bool:
        return self.outcome == "match"

    def as_json(self) -> dict[str, object]:
        code = self.code
        return {
            "file": self.file, "outcome": self.outcome, "message": self.zh, "message_en": self.en,
            "school_code": code.school_code if code else None, "period": code.period if code else None,
            "revision": code.revision if code else None, "fingerprint": code.fingerprint if code else None,
            "current_revision": self.current_revision, "pages": self.pages,
            "pages_without_code": self.pages_without_code,
            "received_at": self.received_at.isoformat(timespec="seconds") if self.received_at else None,
        }  # fmt: skip


def _say(key: str, **params: object) -> tuple[str, str]:
    message = MESSAGES[key]
    return (
        message.format("zh", **{k: v.get("zh") if isinstance(v, Text) else v for k, v in params.items()}),
        message.format("en", **{k: v.get("en") if isinstance(v, Text) else v for k, v in params.items()}),
    )


def _pages_text(pages: list[int], total: int) -> Text:
    if total == 1 or not pages:
        return Text("共 1 页" if total <= 1 else f"共 {total} 页", "1 page" if total <= 1 else f"{total} pages")
    shown = "、".join(str(n) for n in pages)
    return Text(f"第{shown}页", f"page{'s' if len(pages) > 1 else ''} {', '.join(str(n) for n in pages)}")


def read_codes(pages: Iterable[PageImage]) -> tuple[dict[int, list[str]], int]:
    """Every QR code's text per page (pages without any map to []), and the number of pages."""
    import zxingcpp

    found: dict[int, list[str]] = {}
    for page in pages:
        results = zxingcpp.read_barcodes(page.image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
        found[page.number] = [result.text for result in results if result.valid]
    return found, len(found)


def decide(store: BureauStore, file: str, pages: Iterable[PageImage]) -> PaperVerdict:
    """Read the codes of one file's pages and judge them against the imported revisions (no recording)."""
    by_page, total = read_codes(pages)
    ours = {text.strip() for texts in by_page.values() for text in texts if looks_like_ours(text)}
    codes = {parsed for parsed in (parse(text) for text in ours) if parsed is not None}
    without = [number for number, texts in sorted(by_page.items()) if not any(looks_like_ours(t) for t in texts)]
    if not codes:
        foreign = any(texts for texts in by_page.values())
        kind = "foreign_code" if foreign and not ours else "no_code"
        zh, en = _say(kind, pages=_pages_text(without, total))
        return PaperVerdict(file, "no_code", zh, en, None, total, without)
    if len(codes) > 1:
        shown = "；".join(
            f"{c.school_code} {c.period} 第{c.revision}版 {short_fingerprint(c.fingerprint)}"
            for c in sorted(codes, key=lambda c: (c.school_code, c.period, c.revision))
        )
        zh, en = _say("two_codes", codes=shown)
        return PaperVerdict(file, "two_codes", zh, en, None, total, without)
    code = next(iter(codes))
    verdict = judge(store, code)
    verdict.file, verdict.pages, verdict.pages_without_code = file, total, without
    return verdict


def judge(store: BureauStore, code: PaperCode) -> PaperVerdict:
    """The paper code against the school's imported revisions of the period."""
    with store.transaction() as session:
        school = session.get(School, code.school_code)
        rows = session.execute(
            select(StoredSubmission.revision, StoredSubmission.fingerprint)
            .where(StoredSubmission.school_code == code.school_code, StoredSubmission.period == code.period)
            .order_by(StoredSubmission.revision)
        ).all()
        name = school.name if school is not None else None
    revisions = {int(revision): str(fp) for revision, fp in rows}
    outcome = outcome_of(code, name is not None, revisions)
    zh, en = explain(outcome, code, name, revisions)
    if outcome == "not_in_register":
        return PaperVerdict("", outcome, zh, en, code)
    current = max(revisions, default=None)
    matched = code.revision if outcome in ("match", "older") else None
    return PaperVerdict("", outcome, zh, en, code, matched_revision=matched, current_revision=current)


def outcome_of(code: PaperCode, in_register: bool, revisions: dict[int, str]) -> str:
    """What a paper is, given the school's imported revisions of the period (revision → fingerprint)."""
    if not in_register:
        return "not_in_register"
    if revisions.get(code.revision) == code.fingerprint:
        return "match" if code.revision == max(revisions) else "older"
    if code.revision in revisions or code.fingerprint in revisions.values():
        return "differs"  # the second cannot happen (the fingerprint covers the revision)
    return "not_imported"


def explain(outcome: str, code: PaperCode, school_name: str | None, revisions: dict[int, str]) -> tuple[str, str]:
    """The reason given for an outcome (zh, en): `revisions` are the school's imported revisions of the
    period when the paper was checked (the import log says it again from a receipt)."""
    if outcome == "not_in_register":
        return _say(outcome, code=code.school_code)
    current = max(revisions, default=None)
    params: dict[str, object] = {
        "school": f"{school_name}（{code.school_code}）" if school_name else code.school_code,
        "period": _period_text(code.period),
        "revision": code.revision,
        "short": short_fingerprint(code.fingerprint),
        "current": current,
        "known": Text("、".join(f"第{r}版" for r in revisions) or "无", ", ".join(str(r) for r in revisions) or "none"),
    }
    if outcome == "differs":
        if code.revision in revisions:
            return _say("differs", imported=short_fingerprint(revisions[code.revision]), **params)
        return _say("differs_none", **params)
    return _say(outcome, **params)


def _period_text(period: str) -> Text:
    try:
        return Period.parse(period).label
    except PeriodKeyError:
        return Text(period, period)


def refused(file: str, error: ScanRefused) -> PaperVerdict:
    zh, en = _say(error.code, **error.params)
    return PaperVerdict(file, error.code, zh, en)


def record(store: BureauStore, verdict: PaperVerdict, sha256: str) -> None:
    """Keep a decided paper (its code, what it was judged, when it came) in the ledger of papers."""
    code = verdict.code
    if code is None or verdict.outcome not in RECORDED:
        return
    now = utcnow()
    with store.transaction() as session:
        session.add(PaperReceipt(
            school_code=code.school_code[:20], period=code.period, revision=code.revision,
            fingerprint=code.fingerprint, outcome=verdict.outcome, file_name=Path(verdict.file).name[:260],
            file_sha256=sha256, received_at=now,
        ))  # fmt: skip
    verdict.received_at = now


def image_pages(path: str | Path) -> list[PageImage]:
    """The frames of an image file (PNG, JPEG, a multi-page TIFF) in grey, for the decoder."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        detail = (
            Text("不是 PDF 或图片文件", "not a PDF or an image")
            if isinstance(error, UnidentifiedImageError)
            else Text(type(error).__name__, type(error).__name__)
        )
        raise ScanRefused("unreadable", detail=detail) from error
    return [PageImage(number, frame) for number, frame in enumerate(frames, start=1)]


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class PaperState:
    """What the bureau holds of one school's paper for a period (for 报送情况)."""

    revision: int
    fingerprint: str
    received_at: datetime


def papers(store: BureauStore, period: str) -> dict[str, PaperState]:
    """The newest paper received from each school for the period (by revision, then by time)."""
    query = (
        select(PaperReceipt.school_code, PaperReceipt.revision, PaperReceipt.fingerprint, PaperReceipt.received_at)
        .where(PaperReceipt.period == period)
        .order_by(PaperReceipt.revision, PaperReceipt.received_at, PaperReceipt.id)
    )
    with store.transaction() as session:
        return {code: PaperState(revision, fp, at) for code, revision, fp, at in session.execute(query)}


def verify_file(store: BureauStore, path: str | Path, pages_of: Any) -> PaperVerdict:
    """One scan: its pages (`pages_of(path)`, e.g. ui.paper_pages.scan_pages), the codes, the judgement,
    and the record of a decided paper. Never raises for a bad file."""
    name = str(path)
    try:
        pages = pages_of(path)
        verdict = decide(store, name, pages)
    except ScanRefused as error:
        return refused(name, error)
    record(store, verdict, file_sha256(path))
    return verdict


@dataclass(frozen=True, slots=True)
class PaperLine:
    """报送情况 of one school's paper: the file imported, the paper received, and whether they match."""

    file_revision: int | None
    paper_revision: int | None
    paper_received_at: datetime | None
    matches: bool

    def label(self, lang: str = "zh") -> str:
        if self.paper_revision is None:
            return tr(lang, "paper.none")
        day = self.paper_received_at.date().isoformat() if self.paper_received_at else ""
        got = tr(lang, "paper.received", revision=self.paper_revision, day=day)
        if self.matches:
            return got + tr(lang, "paper.matches")
        if self.file_revision is None:
            return got + tr(lang, "paper.file_missing")
        return got + tr(lang, "paper.differs", revision=self.file_revision)

    def as_json(self) -> dict[str, object]:
        return {
            "file_revision": self.file_revision, "paper_revision": self.paper_revision,
            "paper_received_at": self.paper_received_at.isoformat(timespec="seconds")
            if self.paper_received_at else None,
            "matches": self.matches,
        }  # fmt: skip


def paper_lines(store: BureauStore, period: str, files: dict[str, tuple[int, str]]) -> dict[str, PaperLine]:
    """Per school code: `files` gives the newest imported (revision, fingerprint); the paper is the newest
    one received; they match when the paper carries exactly that revision's fingerprint."""
    received = papers(store, period)
    lines = {}
    for code in set(files) | set(received):
        file, paper = files.get(code), received.get(code)
        matches = file is not None and paper is not None and (paper.revision, paper.fingerprint) == file
        lines[code] = PaperLine(file[0] if file else None, paper.revision if paper else None,
                                paper.received_at if paper else None, matches)  # fmt: skip
    return lines
