"""A generated district of 98 schools, exported by the school side's workbook writer and imported by the
bureau, for looking at the district's figures by eye: `python -m tests.bureau.make_district OUT_DIR`.

Some schools leave parts of ratios blank or miss a target, as real schools do:
- every 9th school (index 4, 13, …) gives 志愿服务下沉人次 but no 志愿服务时长;
- every 7th school (index 3, 10, …) leaves 普通话达标教师数 blank;
- every 8th school (index 5, 13, …) leaves 卫生专业技术人员实配数 blank;
- every 10th school (index 7, 17, …) has no daily PE lesson;
- senior, complete-middle, vocational and special schools run after-school service for 30% of students;
and, where the pack keeps earlier periods (baseline_periods), the schools also send 2022—2023学年第一学期
and 2021年度; all but every 6th send 2021—2022学年第一学期 (the guards' baseline); every 11th employs a
guard over 60. Writes OUT_DIR/totals.txt, totals.json, targets.txt, quality.txt and the year-end report's
draft as 总结草稿.docx and 总结草稿.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from desktop_app.domain.loader import load_pack
from tests.bureau.helpers import generate, school_submission, write_workbook


def _blanks(index: int, values: dict) -> None:  # type: ignore[type-arg]
    if index % 9 == 4:
        values["party"].pop("volunteer_hours", None)
    if index % 7 == 3:
        values["language"].pop("putonghua_teachers", None)
    if index % 8 == 5 and "health" in values:
        values["health"].pop("health_staff", None)
    if index % 10 == 7 and "daily_pe" in values.get("health", {}):
        values["health"]["daily_pe"] = False
    if values["profile"]["school_type"] in ("senior", "complete_middle", "vocational", "special"):
        values["teaching"]["after_school_students"] = values["teaching"]["students"] * 3 // 10


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files = out / "files"
    files.mkdir(exist_ok=True)
    pack = load_pack()
    earlier = [spec.key for spec in getattr(pack, "baseline_periods", ())]
    schools = generate(pack, 98, seed=7)
    book = openpyxl.Workbook()
    book.active.append(["学校标识码", "学校名称", "办学类型", "镇街", "联系人", "联系电话"])
    for index, school in enumerate(schools):
        p = school.profile
        book.active.append([p["school_code"], p["school_name"], p["school_type"], p["town"], p.get("preparer", ""),
                            p.get("phone", "")])  # fmt: skip
        periods = ["2022"] + (["2022-2023-1", "2021"] if earlier else [])
        if earlier and index % 6 != 0:
            periods.append("2021-2022-1")
        for period in periods:
            submission = school_submission(pack, school, period)
            if period == "2022":
                _blanks(index, submission.values)
            if period == "2022-2023-1" and index % 11 == 0:
                safety = submission.values["safety"]
                safety.update(guards_over_60=1, guards_total=safety["guards_total"] + 1)
            write_workbook(pack, submission, files, f"{submission.school_code}_{period}.xlsx")
    book.save(out / "名单.xlsx")
    db = str(out / "bureau.sqlite3")

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "desktop_app", "--db", db, *args], capture_output=True,
                              text=True, check=False)  # fmt: skip
        return done.stdout if done.returncode == 0 else ""

    print(run("bureau", "register", "import", str(out / "名单.xlsx")).strip())
    print(run("bureau", "import", str(files)).strip().splitlines()[-1])
    (out / "totals.txt").write_text(run("bureau", "totals"), encoding="utf-8")
    (out / "totals.json").write_text(run("bureau", "totals", "--json"), encoding="utf-8")
    (out / "targets.txt").write_text(run("bureau", "targets"), encoding="utf-8")
    (out / "quality.txt").write_text(run("bureau", "quality"), encoding="utf-8")
    print(run("bureau", "report", "--out", str(out / "总结草稿.docx")).strip())
    run("bureau", "report", "--out", str(out / "总结草稿.md"))
    print("written", out)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
