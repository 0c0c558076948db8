"""帮助 → 使用说明: the clerk's guide for the year beside the main window. Each step has a link to the
place where it happens (see places.py); 保存为 PDF… prints the same text (exporters/pdf/guide.py)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout

from desktop_app.domain.guide import Guide, load_guide
from desktop_app.ui.exports.common import choose_save_path
from desktop_app.ui.i18n import tr
from desktop_app.ui.screen_fit import fit_window

PLACE_SCHEME = "place"


def guide_html(guide: Guide, lang: str) -> str:
    parts = [f"<h2>{escape(guide.title.get(lang))}</h2>", f"<p>{escape(guide.intro.get(lang))}</p>"]
    for index, step in enumerate(guide.steps, start=1):
        parts.append(f"<h3>{index}. {escape(step.title.get(lang))}</h3>")
        parts += [f"<p>{escape(paragraph)}</p>" for paragraph in step.paragraphs(lang)]
        if step.place and step.link.get(lang):
            parts.append(f'<p><a href="{PLACE_SCHEME}:{escape(step.place)}">→ {escape(step.link.get(lang))}</a></p>')
    return "\n".join(parts)


class GuideWindow(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.window_ = window
        self.lang: str = getattr(window, "lang", "zh")
        self.guide = load_guide()
        self.setWindowTitle(self.guide.title.get(self.lang))
        fit_window(self, "guide", QSize(640, 720))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # links go to places in the window, not to a browser
        self.browser.setHtml(guide_html(self.guide, self.lang))
        self.browser.anchorClicked.connect(self.follow)
        self.pdf_button = QPushButton(tr("guide.save_pdf"))
        self.pdf_button.clicked.connect(self.save_pdf)
        close = QPushButton(tr("guide.close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.followed: list[str] = []  # the places opened from here (tests and support read it)
        self.choose = choose_save_path  # where to save the PDF (replaceable by tests)

    def follow(self, url: QUrl) -> None:
        from desktop_app.ui.places import go_to

        if url.scheme() == PLACE_SCHEME:
            self.followed.append(url.path())
            go_to(self.window_, url.path())

    def save_pdf(self) -> Any:
        """Render the guide (on a worker) and save it where the clerk says."""
        from desktop_app.ui.exports.common import documents_folder
        from desktop_app.ui.exports.saving import SaveFlow, when_done

        guide, lang, window = self.guide, self.lang, self.window_

        def work() -> bytes:
            from desktop_app.exporters.pdf.guide import render_guide

            return render_guide(guide, lang)

        flow = SaveFlow(self, window.tasks, tr("pdf.filter"), choose=self.choose)
        self.flow = flow
        when_done(flow, lambda path: window.show_message(tr("guide.saved", path=path)))
        name = tr("guide.file_name")
        window.tasks.run(work, lambda data: flow.save_as(data, documents_folder() / name))
        return flow


def show_guide(window: Any) -> GuideWindow:
    """Show the guide (one window, brought forward if already open)."""
    found = window.findChild(GuideWindow)
    guide = found if isinstance(found, GuideWindow) else GuideWindow(window)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    return guide
