"""Small multiples of key figures across periods, drawn with QPainter (no QtCharts dependency).

One panel per figure, each with its own scale (pupils run to thousands, hazards to tens), one bar
per period, the value printed above its bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

_BAR = QColor("#1565c0")
_AXIS = QColor("#9e9e9e")


@dataclass(frozen=True, slots=True)
class Series:
    title: str
    points: tuple[tuple[str, Decimal | int | None], ...]  # (period label, value)


def _shown(value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value, ",f")
    return f"{value:,}"


class FiguresChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.series: list[Series] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_series(self, series: list[Series]) -> None:
        self.series = series
        self.setMinimumHeight(self.sizeHint().height())  # a scroll area must not squeeze it
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height()
        rows = max(1, (len(self.series) + 1) // 2)
        return QSize(600, rows * line * 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.series:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        columns = 2 if self.width() > 500 else 1
        rows = (len(self.series) + columns - 1) // columns
        cell_w = self.width() / columns
        cell_h = self.height() / rows
        for index, series in enumerate(self.series):
            x = (index % columns) * cell_w
            y = (index // columns) * cell_h
            self._panel(painter, QRectF(x + 8, y + 4, cell_w - 16, cell_h - 8), series)
        painter.end()

    def _panel(self, painter: QPainter, box: QRectF, series: Series) -> None:
        metrics = QFontMetrics(painter.font())
        line = metrics.height()
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(box.left(), box.top(), box.width(), line), series.title)
        plot = QRectF(box.left(), box.top() + line * 2.2, box.width(), box.height() - line * 3.6)
        painter.setPen(_AXIS)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        numbers = [float(v) for _label, v in series.points if v is not None]  # drawing only
        top = max(numbers, default=0.0) or 1.0
        count = max(len(series.points), 1)
        slot = plot.width() / count
        bar_w = min(slot * 0.6, line * 3)
        for i, (label, value) in enumerate(series.points):
            centre = plot.left() + slot * (i + 0.5)
            height = 0.0 if value is None else plot.height() * float(value) / top
            bar = QRectF(centre - bar_w / 2, plot.bottom() - height, bar_w, height)
            painter.fillRect(bar, _BAR)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(centre - slot / 2, bar.top() - line * 1.1, slot, line),
                Qt.AlignmentFlag.AlignCenter,
                _shown(value),
            )
            painter.drawText(
                QRectF(centre - slot / 2, plot.bottom() + 2, slot, line),
                Qt.AlignmentFlag.AlignCenter,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot)),
            )
