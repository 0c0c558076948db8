"""One truth about what is left (issue 14, item 1): the overview's columns and its 还差 N 项, the category
list's states, the problems panel and the 上报 dialog's list say the same thing, and it is what a cold
read of the database says (a second service on the same file, with the text refused still counted)."""

from __future__ import annotations

import re
from typing import Any

from desktop_app.services import lifecycle


def check_one_truth(window: Any) -> int:
    """Assert that every pane agrees with the service's answer; returns how much is left."""
    workspace, session = window.workspace, window.session
    period = session.period
    progress = window.service.progress(period)
    categories = [c.key for c in session.categories()]
    overview = workspace.overview
    table = overview.table
    assert table.rowCount() == len(categories)
    for row, key in enumerate(categories):
        state = progress.categories[key]
        assert workspace.statuses[key] == state, key
        assert workspace.categories.state_of(key) == state.key, (key, workspace.categories.state_of(key), state)
        shown = [table.item(row, column).text() for column in range(5)]
        assert shown[1] == state.text(session.lang), (key, shown, state)
        assert shown[2:] == [str(state.errors), str(state.missing_required), str(state.unexplained)], (key, shown)
    blockers = lifecycle.blockers(window.service, period)
    left = progress.left
    assert len(blockers) == left, (len(blockers), left)
    text = overview.left.text()
    if window.session.lock().reason != "submitted":
        if left:
            assert re.search(rf"还差 {left} 项可上报", text), text
        else:
            assert "可以上报" in text, text
    form = workspace.current_form()
    if form is not None and form.view is not None:
        view = window.service.view(form.category.key, period)
        assert form.view == view
        from desktop_app.ui.questions_view import questions_for

        asked = questions_for(session, form.category.key)  # the bureau's, listed until carried back
        listed = workspace.problems.issue_texts()
        assert len(listed) == len(view.issues) + len(form.note_issues()) + len(asked)
        here = progress.categories[form.category.key]
        wanted = [i for i in view.issues if i.is_error or i.needs_explanation]
        assert len(wanted) + sum(1 for q in asked if not q.answered) == here.left
        assert here.questions == sum(1 for q in asked if not q.answered)
    return left
