"""Photos in image columns: picked from a file, stored by hash, shown as a thumbnail and a name."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QPixmap

from desktop_app.ui.forms import photo_cell

pytestmark = pytest.mark.gui


def _image_bytes(kind: str, colour: str = "#3a7") -> bytes:
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, kind)
    buffer.close()
    return bytes(data.data())


def _photos_table(window: Any) -> tuple[Any, Any]:
    window.workspace.select("honours")
    form = window.workspace.current_form()
    return form, form.rows["photos"].editor


def _open_photo_cell(qtbot: Any, editor: Any, row: int = 0) -> Any:
    if editor.model.rowCount() <= row:
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    index = editor.model.index(row, 0)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    cell = editor.view.itemDelegate().open_editor
    assert isinstance(cell, photo_cell.PhotoCellEditor)
    return cell


def _pick(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> None:
    # The native file dialog needs a person; everything after its answer is real.
    monkeypatch.setattr(photo_cell, "choose_photo_path", lambda _parent: str(path))


def _stored(window: Any) -> list[Any]:
    return [row.get("photo") for row in window.service.values("honours", "2022")["photos"]]


@pytest.mark.parametrize(("kind", "name"), [("PNG", "开园仪式.png"), ("JPEG", "升旗仪式.jpg")])
def test_a_picked_photo_is_stored_by_hash_and_shown_by_name(
    qtbot: Any, open_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, name: str
) -> None:
    window = open_window()
    _form, editor = _photos_table(window)
    content = _image_bytes(kind)
    photo = tmp_path / name
    photo.write_bytes(content)
    _pick(monkeypatch, photo)
    cell = _open_photo_cell(qtbot, editor)
    qtbot.mouseClick(cell.choose_button, Qt.MouseButton.LeftButton)
    digest = hashlib.sha256(content).hexdigest()
    assert _stored(window) == [digest]
    from desktop_app.services.attachments import fetch

    assert fetch(window.service.store, {digest}) == {digest: content}
    index = editor.model.index(0, 0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == name  # the file name, never the hash
    assert digest not in str(index.data(Qt.ItemDataRole.ToolTipRole))
    thumbnail = index.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(thumbnail, QPixmap) and 0 < thumbnail.width() <= photo_cell.THUMBNAIL.width()


def test_a_photo_saved_earlier_shows_its_thumbnail(
    qtbot: Any, open_window: Any, tmp_path: Path, db_path: Path, pack: Any
) -> None:
    from desktop_app.services.reporting import ReportingService

    content = _image_bytes("PNG", "#c33")
    earlier = ReportingService.open(db_path, pack)
    digest = earlier.record_attachment(content)
    earlier.add_row("honours", "photos", "2022", {"photo": digest, "caption": "开学典礼"})
    earlier.close()
    photo_cell._PIXMAPS.pop(digest, None)  # as in a fresh process
    window = open_window()
    _form, editor = _photos_table(window)
    index = editor.model.index(0, 0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "已附照片"
    # The thumbnail is decoded off the UI thread, then the cell is repainted.
    qtbot.waitUntil(lambda: isinstance(index.data(Qt.ItemDataRole.DecorationRole), QPixmap))
    pixmap = index.data(Qt.ItemDataRole.DecorationRole)
    assert pixmap.toImage().pixelColor(pixmap.width() // 2, pixmap.height() // 2) == QColor("#c33")


def test_clear_empties_the_cell(qtbot: Any, open_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    _form, editor = _photos_table(window)
    photo = tmp_path / "a.png"
    photo.write_bytes(_image_bytes("PNG"))
    _pick(monkeypatch, photo)
    qtbot.mouseClick(_open_photo_cell(qtbot, editor).choose_button, Qt.MouseButton.LeftButton)
    assert _stored(window) != [None]
    qtbot.mouseClick(_open_photo_cell(qtbot, editor).clear_button, Qt.MouseButton.LeftButton)
    assert _stored(window) == [None]
    assert editor.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole) in (None, "")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: b"\x89PNG\r\n\x1a\n" + bytes(photo_cell.MAX_PHOTO_BYTES), "超过 10 MB 的上限"),
        (lambda: "这不是照片".encode(), "不是 JPG 或 PNG 格式的照片"),
        (lambda: _image_bytes("PNG")[:60], "不是 JPG 或 PNG 格式的照片"),  # a cut-off file
    ],
)
def test_a_wrong_file_is_refused_with_a_message_and_changes_nothing(
    qtbot: Any,
    open_window: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Any,
    expected: str,
) -> None:
    window = open_window()
    form, editor = _photos_table(window)
    good = tmp_path / "good.png"
    good.write_bytes(_image_bytes("PNG"))
    _pick(monkeypatch, good)
    qtbot.mouseClick(_open_photo_cell(qtbot, editor).choose_button, Qt.MouseButton.LeftButton)
    before = _stored(window)
    bad = tmp_path / "照片.jpg"
    bad.write_bytes(make())
    _pick(monkeypatch, bad)
    qtbot.mouseClick(_open_photo_cell(qtbot, editor).choose_button, Qt.MouseButton.LeftButton)
    assert _stored(window) == before  # the photo chosen before is kept
    message = form.rows["photos"].message_text()
    assert expected in message and "照片.jpg" in message
    qtbot.waitUntil(lambda: any(expected in text for text in window.workspace.problems.issue_texts()))


def test_a_missing_file_is_refused(
    qtbot: Any, open_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    form, editor = _photos_table(window)
    _pick(monkeypatch, tmp_path / "不存在.png")
    qtbot.mouseClick(_open_photo_cell(qtbot, editor).choose_button, Qt.MouseButton.LeftButton)
    assert "无法读取文件“不存在.png”" in form.rows["photos"].message_text()
    assert _stored(window) == [None]
