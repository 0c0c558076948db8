"""A category's form, built from the pack: sections as group boxes, one row per field, scrolling.

The form asks the session for values, relevance and issues; it decides nothing itself.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.pack import Category, Field, FieldType
from desktop_app.ui.forms.base import EditorContext, EnterMovesOn
from desktop_app.ui.forms.binding import FormSession, IssueLike, RefusedIssue, severity_of
from desktop_app.ui.forms.carried_mark import show_mark
from desktop_app.ui.forms.editors_table import TableEditor
from desktop_app.ui.forms.field_row import FieldRow
from desktop_app.ui.forms.registry import create_editor
from desktop_app.ui.forms.wheel import guard_wheel
from desktop_app.ui.i18n import tr

# A page that cannot be edited (submitted, or a past period) is greyed: inputs, lists and grids.
LOCKED_STYLE = """
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractItemView {
    background: #eeeeee; color: #333333; border: 1px solid #c8c8c8;
}
QHeaderView::section { background: #e4e4e4; color: #333333; }
"""

_ENTER_MOVES = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.TEXT, FieldType.CHOICE,
                FieldType.BOOLEAN, FieldType.DATE)


class CategoryForm(QScrollArea):
    edited = Signal(str)  # field key; the window revalidates and updates the status bar
    field_focused = Signal(object)  # the Field that took the focus (for the help panel)
    refusals_changed = Signal()  # text was refused, or a refusal was fixed (the problems list)

    def __init__(self, category: Category, session: FormSession, read_only: bool) -> None:
        super().__init__()
        self.category = category
        self.session = session
        self.read_only = read_only
        self.rows: dict[str, FieldRow] = {}
        self._layouts: dict[str, QFormLayout] = {}
        self._refused: dict[str, tuple[str, int | None]] = {}  # field → (message, row) of refused text
        self.generation = -1  # the store's edit count when last loaded (skip reloads on switch)
        self._enter = EnterMovesOn(self)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self._build()
        page = self.widget()
        if read_only and page is not None:  # looks locked, not merely ignoring the keys
            page.setStyleSheet(LOCKED_STYLE)

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        lang = self.session.lang
        page = QWidget()
        outer = QVBoxLayout(page)
        title = QLabel(self.category.numbered_label(lang))
        title.setObjectName("formTitle")
        title.setWordWrap(True)
        outer.addWidget(title)
        if self.category.help:
            intro = QLabel(self.category.help.get(lang))
            intro.setWordWrap(True)
            outer.addWidget(intro)
        if not self.session.category_applies(self.category):
            outer.addWidget(QLabel(tr("form.not_applicable")))
        context = EditorContext(
            self.session.pack, lang, self.read_only, self.session, self.category.key,
            changed=lambda: self._after_edit("*"),  # a table changed through the session
        )
        groups = self._groups(outer, lang)
        for field in self.category.fields:
            editor = create_editor(field, context)
            row = FieldRow(field, editor, lang)
            editor.commit = partial(self._commit, field.key)
            if isinstance(editor, TableEditor):  # a refused cell says why beside the grid
                editor.report = partial(self._refuse, field.key)  # type: ignore[method-assign]
            if field.type in _ENTER_MOVES:
                editor.focus_widget().installEventFilter(self._enter)
            guard_wheel(editor.input)  # the wheel scrolls the form; it changes only a field clicked into
            layout = groups[field.section if field.section in groups else ""]
            layout.addRow(row.label, row.body)
            self._layouts[field.key] = layout
            self.rows[field.key] = row
        outer.addStretch(1)
        self.setWidget(page)

    def _groups(self, outer: QVBoxLayout, lang: str) -> dict[str, QFormLayout]:
        groups: dict[str, QFormLayout] = {}
        sections = [(s.key, s.label.get(lang)) for s in self.category.sections]
        if any(f.section not in {key for key, _ in sections} for f in self.category.fields):
            sections.insert(0, ("", ""))
        for key, label in sections:
            box = QGroupBox(label) if label else QWidget()
            layout = QFormLayout(box)
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            outer.addWidget(box)
            groups[key] = layout
        return groups

    # --- data in -------------------------------------------------------------------------------
    def load(self) -> None:
        """Show the stored values and derived figures; hide what does not apply.

        A field whose text was refused keeps that text (with its message) until the clerk corrects it;
        a table keeps its refused cells over the stored rows.
        """
        values = self.session.values(self.category.key)
        derived = self.session.derived(self.category.key) if self._has_derived else {}
        for key, row in self.rows.items():
            if key in self._refused and not isinstance(row.editor, TableEditor):
                continue
            value = derived.get(key) if row.field.type is FieldType.DERIVED else values.get(key)
            row.editor.set_value(value)
        self._apply_relevance(values)

    @property
    def _has_derived(self) -> bool:
        return any(f.type is FieldType.DERIVED for f in self.category.fields)

    def refresh_derived(self) -> None:
        if not self._has_derived:
            return
        derived = self.session.derived(self.category.key)
        for key, row in self.rows.items():
            if row.field.type is FieldType.DERIVED:
                row.editor.set_value(derived.get(key))

    def _apply_relevance(self, values: dict[str, object]) -> None:
        relevant = self.session.relevance(self.category, values)
        for key, row in self.rows.items():
            self._layouts[key].setRowVisible(row.body, relevant.get(key, True))

    def show_issues(self, issues: list[IssueLike]) -> None:
        by_field: dict[str, list[tuple[str, str]]] = {}
        for issue in issues:
            if issue.field and issue.category == self.category.key:
                by_field.setdefault(issue.field, []).append((severity_of(issue), issue.text(self.session.lang)))
        for key, (message, _row) in self._refused.items():
            by_field.setdefault(key, []).insert(0, ("error", message))
        carried = {issue.field for issue in issues if getattr(issue, "code", "") == "carried"
                   and issue.category == self.category.key}  # fmt: skip
        for key, row in self.rows.items():
            row.show_messages(by_field.get(key, []))
            show_mark(row, key in carried, self.session.lang, partial(self._confirm, key), self.read_only)

    def _confirm(self, key: str) -> None:
        """The clerk checked a carried value: its mark goes (the value is unchanged)."""
        outcome = self.session.confirm_carried(self.category.key, key)
        self._refuse(key, "" if outcome.ok else outcome.message)
        self._after_edit(key if outcome.ok else "")

    # --- data out ------------------------------------------------------------------------------
    def _commit(self, key: str, text: str) -> None:
        outcome = self.session.set_text(self.category.key, key, text)
        self._refuse(key, "" if outcome.ok else outcome.message)
        self._after_edit(key if outcome.ok else "")

    def refused_issues(self) -> list[RefusedIssue]:
        """The refusals still shown beside fields, for the problems list."""
        return [RefusedIssue(self.category.key, key, row, message, f"refused:{key}")
                for key, (message, row) in self._refused.items()]

    def _refuse(self, key: str, message: str, row: int | None = None) -> None:
        before = self._refused.get(key)
        if message:
            self._refused[key] = (message, row)
        else:
            self._refused.pop(key, None)
        if self._refused.get(key) != before:
            self.refusals_changed.emit()
        self.rows[key].show_messages([("error", message)] if message else [])

    def _after_edit(self, key: str) -> None:
        self.generation = -1  # the window gives the new generation; till then, stale
        values = self.session.values(self.category.key)
        for row in self.rows.values():
            if row.field.type is FieldType.TABLE:
                row.editor.set_value(values.get(row.field.key))
        edited = self.rows.get(key)
        if edited is not None and edited.field.type is not FieldType.TABLE:
            edited.editor.show_stored(values.get(key))  # what was saved, not what was typed
        self.refresh_derived()
        self._apply_relevance(values)
        self.edited.emit(key)

    def flush(self) -> None:
        """Save text typed but not yet saved (the debounce has not fired): on close, on switch."""
        for row in self.rows.values():
            if row.editor.pending():
                row.editor.submit()

    def reload(self) -> None:
        """After undo / redo: show what the store holds now, forgetting refused text."""
        if self._refused:
            self._refused.clear()
            self.refusals_changed.emit()
        for row in self.rows.values():
            if isinstance(row.editor, TableEditor):
                row.editor.forget_refused()
        self.load()

    # --- navigation ----------------------------------------------------------------------------
    def focus_field(self, key: str, row: int | None = None) -> None:
        found = self.rows.get(key)
        if found is None:
            return
        self.ensureWidgetVisible(found.body)
        target = found.editor.focus_widget()
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        view = getattr(found.editor, "view", None)
        if view is not None and row is not None and row < view.model().rowCount():
            view.setCurrentIndex(view.model().index(row, 0))

    def field_of_widget(self, widget: QWidget | None) -> Field | None:
        while widget is not None and widget is not self:
            key = widget.property("field_key")
            if key and key in self.rows:
                return self.rows[key].field
            widget = widget.parentWidget()
        return None

    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        field = self.field_of_widget(new)
        if field is not None:
            self.field_focused.emit(field)

    def first_input(self) -> QWidget | None:
        for row in self.rows.values():
            if row.field.type is not FieldType.DERIVED:
                return row.editor.focus_widget()
        return None


def line_edits(form: CategoryForm) -> list[QLineEdit]:
    return form.findChildren(QLineEdit)


def connect_focus(form: CategoryForm) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.focusChanged.connect(form.focus_changed)
