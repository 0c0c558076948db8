"""The judgements of `build.py wine-test` (the Wine run itself is CI's: .ci/run), on real inputs."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from build_wine import decode_reg, xwd_to_png
from build_wine_run import StepFailed, reg_value
from build_wine_steps import judge_ready, pdf_fonts
from build_wine_upgrade import PROBE, head_revision, next_version

REPO = Path(__file__).resolve().parents[2]
GOOD = "=== 2026-12-06T12:30:17 []\nschool-report:ready platform=windows listed=14 windows=FirstRunDialog,MainWindow\n"


def test_a_ready_window_under_the_windows_plugin_passes() -> None:
    assert "列出 14 行" in judge_ready(GOOD)


@pytest.mark.parametrize(
    ("log", "said"),
    [
        # The 0.1.0 installer: QtNetwork.pyd trimmed, the data never opened.
        ("school-report:box Critical: 无法打开数据文件：No module named 'PySide6.QtNetwork'\n",
         "No module named 'PySide6.QtNetwork'"),
        (GOOD.replace("platform=windows", "platform=offscreen"), "offscreen"),
        (GOOD.replace("listed=14", "listed=0"), "0 行"),
        (GOOD.replace("FirstRunDialog,MainWindow", "MainWindow,QMessageBox"), "QMessageBox"),
        ("=== 2026-12-06T12:30:17 []\nTraceback (most recent call last):\n", "Traceback"),
    ],
)  # fmt: skip
def test_a_window_that_is_not_ready_fails_the_step_saying_why(log: str, said: str) -> None:
    with pytest.raises(StepFailed, match=said.replace("(", r"\(")):
        judge_ready(log)


def test_wine_registry_text_is_read_back() -> None:
    line = r'"InstallLocation"="C:\\users\\root\\AppData\\Local\\Programs\\\x5b66\x6821\x5de5\x4f5c\x62a5\x9001"'
    assert decode_reg(line) == '"InstallLocation"="C:\\users\\root\\AppData\\Local\\Programs\\学校工作报送"'
    assert reg_value(decode_reg(line) + "\n", "InstallLocation").endswith("\\学校工作报送")


def test_an_xvfb_frame_buffer_becomes_a_png(tmp_path: Path) -> None:
    from PIL import Image

    width, height, name = 3, 2, b"Xvfb main window\x00"
    header = [100 + len(name), 7, 2, 24, width, height, 0, 0, 32, 0, 32, 32, width * 4, 4,
              0xFF0000, 0xFF00, 0xFF, 8, 256, 0, width, height, 0, 0, 0]  # fmt: skip
    pixels = bytes([0, 0, 255, 0]) * width + bytes([255, 0, 0, 0]) * width  # red row, blue row (BGRX)
    xwd_to_png(struct.pack(">25I", *header) + name + pixels, tmp_path / "shot.png")
    image = Image.open(tmp_path / "shot.png")
    assert image.size == (3, 2) and image.getpixel((0, 0)) == (255, 0, 0) and image.getpixel((2, 1)) == (0, 0, 255)


def test_the_upgrade_installer_is_one_patch_higher_and_migrates_once_more(tmp_path: Path) -> None:
    assert next_version("0.1.0") == "0.1.1" and next_version("1.2.9") == "1.2.10"
    head = head_revision()
    assert any((REPO / "desktop_app" / "storage" / "migrations" / "versions").glob(f"{head}_*.py"))
    probe = PROBE.format(revision="0099", down=head, table="wine_upgrade_probe")
    compile(probe, "probe.py", "exec")
    (tmp_path / "0099_probe.py").write_text(probe, encoding="utf-8")
    (tmp_path / "head.py").write_text(f'revision = "{head}"\ndown_revision = "0000"\n', encoding="utf-8")
    assert head_revision(tmp_path) == "0099"


def test_pdffonts_refuses_a_font_that_is_not_embedded(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "plain.pdf"
    page = canvas.Canvas(str(path))
    page.drawString(72, 720, "Helvetica is a standard font: never embedded")
    page.save()
    with pytest.raises(StepFailed, match="未嵌入"):
        pdf_fonts(path)
