"""The screens of issue 17 in English: the clerk's worklists and dossier page, the field page of the PAR
index, the drill-down with its reasons."""

from decimal import Decimal

from tests.i18n.test_english_screens import english, lam_dossier, stored_text, vietnamese_left  # noqa: F401
from tests.kpis.test_engine import dossier
from tests.par.conftest import assessment_of


def test_a_clerk_reads_the_worklists_and_the_dossier_page_in_english(client, lam_clerk, lam_dossier):  # noqa: F811
    english(client, lam_clerk)

    home = client.get("/dossiers/", {"list": "all"}).text
    assert "Result ready, not returned" in home and "All dossiers" in home and "Clear filters" in home
    assert vietnamese_left(home, stored_text()) == []

    page = client.get(f"/dossiers/{lam_dossier.code}/").text
    assert "Another agency (interagency)" in page and "This cannot be undone." in page
    assert vietnamese_left(page, stored_text()) == []


def test_a_unit_scores_a_field_in_english(client, campaign, lam_clerk):
    lam = assessment_of(campaign, "13795")
    english(client, lam_clerk)

    page = client.get(f"/par/assessments/{lam.pk}/fields/1/").text
    assert "Self-assessed total" in page and "from 0 to 30 points" in page and "Yes or No" in page
    assert vietnamese_left(page, stored_text()) == []


def test_the_submission_warning_speaks_english(client, campaign, lam_clerk, on_time):
    lam = assessment_of(campaign, "13795")
    english(client, lam_clerk)
    client.post(f"/par/assessments/{lam.pk}/criteria/1.1/", {"value": "1", "explanation": ""})
    client.post(f"/par/assessments/{lam.pk}/criteria/1.2/", {"value": str(Decimal(20)), "explanation": ""})

    page = client.get(f"/par/assessments/{lam.pk}/").text
    assert "2 self-assessed criteria have no evidence (1.1, 1.2)." in page
    assert vietnamese_left(page, stored_text()) == []


def test_the_drill_down_says_why_in_english(client, leader, y_yen):
    dossier(y_yen["13798"], fee=30000)
    english(client, leader)

    page = client.get(
        "/dashboard/drill/",
        {
            "period": "2022-11",
            "as_of": "2022-11-30T23:59",
            "unit": "13798",
            "indicator": "online_payment_rate",
        },
    ).text
    assert "Why it falls short" in page and "fee 30.000 đồng, not paid online" in page
    assert vietnamese_left(page, [*stored_text(), "đồng"]) == []
