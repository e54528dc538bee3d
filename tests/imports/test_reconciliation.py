"""Register against portal: what is on one and not the other, and what disagrees."""

from datetime import date, datetime
from io import BytesIO

import openpyxl
import pytest
import time_machine

from cchc.core.calendar import VN_TZ
from cchc.dossiers.services import dossier_receive
from cchc.imports.selectors import reconciliation
from tests.conftest import PASSWORD
from tests.imports.conftest import run_import
from tests.imports.files import row, xlsx_file


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.fixture
def register(y_yen, birth, admin_user):
    """Three dossiers received at the counter of Xã Yên Trung on 2 and 3 November 2022."""
    with time_machine.travel(datetime(2022, 11, 10, 9, 0, tzinfo=VN_TZ), tick=False):
        return [
            dossier_receive(
                actor=admin_user,
                unit=y_yen["13798"],
                procedure=birth,
                applicant_name=name,
                received_at=when,
                digitised=True,
            )
            for name, when in [
                ("Nguyễn Văn An", vn(2022, 11, 2, 8, 30)),
                ("Trần Thị Bình", vn(2022, 11, 2, 9, 0)),
                ("Lê Văn Cường", vn(2022, 11, 3, 14, 0)),
            ]
        ]


@pytest.fixture
def reconciled(tmp_path, register):
    """The portal knows the first two (the second with another appointment and no digitisation) and one
    dossier the register lacks, whose appointment is a day earlier than the deadline engine's."""
    first, second, _ = register
    same = {"channel": "Trực tiếp", "state": "Đã tiếp nhận"}
    rows = [
        row(first.code, received="02/11/2022 08:30", due="07/11/2022 08:30", digitised="x", **same),
        row(second.code, received="02/11/2022 09:00", due="08/11/2022", digitised="Không", **same),
        row("YT-PORTAL-1", received="03/11/2022 10:00", due="07/11/2022 10:00", digitised="x"),
    ]
    run_import(xlsx_file(tmp_path / "cong.xlsx", rows))
    return register


def test_it_finds_what_is_on_one_side_only_and_what_disagrees(reconciled, y_yen, leader):
    first, second, third = reconciled

    result = reconciliation(user=leader, unit=y_yen["13798"], start=date(2022, 11, 1), end=date(2022, 11, 30))

    assert [d.code for d in result.portal_only] == ["YT-PORTAL-1"]
    assert result.register_only == [third]
    assert result.in_both == 2
    assert [item.dossier for item in result.disagreeing] == [second]
    assert [(d.label, d.register, d.portal) for d in result.disagreeing[0].differences] == [
        ("Ngày hẹn trả", "07/11/2022", "08/11/2022"),
        ("Số hóa hồ sơ", "Có", "Không"),
    ]
    # Received Thu 3/11 10:00, 3 working days → Tue 8/11 10:00; the portal says Mon 7/11.
    assert [d.code for d in result.deadline_flags] == ["YT-PORTAL-1"]


def test_it_looks_only_at_the_period(reconciled, y_yen, leader):
    result = reconciliation(user=leader, unit=y_yen["13798"], start=date(2022, 11, 3), end=date(2022, 11, 3))

    assert [d.code for d in result.portal_only] == ["YT-PORTAL-1"]
    assert result.register_only == [reconciled[2]]
    assert (result.in_both, result.disagreeing) == (0, [])


def test_it_shows_nothing_of_another_units_dossiers_to_a_clerk(reconciled, y_yen, lam_clerk):
    result = reconciliation(
        user=lam_clerk, unit=y_yen["13798"], start=date(2022, 11, 1), end=date(2022, 11, 30)
    )

    assert (result.portal_only, result.register_only, result.in_both) == ([], [], 0)


def test_the_workbook_lists_each_gap_on_its_own_sheet(reconciled, y_yen, leader, client):
    assert client.login(username=leader.username, password=PASSWORD)

    response = client.get("/imports/reconciliation/?unit=13798&from=2022-11-01&to=2022-11-30&format=xlsx")

    assert response.status_code == 200
    book = openpyxl.load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Chỉ có trên Cổng", "Chỉ có trong sổ", "Lệch nhau", "Lệch hạn"]
    assert book["Chỉ có trên Cổng"]["A3"].value == "YT-PORTAL-1"
    assert book["Chỉ có trong sổ"]["A3"].value == reconciled[2].code
    assert [c.value for c in book["Lệch nhau"][3]] == [
        reconciled[1].code,
        "Thủ tục đăng ký khai sinh",
        "Ngày hẹn trả",
        "07/11/2022",
        "08/11/2022",
    ]
    assert book["Lệch hạn"]["D3"].value == datetime(2022, 11, 7, 10, 0)


def test_the_screen_answers_404_for_another_units_reconciliation(reconciled, lam_clerk, client):
    assert client.login(username=lam_clerk.username, password=PASSWORD)

    november = "from=2022-11-01&to=2022-11-30"
    assert client.get(f"/imports/reconciliation/?unit=13798&{november}").status_code == 404
    assert client.get(f"/imports/reconciliation/?unit=13795&{november}").status_code == 200


def test_the_district_reconciles_every_unit_under_it(reconciled, y_yen, leader):
    result = reconciliation(user=leader, unit=y_yen["360"], start=date(2022, 11, 1), end=date(2022, 11, 30))

    assert [d.code for d in result.portal_only] == ["YT-PORTAL-1"]
    assert (result.register_count, result.in_both) == (3, 2)


def test_the_screen_opens_on_the_district_for_the_report_compiler(reconciled, compiler, client):
    client.login(username=compiler.username, password=PASSWORD)

    with time_machine.travel(datetime(2022, 11, 30, 9, 0, tzinfo=VN_TZ), tick=False):
        page = client.get("/imports/reconciliation/").text

    assert '<option value="360" selected>Huyện Ý Yên</option>' in page
    assert "Huyện Ý Yên, 01/11/2022–30/11/2022:" in page
    assert "3 hồ sơ trong sổ, trong đó 2 có trên tệp xuất của Cổng" in page
