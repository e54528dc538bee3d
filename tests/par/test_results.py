from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied

from cchc.accounts.models import Role
from cchc.par import selectors, services
from tests.conftest import make_user
from tests.par.conftest import assessment_of, fill_and_submit, score_of


def appraise(appraiser, assessment, changes: dict[str, Decimal]):
    for code, value in changes.items():
        services.score_appraise(
            user=appraiser, score=score_of(assessment, code), value=value, reason="Thẩm định"
        )
    return services.assessment_finalize(user=appraiser, assessment=assessment)


@pytest.fixture
def three_appraised(campaign, appraiser, lam_clerk, yen_trung_clerk, y_yen, on_time):
    """Lâm 10 + 20 + 20 + 15 = 65; Yên Trung 10 + 25 + 20 + 10 = 65; Yên Thành 0 + 30 + 40 + 12 = 82."""
    yen_thanh_clerk = make_user("nga", y_yen["13801"], Role.CLERK)
    on_time["13801"] = Fraction(19, 20)
    lam = fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    trung = fill_and_submit(yen_trung_clerk, assessment_of(campaign, "13798"), plan=True, reports=Decimal(25))
    thanh = fill_and_submit(
        yen_thanh_clerk, assessment_of(campaign, "13801"), plan=False, reports=Decimal(30)
    )
    appraise(appraiser, lam, {"1.2": Decimal(20), "3": Decimal(15)})
    appraise(appraiser, trung, {"3": Decimal(10)})
    appraise(appraiser, thanh, {"3": Decimal(12)})
    return campaign


def test_totals_per_field_and_overall_with_the_gap_to_80_percent(three_appraised):
    result = selectors.assessment_result(assessment=assessment_of(three_appraised, "13795"))
    assert [(r.criterion.code, r.final_total) for r in result.fields] == [
        ("1", Decimal(30)),
        ("2", Decimal(20)),
        ("3", Decimal(15)),
    ]
    assert (result.self_total, result.total, result.maximum) == (Decimal(55), Decimal(65), Decimal(100))
    assert result.percent == 65
    assert not result.meets
    assert result.gap == Decimal(15)
    assert [(r.criterion.code, r.lost) for r in result.losses] == [("2.1", 20), ("1.2", 10), ("3", 5)]


def test_ranking_with_ties_shares_a_rank(three_appraised, appraiser):
    small_set = three_appraised.index_sets.get()
    rows = selectors.ranking(user=appraiser, campaign=three_appraised, index_set=small_set)
    assert [(r.assessment.unit.code, r.total, r.rank, r.meets) for r in rows] == [
        ("13801", Decimal(82), 1, True),
        ("13795", Decimal(65), 2, False),
        ("13798", Decimal(65), 2, False),
    ]


def test_a_tie_in_the_par_ranking_is_broken_by_vietnamese_name(appraiser, small_set, y_yen, on_time):
    campaign = services.campaign_open(
        user=appraiser,
        name="Đánh giá chỉ số CCHC năm 2022",
        year=2022,
        index_sets=[small_set],
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        self_assessment_due=date(2022, 12, 15),
        appraisal_due=date(2022, 12, 25),
        results_published_on=date(2022, 12, 30),
        units=[y_yen["13825"], y_yen["13876"], y_yen["13879"]],
    )
    # Bình and Bằng: 10 + 25 + 20 + 10 = 65; Đồng: 10 + 25 + 20 + 15 = 70
    for code, survey in (("13825", 10), ("13876", 10), ("13879", 15)):
        clerk = make_user(f"motcua{code}", y_yen[code], Role.CLERK)
        assessment = fill_and_submit(clerk, assessment_of(campaign, code), plan=True, reports=Decimal(25))
        services.score_appraise(
            user=appraiser, score=score_of(assessment, "3"), value=Decimal(survey), reason="Kết quả điều tra"
        )
        services.assessment_finalize(user=appraiser, assessment=assessment)
    rows = selectors.ranking(user=appraiser, campaign=campaign, index_set=small_set)
    assert [(r.assessment.unit.name, r.rank) for r in rows] == [
        ("Xã Yên Đồng", 1),
        ("Xã Yên Bằng", 2),
        ("Xã Yên Bình", 2),
    ]


def test_once_published_a_commune_sees_its_own_rank_but_not_the_others_rows(
    three_appraised, lam_clerk, appraiser
):
    published = services.campaign_publish(user=appraiser, campaign=three_appraised)
    small_set = published.index_sets.get()
    rows = selectors.ranking(user=lam_clerk, campaign=published, index_set=small_set)
    assert [(r.assessment.unit.code, r.rank) for r in rows] == [("13795", 2)]
    result = selectors.result_with_rank(user=lam_clerk, assessment=assessment_of(three_appraised, "13795"))
    assert (result.rank, result.ranked_count, result.rank_hidden) == (2, 3, False)


def test_before_publication_a_commune_sees_its_total_but_no_rank(three_appraised, lam_clerk, leader):
    small_set = three_appraised.index_sets.get()
    rows = selectors.ranking(user=lam_clerk, campaign=three_appraised, index_set=small_set)
    assert [(r.assessment.unit.code, r.total, r.rank) for r in rows] == [("13795", Decimal(65), None)]
    result = selectors.result_with_rank(user=lam_clerk, assessment=assessment_of(three_appraised, "13795"))
    assert (result.total, result.rank, result.rank_hidden) == (Decimal(65), None, True)
    provisional = selectors.ranking(user=leader, campaign=three_appraised, index_set=small_set)
    assert [(r.assessment.unit.code, r.rank) for r in provisional] == [
        ("13801", 1),
        ("13795", 2),
        ("13798", 2),
    ]


def test_publication_is_for_the_appraiser_once_and_needs_an_appraised_unit(
    campaign, appraiser, lam_head, on_time
):
    with pytest.raises(PermissionDenied):
        services.campaign_publish(user=lam_head, campaign=campaign)
    with pytest.raises(services.ParError, match="Chưa có đơn vị nào được thẩm định xong"):
        services.campaign_publish(user=appraiser, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.published_at is None


def test_after_publication_nothing_of_the_campaign_changes(three_appraised, appraiser, yen_trung_clerk):
    published = services.campaign_publish(user=appraiser, campaign=three_appraised)
    assert published.published_by == appraiser and published.published_at is not None
    with pytest.raises(services.ParError, match="Kết quả đã công bố lúc"):
        services.campaign_publish(user=appraiser, campaign=three_appraised)
    lam = assessment_of(three_appraised, "13795")
    with pytest.raises(services.ParError, match="đã công bố"):
        services.score_appraise(
            user=appraiser, score=score_of(lam, "3"), value=Decimal(20), reason="Sửa muộn"
        )
    with pytest.raises(services.ParError, match="đã công bố"):
        services.assessment_return(user=appraiser, assessment=lam, comment="Làm lại")
    with pytest.raises(services.ParError, match="đã công bố"):
        services.measures_refresh(user=appraiser, assessment=lam)
    assert score_of(lam, "3").appraised_score == Decimal(15)


def test_units_not_yet_appraised_are_listed_without_a_rank(campaign, appraiser, lam_clerk, on_time):
    fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    rows = selectors.ranking(user=appraiser, campaign=campaign, index_set=campaign.index_sets.get())
    assert {(r.assessment.unit.code, r.rank, r.total) for r in rows} == {
        ("13795", None, Decimal(55)),
        ("13798", None, Decimal(0)),
        ("13801", None, Decimal(0)),
    }
