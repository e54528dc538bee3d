"""The KPI engine's entry for other parts of the product (the PAR self-assessment's automatic criteria)."""

from datetime import date, datetime, time, timedelta
from fractions import Fraction

from cchc.core.calendar import VN_TZ
from cchc.core.kpi import Figure, Period
from cchc.dossiers.models import Dossier
from cchc.kpis.engine import counts, indicators_named
from cchc.units.models import Unit


def indicator_value(*, unit: Unit, indicator: str, start: date, end: date) -> Fraction | None:
    """The exact rate of ``indicator`` for ``unit`` over ``start``..``end`` as it stands at the end of the period.

    ``None`` means no data (không phát sinh).
    """
    (definition,) = indicators_named([indicator])
    period = Period(start, end, f"{start}..{end}")
    as_of = datetime.combine(end + timedelta(days=1), time(0), tzinfo=VN_TZ) - timedelta(microseconds=1)
    found = counts(
        dossiers=Dossier.objects.filter(unit=unit), indicators=[definition], period=period, as_of=as_of
    )
    numerator, denominator = found.get(unit.pk, {}).get(indicator, (0, None if definition.is_count else 0))
    return Figure(numerator, denominator).rate
