import io
import re

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from cchc.dossiers.services import dossier_hand_over, dossier_record_result, dossier_return_result
from tests.conftest import PASSWORD
from tests.dossiers.test_lifecycle import at
from tests.dossiers.test_receive import receive


@pytest.fixture
def lam_dossier(lam_clerk, y_yen, birth):
    return receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00", applicant_phone="0912345678")


def form_data(procedure, **changes):
    return {
        "procedure": procedure.pk,
        "applicant_name": "Trần Thị Bình",
        "applicant_id_number": "036190004567",
        "applicant_phone": "0987654321",
        "applicant_email": "",
        "applicant_address": "Thôn 1, Thị trấn Lâm",
        "request": "",
        "channel": "in_person",
        "sets": "1",
        "received_at": "2022-11-09T09:30",
        **changes,
    }


def test_a_clerk_registers_a_dossier_at_the_counter(client, lam_clerk, birth):
    client.login(username="huong", password=PASSWORD)
    response = client.post("/dossiers/new/", form_data(birth))
    assert response.status_code == 302
    assert response.url == "/dossiers/13795-221109-0001/"
    page = client.get(response.url).text
    # Wed 9/11 09:30 + 3 working days.
    assert "09:30 14/11/2022" in page
    assert "Trần Thị Bình" in page


def test_bad_input_is_shown_next_to_the_field_and_the_rest_is_kept(client, lam_clerk, birth):
    client.login(username="huong", password=PASSWORD)
    response = client.post("/dossiers/new/", form_data(birth, applicant_name="", applicant_id_number="12AB"))
    assert response.status_code == 200
    page = response.text
    assert (
        '<div class="error field-error" data-field="applicant_name">Chưa nhập họ và tên người nộp hồ sơ.</div>'
        in page
    )
    assert 'data-field="applicant_id_number">Số giấy tờ không đúng' in page
    assert 'value="0987654321"' in page
    assert 'value="Thôn 1, Thị trấn Lâm"' in page


def test_a_procedure_of_another_level_cannot_be_chosen(client, lam_clerk, building_permit):
    client.login(username="huong", password=PASSWORD)
    response = client.post("/dossiers/new/", form_data(building_permit))
    assert response.status_code == 200
    assert 'data-field="procedure"' in response.text


def test_the_procedure_search_ignores_diacritics(client, lam_clerk, birth, certification):
    client.login(username="huong", password=PASSWORD)
    options = client.get("/dossiers/procedures/", {"q": "chung thuc ban sao"}).text
    assert "2.000815" in options
    assert "1.001193" not in options
    assert "1.001193" in client.get("/dossiers/procedures/", {"q": "KHAI SINH"}).text


@pytest.mark.parametrize(
    "path",
    [
        "/dossiers/{code}/",
        "/dossiers/{code}/forms/mau01/",
        "/dossiers/{code}/forms/mau01.docx",
        "/dossiers/{code}/forms/mau05/",
    ],
)
def test_another_communes_clerk_gets_404_on_every_dossier_page(client, lam_dossier, yen_trung_clerk, path):
    client.login(username="thu", password=PASSWORD)
    assert client.get(path.format(code=lam_dossier.code)).status_code == 404


def test_another_communes_clerk_gets_404_when_acting(client, lam_dossier, yen_trung_clerk):
    client.login(username="thu", password=PASSWORD)
    response = client.post(f"/dossiers/{lam_dossier.code}/act/refuse/", {"reason": "x"})
    assert response.status_code == 404
    lam_dossier.refresh_from_db()
    assert lam_dossier.state == "received"


def test_the_search_finds_a_dossier_by_name_without_diacritics(client, lam_dossier, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    assert lam_dossier.code in client.get("/dossiers/", {"q": "nguyen van an"}).text
    assert lam_dossier.code in client.get("/dossiers/", {"q": "036085001234"}).text


def test_the_receipt_slip_shows_the_appointment_and_a_qr_code(client, lam_dossier, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    page = client.get(f"/dossiers/{lam_dossier.code}/forms/mau01/").text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in page.upper()
    assert "09 giờ 00 phút, ngày 14/11/2022" in page
    assert 'data-testid="qr" src' in page or "data:image/svg+xml" in page
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page


def test_the_docx_receipt_slip_holds_the_code_applicant_and_appointment(client, lam_dossier, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    response = client.get(f"/dossiers/{lam_dossier.code}/forms/mau01.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert lam_dossier.code in text
    assert "Nguyễn Văn An" in text
    assert "09 giờ 00 phút, ngày 14/11/2022" in text
    assert "{{" not in text


def test_the_control_slip_has_one_row_per_handover(client, lam_dossier, lam_clerk, lam_officer):
    from cchc.dossiers import services

    services.dossier_hand_over(
        actor=lam_clerk, dossier=lam_dossier, recipient=lam_officer, at=at("2022-11-09 09:10")
    )
    services.dossier_record_result(actor=lam_officer, dossier=lam_dossier, at=at("2022-11-10 15:00"))
    client.login(username="huong", password=PASSWORD)
    page = client.get(f"/dossiers/{lam_dossier.code}/forms/mau05/").text
    assert page.count('data-testid="control-row"') == 2
    docx = Document(io.BytesIO(client.get(f"/dossiers/{lam_dossier.code}/forms/mau05.docx").content))
    rows = [[c.text for c in row.cells] for row in docx.tables[-1].rows]
    steps = [row for row in rows[1:] if row[1]]
    assert len(steps) == 2
    assert steps[1][3] == "Trước hạn"
    assert len(rows) == 1 + 2 + 6  # six blank rows to fill by hand: eight rows in all under the header


def test_the_tracking_book_xlsx_has_one_row_per_dossier(client, lam_clerk, y_yen, birth, yen_trung_clerk):
    receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00")
    receive(
        lam_clerk, y_yen["13795"], birth, when="2022-11-10 09:00", applicant_name='=HYPERLINK("http://x")'
    )
    receive(lam_clerk, y_yen["13795"], birth, when="2022-12-01 09:00")
    receive(yen_trung_clerk, y_yen["13798"], birth, when="2022-11-09 09:00")
    client.login(username="huong", password=PASSWORD)
    response = client.get("/dossiers/book/", {"from": "2022-11-01", "to": "2022-11-30", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == ["13795-221109-0001", "13795-221110-0001"]
    assert rows[1][4] == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=4, column=8).is_date


def test_the_tracking_book_docx_prints_one_row_per_dossier_under_a_repeated_header(
    client, lam_clerk, y_yen, birth
):
    receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00", applicant_name="Lê Thị Hoa")
    receive(lam_clerk, y_yen["13795"], birth, when="2022-11-10 09:00")
    receive(lam_clerk, y_yen["13795"], birth, when="2022-12-01 09:00")
    client.login(username="huong", password=PASSWORD)

    response = client.get("/dossiers/book/", {"from": "2022-11-01", "to": "2022-11-30", "format": "docx"})

    assert (
        response["Content-Disposition"]
        == 'attachment; filename="so-theo-doi-13795-2022-11-01-2022-11-30.docx"'
    )
    document = Document(io.BytesIO(response.content))
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:3] == ["STT", "Mã hồ sơ", "Tên thủ tục"]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    # Wed 9/11 09:00 + 3 working days → Mon 14/11 09:00.
    assert rows[1][:5] == ["1", "13795-221109-0001", "Thủ tục đăng ký khai sinh", "1", "Lê Thị Hoa"]
    assert rows[1][7:9] == ["09/11/2022\n09:00", "14/11/2022\n09:00"]
    assert [r[1] for r in rows[1:]] == ["13795-221109-0001", "13795-221110-0001"]


def test_a_result_returned_after_the_appointment_is_not_a_late_result(
    client, lam_dossier, lam_clerk, lam_officer
):
    # Received Wed 9/11 09:00, due Mon 14/11 09:00; result on Fri 11/11, collected by the citizen on Tue 15/11.
    dossier_hand_over(actor=lam_clerk, dossier=lam_dossier, recipient=lam_officer, at=at("2022-11-09 10:00"))
    dossier_record_result(actor=lam_officer, dossier=lam_dossier, at=at("2022-11-11 16:00"))
    dossier_return_result(actor=lam_clerk, dossier=lam_dossier, at=at("2022-11-15 08:00"))
    client.login(username="huong", password=PASSWORD)

    page = client.get(f"/dossiers/{lam_dossier.code}/").text
    slip = client.get(f"/dossiers/{lam_dossier.code}/forms/mau05/").text

    steps = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td>(?:<td>[^<]*</td>){3}\s*<td>([^<]*)</td>", page)
    assert steps == [
        ("Tiếp nhận", "—"),
        ("Chuyển xử lý", "trước hạn"),
        ("Có kết quả", "trước hạn"),
        ("Trả kết quả", "trước hạn"),
    ]
    assert "Quá hạn" not in slip


def test_printing_a_slip_is_remembered_once_and_only_for_the_units_own_users(
    client, lam_dossier, lam_clerk, leader
):
    client.login(username=leader.username, password=PASSWORD)
    client.get(f"/dossiers/{lam_dossier.code}/forms/mau01/")
    lam_dossier.refresh_from_db()
    assert lam_dossier.receipt_printed_at is None  # the leader only looked

    client.login(username="huong", password=PASSWORD)
    with time_machine.travel(at("2022-11-09 09:02"), tick=False):
        client.get(f"/dossiers/{lam_dossier.code}/forms/mau01/")
    with time_machine.travel(at("2022-11-09 09:03"), tick=False):
        client.get(f"/dossiers/{lam_dossier.code}/forms/mau05.docx")
    with time_machine.travel(at("2022-11-10 15:00"), tick=False):
        client.get(f"/dossiers/{lam_dossier.code}/forms/mau01/")  # printed again: the first time stays
        client.get(f"/dossiers/{lam_dossier.code}/forms/mau02/")  # another form: no slip of the two

    lam_dossier.refresh_from_db()
    assert (lam_dossier.receipt_printed_at, lam_dossier.control_printed_at) == (
        at("2022-11-09 09:02"),
        at("2022-11-09 09:03"),
    )
    assert "✔ đã in Mẫu 01 · ✔ đã in Mẫu 05" in client.get(f"/dossiers/{lam_dossier.code}/").text
