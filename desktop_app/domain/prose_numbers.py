"""How figures are written in Chinese official prose (the bureau's year-end report): pure functions.

- exact: Arabic digits without thousands separators, a zero fraction dropped (108.0 → 108, 2.50 → 2.5);
- about: rounded *down* to a stated precision with 余 when something was dropped (2734 at 100 → 2700余,
  23 at 10 → 20余); from 10,000 on in 万 with one decimal (a precision of at least 1,000: 12345 → 1.2万余,
  140912 at 100 → 14万余; at 10000 no decimal: 123456 → 12万余); a figure below the precision is written
  exactly (87 at 100 → 87), and so is a figure the precision divides (2700 at 100 → 2700);
- percent: a ratio times 100 with one decimal (0.834 → 83.4%);
- schools: N所学校, N所幼儿园, or N所学校(园) when kindergartens are among them (98所学校(园));
- named schools: 闻韶中学 / 甲校、乙校2所学校 / 闻韶中学等4所学校.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

KINDERGARTEN = "kindergarten"
WAN = Decimal(10000)


def _decimal(value: int | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def plain(value: int | Decimal) -> str:
    """Digits as prose writes them: no separators, no zero fraction, never an exponent."""
    number = _decimal(value)
    if number == number.to_integral_value():
        return format(number.quantize(Decimal(1)), "f")
    return format(number.normalize(), "f")


def exact(value: int | Decimal, places: int | None = None, divide: int | None = None) -> str:
    """The figure itself (divided by `divide`, e.g. 10000 for 万元; rounded half up to `places`)."""
    number = _decimal(value)
    if divide:
        number = number / divide
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return plain(number)


def about(value: int | Decimal, precision: int) -> str:
    """Rounded down to `precision` with 余 for what was dropped: 2700余, 1.2万余, 20余."""
    if precision < 1:
        raise ValueError("precision must be a positive integer")
    number = _decimal(value)
    if number < precision:
        return plain(number)
    if number >= WAN:
        precision = max(precision, 1000)  # 14100 is written 1.4万, never 14100余
    kept = (number / precision).to_integral_value(rounding=ROUND_FLOOR) * precision
    more = "余" if number > kept else ""
    if kept >= WAN:
        digits = max(0, 4 - len(str(precision)) + 1)  # 1000 → 0.1万, 10000 → 1万
        wan = (kept / WAN).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_FLOOR)
        return f"{plain(wan)}万{more}"
    return f"{plain(kept)}{more}"


def percent(ratio: Decimal) -> str:
    """83.4%: the ratio times 100, one decimal (half up)."""
    return format((ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f") + "%"


def school_noun(types: Iterable[str]) -> str:
    """学校, 幼儿园, or 学校(园) when kindergartens are among other schools."""
    kinds = set(types)
    if kinds and kinds <= {KINDERGARTEN}:
        return "幼儿园"
    return "学校(园)" if KINDERGARTEN in kinds else "学校"


def schools(count: int, types: Iterable[str]) -> str:
    """98所学校(园)."""
    return f"{count}所{school_noun(types)}"


def named_schools(names: Sequence[str], types: Iterable[str]) -> str:
    """闻韶中学 / 甲校、乙校2所学校 / 闻韶中学等4所学校 (names in the order given)."""
    kinds = list(types)
    if not names:
        return schools(0, kinds)
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}、{names[1]}{schools(2, kinds)}"
    return f"{names[0]}等{schools(len(names), kinds)}"


def names(listed: Sequence[str], shown: int = 2) -> str:
    """澄波湖学校、实验中学等 (the first `shown` names, 等 when there are more)."""
    head = "、".join(listed[:shown])
    return head + ("等" if len(listed) > shown else "")
