"""Decision 766/QĐ-TTg sub-scores against hand-computed examples at, below and above each threshold."""

from decimal import Decimal
from fractions import Fraction

import pytest

from cchc.core.index766 import CRITERIA, GROUPS, group_points, measured_total, satisfaction, score


def by_code(rates):
    return {s.criterion.code: s for s in score(rates)}


def test_the_groups_and_their_sub_criteria_add_up_to_the_published_maxima():
    assert {g.code: g.maximum for g in GROUPS} == {
        "CKMB": 18,
        "TDGQ": 20,
        "CLGQ": 12,
        "TTTT": 10,
        "MDHL": 18,
        "MDSH": 22,
    }
    for group in GROUPS:
        assert sum(c.maximum for c in CRITERIA if c.group == group) == group.maximum
    assert sum(c.maximum for c in CRITERIA) == 100


@pytest.mark.parametrize(
    ("rate_name", "code", "rate", "points"),
    [
        # On time (20 points, full at 80%): 60% → 60 × 20 ÷ 80 = 15; 80% → 20; 95% → 20.
        ("on_time", "TDGQ1", Fraction(3, 5), Decimal("15.00")),
        ("on_time", "TDGQ1", Fraction(4, 5), Decimal("20.00")),
        ("on_time", "TDGQ1", Fraction(19, 20), Decimal("20.00")),
        # Full online (12 points, full at 50%): 25% → 6; 50% → 12; 70% → 12; 1/3 → 8.
        ("full_online", "CLGQ1", Fraction(1, 4), Decimal("6.00")),
        ("full_online", "CLGQ1", Fraction(1, 2), Decimal("12.00")),
        ("full_online", "CLGQ1", Fraction(7, 10), Decimal("12.00")),
        ("full_online", "CLGQ1", Fraction(1, 3), Decimal("8.00")),
        # Online payment (10 points, full at 50%): 30% → 6; 50% → 10.
        ("online_payment", "TTTT1", Fraction(3, 10), Decimal("6.00")),
        ("online_payment", "TTTT1", Fraction(1, 2), Decimal("10.00")),
        # E-result (6, full at 80%): 40% → 3; 80% → 6; digitised (4, full at 80%): 70% → 3.5; 85% → 4.
        ("e_result", "MDSH1", Fraction(2, 5), Decimal("3.00")),
        ("e_result", "MDSH1", Fraction(4, 5), Decimal("6.00")),
        ("digitised", "MDSH2", Fraction(7, 10), Decimal("3.50")),
        ("digitised", "MDSH2", Fraction(17, 20), Decimal("4.00")),
        # Satisfaction with reception and handling (6, full at 90%): 60% → 4; 90% → 6; 2/3 → 4.44.
        ("satisfaction", "MDHL3", Fraction(3, 5), Decimal("4.00")),
        ("satisfaction", "MDHL3", Fraction(9, 10), Decimal("6.00")),
        ("satisfaction", "MDHL3", Fraction(2, 3), Decimal("4.44")),
    ],
)
def test_below_the_threshold_points_are_proportional_and_from_it_full(rate_name, code, rate, points):
    assert by_code({rate_name: rate})[code].points == points


def test_the_formula_says_how_the_points_came():
    result = by_code({"full_online": Fraction(1, 4), "on_time": Fraction(9, 10)})
    assert result["CLGQ1"].formula == "25,0% × 12 ÷ 50,0%"
    assert result["TDGQ1"].formula == "90,0% ≥ 80,0% → 20"


def test_what_the_register_cannot_measure_is_not_scored_and_no_data_is_said():
    result = by_code({"on_time": Fraction(1), "full_online": None})
    assert result["CKMB1"].points is None and result["CKMB1"].formula == "chưa đo được"
    assert result["MDHL3"].formula == "chưa đo được"  # no citizen ratings given
    assert result["CLGQ1"].formula == "không phát sinh hồ sơ để tính"
    # Only on time (20) was measured.
    assert measured_total(score({"on_time": Fraction(1), "full_online": None})) == (Decimal("20.00"), 20)
    groups = group_points(score({"on_time": Fraction(1, 2)}))
    assert groups["TDGQ"] == (Decimal("12.50"), 20) and groups["CKMB"] == (None, 18)


def test_satisfaction_takes_off_the_late_share_and_the_not_satisfied_share():
    # 95% on time, 7 of 8 ratings satisfied or normal: 100% − 5% − 12.5% = 82.5%; below 90%: 82.5 × 6 ÷ 90 = 5.5.
    rate = satisfaction(on_time=Fraction(19, 20), satisfied=Fraction(7, 8))
    assert rate == Fraction(33, 40)
    assert by_code({"satisfaction": rate})["MDHL3"].points == Decimal("5.50")


def test_satisfaction_without_a_rating_is_no_data_and_never_below_zero():
    assert satisfaction(on_time=Fraction(1), satisfied=None) is None
    assert by_code({"satisfaction": None})["MDHL3"].formula == "không phát sinh hồ sơ để tính"
    assert satisfaction(on_time=Fraction(1, 2), satisfied=Fraction(1, 4)) == Fraction(0)
