"""Form packs as published files: build, install, list, diff; and every kind of bad pack refused whole."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.nextyear.conftest import PACK_2023, Runner, installed_2023


def _installed(db: Path) -> list[str]:
    folder = db.parent / "packs"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _dump(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT report_id, field, value_json FROM field_values ORDER BY id").fetchall()


def test_build_writes_the_same_file_every_time_with_a_manifest_of_hashes(cli: Runner, tmp_path: Path) -> None:
    first, second = tmp_path / "a.srpack", tmp_path / "b.srpack"
    code, out, err = cli(None, "forms", "build", str(PACK_2023), "--out", str(first))
    assert code == 0, err
    assert "2023.1" in out and "摘要" in out
    assert cli(None, "forms", "build", str(PACK_2023), "--out", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()  # one folder, one file: the digest can be read out
    with zipfile.ZipFile(first) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["id"] == "jiyang-school-report" and manifest["version"] == "2023.1"
        assert manifest["year"] == 2023 and manifest["periods"] == ["2023", "2022-2023-2", "2023-2024-1"]
        assert manifest["authority"]["zh"] == "济南市济阳区教育和体育局"
        for name, digest in manifest["members"].items():
            assert hashlib.sha256(archive.read(name)).hexdigest() == digest
        assert "changes.yaml" in manifest["members"] and "12-staff.yaml" in manifest["members"]
    code, out, _ = cli(None, "forms", "build", str(PACK_2023), "--out", str(tmp_path / "c.srpack"), "--json")
    assert json.loads(out)["digest"] == hashlib.sha256(manifest_bytes(first)).hexdigest()


def manifest_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("manifest.json")


def test_install_list_and_which_pack_each_period_is_kept_under(
    cli: Runner, school_2022: Path, pack_2023_file: Path
) -> None:
    code, out, _ = cli(school_2022, "forms", "list", "--json")
    assert code == 0 and json.loads(out)["active"] == "2022.1"
    code, out, err = cli(school_2022, "forms", "install", str(pack_2023_file))
    assert code == 0, err
    digest = hashlib.sha256(manifest_bytes(pack_2023_file)).hexdigest()
    assert digest in out and digest[:4].upper() in out
    assert "的字段键由 full_time_teachers 改为 teachers_full_time" in out and "停用" in out and "新增填报项" in out
    assert _installed(school_2022) == ["jiyang-school-report-2022.1", "jiyang-school-report-2023.1"]
    # the window (or any command) now reports 2023 with the new pack; 2022 stays under its own
    cli(school_2022, "show", "staff", "--period", "2023")
    listing = json.loads(cli(school_2022, "forms", "list", "--json")[1])
    assert listing["active"] == "2023.1"
    assert [(p["version"], p["active"]) for p in listing["packs"]] == [("2022.1", False), ("2023.1", True)]
    assert listing["periods"]["2023"] == {"pack": "jiyang-school-report", "version": "2023.1"}
    assert listing["periods"]["2022"] == {"pack": "jiyang-school-report", "version": "2022.1"}  # recorded at start
    code, out, _ = cli(school_2022, "forms", "install", str(pack_2023_file))
    assert code == 0 and "已安装，内容相同" in out


def test_diff_says_what_changes_for_the_clerk_and_the_bureau(
    cli: Runner, school_2022: Path, pack_2023_file: Path
) -> None:
    installed_2023(cli, school_2022, pack_2023_file)
    code, out, err = cli(school_2022, "forms", "diff", "2022.1", str(pack_2023_file))
    assert code == 0, err
    clerk, bureau = out.split("区教体局须知")
    assert "填报人员须知" in clerk
    assert "“其中：专任教师数”的字段键由 full_time_teachers 改为 teachers_full_time（名称不变）" in clerk
    assert "“本年度新招聘教师数”（recruits）移至“4. 教育教学与“双减””" in clerk
    assert "“交流轮岗接收教师数”（exchange_in）停用" in clerk
    assert "新增填报项“其中：硕士及以上学历专任教师数”（teachers_master）" in clerk
    assert "去掉“主体完工”，上年的“主体完工”读作“在建”" in clerk and "新增“竣工验收”" in clerk
    assert "“学位数”新年度自动带入上年已上报的数据" in clerk
    assert "新增逻辑校验 staff.master_le_teachers" in bureau and "staff.staff_jump 有变化" in bureau
    assert "staff.teachers_jump" not in bureau  # only renamed: not a changed rule
    code, out, _ = cli(school_2022, "forms", "diff", "2022.1", str(PACK_2023), lang="en")
    assert code == 0
    assert "For the clerk" in out and "is retired: no longer asked" in out and "New error rule" in out
    document = json.loads(cli(school_2022, "forms", "diff", "2022.1", "2023.1", "--json")[1])
    kinds = {change["kind"] for change in document["changes"]}
    assert {"renamed", "moved", "retired", "added", "carry", "choice_dropped", "rule_added", "rule_changed"} <= kinds


def _repack(
    source: Path,
    target: Path,
    edit: dict[str, bytes | None],
    manifest_edit: dict[str, object] | None = None,
    keep_hashes: bool = False,
) -> Path:
    """A copy of a .srpack with members replaced (or removed); the manifest's hashes follow unless told not to."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    for name, data in edit.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
            if not keep_hashes:
                manifest["members"][name] = hashlib.sha256(data).hexdigest()
    manifest.update(manifest_edit or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for name, data in members.items():
            archive.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def _text(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def _build(cli: Runner, folder: Path, out: Path) -> Path:
    code, _out, err = cli(None, "forms", "build", str(folder), "--out", str(out))
    assert code == 0, err
    return out


@pytest.mark.parametrize("case", ["hash", "rename_onto_key", "retire_used", "other_district", "older", "same_version"])
def test_each_kind_of_bad_pack_is_refused_whole(
    case: str, cli: Runner, school_2022: Path, pack_2023_file: Path, pack_2023_folder: Path, tmp_path: Path
) -> None:
    assert cli(school_2022, "show", "profile")[0] == 0  # the first start: the shipped pack installed as any other
    before_values = _dump(school_2022)
    if case == "older":  # 2023.1 installed first: a 2022.5 after it is older
        installed_2023(cli, school_2022, pack_2023_file)
    installed = _installed(school_2022)
    active = json.loads(cli(school_2022, "forms", "list", "--json")[1])["active"]
    staff = pack_2023_folder / "12-staff.yaml"
    if case == "hash":
        text = _text(pack_2023_file, "12-staff.yaml").replace("max: 3000", "max: 30000", 1)
        bad = _repack(pack_2023_file, tmp_path / "bad.srpack", {"12-staff.yaml": text.encode()}, keep_hashes=True)
        expected = "成员“12-staff.yaml”的 SHA-256 与清单不符"
    elif case == "rename_onto_key":  # 交流轮岗接收 "renamed" onto 参加培训, a field 2022 kept: both would mix
        changes = pack_2023_folder / "changes.yaml"
        changes.write_text(
            changes.read_text(encoding="utf-8")
            .replace("retired: [exchange_in]", "retired: []")
            .replace(
                "renamed: {full_time_teachers: teachers_full_time}",
                "renamed: {full_time_teachers: teachers_full_time, exchange_in: trained}",
            ),
            encoding="utf-8",
        )
        bad = tmp_path / "bad.srpack"
        bad.write_bytes(_zip_folder(pack_2023_folder))
        expected = "上一版已有同名字段“staff.trained”"
    elif case == "retire_used":  # 交流轮岗派出 retired and taken off the form, but a rule still checks it
        changes = pack_2023_folder / "changes.yaml"
        changes.write_text(
            changes.read_text(encoding="utf-8").replace(
                "retired: [exchange_in]", "retired: [exchange_in, exchange_out]"
            ),
            encoding="utf-8",
        )
        staff.write_text(_without_field(staff.read_text(encoding="utf-8"), "exchange_out"), encoding="utf-8")
        bad = tmp_path / "bad.srpack"
        bad.write_bytes(_zip_folder(pack_2023_folder))
        expected = "“staff.exchange_out”声明停用，但规则“staff.exchange_out_le_teachers”仍使用它"
    elif case == "other_district":
        pack_yaml = pack_2023_folder / "pack.yaml"
        pack_yaml.write_text(
            pack_yaml.read_text(encoding="utf-8")
            .replace("id: jiyang-school-report", "id: shanghe-school-report")
            .replace("济南市济阳区教育和体育局", "济南市商河县教育和体育局"),
            encoding="utf-8",
        )
        (pack_2023_folder / "changes.yaml").unlink()
        bad = _build(cli, pack_2023_folder, tmp_path / "bad.srpack")
        expected = "此表单包属于“济南市商河县教育和体育局”（shanghe-school-report）"
    elif case == "older":
        pack_yaml = pack_2023_folder / "pack.yaml"
        pack_yaml.write_text(
            pack_yaml.read_text(encoding="utf-8").replace('version: "2023.1"', 'version: "2022.5"'), encoding="utf-8"
        )
        bad = _build(cli, pack_2023_folder, tmp_path / "bad.srpack")
        expected = "版本 2022.5 比已安装的 2023.1 旧"
    else:  # the shipped version number with other content
        pack_yaml = pack_2023_folder / "pack.yaml"
        pack_yaml.write_text(
            pack_yaml.read_text(encoding="utf-8").replace('version: "2023.1"', 'version: "2022.1"'), encoding="utf-8"
        )
        (pack_2023_folder / "changes.yaml").unlink()
        bad = _build(cli, pack_2023_folder, tmp_path / "bad.srpack")
        expected = "已安装的 2022.1 与此文件内容不同"
    code, out, err = cli(school_2022, "forms", "install", str(bad))
    assert code == 1, out
    assert expected in err, err
    assert "Traceback" not in err
    assert _installed(school_2022) == installed  # nothing installed half (no temporary folder left either)
    assert json.loads(cli(school_2022, "forms", "list", "--json")[1])["active"] == active
    assert _dump(school_2022) == before_values
    code, _out, err = cli(school_2022, "forms", "install", str(bad), lang="en")
    assert code == 1 and err.startswith("Error: ")


def _without_field(text: str, key: str) -> str:
    import re

    start = text.index(f"  - key: {key}\n")
    match = re.compile(r"^(  - |\S)", re.M).search(text, start + 4)
    return text[:start] + text[match.start() if match else len(text) :]


def _zip_folder(folder: Path) -> bytes:
    """A pack file made by hand (not through `forms build`, which would refuse the same mistake)."""
    members = {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}
    manifest = {
        "format": "school-report.pack/1",
        "id": "jiyang-school-report",
        "version": "2023.1",
        "year": 2023,
        "periods": ["2023", "2022-2023-2", "2023-2024-1"],
        "title": {"zh": "济阳区学校工作报送", "en": ""},
        "authority": {"zh": "济南市济阳区教育和体育局", "en": ""},
        "members": {n: hashlib.sha256(d).hexdigest() for n, d in members.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_build_refuses_a_pack_whose_declarations_do_not_hold(
    cli: Runner, pack_2023_folder: Path, tmp_path: Path
) -> None:
    changes = pack_2023_folder / "changes.yaml"
    changes.write_text(
        changes.read_text(encoding="utf-8").replace("retired: [exchange_in]", "retired: []"), encoding="utf-8"
    )
    code, _out, err = cli(None, "forms", "build", str(pack_2023_folder), "--out", str(tmp_path / "x.srpack"))
    assert code == 1
    assert "上一版的字段“staff.exchange_in”在新版中不见了" in err
    assert not (tmp_path / "x.srpack").exists()


def test_a_pack_file_that_is_not_one_is_refused_with_its_reason(cli: Runner, school_2022: Path, tmp_path: Path) -> None:
    fake = tmp_path / "notice.srpack"
    fake.write_bytes(b"%PDF-1.4 not a pack")
    code, _out, err = cli(school_2022, "forms", "install", str(fake))
    assert code == 1 and "不是表单包文件" in err
    unsafe = tmp_path / "unsafe.srpack"
    with zipfile.ZipFile(unsafe, "w") as archive:
        archive.writestr("../pack.yaml", "id: x")
    code, _out, err = cli(school_2022, "forms", "install", str(unsafe))
    assert code == 1 and "名称不合规" in err
