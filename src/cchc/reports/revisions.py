"""Revisions of an archived report: its figures then, against the same report made with today's knowledge.

A report's figures are archived as issued (``Content.record``) with its two moments. Later, dossiers of the
period may be imported from the portal (received before the report's "as of", recorded after its "known at"),
or a dossier's facts may be completed (digitised, paid online, electronic result…). Making the report again at
its own "as of" with what cchc knows today then gives other figures; ``changes`` lists them cell by cell, so
that a leader sees what moved since the report went out, and why it may have.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_noop

from cchc.core.kpi import Figure
from cchc.units.selectors import unit_at

BOARDS = {
    "weekly": {"main": gettext_noop("Lũy kế tháng"), "second": gettext_noop("Tuần báo cáo")},
    "monthly": {"main": gettext_noop("Tháng báo cáo"), "second": gettext_noop("Tháng trước")},
}
DISTRICT = "*"


def unit_key(unit) -> str:
    """A unit's key in an archived record: its code, and its first day when it has one, since a code names two
    units in a week across 1/7/2025 ("13795" is Thị trấn Lâm, "13795@2025-07-01" Xã Ý Yên)."""
    return f"{unit.code}@{unit.valid_from.isoformat()}" if unit.valid_from else unit.code


def unit_of_key(key: str, *, covered: date):
    """The unit a record's key names; a key without a first day names the unit of its code on ``covered``."""
    code, _, start = key.partition("@")
    return unit_at(code, on=date.fromisoformat(start) if start else covered)


@dataclass(frozen=True)
class Change:
    board: str  # "main" or "second"
    unit_code: str  # the unit's key (``unit_key``), DISTRICT for the roll-up
    indicator: str
    then: Figure
    now: Figure


def _figure(pair) -> Figure:
    numerator, denominator = pair
    return Figure(numerator, denominator)


def changes(then: dict, now: dict) -> list[Change]:
    """Every cell whose numerator or denominator differs between two archived records (``Content.record``).

    A cell present on one side only (a unit created or closed since) is compared with no dossier at all.
    """
    found = []
    for board in sorted(then.keys() | now.keys()):
        old_units, new_units = then.get(board, {}), now.get(board, {})
        for unit in sorted(old_units.keys() | new_units.keys(), key=lambda code: (code == DISTRICT, code)):
            old_cells, new_cells = old_units.get(unit, {}), new_units.get(unit, {})
            for indicator in sorted(old_cells.keys() | new_cells.keys()):
                old = old_cells.get(indicator, [0, _empty(new_cells.get(indicator))])
                new = new_cells.get(indicator, [0, _empty(old)])
                if list(old) != list(new):
                    found.append(Change(board, unit, indicator, _figure(old), _figure(new)))
    return found


def _empty(other) -> int | None:
    """No dossier: 0 of 0 for a rate, a bare 0 for a count (whose denominator is None)."""
    return None if other is not None and other[1] is None else 0
