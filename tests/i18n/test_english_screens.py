"""With English chosen, every screen a user clicks through speaks English, except the data (names of units,
people, procedures, criteria) and the official Vietnamese documents, which are only linked from the screens.

The check: take the page's visible text, remove the data values the test put in, and no word with a
Vietnamese-only letter (ă â đ ê ô ơ ư, a tone mark) may be left.
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from cchc.accounts.models import User
from cchc.core.lifecycle import ACTION_LABELS, STATE_LABELS
from cchc.dossiers.labels import LIFECYCLE_LABELS
from cchc.dossiers.models import Dossier, DossierEvent
from cchc.dossiers.services import dossier_hand_over
from cchc.par import services as par_services
from cchc.par.models import Campaign, Criterion, IndexSet, Score
from cchc.procedures.models import Procedure
from cchc.reports.models import Report
from cchc.reports.services import weekly_report_make
from cchc.units.models import Unit
from tests.conftest import PASSWORD
from tests.dossiers.test_lifecycle import at
from tests.dossiers.test_receive import receive
from tests.par.conftest import assessment_of, fill_and_submit
from tests.reports.test_weekly_report import seed

VIETNAMESE_ONLY = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300\u0301\u0303\u0309\u0323]")


class _Text(HTMLParser):
    """The text a user reads: text nodes outside script and style, and the placeholders of inputs."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        placeholder = dict(attrs).get("placeholder")
        if placeholder:
            self.parts.append(placeholder)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def vietnamese_left(page: str, data: list[str]) -> list[str]:
    """Words with a Vietnamese-only letter once the data values are taken out (the language menu's own
    "Tiếng Việt" included, which names the other language in itself)."""
    parser = _Text()
    parser.feed(page)
    text = unicodedata.normalize("NFC", " \n ".join(parser.parts))
    for value in sorted([*data, "Tiếng Việt"], key=len, reverse=True):
        text = text.replace(value, " ")
    words = unicodedata.normalize("NFD", text).split()
    return [unicodedata.normalize("NFC", w) for w in words if VIETNAMESE_ONLY.search(w)]


def english(client, user) -> None:
    client.login(username=user.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def stored_text() -> list[str]:
    """Every text the test's records hold (names of units, people, procedures, reports…): data, not labels."""
    texts = [
        *Unit.objects.values_list("name", flat=True),
        *Procedure.objects.values_list("name", flat=True),
        *Procedure.objects.values_list("field", flat=True),
        *User.objects.values_list("first_name", flat=True),
        *Dossier.objects.values_list("applicant_name", flat=True),
        *Dossier.objects.values_list("applicant_address", flat=True),
        *DossierEvent.objects.values_list("recipient_label", flat=True),
        *Report.objects.values_list("title", flat=True),
        *IndexSet.objects.values_list("name", flat=True),
        *Campaign.objects.values_list("name", flat=True),
        *Criterion.objects.values_list("name", flat=True),
        *Criterion.objects.values_list("rule", flat=True),
        *Criterion.objects.values_list("responsible", flat=True),
        *Criterion.objects.values_list("evidence_expected", flat=True),
        *Score.objects.values_list("explanation", flat=True),
        *Score.objects.values_list("measure_note", flat=True),
    ]
    return [t for t in texts if t]


@pytest.fixture
def lam_dossier(lam_clerk, lam_officer, y_yen, birth):
    dossier = receive(
        lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00", applicant_address="Thôn Đông"
    )
    return dossier_hand_over(
        actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at("2022-11-09 10:00")
    )


def test_it_marks_every_lifecycle_label_for_translation():
    assert set(LIFECYCLE_LABELS) == set(STATE_LABELS.values()) | set(ACTION_LABELS.values())


def test_a_clerk_reads_the_one_stop_shop_in_english(client, lam_clerk, lam_dossier):
    english(client, lam_clerk)
    data = stored_text()  # the receipt step's recipient, "Bộ phận Một cửa", is stored text too

    home = client.get("/dossiers/").text
    assert "One-Stop Shop — Thị trấn Lâm" in home
    assert "Receive a dossier" in home and "Due soon" in home
    assert vietnamese_left(home, data) == []

    new = client.get("/dossiers/new/").text
    assert "Applicant&#x27;s full name" in new and "Receive and compute the due date" in new
    assert vietnamese_left(new, data) == []

    page = client.get(f"/dossiers/{lam_dossier.code}/").text
    assert "Processing history" in page and "Hand-over" in page and "In progress" in page
    assert "Form 01 — Receipt and appointment slip" in page
    assert vietnamese_left(page, data) == []

    book = client.get("/dossiers/book/?from=2022-11-01&to=2022-11-30").text
    assert "Dossier tracking book (Form 06)" in book
    assert vietnamese_left(book, data) == []


def test_the_printed_forms_and_the_tracking_book_stay_vietnamese(client, lam_clerk, lam_dossier):
    english(client, lam_clerk)
    form = client.get(f"/dossiers/{lam_dossier.code}/forms/mau05/").text
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ" in form
    assert "Chuyển xử lý" in form and "Hand-over" not in form


def test_a_district_leader_reads_the_dashboard_and_the_reports_in_english(client, leader, y_yen):
    seed(y_yen)
    report = weekly_report_make(actor=None, report_date=date(2022, 11, 11))
    english(client, leader)

    board = client.get("/dashboard/", {"period": "2022-11", "as_of": "2022-11-30T23:59"}).text
    assert "Indicator dashboard — 01/11/2022 – 30/11/2022" in board
    assert "Online payment" in board and "Overdue dossiers still open" in board
    assert vietnamese_left(board, stored_text()) == []

    drill = client.get(
        "/dashboard/drill/",
        {
            "period": "2022-11",
            "as_of": "2022-11-30T23:59",
            "unit": "13798",
            "indicator": "online_payment_rate",
        },
    ).text
    assert (
        "Online payment rate" in drill and "Dossiers not paid online (among the dossiers with fees)" in drill
    )
    assert vietnamese_left(drill, stored_text()) == []

    reports = client.get("/dashboard/reports/").text
    assert "Reports made" in reports and "Changed figures" in reports
    assert vietnamese_left(reports, stored_text()) == []

    revisions = client.get(f"/dashboard/reports/{report.pk}/revisions/").text
    assert "No figure has changed" in revisions
    assert vietnamese_left(revisions, stored_text()) == []

    trends = client.get("/dashboard/trends/", {"period": "2022-11"}, headers={"hx-request": "true"}).text
    assert "E-result" in trends


def test_the_dashboard_keeps_one_cached_board_per_language(client, leader, y_yen):
    query = {"period": "2022-11", "as_of": "2022-11-30T23:59"}
    client.login(username=leader.username, password=PASSWORD)
    assert "Bảng theo dõi chỉ tiêu" in client.get("/dashboard/", query).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Online pay<" in client.get("/dashboard/", query).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert "Thanh toán TT<" in client.get("/dashboard/", query).text


def test_a_report_compiler_reads_the_import_screens_in_english(client, compiler, lam_dossier):
    english(client, compiler)

    home = client.get("/imports/").text
    assert "Import dossiers from the provincial portal" in home and "Import history" in home
    # The help names the columns as the portal's file heads them, in Vietnamese.
    assert vietnamese_left(home, [*stored_text(), "Mã hồ sơ", "Đơn vị tiếp nhận", "Ngày tiếp nhận"]) == []

    page = client.get(
        "/imports/reconciliation/", {"unit": "13795", "from": "2022-11-01", "to": "2022-11-30"}
    ).text
    assert "In the register, not yet on the portal (1)" in page
    assert vietnamese_left(page, stored_text()) == []


def test_a_par_appraiser_reads_the_par_index_in_english(client, campaign, lam_clerk, appraiser, on_time):
    lam = assessment_of(campaign, "13795")
    fill_and_submit(lam_clerk, lam, plan=True, reports=Decimal(25))
    english(client, appraiser)

    home = client.get("/par/").text
    assert "Public administration reform (PAR) index" in home and "Awaiting appraisal" in home
    assert vietnamese_left(home, stored_text()) == []

    ranking = client.get(f"/par/campaigns/{campaign.pk}/").text
    assert "Self-assessment progress" in ranking and "Submitted for appraisal" in ranking
    assert vietnamese_left(ranking, stored_text()) == []

    sheet = client.get(f"/par/assessments/{lam.pk}/").text
    assert (
        "Score sheet" in sheet and "Complete the appraisal" in sheet and "Commitment: at least 80%" in sheet
    )
    assert vietnamese_left(sheet, stored_text()) == []

    for code, scoring in [
        ("1.1", "Yes: the maximum; No: 0 points"),
        ("2.1", "By rate tiers — from 90%: 40 points"),
    ]:
        page = client.get(f"/par/assessments/{lam.pk}/criteria/{code}/").text
        assert "Criterion " + code in page and scoring in page and "Record the appraisal" in page
        assert vietnamese_left(page, stored_text()) == []

    sets = client.get("/par/sets/").text
    assert "PAR index sets" in sets
    assert vietnamese_left(sets, stored_text()) == []


def test_a_commune_clerk_scores_a_criterion_in_english(client, campaign, lam_clerk):
    lam = assessment_of(campaign, "13795")
    english(client, lam_clerk)

    page = client.get(f"/par/assessments/{lam.pk}/criteria/1.2/").text
    assert "Self-assessed score" in page and "Save the score" in page and "Evidence" in page
    assert vietnamese_left(page, stored_text()) == []

    saved = client.post(
        f"/par/assessments/{lam.pk}/criteria/1.2/", {"value": "20", "explanation": ""}, follow=True
    )
    assert "Score of criterion 1.2 saved." in saved.text


def test_a_rule_message_stays_one_vietnamese_sentence_in_english(campaign, lam_head):
    assessment = assessment_of(campaign, "13795")
    assessment.status = "submitted"
    assessment.save(update_fields=["status"])
    with translation.override("en"), pytest.raises(par_services.ParError) as refused:
        par_services.assessment_submit(user=lam_head, assessment=assessment)

    assert "“Đã gửi thẩm định”" in str(refused.value)


def test_the_trend_charts_and_the_period_picker_speak_english(client, leader, lam_dossier):
    call_command("load-targets", "notice-2022")
    english(client, leader)
    query = {"period": "2022-11", "as_of": "2022-11-30T23:59", "kind": "commune"}

    charts = client.get("/dashboard/trends/", query, headers={"HX-Request": "true"}).text
    page = client.get("/dashboard/", query).text

    assert "<title>target 85</title>" in charts and "chỉ tiêu" not in charts
    assert "tuần" not in charts
    assert ">Last report week</option>" in page and ">Date range…</option>" in page
