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
from desktop_app.ui.i18n import tr

_T = {
    "title": ("导入新版报表", "Import a new form pack"),
    "choose": ("选择区教体局发布的表单包", "Choose the form pack published by the bureau"),
    "filter": ("表单包 (*.srpack)", "Form packs (*.srpack)"),
    "pack": ("报表", "Pack"),
    "version": ("版本", "Version"),
    "year": ("年度", "Year"),
    "periods": ("报送期", "Periods"),
    "authority": ("发布单位", "Authority"),
    "digest": ("摘要", "Digest"),
    "compare": (
        "请与区教体局通知中的摘要核对，一致后再安装。",
        "Compare the digest with the bureau's notice before installing.",
    ),
    "changes": ("与当前使用的 {version} 相比：", "Compared with {version}, in use now:"),
    "clerk": ("填报人员须知", "For the clerk"),
    "bureau": ("区教体局须知", "For the bureau"),
    "none": ("无变化", "No changes"),
    "install": ("安装", "Install"),
    "already": ("此版本已安装，内容相同。", "This version is already installed, with the same content."),
    "installed": (
        "已安装 {version}：{year}年度各报送期按新版填报，往年数据仍按当年表单。",
        "Installed {version}: the periods of {year} are reported with it; earlier years keep their own.",
    ),
    "refused": ("未安装", "Not installed"),
}


def _t(key: str, lang: str, **values: object) -> str:
    return _T[key][1 if lang == "en" else 0].format(**values)


class PackImportDialog(QDialog):
    """What the pack file is and what it changes; accepted = install."""

    def __init__(self, prepared: Any, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.domain.pack_diff import BUREAU, CLERK
        from desktop_app.domain.pack_file import short_digest

        self.prepared = prepared
        self.setWindowTitle(_t("title", lang))
        manifest = prepared.manifest
        layout = QVBoxLayout(self)
        facts = QFormLayout()
        separator = tr("sep.list")
        for key, value in (("pack", f"{manifest.title.get(lang)}（{manifest.id}）"), ("version", manifest.version),
                           ("year", str(manifest.year)), ("periods", separator.join(manifest.periods)),
                           ("authority", manifest.authority.get(lang)),
                           ("digest", f"{short_digest(manifest.digest)}\n{manifest.digest}")):  # fmt: skip
            shown = QLabel(value)
            shown.setObjectName(f"pack_{key}")
            shown.setWordWrap(True)
            facts.addRow(_t(key, lang), shown)
        layout.addLayout(facts)
        layout.addWidget(QLabel(_t("compare", lang)))
        lines: list[str] = []
        if prepared.already:
            lines.append(_t("already", lang))
        elif prepared.active is not None and prepared.changes:
            lines.append(_t("changes", lang, version=prepared.active.version))
            for audience, title in ((CLERK, "clerk"), (BUREAU, "bureau")):
                chosen = [c.text.get(lang) for c in prepared.changes if c.audience == audience]
                lines.append(tr("pack.heading", t=_t(title, lang)))
                lines += [f"  {n}. {text}" for n, text in enumerate(chosen, start=1)] or [f"  {_t('none', lang)}"]
        self.changes = QPlainTextEdit("\n".join(lines))
        self.changes.setObjectName("packChanges")
        self.changes.setReadOnly(True)
        self.changes.setMinimumSize(560, 260)
        layout.addWidget(self.changes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.install = buttons.addButton(_t("install", lang), QDialogButtonBox.ButtonRole.AcceptRole)
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
    name, _filter = QFileDialog.getOpenFileName(window, _t("choose", lang), "", _t("filter", lang))
    if name:
        window.run_task(lambda: check_file(window, Path(name)), lambda result: _checked(window, result))


def _checked(window: Any, result: Any) -> None:
    lang = window.lang
    if isinstance(result, ValueError):  # a refusal: said as it is, nothing installed
        QMessageBox.warning(window, _t("refused", lang), result.text(lang))  # type: ignore[attr-defined]
        return
    dialog = PackImportDialog(result, lang, window)
    if not dialog.exec():
        result.discard()
        return
    notes = install(window, result)
    said = _t("installed", lang, version=result.manifest.version, year=result.manifest.year)
    QMessageBox.information(window, _t("title", lang), "\n\n".join([said, *notes]))


register_action(ActionSpec("import_pack", "tools", open_pack_file, order=20))
