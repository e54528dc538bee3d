import html
import io
import re
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from cchc.par.models import Status
from tests.conftest import PASSWORD
from tests.kpis.test_engine import dossier
from tests.par.conftest import assessment_of, fill_and_submit, score_of


def login(client, username: str):
    client.login(username=username, password=PASSWORD)
    return client


def test_a_commune_user_sees_his_assessment_and_gets_404_for_another(client, campaign, lam_clerk):
    login(client, "huong")
    lam, trung = assessment_of(campaign, "13795"), assessment_of(campaign, "13798")
    response = client.get(f"/par/assessments/{lam.pk}/")
    assert response.status_code == 200
    assert "Thị trấn Lâm — Chỉ số CCHC năm 2022" in response.text
    assert client.get(f"/par/assessments/{trung.pk}/").status_code == 404
    assert client.get(f"/par/assessments/{trung.pk}/criteria/1.1/").status_code == 404
    assert client.get(f"/par/assessments/{trung.pk}/export.docx").status_code == 404
    assert client.get(f"/par/campaigns/{campaign.pk}/").status_code == 200


def test_the_home_page_lists_the_units_assessment(client, campaign, lam_clerk):
    response = login(client, "huong").get("/par/")
    assert [a.unit.code for a in response.context["assessments"]] == ["13795"]


def test_a_score_is_entered_with_a_decimal_comma(client, campaign, lam_clerk):
    lam = assessment_of(campaign, "13795")
    response = login(client, "huong").post(
        f"/par/assessments/{lam.pk}/criteria/1.2/", {"value": "27,5", "explanation": "Đủ 4 báo cáo"}
    )
    assert response.status_code == 302
    assert score_of(lam, "1.2").self_score == Decimal("27.5")


def test_a_bad_score_shows_the_reason_and_changes_nothing(client, campaign, lam_clerk):
    lam = assessment_of(campaign, "13795")
    response = login(client, "huong").post(f"/par/assessments/{lam.pk}/criteria/1.2/", {"value": "31"})
    assert response.status_code == 200
    assert "Tiêu chí 1.2: Điểm phải từ 0 đến 30." in response.text
    assert score_of(lam, "1.2").self_score is None


def test_the_leader_may_look_but_not_score(client, campaign, leader):
    lam = assessment_of(campaign, "13795")
    login(client, "hung")
    assert client.get(f"/par/assessments/{lam.pk}/criteria/1.2/").status_code == 200
    assert client.post(f"/par/assessments/{lam.pk}/criteria/1.2/", {"value": "30"}).status_code == 403
    assert score_of(lam, "1.2").self_score is None


def test_an_appraisal_change_without_reason_shows_a_message(client, campaign, lam_clerk, appraiser, on_time):
    lam = fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    response = login(client, "hoa").post(f"/par/assessments/{lam.pk}/criteria/1.2/appraise/", {"value": "20"})
    assert response.status_code == 400
    assert "phải ghi lý do khi sửa điểm tự đánh giá" in response.text


def test_the_exports_hold_the_score_sheet(client, campaign, lam_clerk, appraiser, on_time):
    from cchc.par import services

    lam = fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    services.assessment_finalize(user=appraiser, assessment=lam)
    login(client, "huong")
    docx = client.get(f"/par/assessments/{lam.pk}/export.docx")
    assert docx["Content-Disposition"] == 'attachment; filename="chi-so-cchc-2022-13795.docx"'
    document = Document(io.BytesIO(docx.content))
    assert "BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022" in "\n".join(
        p.text for p in document.paragraphs
    )
    sheet_rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert sheet_rows[-1][1:5] == ["TỔNG ĐIỂM", "100", "55", "55"]
    xlsx = load_workbook(io.BytesIO(client.get(f"/par/assessments/{lam.pk}/export.xlsx").content))
    values = [row for row in xlsx.active.iter_rows(values_only=True)]
    assert values[4][:5] == ("1", "Chỉ đạo, điều hành", 40, 35, 35)


def test_the_ranking_exports_for_the_appraiser(client, campaign, lam_clerk, appraiser, on_time):
    from cchc.par import services

    lam = fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    services.assessment_finalize(user=appraiser, assessment=lam)
    login(client, "hoa")
    page = client.get(f"/par/campaigns/{campaign.pk}/")
    assert 'data-testid="ranking-chart"' in page.text
    workbook = load_workbook(io.BytesIO(client.get(f"/par/campaigns/{campaign.pk}/ranking.xlsx").content))
    rows = [row for row in workbook.active.iter_rows(min_row=5, values_only=True)]
    assert rows[0] == (1, "Thị trấn Lâm", 55, 55, "Chưa đạt", "Đã thẩm định")
    assert client.get(f"/par/campaigns/{campaign.pk}/ranking.docx").status_code == 200


def test_reminders_show_the_self_assessment_deadline(client, campaign, lam_clerk, time_machine_2022_12_10):
    response = login(client, "huong").get("/par/")
    assert "Hạn tự đánh giá 15/12/2022: còn 5 ngày." in " ".join(response.text.split())


@pytest.fixture
def time_machine_2022_12_10():
    import time_machine

    with time_machine.travel("2022-12-10 09:00 +07:00", tick=False):
        yield


def test_the_index_set_pages_show_the_tree(client, small_set, lam_clerk):
    login(client, "huong")
    assert "Bộ chỉ số thử" in client.get("/par/sets/").text
    page = client.get(f"/par/sets/{small_set.pk}/")
    assert "bậc ≥90%=40; ≥70%=20" in page.text


def test_the_assessment_page_shows_the_status(client, campaign, lam_clerk, on_time):
    lam = fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    assert lam.status == Status.SUBMITTED
    assert "Đã gửi thẩm định" in login(client, "huong").get(f"/par/assessments/{lam.pk}/").text


def test_the_appraiser_sees_what_waits_for_appraisal_and_its_deadline(
    client, campaign, lam_clerk, appraiser, on_time, time_machine_2022_12_20
):
    fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    response = login(client, "hoa").get("/par/")
    assert [a.unit.code for a in response.context["awaiting"]] == ["13795"]
    assert "Hạn thẩm định 25/12/2022: còn 5 ngày." in " ".join(response.text.split())


@pytest.fixture
def time_machine_2022_12_20():
    import time_machine

    with time_machine.travel("2022-12-20 09:00 +07:00", tick=False):
        yield


def test_an_automatic_criterion_links_to_the_dossiers_it_was_measured_on(client, campaign, lam_clerk, y_yen):
    lam = y_yen["13795"]
    dossier(lam, "2022-03-01 09:00", result="2022-03-02 10:00", due="2022-03-04 09:00")
    late = dossier(lam, "2022-12-28 09:00", result="2022-12-31 23:30", due="2022-12-30 09:00")
    dossier(
        lam, "2022-12-30 09:00", result="2023-01-02 09:00", due="2023-01-04 09:00"
    )  # resolved after the period
    assessment = assessment_of(campaign, "13795")
    assert client.login(username=lam_clerk.username, password=PASSWORD)
    client.post(f"/par/assessments/{assessment.pk}/refresh/")

    page = client.get(f"/par/assessments/{assessment.pk}/criteria/2.1/").content.decode()
    assert "Tỷ lệ: 50%" in page
    link = html.unescape(re.search(r'href="([^"]+)" data-testid="drill-missing"', page).group(1))
    drilled = client.get(link).content.decode()

    assert re.search(r'data-testid="drill-count">(\d+)<', drilled).group(1) == "1"
    assert late.code in drilled
