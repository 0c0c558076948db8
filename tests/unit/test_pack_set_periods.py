"""PackSet.declaring and period_choices: the pack a period is consolidated under, and the bureau's period list."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.loader import load_pack
from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_set import PackSet, period_choices

PACK_2023 = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "jiyang-2023"


def test_each_period_goes_to_the_version_declaring_it_newest_first(pack: FormPack) -> None:
    newer = load_pack(PACK_2023)
    both = PackSet.of(newer, [pack, newer])
    assert both.declaring("2022") is pack  # 2023.1 keeps 2022 only to compare with: 2022.1 declares it
    assert both.declaring("2023") is newer and both.declaring("1999") is None
    assert both.period("2022-2023-1").label.zh == "2022—2023学年第一学期"
    chosen = period_choices(both, ["2022", "2021", "1999"])
    assert [(c.key, c.pack.version) for c in chosen] == [
        ("2023", "2023.1"), ("2023-2024-1", "2023.1"), ("2022-2023-2", "2023.1"),
        ("2022", "2022.1"), ("2022-2023-1", "2022.1"), ("2021-2022-2", "2022.1"),
        ("2021", "2022.1"),  # a baseline year files came for; no version knows 1999: left out
    ]  # fmt: skip


def test_only_the_newer_version_installed_keeps_an_imported_earlier_year_under_it(pack: FormPack) -> None:
    newer = load_pack(PACK_2023)
    alone = PackSet.of(newer, [newer])
    assert [c.key for c in period_choices(alone)] == ["2023", "2023-2024-1", "2022-2023-2"]
    with_files = period_choices(alone, ["2022"])
    assert [(c.key, c.pack.version) for c in with_files][-1] == ("2022", "2023.1")
