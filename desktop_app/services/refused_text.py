"""Text the service refused, remembered for the session (never stored): what the clerk typed is still in
the field, so it counts as an error until something the service accepts replaces it.

Keyed by report and place (field, or a table cell by its row's stable id, so moving rows keeps it and
removing the row drops it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain.text import Text
from desktop_app.storage.store import ReportKey


@dataclass(frozen=True, slots=True)
class Place:
    report: ReportKey
    field: str
    row: str | None = None  # a table row's stable id
    column: str | None = None


class RefusedText:
    def __init__(self) -> None:
        self._held: dict[Place, tuple[str, Text]] = {}

    def hold(self, place: Place, text: str, message: Text) -> None:
        self._held[place] = (text, message)

    def release(self, place: Place) -> bool:
        return self._held.pop(place, None) is not None

    def release_reports(self, reports: Iterable[ReportKey]) -> set[ReportKey]:
        """Forget the refused text of these reports (undo / redo show what the store holds)."""
        wanted = set(reports)
        gone = {place for place in self._held if place.report in wanted}
        for place in gone:
            del self._held[place]
        return {place.report for place in gone}

    def of(self, report: ReportKey) -> list[tuple[Place, str, Text]]:
        return [(place, text, message) for place, (text, message) in self._held.items() if place.report == report]

    def reports(self) -> set[ReportKey]:
        return {place.report for place in self._held}
