"""A category's form, built from the pack: sections as group boxes, one row per field, scrolling.

The form shows the service's view of its category (values, derived values, relevance, issues, the text
refused); it decides nothing itself. An edit goes to the session and its `Changes` go out through
`edited`: the workspace applies them here and to the other panes.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from desktop_app.services.changes import CategoryView, Changes
from desktop_app.ui.forms.base import EditorContext, EnterMovesOn
from desktop_app.ui.forms.binding import FormSession, IssueLike, Note, severity_of
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

_ENTER_MOVES = (
    FieldType.INTEGER,
    FieldType.DECIMAL,
    FieldType.TEXT,
    FieldType.CHOICE,
    FieldType.BOOLEAN,
    FieldType.DATE,
)


class CategoryForm(QScrollArea):
    edited = Signal(object, str)  # the edit's Changes and the field edited ("" for a table's row operation)
    field_focused = Signal(object)  # the Field that took the focus (for the help panel)
    noted = Signal()  # a photo was refused before it reached the service (the problems list says so)

    def __init__(self, category: Category, session: FormSession, read_only: bool) -> None:
        super().__init__()
        self.category = category
        self.session = session
        self.read_only = read_only
        self.rows: dict[str, FieldRow] = {}
        self._layouts: dict[str, QFormLayout] = {}
        self.view: CategoryView | None = None  # what the form shows (the service's answer)
        self.notes: dict[str, tuple[str, int | None]] = {}  # field → (message, row): a photo refused
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
        self.not_applicable = QLabel(tr("form.not_applicable"))  # shown when the school type says so
        self.not_applicable.hide()
        outer.addWidget(self.not_applicable)
        context = EditorContext(
            self.session.pack,
            lang,
            self.read_only,
            self.session,
            self.category.key,
            changed=lambda changes: self._edited(changes, ""),  # a table changed through the session
        )
        groups = self._groups(outer, lang)
        for field in self.category.fields:
            editor = create_editor(field, context)
            row = FieldRow(field, editor, lang)
            editor.commit = partial(self._commit, field.key)
            if isinstance(editor, TableEditor):  # a photo refused before the service says why beside the grid
                editor.report = partial(self._note, field.key)  # type: ignore[method-assign]
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
    def apply(self, view: CategoryView, edited: str = "") -> None:
        """Show the service's view: stored values (or the text refused, kept where it was typed),
        derived values, which fields apply, and each field's messages.

        The field just saved shows its value as stored (at once, or once the clerk leaves it); a field
        being typed in keeps what is typed (it is saved in a moment and answered then).
        """
        first, self.view = self.view is None, view
        refused = {r.field: r for r in view.refusals if r.row is None}
        cells: dict[str, dict[tuple[int, str], tuple[str, str]]] = {}
        for refusal in view.refusals:
            if refusal.row is not None and refusal.column is not None:
                cells.setdefault(refusal.field, {})[(refusal.row, refusal.column)] = (
                    refusal.text,
                    refusal.message.get(self.session.lang),
                )
        for key, row in self.rows.items():
            editor = row.editor
            if row.field.type is FieldType.DERIVED:
                editor.set_value(view.derived.get(key))
            elif isinstance(editor, TableEditor):
                editor.show_rows(view.values.get(key), cells.get(key, {}))
            elif key in refused:
                editor.show_refused(refused[key].text)
            elif key == edited:
                editor.show_stored(view.values.get(key))  # what was saved, not what was typed
            elif first or not editor.pending():
                editor.set_value(view.values.get(key))
        for key, row in self.rows.items():
            self._layouts[key].setRowVisible(row.body, view.relevance.get(key, True))
        self.not_applicable.setVisible(not view.applies)
        self.show_issues(view.issues)

    def show_issues(self, issues: Sequence[IssueLike]) -> None:
        lang = self.session.lang
        by_field: dict[str, list[tuple[str, str]]] = {}
        refused_cell: set[str] = set()
        for issue in [*self.note_issues(), *issues]:
            if not issue.field or issue.category != self.category.key:
                continue
            text = issue.text(lang)
            if issue.code in ("refused", "note") and issue.row is not None:  # a refused cell says why beside the grid
                if issue.field in refused_cell:
                    continue  # the first refused cell of a table is enough beside it
                refused_cell.add(issue.field)
                text = tr("table.row_refused", row=issue.row + 1, message=text)
            by_field.setdefault(issue.field, []).append((severity_of(issue), text))
        carried = {issue.field for issue in issues if issue.code == "carried" and issue.category == self.category.key}
        for key, row in self.rows.items():
            row.show_messages(by_field.get(key, []))
            show_mark(row, key in carried, self.session.lang, partial(self._confirm, key), self.read_only)

    def _confirm(self, key: str) -> None:
        """The clerk checked a carried value: its mark goes (the value is unchanged)."""
        self._edited(self.session.confirm_carried(self.category.key, key), "")

    def note_issues(self) -> list[Note]:
        """The photos refused before they reached the service, for the problems list (they count for
        nothing: the cell keeps what it had)."""
        return [Note(self.category.key, key, row, message) for key, (message, row) in self.notes.items()]

    def _note(self, key: str, message: str, row: int | None = None) -> None:
        if message:
            self.notes[key] = (message, row)
        else:
            self.notes.pop(key, None)
        self.show_issues(self.view.issues if self.view is not None else ())
        self.noted.emit()

    # --- data out ------------------------------------------------------------------------------
    def _commit(self, key: str, text: str) -> None:
        self._edited(self.session.set_text(self.category.key, key, text), key)

    def _edited(self, changes: Changes, key: str) -> None:
        if changes.ok:
            self.notes.clear()  # an edit here answers the photo refused before
        self.edited.emit(changes, key)
        if changes.views.get(self.category.key) is None and not changes.ok and key:  # nothing read (上报 runs)
            self.rows[key].show_messages([("error", changes.refused)])

    def flush(self) -> None:
        """Save text typed but not yet saved (the debounce has not fired): on close, on switch."""
        for row in self.rows.values():
            if row.editor.pending():
                row.editor.submit()

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
