"""Validity periods: ``start``..``end``, both days inclusive, ``None`` for an open side.

A unit is a code over such a period (``cchc.units.models.Unit``); the rules live here once, in plain Python.
"""

from datetime import date


def overlap(start: date | None, end: date | None, other_start: date | None, other_end: date | None) -> bool:
    """Whether the two periods share at least one day."""
    return (start is None or other_end is None or start <= other_end) and (
        end is None or other_start is None or other_start <= end
    )


def covers(start: date | None, end: date | None, day: date) -> bool:
    """Whether ``day`` lies in the period."""
    return overlap(start, end, day, day)
