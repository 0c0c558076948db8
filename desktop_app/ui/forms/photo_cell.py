"""Photos in image columns: picked from a file (JPG or PNG, at most 10 MB), stored by the service
under their SHA-256, shown as a thumbnail with the file name or 已附照片. Clerks never see a hash.

The cell editor holds two buttons (选择照片…, 清除); the chosen file is checked here, before the
service stores it, so that a wrong file is answered with a message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QFileDialog, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.i18n import tr
from desktop_app.ui.tasks import TaskRunner

MAX_PHOTO_BYTES = 10 * 1024 * 1024
THUMBNAIL = QSize(56, 40)
_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG

# Content-addressed, so one cache serves every table and every data file of the process.
_PIXMAPS: dict[str, QPixmap] = {}
_NAMES: dict[str, str] = {}  # file names of photos picked in this run (the store keeps bytes only)
_MISSING: set[str] = set()  # hashes whose bytes are not in the data file


class PhotoRefused(ValueError):
    """A file that cannot be a photo of the report; `str(error)` is the clerk's message."""


def read_photo(path: Path) -> tuple[bytes, QImage]:
    """The file's bytes and thumbnail if it is a whole JPG or PNG within the size limit.

    Decoded in full here (a one-off, right after the file dialog) so that a damaged file is refused
    now rather than breaking the PDF later.
    """
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise PhotoRefused(
                tr(
                    "photo.too_large",
                    name=name,
                    size=f"{size / 1024 / 1024:.1f}",
                    limit=MAX_PHOTO_BYTES // 1024 // 1024,
                )
            )
        content = path.read_bytes()
    except OSError as error:
        raise PhotoRefused(tr("photo.unreadable", name=name, error=error.strerror or error)) from None
    image = decode_thumbnail(content) if content.startswith(_SIGNATURES) else QImage()
    if image.isNull():
        raise PhotoRefused(tr("photo.not_image", name=name))
    return content, image


def _reader(content: bytes) -> tuple[QImageReader, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return QImageReader(buffer), buffer  # the buffer must outlive the reader


def decode_thumbnail(content: bytes) -> QImage:
    """A small image of the photo (safe off the UI thread: QImage, not QPixmap)."""
    reader, _buffer = _reader(content)
    reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
    size = reader.size()
    if size.isValid():  # JPEG decodes straight to the small size, which is fast for big photos
        reader.setScaledSize(size.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull() or size.isValid():
        return image
    return image.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def choose_photo_path(parent: QWidget) -> str:
    """The file the clerk picks ("" if cancelled). Tests replace this: a file dialog needs a person."""
    path, _filter = QFileDialog.getOpenFileName(parent, tr("photo.dialog"), "", tr("photo.filter"))
    return path


def photo_label(digest: str) -> str:
    if digest in _MISSING:
        return tr("photo.missing")
    return _NAMES.get(digest) or tr("photo.attached")


class PhotoThumbnails(QObject):
    """Thumbnails by hash: the bytes are read on the UI thread (the store has one connection), the
    decoding runs off it; `ready(hash)` tells the table to repaint that cell."""

    ready = Signal(str)

    def __init__(self, fetch: Callable[[str], bytes | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fetch = fetch
        self.tasks = TaskRunner()
        self._pending: set[str] = set()

    def pixmap(self, digest: str) -> QPixmap | None:
        found = _PIXMAPS.get(digest)
        if found is None and digest not in self._pending and digest not in _MISSING:
            content = self.fetch(digest)
            if content is None:
                _MISSING.add(digest)
            else:
                self._decode(digest, content)
        return found

    def remember(self, digest: str, name: str, thumbnail: QImage) -> None:
        """A photo just picked: its file name is shown, and the thumbnail made while checking it."""
        _NAMES[digest] = name
        _MISSING.discard(digest)
        _PIXMAPS[digest] = QPixmap.fromImage(thumbnail)
        self.ready.emit(digest)

    def _decode(self, digest: str, content: bytes) -> None:
        self._pending.add(digest)

        def done(image: QImage) -> None:
            self._pending.discard(digest)
            _PIXMAPS[digest] = QPixmap.fromImage(image)
            self.ready.emit(digest)

        self.tasks.run(lambda: decode_thumbnail(content), done, lambda _error: self._pending.discard(digest))


class PhotoCellEditor(QWidget):
    """The editor of an image cell: 选择照片… opens the file dialog; 清除 empties the cell.

    `value` is the hash to store ("" to clear; None while nothing was chosen); `done` asks the
    delegate to save it and close.
    """

    done = Signal()

    def __init__(
        self,
        parent: QWidget,
        record: Callable[[bytes], str],
        thumbnails: PhotoThumbnails,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.record = record
        self.thumbnails = thumbnails
        self.report = report
        self.value: str | None = None
        self.setAutoFillBackground(True)  # the cell's text does not show through the buttons
        layout = QVBoxLayout(self)  # stacked: fits the cell's width, which the thumbnail decides
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(1)
        self.choose_button = QPushButton(tr("photo.choose"))
        self.clear_button = QPushButton(tr("photo.clear"))
        for button in (self.choose_button, self.clear_button):
            layout.addWidget(button)
        self.choose_button.clicked.connect(self.choose)
        self.clear_button.clicked.connect(self.clear)
        self.setFocusProxy(self.choose_button)

    def choose(self) -> None:
        path = choose_photo_path(self)
        if path:
            self.use_file(Path(path))

    def use_file(self, path: Path) -> bool:
        """Check and store the file; True when the cell now holds it."""
        try:
            content, thumbnail = read_photo(path)
            digest = self.record(content)
        except PhotoRefused as refused:
            self.report(str(refused))
            return False
        except Exception as error:  # the store refused (a full disk, a read-only file): say why
            text = getattr(error, "text", None)
            self.report(str(text()) if callable(text) else str(error))
            return False
        self.thumbnails.remember(digest, path.name, thumbnail)
        self.value = digest
        self.done.emit()
        return True

    def clear(self) -> None:
        self.value = ""
        self.done.emit()
