"""Writing the workbook to disk: Windows-safe names, and the previous file survives every failure."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.domain.pack import FormPack
from desktop_app.exporters.atomic import TargetLockedError
from desktop_app.exporters.xlsx import export_xlsx, read_submission
from desktop_app.exporters.xlsx.names import safe_file_name, sheet_name, submission_file_name
from tests.unit.test_xlsx_support import full_submission, normalised

WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(n) for n in range(32)}


def test_file_name_of_a_submission(pack: FormPack) -> None:
    submission = replace(full_submission(pack), school_name="某某小学")
    assert submission_file_name(submission, "xlsx") == "2137012345_某某小学_2022年度_第1版.xlsx"
    semester = replace(submission, period="2022-2023-1", revision=3)
    assert submission_file_name(semester, "pdf") == "2137012345_某某小学_2022—2023学年第一学期_第3版.pdf"


@pytest.mark.parametrize(
    "name",
    ['实验小学<一>:"分校"/\\|?*', "济阳\x00街道\t小学", "CON", "  学校. ", "学" * 400, "aux.txt", "COM1"],
)
def test_file_names_are_safe_on_windows(pack: FormPack, name: str) -> None:
    file_name = submission_file_name(replace(full_submission(pack), school_name=name), "xlsx")
    assert not WINDOWS_FORBIDDEN & set(file_name)
    assert file_name.endswith("_2022年度_第1版.xlsx") and file_name.startswith("2137012345_")
    assert len(file_name) <= 120
    stem = safe_file_name(name, "xlsx").split(".")[0]
    assert stem.upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert not safe_file_name(name, "").endswith((".", " "))


def test_sheet_names_fit_excel() -> None:
    taken: set[str] = set()
    first = sheet_name("4 教育教学与“双减”：课后服务[统计]/汇总*?很长很长很长很长很长", taken)
    second = sheet_name("4 教育教学与“双减”：课后服务[统计]/汇总*?很长很长很长很长很长", taken)
    for name in (first, second):
        assert len(name) <= 31 and not set("[]:*?/\\") & set(name)
    assert first != second


def test_export_writes_a_readable_file(tmp_path: Path, pack: FormPack) -> None:
    submission = full_submission(pack)
    path = export_xlsx(pack, submission, [], tmp_path / "out")
    assert path.name == submission_file_name(submission, "xlsx")
    assert read_submission(path, pack).values == normalised(pack, submission)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


def test_locked_target_keeps_the_previous_file(tmp_path: Path, pack: FormPack, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses os.replace onto a file open in Excel; that refusal is simulated here."""
    first = full_submission(pack)
    path = export_xlsx(pack, first, [], tmp_path)
    before = path.read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr("desktop_app.exporters.atomic.DEFAULT_DELAY", 0.0)
    with pytest.raises(TargetLockedError) as caught:
        export_xlsx(pack, replace(first, school_name=first.school_name), [], tmp_path)
    assert "关闭" in caught.value.text("zh")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_failure_mid_write_keeps_the_previous_file(
    tmp_path: Path, pack: FormPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export_xlsx(pack, full_submission(pack), [], tmp_path)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        export_xlsx(pack, full_submission(pack), [], tmp_path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert read_submission(path, pack).school_code == "2137012345"


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desktop_app.domain.loader import load_pack
    from desktop_app.exporters.xlsx import export_xlsx
    from tests.unit.test_xlsx_support import full_submission, normalised
    pack = load_pack()
    submission = full_submission(pack)
    print("ready", flush=True)
    while True:
        export_xlsx(pack, submission, [], Path(sys.argv[1]))
    """
)


def test_killed_during_writes_leaves_a_whole_file(tmp_path: Path, pack: FormPack) -> None:
    path = export_xlsx(pack, full_submission(pack), [], tmp_path)
    root = Path(__file__).resolve().parents[2]
    for delay in (0.05, 0.13, 0.31):
        process = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(tmp_path)], cwd=root, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.kill()  # SIGKILL: no cleanup runs, as when the power goes
        process.wait()
        assert read_submission(path, pack).school_code == "2137012345"
