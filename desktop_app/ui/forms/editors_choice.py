"""Choices: a combo box (or radio buttons with `widget: radio`), check boxes for multiple choices,
and yes/no. The widgets hand the choice key to the domain, which checks it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QSizePolicy,
    QWidget,
)

from desktop_app.domain.pack import Choice, Field, FieldType
from desktop_app.domain.values import Value
from desktop_app.ui.forms.base import EditorContext, FieldEditor
from desktop_app.ui.forms.registry import register
from desktop_app.ui.i18n import tr


def _choices(field: Field, context: EditorContext) -> tuple[Choice, ...]:
    return context.pack.choice_list(field.choices or "").choices


class ComboEditor(FieldEditor):
    """One of a list: the first entry is 未选择 (an empty answer), then the pack's labels."""

    def __init__(self, field: Field, context: EditorContext, items: list[tuple[str, str]]) -> None:
        super().__init__(field, context)
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.addItem(tr("form.unset"), "")
        for key, label in items:
            self.combo.addItem(label, key)
        self.input = self.combo
        self.combo.activated.connect(lambda _index: self.submit())
        self.combo.currentIndexChanged.connect(lambda _index: self.submit())
        self.set_read_only(context.read_only)

    def set_value(self, value: Value) -> None:
        key = self.key_of(value)
        self.remember(key)
        index = max(self.combo.findData(key), 0)
        if self.combo.currentIndex() != index:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(index)
            self.combo.blockSignals(False)

    def key_of(self, value: Value) -> str:
        return "" if value is None else str(value)

    def text(self) -> str:
        return str(self.combo.currentData() or "")


class BooleanEditor(ComboEditor):
    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context, [("true", tr("form.yes")), ("false", tr("form.no"))])

    def key_of(self, value: Value) -> str:
        return "" if value is None else ("true" if value else "false")


class RadioEditor(FieldEditor):
    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context)
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(box)
        self.buttons: dict[str, QRadioButton] = {}
        for choice in _choices(field, context):
            button = QRadioButton(choice.label.get(context.lang))
            self.group.addButton(button)
            self.buttons[choice.key] = button
            layout.addWidget(button)
            button.toggled.connect(self._toggled)
        layout.addStretch(1)
        self.input = box
        self.set_read_only(context.read_only)

    def _toggled(self, checked: bool) -> None:
        if checked:  # the button switched off in the same click reports too; save once
            self.submit()

    def focus_widget(self) -> QWidget:
        return next(iter(self.buttons.values()), self.input)

    def set_value(self, value: Value) -> None:
        key = "" if value is None else str(value)
        self.remember(key)
        self.group.setExclusive(False)  # lets "no answer" show as no button checked
        for choice_key, button in self.buttons.items():
            button.blockSignals(True)
            button.setChecked(choice_key == key)
            button.blockSignals(False)
        self.group.setExclusive(True)

    def text(self) -> str:
        for key, button in self.buttons.items():
            if button.isChecked():
                return key
        return ""


class CheckBoxesEditor(FieldEditor):
    """Several of a list, as check boxes in columns; saved on every tick."""

    COLUMNS = 3

    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context)
        box = QWidget()
        layout = QGridLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, choice in enumerate(_choices(field, context)):
            check = QCheckBox(choice.label.get(context.lang))
            check.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            self.boxes[choice.key] = check
            layout.addWidget(check, index // self.COLUMNS, index % self.COLUMNS)
            check.toggled.connect(lambda _checked: self.submit())
        self.input = box
        self.set_read_only(context.read_only)

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()), self.input)

    def set_value(self, value: Value) -> None:
        keys = set(value or ())
        for key, check in self.boxes.items():
            check.blockSignals(True)
            check.setChecked(key in keys)
            check.blockSignals(False)
        self.remember(self.text())

    def text(self) -> str:
        return ",".join(key for key, check in self.boxes.items() if check.isChecked())


@register(FieldType.CHOICE)
@register(FieldType.CHOICE, "combo")
def combo_editor(field: Field, context: EditorContext) -> FieldEditor:
    items = [(c.key, c.label.get(context.lang)) for c in _choices(field, context)]
    return ComboEditor(field, context, items)


@register(FieldType.CHOICE, "radio")
def radio_editor(field: Field, context: EditorContext) -> FieldEditor:
    return RadioEditor(field, context)


@register(FieldType.MULTICHOICE)
def checkboxes_editor(field: Field, context: EditorContext) -> FieldEditor:
    return CheckBoxesEditor(field, context)


@register(FieldType.BOOLEAN)
def boolean_editor(field: Field, context: EditorContext) -> FieldEditor:
    return BooleanEditor(field, context)
