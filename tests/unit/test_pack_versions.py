"""Pack versions in the domain: change declarations and their checks, translation, the pack file."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from desktop_app.domain.loader import load_pack
from desktop_app.domain.pack_basics import PackError
from desktop_app.domain.pack_file import PackFileError, build_pack_file, read_pack_file, version_key
from desktop_app.domain.pack_translate import translate, translation_steps

PACK_2023 = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "jiyang-2023"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACK_2023, target)
    return target


def _changes(folder: Path, text: str) -> None:
    (folder / "changes.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("categories: {}", "须写明这些变更针对的上一版本号"),
        ('from: "2022.1"\ncategories: {staff: {renamed: {a: nowhere}}}', "新版中没有字段“staff.nowhere”"),
        ('from: "2022.1"\ncategories: {staff: {renamed: {a: trained, b: trained}}}', "都改为“staff.trained”"),
        ('from: "2022.1"\ncategories: {staff: {retired: [trained]}}', "已停用的字段“trained”仍在新版“staff”中"),
        ('from: "2022.1"\ncategories: {staff: {renamed: {a: trained}, retired: [a]}}', "只能声明一次"),
        ('from: "2022.1"\ncategories: {staff: {moved: {a: {to: staff, key: hours_per_trained}}}}', "是计算项"),
        (
            'from: "2022.1"\ncategories: {facilities: {choices: {projects.status: {x: nope}}}}',
            "新选项“nope”不在选项列表",
        ),
        ('from: "2022.1"\ncategories: {staff: {choices: {trained: {x: y}}}}', "“trained”不是选择字段"),
        ('from: "2022.1"\ncategories: {staff: {renamed_: {}}}', "未知的键"),
    ],
)
def test_a_declaration_that_does_not_hold_names_the_file_and_key(folder: Path, text: str, problem: str) -> None:
    _changes(folder, text)
    with pytest.raises(PackError) as error:
        load_pack(folder)
    assert problem in error.value.problem
    assert error.value.file.endswith("changes.yaml")


def test_carry_is_for_input_fields_only(folder: Path) -> None:
    staff = folder / "12-staff.yaml"
    staff.write_text(
        staff.read_text(encoding="utf-8").replace(
            "  - key: hours_per_trained\n", "  - key: hours_per_trained\n    carry: true\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as error:
        load_pack(folder)
    assert "只有填报项可以带入上年数据" in error.value.problem


def test_translation_maps_renames_moves_choices_and_leaves_out_what_does_not_fit() -> None:
    old, new = load_pack(), load_pack(PACK_2023)
    steps = translation_steps(new, old.version, {old.version: old, new.version: new})
    assert [p.version for p in steps] == ["2023.1"]
    values = {
        "staff": {"full_time_teachers": 72, "recruits": 3, "exchange_in": 2, "trained": "not a number"},
        "facilities": {"projects": [{"name": "楼", "status": "structure_done", "gone": 1}, {"status": "planned"}]},
        "nowhere": {"x": 1},
    }
    assert translate(values, steps) == {
        "staff": {"teachers_full_time": 72},
        "teaching": {"recruits": 3},
        "facilities": {
            "projects": [
                {
                    "name": "楼",
                    "kind": None,
                    "investment": None,
                    "classes": None,
                    "status": "building",
                    "enrolment_on": None,
                },
                {
                    "name": None,
                    "kind": None,
                    "investment": None,
                    "classes": None,
                    "status": "planned",
                    "enrolment_on": None,
                },
            ]
        },
    }
    assert translate({"staff": {"staff_total": 5}}, translation_steps(old, new.version, {})) == {
        "staff": {"staff_total": 5}
    }  # no declarations that way: same keys kept


def test_versions_compare_part_by_part() -> None:
    assert version_key("2022.1") < version_key("2022.2") < version_key("2022.10") < version_key("2023.1")


def _rezip(data: bytes, change: dict[str, bytes | None], manifest: dict[str, object] | None = None) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    if manifest is not None:
        members["manifest.json"] = json.dumps(manifest).encode()
    for name, content in change.items():
        if content is None:
            members.pop(name)
        else:
            members[name] = content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_the_pack_file_is_checked_member_by_member() -> None:
    data, manifest = build_pack_file(load_pack(PACK_2023))
    assert read_pack_file(data).digest == manifest.digest == hashlib.sha256(manifest.to_bytes()).hexdigest()
    cases = {
        "member_missing": _rezip(data, {"choices.yaml": None}),
        "member_extra": _rezip(data, {"extra.yaml": b"x: 1"}),
        "member_hash": _rezip(data, {"choices.yaml": b"school_type: []"}),
        "no_manifest": _rezip(data, {"manifest.json": None}),
        "bad_manifest": _rezip(data, {}, {"format": "other"}),
        "unsafe_member": _rezip(data, {"sub/x.yaml": b""}),
    }
    for code, spoiled in cases.items():
        with pytest.raises(PackFileError) as error:
            read_pack_file(spoiled, "x.srpack")
        assert error.value.code == code
        assert error.value.text("en") != error.value.text("zh")
