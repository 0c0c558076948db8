"""工具 → 导入新版报表: install the form pack file the bureau published (.srpack).

The file is checked off the UI thread (every member against its hash, the pack against the installed
ones); the dialog shows what it is (id, version, year, digest to compare with the bureau's notice) and
what changes, and installs only when the clerk says so. Then the window reports with the new pack, and
the new year's carried values are filled in and marked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.actions import ActionSpec, register_action
from desktop_app.ui.i18n import tr_in


class PackImportDialog(QDialog):
    """What the pack file is and what it changes; accepted = install."""

    def __init__(self, prepared: Any, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.domain.pack_diff import BUREAU, CLERK
        from desktop_app.domain.pack_file import short_digest

        self.prepared = prepared
        self.setWindowTitle(tr_in("pack.title", lang))
        manifest = prepared.manifest
        layout = QVBoxLayout(self)
        facts = QFormLayout()
        separator = tr_in("sep.list", lang)
        title = manifest.title.get(lang) + tr_in("sep.paren", lang, text=manifest.id)
        for key, value in (("pack", title), ("version", manifest.version),
                           ("year", str(manifest.year)), ("periods", separator.join(manifest.periods)),
                           ("authority", manifest.authority.get(lang)),
                           ("digest", f"{short_digest(manifest.digest)}\n{manifest.digest}")):  # fmt: skip
            shown = QLabel(value)
            shown.setObjectName(f"pack_{key}")
            shown.setWordWrap(True)
            facts.addRow(tr_in(f"pack.{key}", lang), shown)
        layout.addLayout(facts)
        layout.addWidget(QLabel(tr_in("pack.compare", lang)))
        lines: list[str] = []
        if prepared.already:
            lines.append(tr_in("pack.already", lang))
        elif prepared.active is not None and prepared.changes:
            lines.append(tr_in("pack.changes", lang, version=prepared.active.version))
            for audience, title in ((CLERK, "clerk"), (BUREAU, "bureau")):
                chosen = [c.text.get(lang) for c in prepared.changes if c.audience == audience]
                lines.append(tr_in("pack.heading", lang, title=tr_in(f"pack.{title}", lang)))
                lines += [f"  {n}. {text}" for n, text in enumerate(chosen, start=1)] or [
                    "  " + tr_in("pack.none", lang)
                ]
        self.changes = QPlainTextEdit("\n".join(lines))
        self.changes.setObjectName("packChanges")
        self.changes.setReadOnly(True)
        self.changes.setMinimumSize(560, 260)
        layout.addWidget(self.changes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.install = buttons.addButton(tr_in("pack.install", lang), QDialogButtonBox.ButtonRole.AcceptRole)
        self.install.setEnabled(not prepared.already)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _shelf(window: Any) -> Any:
    from desktop_app.services.packs import PackShelf

    service = window.service
    return service.shelf or PackShelf.for_database(service.store.database.path)


def check_file(window: Any, path: Path) -> Any:
    """Off the UI thread: the checked pack waiting to be installed, or the refusal to say."""
    from desktop_app.domain.pack_file import PackFileError
    from desktop_app.services.packs import PackRefused, prepare, read_file

    shelf = _shelf(window)
    try:
        shelf.ensure_shipped()
        return prepare(shelf, read_file(path), name=path.name)
    except (PackRefused, PackFileError) as refusal:
        return refusal


def install(window: Any, prepared: Any) -> list[str]:
    """Put the pack in place and report with it from now on; the new year's carried values come in."""
    from desktop_app.services.reporting import ReportingService
    from desktop_app.services.startup import carry_over

    pack = prepared.commit()
    old = window.service
    service = ReportingService(old.store, pack, window.lang)
    service.shelf, service.printable = old.shelf or _shelf(window), old.printable
    if window.started is not None:
        window.started.service = service  # closed with the window, as the one it replaces
    notes = carry_over(service, window.lang)
    window.attach(service)
    return notes


def open_pack_file(window: Any) -> None:
    lang = window.lang
    name, _filter = QFileDialog.getOpenFileName(window, tr_in("pack.choose", lang), "", tr_in("pack.filter", lang))
    if name:
        window.run_task(lambda: check_file(window, Path(name)), lambda result: _checked(window, result))


def _checked(window: Any, result: Any) -> None:
    lang = window.lang
    if isinstance(result, ValueError):  # a refusal: said as it is, nothing installed
        QMessageBox.warning(window, tr_in("pack.refused", lang), result.text(lang))  # type: ignore[attr-defined]
        return
    dialog = PackImportDialog(result, lang, window)
    if not dialog.exec():
        result.discard()
        return
    notes = install(window, result)
    said = tr_in("pack.installed", lang, version=result.manifest.version, year=result.manifest.year)
    QMessageBox.information(window, tr_in("pack.title", lang), "\n\n".join([said, *notes]))


register_action(ActionSpec("import_pack", "tools", open_pack_file, order=20))
