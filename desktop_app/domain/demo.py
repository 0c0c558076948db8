"""Invented (虚构) schools: the demo school the app can load, and varied schools for the bureau's tests.

Every value passes the shipped pack's rules. The demo school also passes every warning except one that
carries a 说明, so that exports show how a 说明 looks. All names carry DEMO_MARK; codes use obviously
fake sequences (conventions.md §5), with check characters computed as in GB 32100 and GB 11714.
"""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.demo_categories import (
    ANNUAL_BUILDERS,
    NAME_SUFFIX,
    SIZES,
    TOWN_NAMES,
    SchoolSketch,
    hours,
    safety_values,
)
from desktop_app.domain.evaluation import is_relevant
from desktop_app.domain.identifiers import SCHOOL_CODE_PREFIXES, uscc_check_character
from desktop_app.domain.pack import PROFILE_CATEGORY, FormPack, PeriodKind
from desktop_app.domain.values import Value, is_empty

DEMO_MARK = "虚构（演示）"

Values = dict[str, dict[str, Value]]  # category key → field key → value


@dataclass
class DemoData:
    profile: dict[str, Value]
    periods: dict[str, Values]  # period key → category key → field key → value (profile not included)
    explanations: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    attachments: dict[str, bytes] = field(default_factory=dict)  # sha256 hex → image bytes

    def period_values(self, period: str) -> Values:
        """A period's values with the profile under "profile", as validation takes them."""
        return {PROFILE_CATEGORY: dict(self.profile), **self.periods.get(period, {})}


# --- identifiers --------------------------------------------------------------------------------

_TYPE_PREFIX = {key: prefixes[-1] for key, prefixes in SCHOOL_CODE_PREFIXES.items()}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def school_code(school_type: str, sequence: int) -> str:
    """学校标识码: category prefix of the type, 37 for Shandong, a 6-digit sequence."""
    return f"{_TYPE_PREFIX[school_type]}37{sequence:06d}"


def uscc(sequence: int, private: bool = False) -> str:
    """An 18-character code of a Jiyang 事业单位 (12…) or 民办非企业单位 (52…) with valid checks."""
    body = f"{sequence:08d}"
    total = sum(_ORG_ALPHABET.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    org_check = {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))
    first17 = ("52" if private else "12") + "370115" + body + org_check
    return first17 + uscc_check_character(first17)


# --- a photo made in pure Python (no image library in the domain core) -----------------------------


def demo_png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A small PNG: a coloured field with a lighter band, enough to show where a photo goes."""
    rows = []
    for y in range(height):
        shade = colour if height // 3 < y < 2 * height // 3 else tuple(min(255, c + 60) for c in colour)
        rows.append(b"\x00" + bytes(shade) * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")
    )  # fmt: skip


# --- the school being invented ----------------------------------------------------------------------


def _profile(s: SchoolSketch, name: str, code: str, credit: str, town: str, sponsor: str) -> dict[str, Value]:
    principal = s.name()
    return {
        "school_name": name, "school_code": code, "uscc": credit, "school_type": s.school_type,
        "sponsor": sponsor, "town": town,
        "address": f"济南市济阳区{TOWN_NAMES[town]}{s.rng.choice(('育才', '文昌', '富强', '振兴'))}路{s.n(1, 99)}号",
        "postcode": "251400", "principal": principal, "party_secretary": s.name(), "head": principal,
        "statistician": s.name(), "preparer": s.name(), "phone": f"0531-8{s.n(0, 9999999):07d}",
        "email": f"school{code}@example.com",
    }  # fmt: skip


def _periods(pack: FormPack, s: SchoolSketch, guards: int, overrides: dict[str, Values],
             year_end: bool = True) -> dict[str, Values]:  # fmt: skip
    """Annual values for the pack's year and the year before, and each of the pack's semesters."""
    annual = [p.key for p in pack.periods if p.kind is PeriodKind.ANNUAL]
    semesters = [p.key for p in pack.periods if p.kind is PeriodKind.SEMESTER]
    periods: dict[str, Values] = {}
    for key in sorted({str(int(k) - 1) for k in annual} | set(annual)):
        school = s if key in annual else s.shrunk(0.95)
        periods[key] = {
            c.key: ANNUAL_BUILDERS[c.key](school, int(key))
            for c in pack.categories_for(PeriodKind.ANNUAL)
            if c.period_kind is PeriodKind.ANNUAL and c.key in ANNUAL_BUILDERS
        }
    for key in semesters:
        periods[key] = {"safety": safety_values(s, guards)}
        guards //= 2
    # The end of the year before (the guards target's baseline, for the bureau's generated schools):
    # twice the guards of the first semester, drawn from a generator of its own so that the other figures
    # stay as they were.
    first = min(semesters, default=None) if year_end else None
    for spec in pack.baseline_periods:
        if spec.kind is PeriodKind.SEMESTER and first is not None and spec.key < first:
            earlier = SchoolSketch(pack, random.Random(f"{s.school_type}{s.students}{spec.key}"), s.school_type,
                                   s.students, s.staff, s.members)  # fmt: skip
            periods[spec.key] = {"safety": safety_values(earlier, 2 * periods[first]["safety"]["guards_55_60"])}
    for key, categories in overrides.items():
        for category, values in categories.items():
            periods[key][category].update(values)
    return periods


def _finish(pack: FormPack, data: DemoData) -> DemoData:
    """Keep only the fields relevant to the school (type and visible_when), and only filled ones."""
    for period_key, categories in data.periods.items():
        values = data.period_values(period_key)
        for category_key, own in categories.items():
            category = pack.category(category_key)
            categories[category_key] = {
                f.key: own[f.key] for f in category.input_fields
                if f.key in own and not is_empty(own[f.key]) and is_relevant(pack, category, f, values)
            }  # fmt: skip
    return data


def _photos(school: SchoolSketch, attachments: dict[str, bytes], count: int) -> None:
    for index in range(count):
        colour = ((200, 160, 40), (40, 110, 170), (60, 140, 70), (180, 40, 40))[index % 4]
        image = demo_png(96, 64, colour)
        digest = hashlib.sha256(image).hexdigest()
        attachments[digest] = image
        school.photos.append(digest)


def demo_data(pack: FormPack) -> DemoData:
    """The demo school: 济南市济阳区实验小学（虚构（演示）） with every field filled for every period."""
    school = SchoolSketch(pack, random.Random(20220606), "primary", students=1260, staff=80, members=25)
    attachments: dict[str, bytes] = {}
    _photos(school, attachments, 3)
    profile = _profile(school, f"济南市济阳区实验小学（{DEMO_MARK}）", "2137000001", uscc(1), "370115002", "public")
    profile.update(phone="0531-80000001", email="demo-school@example.com")
    # Values the story of the demo relies on (seed scale: 党员25人, 下沉30人次, 服务1200小时), every
    # dependent field visible, and one warning kept on purpose so that exports show a 说明.
    overrides: dict[str, Values] = {
        "2022": {
            "party": {"members": 25, "volunteer_times": 30, "volunteer_hours": hours(1200),
                      "renewal_due": True, "renewal_date": date(2022, 6, 28), "brand_level": "municipal",
                      "brand_name": "红烛先锋"},
            "integrity": {"feedback_received": 3, "feedback_rectified": 2},
            "moral": {"moral_brand_level": "district"},
        },
        "2021-2022-2": {"safety": {"school_buses": 2}},
        "2022-2023-1": {"safety": {"school_buses": 2}},
    }  # fmt: skip
    data = DemoData(
        profile=profile,
        periods=_periods(pack, school, guards=2, overrides=overrides, year_end=False),
        explanations={"2022": {"integrity": {"integrity.all_rectified": (
            "区教体局督查反馈的3条意见中，“校舍外墙瓷砖脱落”一项需列入2023年维修项目，"
            "已采取围挡等临时措施，计划2023年暑假完成整改。"
        )}}},
        attachments=attachments,
    )  # fmt: skip
    return _finish(pack, data)


def generate_school(pack: FormPack, index: int, rng: random.Random, school_type: str | None = None) -> DemoData:
    """An invented school for tests and benchmarks: varied type, town and size; passes every error rule."""
    types = pack.choice_list("school_type").keys
    kind = school_type or types[index % len(types)]
    low, high, _, per_staff = SIZES[kind]
    students = rng.randint(low, high)
    staff = max(4, students // per_staff + rng.randint(0, 6))
    school = SchoolSketch(pack, rng, kind, students, staff, members=max(1, staff * rng.randint(20, 45) // 100))
    attachments: dict[str, bytes] = {}
    _photos(school, attachments, rng.randint(0, 3))
    town = pack.choice_list("town").keys[index % len(pack.choice_list("town").keys)]
    private = kind == "kindergarten" and rng.random() < 0.3
    sequence = 100001 + index % 899999  # obviously invented; never the demo school's 000001
    name = f"济阳区{TOWN_NAMES[town]}第{index + 1}{NAME_SUFFIX[kind]}（{DEMO_MARK}）"
    profile = _profile(school, name, school_code(kind, sequence), uscc(sequence, private), town,
                       "private" if private else "public")  # fmt: skip
    data = DemoData(profile, _periods(pack, school, rng.randint(0, 3), {}), {}, attachments)
    return _finish(pack, data)
