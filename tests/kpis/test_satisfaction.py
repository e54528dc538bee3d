"""Citizens' satisfaction: satisfied and normal among rated, and rated among returned, by the result's date."""

from fractions import Fraction

from cchc.accounts.scoping import system_user
from cchc.kpis.engine import compute
from cchc.public.models import Rating
from tests.kpis.test_engine import END_OF_NOV, NOV, at, dossier

CODES = ["satisfaction_rate", "rating_coverage_rate"]


def returned(unit, result="2022-11-14 10:00", **facts):
    return dossier(unit, result=result, returned_at=at(result), **facts)


def rated(unit, score, result="2022-11-14 10:00"):
    each = returned(unit, result=result)
    Rating.objects.create(dossier=each, score=score, channel="page", at=at("2022-12-01 08:00"))
    return each


def figures(unit):
    rows = compute(user=system_user(), period=NOV, as_of=END_OF_NOV, unit=unit, indicator_codes=CODES)
    return {
        row.indicator.code: (row.figure.numerator, row.figure.denominator, row.figure.rate) for row in rows
    }


def test_satisfied_and_normal_count_as_satisfied_among_the_rated(y_yen):
    lam = y_yen["13795"]
    rated(lam, "satisfied")
    rated(lam, "normal")
    rated(lam, "not_satisfied")
    returned(lam)  # returned, not rated
    dossier(lam, result="2022-11-15 09:00", state="result_ready")  # result ready, not yet returned
    # rated 3, of which 2 satisfied or normal; returned 4, of which 3 rated.
    assert figures(lam) == {
        "satisfaction_rate": (2, 3, Fraction(2, 3)),
        "rating_coverage_rate": (3, 4, Fraction(3, 4)),
    }


def test_no_rating_is_no_data_not_zero(y_yen):
    lam = y_yen["13795"]
    returned(lam)
    returned(lam)
    assert figures(lam) == {
        "satisfaction_rate": (0, 0, None),  # không phát sinh
        "rating_coverage_rate": (0, 2, Fraction(0)),
    }


def test_a_rating_counts_in_the_month_of_the_result_not_of_the_rating(y_yen):
    lam = y_yen["13795"]
    rated(lam, "not_satisfied", result="2022-10-31 16:00")  # October result, rated in December
    rated(lam, "satisfied", result="2022-11-01 08:00")
    assert figures(lam) == {
        "satisfaction_rate": (1, 1, Fraction(1)),
        "rating_coverage_rate": (1, 1, Fraction(1)),
    }


def test_the_district_adds_the_units_counts(y_yen):
    rated(y_yen["13795"], "satisfied")
    rated(y_yen["13798"], "not_satisfied")
    rated(y_yen["13798"], "not_satisfied")
    returned(y_yen["13798"])
    rows = compute(user=system_user(), period=NOV, as_of=END_OF_NOV, indicator_codes=CODES)
    district = {r.indicator.code: r.figure.rate for r in rows if r.unit is None}
    # rated 3, satisfied 1; returned 4, rated 3.
    assert district == {"satisfaction_rate": Fraction(1, 3), "rating_coverage_rate": Fraction(3, 4)}
