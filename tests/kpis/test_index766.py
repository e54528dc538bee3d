"""The on-time rate of Decision 766 counted from the register: end of handling, pauses, two supplements, open."""

from fractions import Fraction

from cchc.core.kpi import parse_period
from cchc.dossiers.models import Dossier
from cchc.kpis.index766 import exact, rates
from cchc.public.models import Rating
from tests.kpis.test_engine import at, dossier

NOV = parse_period("2022-11")


def figures(unit):
    return rates(dossiers=Dossier.objects.all(), period=NOV, as_of=at("2022-12-31 23:59"))[unit.pk]


def test_on_time_judges_the_end_of_handling_and_the_open_dossiers_at_the_period_end(y_yen):
    lam = y_yen["13795"]
    dossier(lam, "2022-11-01 09:00", due="2022-11-04 09:00", result="2022-11-04 08:00")  # on time
    dossier(lam, "2022-11-01 09:00", due="2022-11-04 09:00", result="2022-11-07 08:00")  # late
    dossier(lam, "2022-11-01 09:00", due="2022-11-04 09:00", result="2022-11-03 08:00", supplement_count=2)
    dossier(
        lam, "2022-11-01 09:00", due="2022-11-08 09:00", state="stopped", closed_at=at("2022-11-07 10:00")
    )
    dossier(lam, "2022-11-25 09:00", due="2022-12-02 09:00")  # open on 30/11, not yet due: on time
    dossier(lam, "2022-11-20 09:00", due="2022-11-25 09:00")  # open on 30/11 and overdue: late
    dossier(lam, "2022-11-20 09:00", due="2022-11-25 09:00", state="refused")  # never counted
    dossier(lam, "2022-10-20 09:00", due="2022-10-25 09:00", result="2022-10-24 09:00")  # October's
    found = figures(lam)
    # Ended in November: on time, late, on time but asked twice (late), stopped before its appointment (on
    # time); open on 30/11: one on time, one late. 3 of 6.
    assert (found["on_time"].numerator, found["on_time"].denominator) == (3, 6)


def test_full_online_counts_level_4_dossiers_submitted_online(y_yen):
    lam = y_yen["13795"]
    dossier(lam, level=4, channel="online")
    dossier(lam, level=4)
    dossier(lam, level=3, channel="online")
    found = figures(lam)
    assert (found["full_online"].numerator, found["full_online"].denominator) == (1, 2)
    assert found["digitised"].denominator == 3


def test_satisfaction_comes_from_the_766_on_time_rate_and_the_citizens_ratings(y_yen):
    lam = y_yen["13795"]
    rated = [
        dossier(lam, "2022-11-01 09:00", due="2022-11-04 09:00", result="2022-11-04 08:00")  # on time
        for _ in range(3)
    ]
    dossier(lam, "2022-11-01 09:00", due="2022-11-04 09:00", result="2022-11-07 08:00")  # late, not rated
    for each, score in zip(rated, ["satisfied", "normal", "not_satisfied"], strict=True):
        Rating.objects.create(dossier=each, score=score, channel="page", at=at("2022-11-08 09:00"))
    found = exact(figures(lam))
    # On time 3 of 4 (late 1/4); satisfied or normal 2 of 3 rated (not satisfied 1/3): 1 − 1/4 − 1/3 = 5/12.
    assert (found["on_time"], found["rated"], found["satisfaction"]) == (
        Fraction(3, 4),
        Fraction(2, 3),
        Fraction(5, 12),
    )


def test_no_rating_leaves_satisfaction_without_data(y_yen):
    lam = y_yen["13795"]
    dossier(lam, "2022-11-01 09:00", due="2022-11-04 09:00", result="2022-11-04 08:00")
    assert exact(figures(lam))["satisfaction"] is None
