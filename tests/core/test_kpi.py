from datetime import date
from decimal import Decimal

import pytest

from cchc.core.kpi import Figure, PeriodError, Target, gap_points, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("2022-Q4", date(2022, 10, 1), date(2022, 12, 31)),
        ("2022-11", date(2022, 11, 1), date(2022, 11, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2022-W45", date(2022, 11, 7), date(2022, 11, 13)),
        ("2022-11-09", date(2022, 11, 9), date(2022, 11, 9)),
        ("2022-11-01..2022-11-15", date(2022, 11, 1), date(2022, 11, 15)),
        ("mtd:2022-11-11", date(2022, 11, 1), date(2022, 11, 11)),
        # Friday 11/11/2022 lies in the report week Fri 11/11 – Thu 17/11; Thu 10/11 in Fri 4/11 – Thu 10/11.
        ("rw:2022-11-11", date(2022, 11, 11), date(2022, 11, 17)),
        ("rw:2022-11-10", date(2022, 11, 4), date(2022, 11, 10)),
    ],
)
def test_periods(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2022-13", "2022-02-30", "2022-11-15..2022-11-01", "week 45", ""])
def test_a_bad_period_is_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_rates_round_half_up_to_one_decimal_only_when_shown():
    figure = Figure(1, 3)
    assert figure.value == Decimal("33.3")
    assert Figure(2, 3).value == Decimal("66.7")
    assert Figure(1, 8).value == Decimal("12.5")
    assert Figure(1, 8).shown() == "12,5%"
    assert Figure(0, 0).shown() == "không phát sinh"


def test_a_target_compares_the_exact_rate_not_the_rounded_one():
    # 849/1000 = 84.9%; 8499/10000 shows as 85.0% but is below 85.
    target = Target("online_rate", ">=", Decimal(85))
    assert target.met(Figure(85, 100)) is True
    assert Figure(8499, 10000).value == Decimal("85.0")
    assert target.met(Figure(8499, 10000)) is False
    assert target.met(Figure(0, 0)) is None


def test_a_count_target_and_the_gap():
    assert Target("overdue_open", "<=", Decimal(0)).met(Figure(0, None)) is True
    assert Target("overdue_open", "<=", Decimal(0)).met(Figure(2, None)) is False
    assert gap_points(Figure(60, 100), Target("online_rate", ">=", Decimal(85))) == Decimal("25.0")
    assert gap_points(Figure(90, 100), Target("online_rate", ">=", Decimal(85))) == Decimal("0.0")
