"""Ý Yên of 2022 and Ninh Bình of 2026 in one database: history stays as it was, today is as it is."""

import json
from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from cchc.accounts.models import Role
from cchc.core.calendar import VN_TZ
from cchc.dossiers.services import dossier_receive
from cchc.reports.services import monthly_report_make, report_revisions, weekly_content, weekly_report_make
from tests.conftest import PASSWORD, make_user
from tests.imports.conftest import run_import
from tests.imports.files import row, xlsx_file
from tests.kpis.test_engine import dossier

TODAY = datetime(2026, 12, 2, 9, 0, tzinfo=VN_TZ)


def receive(clerk, unit, procedure, when: datetime):
    return dossier_receive(
        actor=clerk, unit=unit, procedure=procedure, received_at=when, applicant_name="Nguyễn Văn An"
    )


def kpi(period: str) -> list[dict]:
    out = StringIO()
    call_command("kpi", "--period", period, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def lam_dossier(lam_clerk, y_yen, birth):
    return receive(lam_clerk, y_yen["13795"], birth, datetime(2022, 11, 9, 9, 0, tzinfo=VN_TZ))


def test_a_2022_dossier_of_thi_tran_lam_still_reads_thi_tran_lam_under_huyen_y_yen(client, lam_dossier):
    call_command("load-units", "ninh-binh-2025")
    call_command("load-units", "y-yen-2022")
    lam_dossier.refresh_from_db()
    client.login(username="huong", password=PASSWORD)

    assert (lam_dossier.unit.name, lam_dossier.unit.parent.name) == ("Thị trấn Lâm", "Huyện Ý Yên")
    receipt = client.get(f"/dossiers/{lam_dossier.code}/forms/mau01/").text
    assert "UBND HUYỆN Ý YÊN" in receipt and "UBND THỊ TRẤN LÂM" in receipt
    assert "XÃ Ý YÊN" not in receipt.upper()


def test_cchc_kpi_lists_13795_as_thi_tran_lam_in_2022_and_as_xa_y_yen_among_129_in_2026(ninh_binh):
    november_2022 = {r["unit_code"]: r["unit_name"] for r in kpi("2022-11")}
    november_2026 = {r["unit_code"]: r["unit_name"] for r in kpi("2026-11")}

    assert november_2022["13795"] == "Thị trấn Lâm"
    assert len(november_2022) == 31 + 12 + 1  # communes, offices, the district roll-up
    assert november_2026["13795"] == "Xã Ý Yên"
    assert november_2026.pop("37") == "Tỉnh Ninh Bình (tổng hợp)"
    assert len(november_2026) == 129


class Undone(Exception):
    pass


def test_a_2022_export_imported_after_the_2025_load_gives_the_figures_of_before_it(tmp_path, y_yen, birth):
    rows = [
        row("YT-0001", unit="Thị trấn Lâm", channel="Trực tuyến"),
        row("YT-0002", unit="13795", channel="Trực tiếp"),
        row("YT-0003", unit="UBND xã Yên Trung", channel="Trực tuyến"),
    ]
    export = xlsx_file(tmp_path / "thang11.xlsx", rows)
    with pytest.raises(Undone), transaction.atomic():
        run_import(export)
        before = kpi("2022-11")
        raise Undone

    call_command("load-units", "ninh-binh-2025")
    assert "thêm 3" in run_import(export).out

    after = kpi("2022-11")
    assert after == before
    lam = next(r for r in after if r["unit_code"] == "13795" and r["indicator"] == "online_rate")
    assert (lam["unit_name"], lam["numerator"], lam["denominator"]) == ("Thị trấn Lâm", 1, 2)


@time_machine.travel(TODAY, tick=False)
def test_a_registration_for_thi_tran_lam_today_is_refused_naming_xa_y_yen(lam_clerk, ninh_binh, y_yen, birth):
    with pytest.raises(ValidationError) as refused:
        receive(lam_clerk, y_yen["13795"], birth, TODAY)

    assert refused.value.message_dict["received_at"] == [
        "Thị trấn Lâm đã kết thúc hoạt động từ 01/07/2025; đơn vị kế thừa: Xã Ý Yên."
    ]


@time_machine.travel(TODAY, tick=False)
def test_a_registration_for_thi_tran_lam_dated_2022_is_accepted(lam_clerk, ninh_binh, y_yen, birth):
    dossier = receive(lam_clerk, y_yen["13795"], birth, datetime(2022, 11, 9, 9, 0, tzinfo=VN_TZ))

    assert dossier.unit.name == "Thị trấn Lâm"


@time_machine.travel(TODAY, tick=False)
def test_xa_y_yen_receives_today_and_not_before_1_july_2025(ninh_binh, birth):
    clerk = make_user("yyen.motcua", ninh_binh["13795"], Role.CLERK)

    assert receive(clerk, ninh_binh["13795"], birth, TODAY).unit.name == "Xã Ý Yên"
    with pytest.raises(ValidationError, match="Xã Ý Yên bắt đầu hoạt động từ 01/07/2025."):
        receive(clerk, ninh_binh["13795"], birth, datetime(2025, 6, 30, 9, 0, tzinfo=VN_TZ))


def test_a_2022_report_made_again_after_the_2025_load_is_the_one_issued_in_2022(y_yen, birth):
    from tests.reports.test_weekly_report import seed

    seed(y_yen)
    issued = weekly_report_make(actor=None, report_date=date(2022, 11, 11))
    names = [
        (r.unit.code, r.unit.name, r.unit.parent.name)
        for r in weekly_content(report_date=date(2022, 11, 11)).main.rows
    ]

    call_command("load-units", "ninh-binh-2025")

    again = weekly_content(report_date=date(2022, 11, 11))
    assert again.record() == issued.figures
    assert [(r.unit.code, r.unit.name, r.unit.parent.name) for r in again.main.rows] == names
    assert ("13795", "Thị trấn Lâm", "Huyện Ý Yên") in names and len(names) == 43
    assert report_revisions(report=issued) == []


def test_a_successors_figures_can_be_shown_with_its_predecessors_summed_in(ninh_binh, y_yen):
    dossier(y_yen["13795"], received="2025-06-10 09:00", channel="online")  # Thị trấn Lâm, online
    dossier(y_yen["13843"], received="2025-06-11 09:00")  # Xã Yên Khánh, at the counter
    dossier(y_yen["13798"], received="2025-06-12 09:00", channel="online")  # Yên Trung: not an ancestor
    dossier(ninh_binh["13795"], received="2025-07-02 09:00", channel="online")  # Xã Ý Yên, online

    out = StringIO()
    call_command(
        "kpi", "--period", "2025", "--unit", "13795", "--merged", "--indicator", "online_rate",
        "--as-of", "2025-12-31 23:59", "--format", "json", stdout=out,
    )  # fmt: skip

    [row] = json.loads(out.getvalue())
    assert (row["unit_code"], row["numerator"], row["denominator"]) == ("13795", 2, 3)
    assert row["unit_name"] == "Xã Ý Yên (gộp từ Thị trấn Lâm, Xã Yên Khánh, Xã Yên Phong, Xã Yên Bằng)"


@time_machine.travel(TODAY, tick=False)
def test_the_register_of_an_ended_unit_says_so_and_its_form_refuses_today(
    client, lam_clerk, ninh_binh, birth
):
    client.login(username="huong", password=PASSWORD)

    home = client.get("/dossiers/")
    refused = client.post(
        "/dossiers/new/",
        {"procedure": birth.pk, "applicant_name": "Nguyễn Văn An", "channel": "in_person", "sets": 1},
    )

    assert "Thị trấn Lâm đã kết thúc hoạt động từ 01/07/2025" in home.text and "Xã Ý Yên" in home.text
    assert refused.status_code == 200
    assert "Thị trấn Lâm đã kết thúc hoạt động từ 01/07/2025; đơn vị kế thừa: Xã Ý Yên." in refused.text


def test_the_july_2025_report_compares_xa_y_yen_with_nothing_rather_than_with_thi_tran_lams_june(
    ninh_binh, y_yen
):
    from docx import Document

    from tests.reports.test_weekly_report import table_rows

    dossier(y_yen["13795"], received="2025-06-05 09:00")  # Thị trấn Lâm in June: 0 of 1 online
    dossier(ninh_binh["13795"], received="2025-07-07 09:00", channel="online")  # Xã Ý Yên in July: 1 of 1

    report = monthly_report_make(actor=None, report_date=date(2025, 7, 31))

    rows = table_rows(
        Document(report.docx.open("rb")), "V. Kết quả từng đơn vị (tháng báo cáo) so với chỉ tiêu"
    )
    online = rows[0].index("Trực tuyến mức 3, 4")
    by_unit = {row[0]: row[online] for row in rows[1:]}
    assert by_unit["Xã Ý Yên"] == "100,0%"
    assert "Thị trấn Lâm" not in by_unit


def test_a_report_week_across_1_july_2025_keeps_both_units_of_one_code(ninh_binh, y_yen):
    dossier(y_yen["13795"], received="2025-06-30 09:00", channel="online")  # Thị trấn Lâm: 1 of 1 online
    dossier(ninh_binh["13795"], received="2025-07-02 09:00")  # Xã Ý Yên: 0 of 1

    report = weekly_report_make(actor=None, report_date=date(2025, 7, 4))  # the week 27/06–03/07/2025

    week = report.figures["second"]
    assert (week["13795"]["online_rate"], week["13795@2025-07-01"]["online_rate"]) == ([1, 1], [0, 1])
    assert report_revisions(report=report) == []


def test_the_api_gives_the_same_merged_figures(client, admin_user, ninh_binh, y_yen):
    dossier(y_yen["13795"], received="2025-06-10 09:00", channel="online")
    dossier(ninh_binh["13795"], received="2025-07-02 09:00")
    client.login(username=admin_user.username, password=PASSWORD)
    query = {"period": "2025", "indicator": "online_rate", "as_of": "2025-12-31T23:59", "merged": "true"}

    [row] = client.get("/api/v1/kpi", {**query, "unit": "13795"}).json()
    alone = client.get("/api/v1/kpi", query)

    assert (row["numerator"], row["denominator"]) == (1, 2)
    assert row["unit_name"].startswith("Xã Ý Yên (gộp từ Thị trấn Lâm")
    assert alone.status_code == 400
