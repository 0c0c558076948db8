"""The window names a character no font on this machine prints, beside the field, as the clerk types
(issue 12, item 16); 上报 lists it among what blocks the submission."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gui.driving import type_into

pytestmark = pytest.mark.gui

EMOJI = "\U0001f600"


def test_the_field_says_which_character_will_not_print(qtbot: Any, open_window: Any) -> None:
    from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog

    window = open_window()
    window.workspace.select("profile")
    form = window.workspace.current_form()
    type_into(qtbot, form.rows["address"].editor.line, f"济阳区开元大街{EMOJI}号")
    qtbot.waitUntil(lambda: "U+1F600" in form.rows["address"].message_text())
    message = form.rows["address"].message_text()
    assert f"“{EMOJI}”" in message and "空白" in message
    assert window.service.values("profile")["address"] == f"济阳区开元大街{EMOJI}号"  # saved, and flagged
    assert any("U+1F600" in text for text in window.workspace.problems.issue_texts())
    dialog = SubmitDialog(window.service, window.session.period, "zh", window)
    qtbot.addWidget(dialog)
    listed = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert any("基本信息 / 地址" in text and "U+1F600" in text for text in listed)
    type_into(qtbot, form.rows["address"].editor.line, "济阳区开元大街1号")
    qtbot.waitUntil(lambda: "U+1F600" not in form.rows["address"].message_text())
