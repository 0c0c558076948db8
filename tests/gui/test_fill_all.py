"""Fill every category of the demo school through the widgets alone; the database holds it exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.demo import demo_data
from desktop_app.domain.pack import FieldType
from desktop_app.domain.values import is_empty
from tests.gui.driving import PHOTO_FILES, fill

pytestmark = pytest.mark.gui


def _fill_category(qtbot: Any, window: Any, key: str, values: dict[str, Any]) -> None:
    window.workspace.select(key)
    form = window.workspace.current_form()
    assert form is not None and form.category.key == key
    for field in form.category.fields:
        value = values.get(field.key)
        if field.type is FieldType.DERIVED or is_empty(value):
            continue
        fill(qtbot, form, field, value)


def test_fill_every_category(qtbot: Any, open_window: Any, pack: Any, db_path: Path, tmp_path: Path) -> None:
    demo = demo_data(pack)
    window = open_window("2022")
    for number, (digest, content) in enumerate(demo.attachments.items()):
        photo = tmp_path / f"活动照片{number}.png"  # photos are picked from files, never typed
        photo.write_bytes(content)
        PHOTO_FILES[digest] = photo
    _fill_category(qtbot, window, pack.profile.key, demo.profile)
    filled: list[tuple[str, str]] = []
    for period in ("2022", "2022-2023-1"):
        window.switch_period(period)
        assert window.session.period == period
        for key, values in demo.periods[period].items():
            _fill_category(qtbot, window, key, values)
            filled.append((period, key))
    window.close()

    from desktop_app.services.reporting import ReportingService

    fresh = ReportingService.open(db_path, pack)
    try:
        assert fresh.profile() == {k: v for k, v in demo.profile.items() if not is_empty(v)}
        for period, key in filled:
            stored = fresh.values(key, period)
            expected = {k: v for k, v in demo.periods[period][key].items() if not is_empty(v)}
            assert {k: v for k, v in stored.items() if not is_empty(v)} == expected, (period, key)
    finally:
        fresh.close()
    categories = {key for _period, key in filled} | {pack.profile.key}
    assert categories == {c.key for c in pack.categories}
