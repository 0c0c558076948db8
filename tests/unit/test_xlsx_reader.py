"""The reader accepts what the app wrote (also after a harmless re-save) and rejects everything else
with a code and a message naming the sheet and the key."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Status, Submission
from desktop_app.exporters.xlsx import WorkbookRejected, build_workbook_bytes, read_submission
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET
from tests.unit.test_xlsx_support import full_submission


@pytest.fixture(scope="module")
def good(pack: FormPack, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "good.xlsx"
    path.write_bytes(build_workbook_bytes(pack, full_submission(pack), []))
    return path


def _copy(good: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(good, tmp_path / "copy.xlsx"))


def _rejected(path: Path, pack: FormPack) -> WorkbookRejected:
    with pytest.raises(WorkbookRejected) as caught:
        read_submission(path, pack)
    return caught.value


def _machine_member(path: Path) -> str:
    """The zip member of the machine sheet, found the way Excel does: workbook.xml → its relationship."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{MACHINE_SHEET}"[^>]*r:id="([^"]+)"', workbook)
    assert rid is not None
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target is not None
    return "xl/" + target.group(1).removeprefix("/xl/")


def _rewrite(path: Path, changes: dict[str, bytes]) -> None:
    """Replace (or add) zip members, keeping the rest byte for byte."""
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in changes:
                target.writestr(info, source.read(info))
        for name, data in changes.items():
            target.writestr(name, data)
    temp.replace(path)


def _edit_machine(path: Path, key: str, value: str) -> None:
    workbook = openpyxl.load_workbook(path)
    ws = workbook[MACHINE_SHEET]
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value == key:
            row[1].value = value
            if not value.startswith("="):
                row[1].data_type = "s"
            break
    else:
        raise AssertionError(key)
    workbook.save(path)


def test_good_file_and_harmless_openpyxl_resave_verify(good: Path, tmp_path: Path, pack: FormPack) -> None:
    assert read_submission(good, pack).school_code == "2137012345"
    copy = _copy(good, tmp_path)
    openpyxl.load_workbook(copy).save(copy)
    assert read_submission(copy, pack).values == read_submission(good, pack).values


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_resave_still_verifies(good: Path, tmp_path: Path, pack: FormPack) -> None:
    out = tmp_path / "resaved"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "xlsx",
         "--outdir", str(out), str(good)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert read_submission(out / good.name, pack).values == read_submission(good, pack).values


def test_changed_value_is_detected_by_the_fingerprint(good: Path, tmp_path: Path, pack: FormPack) -> None:
    copy = _copy(good, tmp_path)
    original = read_submission(good, pack).values["party"]["members"]
    _edit_machine(copy, "value.party.members", str(original + 1))
    error = _rejected(copy, pack)
    assert (error.code, error.sheet, error.key) == ("modified", MACHINE_SHEET, "fingerprint")
    assert "导出后被修改" in error.text("zh") and "伪造" not in error.text("zh")
    assert "modified after export" in error.text("en")


def test_changed_human_cell_and_machine_cell_is_detected(good: Path, tmp_path: Path, pack: FormPack) -> None:
    copy = _copy(good, tmp_path)
    workbook = openpyxl.load_workbook(copy)
    label = pack.category("party").field("members").label.zh
    sheet = workbook["1 党建工作"]
    cell = next(row[1] for row in sheet.iter_rows(min_col=1, max_col=2) if row[0].value == label)
    cell.value = cell.value + 10
    workbook.save(copy)
    _edit_machine(copy, "value.party.members", str(cell.value))
    assert _rejected(copy, pack).code == "modified"


def test_changed_status_is_detected_by_the_digest(good: Path, tmp_path: Path, pack: FormPack) -> None:
    copy = _copy(good, tmp_path)
    _edit_machine(copy, "status", '"draft"')
    error = _rejected(copy, pack)
    assert (error.code, error.key) == ("modified", "digest")


def test_formula_in_machine_sheet(good: Path, tmp_path: Path, pack: FormPack) -> None:
    copy = _copy(good, tmp_path)
    _edit_machine(copy, "value.party.members", "=1+1")
    error = _rejected(copy, pack)
    assert (error.code, error.key) == ("formula", "value.party.members")
    assert "公式" in error.text("zh")


@pytest.mark.parametrize(
    ("key", "text", "code"),
    [
        ("value.party.members", '"seven"', "wrong_type"),
        ("value.party.members", "7.0", "bad_row"),  # floats are never written
        ("value.profile.school_type", '"university"', "wrong_type"),
        ("value.party.renewal_date", '"2022-02-30"', "wrong_type"),
        ("revision", '"1"', "wrong_type"),
    ],
)
def test_wrong_type(good: Path, tmp_path: Path, pack: FormPack, key: str, text: str, code: str) -> None:
    copy = _copy(good, tmp_path)
    _edit_machine(copy, key, text)
    error = _rejected(copy, pack)
    assert error.code == code
    assert key in error.text("zh") or str(error.params.get("row")) in error.text("zh")


def _variant(pack: FormPack, tmp_path: Path, **changes: object) -> Path:
    submission = full_submission(pack)
    fields = {name: getattr(submission, name) for name in Submission.__dataclass_fields__}
    path = tmp_path / "variant.xlsx"
    path.write_bytes(build_workbook_bytes(pack, Submission(**{**fields, **changes}), []))  # type: ignore[arg-type]
    return path


def test_wrong_pack_and_version(tmp_path: Path, pack: FormPack) -> None:
    error = _rejected(_variant(pack, tmp_path, pack_id="other-district"), pack)
    assert (error.code, error.key) == ("wrong_pack", "pack") and "other-district" in error.text()
    error = _rejected(_variant(pack, tmp_path, pack_version="2021.3"), pack)
    assert (error.code, error.key) == ("wrong_pack_version", "pack_version")
    assert read_submission(_variant(pack, tmp_path, status=Status.DRAFT), pack).is_draft


def test_not_a_zip_and_renamed_xls(tmp_path: Path, pack: FormPack) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("学校,人数\n实验小学,100\n", encoding="utf-8")
    assert _rejected(text, pack).code == "not_zip"
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert _rejected(legacy, pack).code == "legacy_xls"
    assert _rejected(tmp_path / "missing.xlsx", pack).code == "missing"
    other_zip = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("a.txt", "x")
    assert _rejected(other_zip, pack).code == "not_zip"


def test_zip_bomb_by_ratio_and_member_count(good: Path, tmp_path: Path, pack: FormPack) -> None:
    bomb = _copy(good, tmp_path)
    _rewrite(bomb, {"xl/worksheets/sheet1.xml": b"<" + b"0" * (3 * 1024 * 1024)})
    error = _rejected(bomb, pack)
    assert error.code == "zip_bomb" and "压缩比" in error.text()
    crowded = _copy(good, tmp_path)
    _rewrite(crowded, {f"xl/media/x{n}.bin": b"" for n in range(600)})
    assert _rejected(crowded, pack).code == "zip_bomb"


def test_macro_part(good: Path, tmp_path: Path, pack: FormPack) -> None:
    copy = _copy(good, tmp_path)
    _rewrite(copy, {"xl/vbaProject.bin": b"\x00" * 64})
    assert _rejected(copy, pack).code == "macro"


XXE = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&e;</workbook>"""
LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<si><t>&lol3;</t></si></sst>"""


@pytest.mark.parametrize(("member", "xml"), [("xl/workbook.xml", XXE), ("xl/sharedStrings.xml", LAUGHS)])
def test_xxe_and_billion_laughs(good: Path, tmp_path: Path, pack: FormPack, member: str, xml: bytes) -> None:
    copy = _copy(good, tmp_path)
    _rewrite(copy, {member: xml})
    error = _rejected(copy, pack)
    assert error.code == "xml_unsafe" and member in error.text()


def test_damaged_xml_is_unreadable_not_a_crash(good: Path, tmp_path: Path, pack: FormPack) -> None:
    copy = _copy(good, tmp_path)
    member = _machine_member(copy)
    with zipfile.ZipFile(copy) as archive:
        xml = archive.read(member)
    _rewrite(copy, {member: xml[: len(xml) // 2]})
    assert _rejected(copy, pack).code in ("unreadable", "missing_key")


def test_million_row_claim_and_far_cells(good: Path, tmp_path: Path, pack: FormPack) -> None:
    member = _machine_member(good)
    with zipfile.ZipFile(good) as archive:
        xml = archive.read(member)
    claim = _copy(good, tmp_path)
    _rewrite(claim, {member: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B1048576"', xml)})
    error = _rejected(claim, pack)
    assert error.code == "too_many_rows" and "1048576" in error.text()
    wide_claim = _copy(good, tmp_path)
    _rewrite(wide_claim, {member: re.sub(rb'<dimension ref="A1:B', b'<dimension ref="A1:XFD', xml)})
    assert _rejected(wide_claim, pack).code == "out_of_range"
    wide = _copy(good, tmp_path)
    cell = b'<c r="C1" t="inlineStr"><is><t>x</t></is></c></row>'
    _rewrite(wide, {member: xml.replace(b"</row>", cell, 1)})
    assert _rejected(wide, pack).code == "out_of_range"
    # A far cell without a matching claim is never reached: reading stops at the bound (note #15).
    far = _copy(good, tmp_path)
    cell = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _rewrite(far, {member: xml.replace(b"</sheetData>", cell)})
    assert read_submission(far, pack).values == read_submission(good, pack).values


def test_no_machine_sheet(tmp_path: Path, pack: FormPack) -> None:
    path = tmp_path / "plain.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "学校名称"
    workbook.save(path)
    error = _rejected(path, pack)
    assert error.code == "no_machine_sheet" and MACHINE_SHEET in error.text()
