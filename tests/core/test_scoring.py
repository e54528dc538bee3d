from decimal import Decimal
from fractions import Fraction

import pytest

from cchc.core.scoring import (
    Deduction,
    Manual,
    Proportional,
    RuleError,
    ScoringError,
    Tiered,
    YesNo,
    largest_losses,
    meets_commitment,
    parse_rule,
    percentage,
    rank,
    rule_problems,
    to_points,
)

FOUR = Fraction(4)


def test_it_reads_each_kind_of_rule():
    assert parse_rule("thủ công") == Manual()
    assert parse_rule("Có/Không") == YesNo()
    assert parse_rule("tỷ lệ") == Proportional(Fraction(1))
    assert parse_rule("tỉ lệ đủ 30%") == Proportional(Fraction(3, 10))
    assert parse_rule("trừ 0,5/lần") == Deduction(Fraction(1, 2))
    assert parse_rule("bậc ≥70%=1; ≥90%=2") == Tiered(
        ((Fraction(9, 10), Fraction(2)), (Fraction(7, 10), Fraction(1)))
    )


def test_it_refuses_a_rule_it_cannot_read():
    with pytest.raises(RuleError, match="không hiểu được"):
        parse_rule("chấm theo cảm nhận")
    with pytest.raises(RuleError, match="bậc 'chín mươi'"):
        parse_rule("bậc chín mươi")


def test_a_tiered_rule_gives_the_hand_computed_score_at_each_boundary():
    rule = parse_rule("bậc ≥100%=4; ≥95%=3; ≥90%=2; ≥80%=1")
    assert rule.score(Fraction(1), FOUR) == 4
    assert rule.score(Fraction(99, 100), FOUR) == 3
    assert rule.score(Fraction(95, 100), FOUR) == 3  # exactly on a threshold reaches it
    assert rule.score(Fraction(9499, 10000), FOUR) == 2
    assert rule.score(Fraction(9, 10), FOUR) == 2
    assert rule.score(Fraction(8, 10), FOUR) == 1
    assert rule.score(Fraction(7999, 10000), FOUR) == 0
    assert rule.score(Fraction(0), FOUR) == 0


def test_a_tiered_rule_at_17_of_20_dossiers_on_time():
    rule = parse_rule("bậc ≥90%=2; ≥70%=1")
    assert rule.score(Fraction(17, 20), Fraction(2)) == 1  # 85%
    assert rule.score(Fraction(18, 20), Fraction(2)) == 2  # 90%


def test_a_manual_score_must_lie_within_zero_and_the_maximum():
    assert Manual().score(Fraction(3, 2), Fraction(2)) == Fraction(3, 2)
    with pytest.raises(ScoringError, match="từ 0 đến 2"):
        Manual().score(Fraction(5, 2), Fraction(2))
    with pytest.raises(ScoringError):
        Manual().score(Fraction(-1), Fraction(2))


def test_yes_gives_the_maximum_and_no_gives_zero():
    assert YesNo().score(True, Fraction(3, 2)) == Fraction(3, 2)
    assert YesNo().score(False, Fraction(3, 2)) == 0


def test_a_proportional_rule_multiplies_the_maximum_by_the_rate():
    assert Proportional().score(Fraction(17, 20), Fraction(3)) == Fraction(51, 20)  # 2.55
    # full score from 30%: 15% gives half of 2 points, 45% is capped at 2
    assert Proportional(Fraction(3, 10)).score(Fraction(15, 100), Fraction(2)) == 1
    assert Proportional(Fraction(3, 10)).score(Fraction(45, 100), Fraction(2)) == 2


def test_a_deduction_stops_at_zero():
    rule = Deduction(Fraction(1, 2))
    assert rule.score(0, Fraction(2)) == 2
    assert rule.score(3, Fraction(2)) == Fraction(1, 2)
    assert rule.score(4, Fraction(2)) == 0
    assert rule.score(9, Fraction(2)) == 0
    with pytest.raises(ScoringError):
        rule.score(-1, Fraction(2))


def test_a_rate_outside_zero_and_one_is_refused():
    with pytest.raises(ScoringError, match="0% đến 100%"):
        Proportional().score(Fraction(11, 10), Fraction(3))


def test_a_tier_worth_more_than_the_maximum_is_a_problem():
    assert rule_problems("bậc ≥90%=3; ≥70%=1", Fraction(2)) == ["điểm bậc 3 vượt quá điểm tối đa 2"]
    assert rule_problems("bậc ≥90%=1; ≥70%=2", Fraction(2)) == [
        "ngưỡng cao hơn phải có điểm không thấp hơn ngưỡng thấp hơn"
    ]
    assert rule_problems("trừ 3/lần", Fraction(2)) == ["điểm trừ mỗi lần 3 lớn hơn điểm tối đa 2"]


def test_points_are_rounded_half_up_to_two_decimals():
    assert to_points(Fraction(2, 3) * 2) == Decimal("1.33")
    assert to_points(Fraction(1, 200)) == Decimal("0.01")
    assert to_points(Fraction(51, 20)) == Decimal("2.55")


def test_80_percent_exactly_meets_the_commitment():
    assert meets_commitment(Decimal("80.00"), Decimal(100))
    assert not meets_commitment(Decimal("79.99"), Decimal(100))
    assert percentage(Decimal("67.5"), Decimal(90)) == 75


def test_ties_share_a_rank_and_the_next_rank_skips():
    ranked = rank(
        [
            ("Lâm", Decimal("85.5")),
            ("Yên Trung", Decimal("90")),
            ("Yên Thành", Decimal("85.50")),
            ("Yên Tân", Decimal("70")),
        ]
    )
    assert [(r.key, r.rank) for r in ranked] == [
        ("Yên Trung", 1),
        ("Lâm", 2),
        ("Yên Thành", 2),
        ("Yên Tân", 4),
    ]


def test_everyone_equal_is_first():
    assert [r.rank for r in rank([("a", 5), ("b", 5), ("c", 5)])] == [1, 1, 1]


def test_the_largest_losses_come_first_and_full_scores_are_left_out():
    losses = largest_losses([("1.1", 3, 3), ("3.2.2", 4, 1), ("5.4", 4, 2), ("8.1", 12, 9)])
    assert [(loss.code, loss.lost) for loss in losses] == [("3.2.2", 3), ("8.1", 3), ("5.4", 2)]
