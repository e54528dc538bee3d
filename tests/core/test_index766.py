from decimal import Decimal
from fractions import Fraction

from cchc.core.index766 import measured_total, score


def by_code(rates):
    return {s.group.code: s for s in score(rates)}


def test_below_the_threshold_points_are_proportional_and_above_it_full():
    result = by_code(
        {
            "on_time_rate": Fraction(9, 10),
            "online_rate": Fraction(1, 4),
            "online_payment_rate": Fraction(3, 5),
            "digitised_rate": Fraction(2, 5),
        }
    )
    assert result["progress"].points == Decimal("18.00")  # 90% × 20
    assert result["online"].points == Decimal("6.00")  # 25% × 12 ÷ 50%
    assert result["online"].formula == "25.0% × 12 ÷ 50.0%"
    assert result["payment"].points == Decimal("10.00")  # 60% ≥ 50%
    assert result["digitisation"].points == Decimal("11.00")  # 40% × 22 ÷ 80%
    assert result["satisfaction"].points == Decimal("16.20")  # (100% − 10% late) × 18
    assert result["transparency"].points is None


def test_no_data_is_not_scored_and_the_total_counts_only_measured_groups():
    result = score({"on_time_rate": Fraction(1), "online_rate": None})
    codes = {s.group.code: s for s in result}
    assert codes["online"].points is None
    assert codes["online"].formula == "không phát sinh hồ sơ để tính"
    # progress 20 + satisfaction 18 measured, both full.
    assert measured_total(result) == (Decimal("38.00"), 38)
