"""The invented school's figures, category by category (the demo school and the bureau's generated schools).

Each builder returns one category's values for a year, at the scale of one school and consistent with
the seeds; every value passes the shipped pack's error rules.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop_app.domain.pack import FormPack
from desktop_app.domain.values import Value

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
_GIVEN = ("建国", "秀英", "志强", "海燕", "晓东", "丽娟", "文静", "春梅", "立新", "红霞", "振宇", "子涵",
          "明", "华", "伟", "芳", "静", "磊", "敏", "军")  # fmt: skip
TOWN_NAMES = {
    "370115001": "济阳街道", "370115002": "济北街道", "370115003": "崔寨街道", "370115004": "孙耿街道",
    "370115005": "回河街道", "370115006": "太平街道", "370115101": "垛石街道", "370115103": "曲堤街道",
    "370115104": "仁风镇", "370115110": "新市镇",
}  # fmt: skip
NAME_SUFFIX = {
    "kindergarten": "幼儿园", "primary": "小学", "junior": "初级中学", "nine_year": "实验学校",
    "complete_middle": "中学", "senior": "高级中学", "vocational": "职业中等专业学校", "special": "特殊教育学校",
}  # fmt: skip
# Students (or children) range, pupils per class, students per staff member.
SIZES = {
    "kindergarten": (120, 420, 30, 7), "primary": (300, 2200, 45, 17), "junior": (400, 1800, 48, 13),
    "nine_year": (600, 2600, 46, 14), "complete_middle": (1200, 3600, 50, 12),
    "senior": (1500, 4000, 50, 12), "vocational": (800, 3000, 45, 15), "special": (60, 200, 10, 3),
}  # fmt: skip


@dataclass
class SchoolSketch:
    pack: FormPack
    rng: random.Random
    school_type: str
    students: int  # in-school students, or children for a kindergarten
    staff: int
    members: int
    photos: list[str] = field(default_factory=list)  # hashes of the photos in attachments

    @property
    def kindergarten(self) -> bool:
        return self.school_type == "kindergarten"

    @property
    def teachers(self) -> int:
        return max(1, self.staff * 9 // 10)

    @property
    def classes(self) -> int:
        return max(1, -(-self.students // SIZES[self.school_type][2]))

    def n(self, low: int, high: int) -> int:
        return self.rng.randint(low, max(low, high))

    def some(self, list_key: str, at_least: int = 1) -> tuple[str, ...]:
        keys = self.pack.choice_list(list_key).keys
        chosen = set(self.rng.sample(keys, self.n(at_least, len(keys))))
        return tuple(key for key in keys if key in chosen)

    def name(self) -> str:
        return self.rng.choice(_SURNAMES) + self.rng.choice(_GIVEN)

    def day(self, year: int, first: int = 1, last: int = 12) -> date:
        return date(year, self.n(first, last), self.n(1, 28))

    def shrunk(self, factor: float) -> SchoolSketch:
        """The same school a year earlier (slightly smaller), for the comparison rules."""
        return SchoolSketch(self.pack, self.rng, self.school_type, max(1, round(self.students * factor)),
                       max(2, round(self.staff * factor)), self.members, self.photos)  # fmt: skip


def hours(value: int | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))


def yuan(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


# --- one builder per category: every input field, values that pass every rule of the pack ----------

_BRANDS = ("红烛先锋", "黄河岸边党旗红", "润心育人", "党建领航 立德树人")
_EVENTS = (
    ("lecture", "学习贯彻党的二十大精神专题讲座"), ("reading", "黄河文化主题读书会"),
    ("forum", "青年教师成长论坛"), ("report", "家庭教育专题报告会"), ("lecture", "法治教育进校园讲座"),
    ("lecture", "心理健康专题讲座"),
)  # fmt: skip
_SPEAKER_UNITS = ("区委党校", "区教体局", "区人民法院", "本校", "区妇联")


def _party(s: SchoolSketch, year: int) -> dict[str, Value]:
    times = s.n(s.members, s.members * 4)
    brand = s.rng.choice(("municipal", "district", "none"))
    return {
        "org_type": "committee" if s.members >= 50 else ("branch" if s.members >= 3 else "joint_branch"),
        "members": s.members, "honoured_members": s.n(0, min(3, s.members)),
        "renewal_due": s.rng.random() < 0.4, "renewal_date": s.day(year, 3, 11),
        "archives_regularised": s.n(5, 7), "star_rating": s.rng.choice(("five", "four", "three")),
        "center_group_study": s.n(10, 14), "theme_days": 12, "staff_study": s.n(20, 36),
        "role_model_sessions": s.n(1, 4), "party_lecture_sessions": s.n(2, 6),
        "party_affairs_sessions": s.n(1, 4), "five_integrations": s.some("five_integrations", 3),
        "brand_level": brand, "brand_name": s.rng.choice(_BRANDS),
        "volunteer_times": times, "volunteer_hours": hours(times * s.n(3, 12)),
        "studio_research": s.n(0, 2), "studio_receptions": s.n(0, 4), "studio_volunteer": s.n(0, 12),
        "talks": s.n(1, 10),
    }  # fmt: skip


def _ideology(s: SchoolSketch, year: int) -> dict[str, Value]:
    events: list[dict[str, Value]] = [
        {"held_on": s.day(year), "kind": kind, "title": title,
         "speaker": f"{s.name()}（{s.rng.choice(_SPEAKER_UNITS)}）", "filed": True}
        for kind, title in s.rng.sample(_EVENTS, s.n(2, 5))
    ]  # fmt: skip
    events.sort(key=lambda row: row["held_on"])
    found, incidents = s.n(0, 30), s.n(0, 1)
    return {
        "in_assessment": True, "events": events, "risk_checks": s.n(2, 6), "risks_found": found,
        "risks_resolved": found, "analysis_meetings": s.n(2, 4), "opinion_incidents": incidents,
        "opinion_handled": incidents, "opinion_training": s.n(s.staff // 2, s.staff),
    }  # fmt: skip


def _integrity(s: SchoolSketch, year: int) -> dict[str, Value]:
    received, found = s.n(0, 5), s.n(0, 1)
    return {
        "debriefing_done": True, "preservice_education": s.n(2, 10), "major_matters": s.n(3, 15),
        "warning_sessions": s.n(2, 8), "pledge_meeting": True, "integrity_vice_principals": s.n(0, 1),
        "integrity_base": s.rng.random() < 0.3, "classroom_activities": s.n(2, 12),
        "feedback_received": received, "feedback_rectified": received,
        "misconduct_found": found, "misconduct_handled": found,
    }  # fmt: skip


def _teaching(s: SchoolSketch, year: int) -> dict[str, Value]:
    return {
        "students": s.students, "children": s.students, "classes": s.classes, "inclusive": True,
        "after_school_students": s.students * s.n(85, 98) // 100,
        "after_school_teachers": s.n(s.teachers // 2, s.teachers), "after_school_full": True,
        "homework_managed": True, "five_managements": s.some("five_managements", 5),
        "online_days": s.n(10, 40) if year >= 2022 else s.n(0, 10), "online_observed": s.n(50, 400),
        "psych_teachers": s.n(1, 3), "counselling": s.n(20, 200), "counselling_room": True,
        "famous_city": s.n(0, 2), "famous_district": s.n(1, 5),
        "principal_star": s.rng.choice(("four", "three", "unrated")), "play_curriculum": True,
        "kg_grade": s.rng.choice(("class1", "class2")), "group_member": True,
        "group_name": f"济阳区{s.rng.choice(('实验', '第一', '第二', '城北'))}教育集团",
    }  # fmt: skip


_MYOPIA = {"kindergarten": (3, 10), "primary": (20, 40), "special": (20, 40), "junior": (50, 70)}


def _health(s: SchoolSketch, year: int) -> dict[str, Value]:
    screened = s.students * s.n(92, 100) // 100
    low, high = _MYOPIA.get(s.school_type, (65, 85))
    required = max(1, -(-s.students // 600))
    pe_required = art_required = max(1, s.classes // 6)
    return {
        "daily_pe": True, "sports_events": s.n(2, 10), "sports_participants": s.n(s.students // 4, s.students),
        "swimming_students": s.n(0, s.students // 5), "screened": screened,
        "myopic": screened * s.n(low, high) // 100, "health_staff_required": required,
        "health_staff": s.n(-(-required * 3 // 4), required), "clinic_standard": True,
        "art_assessed": s.students * s.n(90, 100) // 100, "pe_teachers_required": pe_required,
        "pe_teachers": pe_required, "art_teachers_required": art_required, "art_teachers": art_required,
    }  # fmt: skip


def safety_values(s: SchoolSketch, guards_55_60: int) -> dict[str, Value]:
    found = s.n(2, 25)
    return {
        "inspections": s.n(4, 12), "hazards_found": found, "hazards_rectified": found,
        "guards_total": guards_55_60 + s.n(1, 3), "guards_55_60": guards_55_60, "guards_over_60": 0,
        "fire_standard": True, "drills": s.n(1, 3), "quanxiaoan": True, "has_canteen": True,
        "bulk_purchase": True, "bright_kitchen": True, "canteen_star": s.rng.choice(("five", "four", "three")),
        "school_buses": s.n(0, 4), "bus_company": True, "nat_rounds": s.n(2, 10),
    }  # fmt: skip


# Programmes by school type, with yuan per student-year (the first row covers every aided student).
_AID = {
    "kindergarten": (("living_allowance", 1000), ("social", 300)),
    "senior": (("national_grant", 2000), ("tuition_waiver", 1100), ("social", 500)),
    "complete_middle": (("national_grant", 2000), ("living_allowance", 1250), ("social", 500)),
    "vocational": (("tuition_waiver", 2000), ("national_grant", 2000), ("social", 500)),
}
_AID_DEFAULT = (("living_allowance", 1000), ("nutrition", 800), ("social", 300))
_DONORS = ("济阳区慈善总会", "济阳区红十字会", "爱心企业捐助")


def _aid(s: SchoolSketch, year: int) -> dict[str, Value]:
    identified = max(1, s.students * s.n(2, 6) // 100)
    rows: list[dict[str, Value]] = []
    for index, (programme, per_head) in enumerate(_AID.get(s.school_type, _AID_DEFAULT)):
        students = identified if index == 0 else s.n(1, identified)
        note = s.rng.choice(_DONORS) if programme == "social" else None
        rows.append({"programme": programme, "students": students,
                     "amount": yuan(students * per_head * 100 + s.n(0, 1) * 50), "note": note})  # fmt: skip
    return {"aid": rows, "identified": identified, "aided": identified}


def _facilities(s: SchoolSketch, year: int) -> dict[str, Value]:
    places = max(s.students, s.classes * SIZES[s.school_type][2]) + s.n(0, 3) * 45
    projects: list[dict[str, Value]] = [
        {"name": "综合楼改扩建工程", "kind": "expansion", "investment": yuan(s.n(30000, 300000)),
         "classes": s.n(6, 24), "status": s.rng.choice(("building", "structure_done")),
         "enrolment_on": date(year + 1, 9, 1)},
        {"name": "校舍维修工程", "kind": "repair", "investment": yuan(s.n(2000, 9000) * 10 + 5),
         "classes": None, "status": "delivered", "enrolment_on": None},
    ]  # fmt: skip
    return {"places": places, "new_places": s.n(0, places // 10), "projects": projects[: s.n(1, 2)]}


def _language(s: SchoolSketch, year: int) -> dict[str, Value]:
    return {
        "standard_reached": True, "putonghua_week": s.n(1, 5), "classics_activities": s.n(2, 10),
        "classics_participants": s.n(s.students // 2, s.students * 2), "recitation_entries": s.n(2, 30),
        "putonghua_teachers": s.teachers - s.n(0, s.teachers // 20),
    }  # fmt: skip


def _moral(s: SchoolSketch, year: int) -> dict[str, Value]:
    return {
        "moral_brand_level": s.rng.choice(("municipal", "district", "school")),
        "moral_brand_name": s.rng.choice(("黄河少年", "润心德育", "向阳花开", "小小志愿者")),
        "good_rules_entries": s.n(1, 10), "parent_committee": True, "parent_meetings": s.n(2, 6),
        "labour_sites": s.n(1, 4), "labour_hours_weekly": hours(s.rng.choice((1, 1.5, 2))),
        "study_trips": s.n(1, 4), "study_trip_participants": s.n(s.students // 3, s.students),
        "culture_activities": s.n(3, 15),
    }  # fmt: skip


def _digital(s: SchoolSketch, year: int) -> dict[str, Value]:
    return {
        "digital_campus": True, "smart_classrooms": s.n(s.classes // 3, s.classes),
        "platforms": s.some("teaching_platform"), "it_trained": s.teachers - s.n(0, s.teachers // 10),
    }  # fmt: skip


def _staff(s: SchoolSketch, year: int) -> dict[str, Value]:
    trained = s.teachers * s.n(80, 100) // 100
    provincial, municipal = s.n(0, 1), s.n(0, 3)
    found = s.n(0, 1)
    return {
        "staff_total": s.staff, "full_time_teachers": s.teachers, "recruits": s.n(0, max(1, s.staff // 15)),
        "trained": trained, "training_hours": trained * s.n(24, 72),
        "exchange_out": s.n(0, s.teachers // 20), "exchange_in": s.n(0, s.teachers // 20),
        "honoured_national": 0, "honoured_provincial": provincial, "honoured_municipal": municipal,
        "honoured_district": s.n(0, min(8, s.teachers - provincial - municipal)),
        "ethics_found": found, "ethics_handled": found,
    }  # fmt: skip


_HONOURS = (
    ("济南市文明校园", "municipal", "济南市精神文明建设委员会"),
    ("济阳区教育教学工作先进单位", "district", "济南市济阳区教育和体育局"),
    ("山东省中小学劳动教育特色学校", "provincial", "山东省教育厅"),
    ("济南市平安校园", "municipal", "济南市教育局"),
    ("济阳区语言文字规范化示范校", "district", "济阳区语言文字工作委员会"),
)
_CAPTIONS = ("学校开展“我来讲党课”活动", "课后服务社团成果展示", "秋季运动会开幕式", "“行走黄河 品鉴济南”研学实践")


def _honours(s: SchoolSketch, year: int) -> dict[str, Value]:
    honours = [
        {"title": title, "level": level, "awarded_on": s.day(year), "body": body, "photo": None}
        for title, level, body in s.rng.sample(_HONOURS, s.n(2, 4))
    ]
    # The first photo is a certificate (the honours table); the others show activities.
    honours[0]["photo"] = s.photos[0] if s.photos else None
    activity = s.photos[1:]
    captions = s.rng.sample(_CAPTIONS, len(activity))
    return {
        "honours": honours,
        "highlights": (
            f"{year}年，学校坚持党建引领，深化“五融入”，落实“双减”和“五项管理”，"
            "课后服务实现全覆盖；开展“行走黄河 品鉴济南”研学实践和中华经典诵读活动，"
            "校园安全实现闭环管控，全年未发生安全责任事故。"
        ),
        "photos": [{"photo": h, "caption": c} for h, c in zip(activity, captions, strict=True)],
    }


ANNUAL_BUILDERS = {
    "party": _party, "ideology": _ideology, "integrity": _integrity, "teaching": _teaching,
    "health": _health, "aid": _aid, "facilities": _facilities, "language": _language, "moral": _moral,
    "digital": _digital, "staff": _staff, "honours": _honours,
}  # fmt: skip


# --- assembling a school -----------------------------------------------------------------------------
