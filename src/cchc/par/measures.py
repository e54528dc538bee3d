"""The one door to the KPI engine: the rate an indicator measured for a unit over a period.

The KPI engine (``cchc.kpis``) is written apart; it is imported here, lazily, and only here, so that the PAR
app works (criteria stay "chưa có số liệu") while it is not installed, and tests replace ``measure``.
"""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction


@dataclass(frozen=True)
class Measure:
    """``available`` is false when the KPI engine is missing; ``rate`` None then, or when nothing occurred."""

    available: bool
    rate: Fraction | None = None

    @property
    def no_data(self) -> bool:
        return self.available and self.rate is None


def measure(*, unit, indicator: str, start: date, end: date) -> Measure:
    try:
        from cchc.kpis.api import indicator_value
    except ImportError:
        return Measure(available=False)
    return Measure(available=True, rate=indicator_value(unit=unit, indicator=indicator, start=start, end=end))
