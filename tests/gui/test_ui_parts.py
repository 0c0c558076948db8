"""Parts of the UI that need no window: the catalogue, risky data-file places, the factory table."""

from __future__ import annotations

import re
from typing import Any

import pytest

from desktop_app.domain.pack import FieldType
from desktop_app.ui import i18n
from desktop_app.ui.storage_location import DRIVE_REMOTE, location_warning


def test_every_ui_string_has_both_languages_with_the_same_placeholders() -> None:
    for key, (zh, en) in i18n.CATALOGUE.items():
        assert zh.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key


def test_language_switch() -> None:
    i18n.set_language("en")
    try:
        assert i18n.tr("status.saved", time="09:30:00") == "Saved 09:30:00"
    finally:
        i18n.set_language("zh")
    assert i18n.tr("status.saved", time="09:30:00") == "已保存 09:30:00"


def test_qt_chinese_translations_are_found() -> None:
    folder = i18n.qt_translations_dir()
    assert folder is not None and (folder / "qtbase_zh_CN.qm").exists()


@pytest.mark.parametrize(
    ("path", "kind", "name"),
    [
        (r"\\fileserver\share\school-report.sqlite3", "network", ""),
        ("//fileserver/share/school-report.sqlite3", "network", ""),
        (r"C:\Users\clerk\OneDrive\报送\school-report.sqlite3", "synced", "OneDrive"),
        (r"D:\我的坚果云\school-report.sqlite3", "synced", "坚果云"),
        (r"D:\BaiduSyncdisk\school-report.sqlite3", "synced", "BaiduSyncdisk"),
        ("/home/clerk/Dropbox/school-report.sqlite3", "synced", "Dropbox"),
    ],
)
def test_risky_locations_are_named(path: str, kind: str, name: str) -> None:
    warning = location_warning(path)
    assert warning is not None and warning.kind == kind and warning.name == name


def test_mapped_network_drive_and_local_paths() -> None:
    assert location_warning(r"Z:\data\school-report.sqlite3", drive_type=DRIVE_REMOTE) is not None
    assert location_warning(r"D:\报送\school-report.sqlite3", drive_type=3) is None
    assert location_warning("") is None


def test_every_field_type_has_a_widget_factory(pack: Any) -> None:
    from desktop_app.ui.forms.registry import factory_for, registered_types

    assert registered_types() == set(FieldType)
    for category in pack.categories:
        for field in category.fields:
            factory_for(field)  # raises if a pack field had no widget
