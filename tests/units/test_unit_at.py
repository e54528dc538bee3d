"""Every look-up of a unit by its code, on both sides of 1 July 2025: 13795 is Thị trấn Lâm on 30/06/2025 and
Xã Ý Yên on 01/07/2025; 13798 (Xã Yên Trung) names nothing after 30/06/2025."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.dossiers.models import Dossier
from cchc.kpis.models import TargetSet
from cchc.kpis.services import targets_load
from cchc.units.selectors import unit_at
from tests.conftest import PASSWORD
from tests.imports.conftest import run_import
from tests.imports.files import row, xlsx_file
from tests.kpis.test_engine import dossier

BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)


def test_it_names_thi_tran_lam_until_30_june_2025_and_xa_y_yen_from_1_july(ninh_binh):
    assert unit_at("13795", on=BEFORE).name == "Thị trấn Lâm"
    assert unit_at("13795", on=AFTER).name == "Xã Ý Yên"
    assert unit_at("13798", on=BEFORE).name == "Xã Yên Trung"
    assert unit_at("13798", on=AFTER) is None
    assert unit_at("13795.VP", on=BEFORE) is None
    assert unit_at("13795.VP", on=AFTER).name == "Văn phòng HĐND-UBND xã Ý Yên"


def kpi_rows(*args: str) -> list[dict]:
    out = StringIO()
    call_command("kpi", *args, "--indicator", "online_rate", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def kpi_names(*args: str) -> set[tuple[str, str]]:
    return {(r["unit_code"], r["unit_name"]) for r in kpi_rows(*args)}


def test_cchc_kpi_unit_is_the_unit_of_the_periods_last_day(ninh_binh):
    assert ("13795", "Thị trấn Lâm") in kpi_names("--period", "2025-06-30", "--unit", "13795")
    assert ("13795", "Xã Ý Yên") in kpi_names("--period", "2025-07-01", "--unit", "13795")
    with pytest.raises(CommandError, match="Không có đơn vị mã '13798' vào ngày 01/07/2025 \\(cuối kỳ\\)"):
        kpi_names("--period", "2025-07-01", "--unit", "13798")


def test_the_apis_unit_is_the_unit_of_the_periods_last_day(client, ninh_binh, admin_user):
    client.login(username=admin_user.username, password=PASSWORD)

    def names(period: str, unit: str):
        response = client.get("/api/v1/kpi", {"period": period, "unit": unit, "indicator": "online_rate"})
        return response.status_code, [
            r["unit_name"] for r in response.json()
        ] if response.status_code == 200 else None

    assert names("2025-06-30", "13795") == (200, ["Thị trấn Lâm"])
    assert names("2025-07-01", "13795") == (200, ["Xã Ý Yên"])
    assert names("2025-07-01", "13798")[0] == 404


def test_the_dashboards_drill_down_finds_the_unit_of_the_periods_last_day(client, ninh_binh, admin_user):
    client.login(username=admin_user.username, password=PASSWORD)
    query = {"unit": "13795", "indicator": "online_rate"}

    assert (
        client.get("/dashboard/drill/", {**query, "period": "2025-06-30"}).context["unit"].name
        == "Thị trấn Lâm"
    )
    assert (
        client.get("/dashboard/drill/", {**query, "period": "2025-07-01"}).context["unit"].name == "Xã Ý Yên"
    )


def test_the_unit_page_finds_the_unit_of_the_day_asked(client, ninh_binh, admin_user):
    client.login(username=admin_user.username, password=PASSWORD)

    assert client.get("/units/13795/?on=2025-06-30").context["unit"].name == "Thị trấn Lâm"
    assert client.get("/units/13795/?on=2025-07-01").context["unit"].name == "Xã Ý Yên"
    assert client.get("/units/13798/?on=2025-07-01").status_code == 404


@pytest.mark.parametrize(
    ("text", "received", "name"),
    [
        ("13795", "30/06/2025 16:00", "Thị trấn Lâm"),
        ("13795", "01/07/2025 08:00", "Xã Ý Yên"),
        ("UBND Thị trấn Lâm", "30/06/2025 16:00", "Thị trấn Lâm"),
        ("UBND xã Ý Yên", "01/07/2025 08:00", "Xã Ý Yên"),
        ("Xã Yên Trung", "30/06/2025 16:00", "Xã Yên Trung"),
    ],
)
def test_an_import_finds_the_unit_of_the_day_of_receipt(tmp_path, birth, ninh_binh, text, received, name):
    run_import(xlsx_file(tmp_path / "ds.xlsx", [row(unit=text, received=received, due="10/07/2025 08:00")]))

    assert Dossier.objects.get().unit.name == name


def test_an_import_refuses_a_unit_that_had_ended_on_the_day_of_receipt(tmp_path, birth, ninh_binh):
    result = run_import(
        xlsx_file(tmp_path / "ds.xlsx", [row(unit="Xã Yên Trung", received="01/07/2025 08:00")])
    )

    assert "lỗi 1" in result.out
    assert not Dossier.objects.exists()


def test_the_deadline_command_finds_the_unit_of_the_day_of_receipt(ninh_binh):
    out = StringIO()
    call_command("deadline", "--received", "2025-06-30 09:00", "--days", "1", "--unit", "13798", stdout=out)
    assert "01/07/2025" in out.getvalue() or "2025-07-01" in out.getvalue()
    with pytest.raises(CommandError, match="Không có đơn vị mã '13798' vào ngày tiếp nhận 01/07/2025"):
        call_command("deadline", "--received", "2025-07-01 09:00", "--days", "1", "--unit", "13798")


def test_the_calendar_command_finds_the_unit_of_the_years_last_day(ninh_binh):
    call_command("calendar", "--year", "2024", "--unit", "13798", stdout=StringIO())
    with pytest.raises(CommandError, match="Không có đơn vị mã '13798' vào ngày 31/12/2025"):
        call_command("calendar", "--year", "2025", "--unit", "13798", stdout=StringIO())


def test_a_target_file_finds_the_unit_of_the_targets_first_day(ninh_binh):
    header = "set,source,unit,unit_kind,valid_from,valid_to,indicator,comparison,value\n"
    for start, end in (("2025-06-01", "2025-06-30"), ("2025-07-01", "2025-07-31")):
        line = f"Cam kết {start},Thử,13795,,{start},{end},online_rate,>=,85\n"
        targets_load(data=(header + line).encode(), actor_label="test")

    assert sorted(TargetSet.objects.values_list("valid_from", "unit__name")) == [
        (date(2025, 6, 1), "Thị trấn Lâm"),
        (date(2025, 7, 1), "Xã Ý Yên"),
    ]


def test_a_period_across_1_july_2025_shows_both_units_of_one_code_told_apart_by_their_validity(
    ninh_binh, y_yen
):
    dossier(y_yen["13795"], received="2025-06-30 09:00", channel="online")
    dossier(ninh_binh["13795"], received="2025-07-01 09:00")

    rows = {
        (
            r["unit_code"],
            r["unit_name"],
            r["unit_valid_from"],
            r["unit_valid_to"],
            r["numerator"],
            r["denominator"],
        )
        for r in kpi_rows("--period", "2025-06-30..2025-07-01", "--as-of", "2025-07-02 00:00")
    }
    assert ("13795", "Thị trấn Lâm", None, "2025-06-30", 1, 1) in rows
    assert ("13795", "Xã Ý Yên", "2025-07-01", None, 0, 1) in rows


def test_the_reconciliation_finds_the_unit_of_the_periods_last_day(client, ninh_binh, admin_user):
    client.login(username=admin_user.username, password=PASSWORD)

    june = client.get("/imports/reconciliation/", {"unit": "13795", "from": "2025-06-01", "to": "2025-06-30"})
    july = client.get("/imports/reconciliation/", {"unit": "13795", "from": "2025-07-01", "to": "2025-07-31"})

    assert (june.context["unit"].name, july.context["unit"].name) == ("Thị trấn Lâm", "Xã Ý Yên")
