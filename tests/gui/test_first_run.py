"""The welcome guide (欢迎使用) is for a school not yet filled in: a database that already holds the school's
profile (data made with `demo` or the CLI, or brought from another PC) opens without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.demo_db import make_demo_db

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("filled", [False, True], ids=["new-school", "profile-filled"])
def test_the_welcome_guide_shows_only_while_the_school_profile_is_empty(
    qtbot: Any, tmp_path: Path, filled: bool
) -> None:
    from desktop_app.services.settings import Settings
    from desktop_app.ui.app import close_store, open_store
    from desktop_app.ui.category_list import OVERVIEW_KEY
    from desktop_app.ui.first_run import FirstRunDialog
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    db = tmp_path / "school.sqlite3"
    if filled:
        make_demo_db(db)  # in its own process, with the test's user folders (tmp_path), as the fixture sets
    set_language("zh")
    window = MainWindow("zh", Settings(), tmp_path / "settings.json")  # never started the window before
    qtbot.addWidget(window)
    window.show()
    open_store(window, str(db), "zh", quit_app=lambda _code: None)
    qtbot.waitUntil(lambda: window.session is not None, timeout=20000)
    try:
        shown = [dialog for dialog in window.findChildren(FirstRunDialog) if dialog.isVisible()]
        assert bool(shown) is (not filled)
        # The first screen leads with the profile only for a new school (also in the first look, painted
        # before the service is attached); a filled school opens on its overview.
        expected = OVERVIEW_KEY if filled else window.session.pack.profile.key
        assert window.workspace.categories.current_key() == expected
    finally:
        window.tasks.wait()
        close_store(window)
