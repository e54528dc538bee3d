"""The status page behind the receipt's QR code: no login, only what the citizen needs, one 404 for the rest."""

import io
import re
import zipfile

import pytest
import zxingcpp
from django.test import Client
from PIL import Image

from cchc.dossiers import services
from cchc.dossiers.documents import render_docx
from cchc.public.links import token_for
from tests.dossiers.test_lifecycle import at
from tests.dossiers.test_receive import receive
from tests.i18n.test_english_screens import vietnamese_left
from tests.public.conftest import APPLICANT, page_of


def test_it_shows_the_status_without_a_login(client, received):
    response = client.get(page_of(received))
    assert response.status_code == 200
    text = response.text
    assert "Hồ sơ đã được tiếp nhận, đang chờ chuyển đến cán bộ giải quyết." in text
    assert "Thủ tục đăng ký khai sinh" in text
    assert "Thị trấn Lâm" in text
    assert "09:00 09/11/2022" in text  # received
    assert "09:00 14/11/2022" in text  # appointment
    assert "Tại Bộ phận Một cửa Thị trấn Lâm, từ thời điểm hẹn trả kết quả" in text
    assert 'href="tel:0228 3820 123"' in text


def test_the_public_page_leaks_no_personal_field(client, returned):
    text = client.get(page_of(returned)).text
    for value in [*APPLICANT.values(), "0912345678", "345 678", "Trần", "036190", "Thôn Đông", "binh.tran"]:
        assert value not in text


def test_it_shows_the_supplement_asked_for(client, received, lam_clerk):
    services.dossier_request_supplement(
        actor=lam_clerk,
        dossier=received,
        reason="Bản sao giấy chứng nhận kết hôn của cha mẹ",
        at=at("2022-11-09 10:00"),
    )
    text = client.get(page_of(received)).text
    assert "Hồ sơ cần bổ sung." in text
    assert "Bản sao giấy chứng nhận kết hôn của cha mẹ" in text


def test_a_tampered_token_another_dossiers_token_and_a_guessed_code_answer_the_same_404(
    client, received, lam_clerk, lam, birth
):
    other = receive(lam_clerk, lam, birth, when="2022-11-09 09:30")
    token = token_for(received.code)
    tampered = client.get(f"/status/{received.code}/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}/")
    borrowed = client.get(f"/status/{received.code}/{token_for(other.code)}/")
    guessed = client.get(f"/status/13795-221109-0099/{token}/")
    assert [tampered.status_code, borrowed.status_code, guessed.status_code] == [404, 404, 404]
    assert tampered.content == borrowed.content == guessed.content
    assert "Không tìm thấy hồ sơ" in guessed.text


def test_the_page_answers_until_ninety_days_after_the_return(client, returned, time_machine):
    time_machine.move_to(at("2023-02-09 08:30"), tick=False)  # 90 days after Fri 11/11/2022 08:30
    assert client.get(page_of(returned)).status_code == 200
    time_machine.move_to(at("2023-02-09 08:31"), tick=False)
    expired = client.get(page_of(returned))
    guessed = client.get(f"/status/13795-221109-0099/{token_for(returned.code)}/")
    assert expired.status_code == 404
    assert expired.content == guessed.content


def test_an_open_dossier_never_expires(client, received, time_machine):
    time_machine.move_to(at("2024-11-09 09:00"), tick=False)
    assert client.get(page_of(received)).status_code == 200


def test_the_citizens_pages_speak_english(returned):
    english = Client()
    english.cookies["django_language"] = "en"
    status = english.get(page_of(returned)).text
    assert "The result has been handed over." in status
    assert "Appointment (due)" in status
    data = ["Thủ tục đăng ký khai sinh", "Bộ phận Một cửa Thị trấn Lâm", "Thị trấn Lâm"]  # names, as printed
    assert vietnamese_left(status, data) == []
    assert vietnamese_left(english.get("/status/").text, data) == []
    assert vietnamese_left(english.get("/status/13795-221109-0099/x/").text, data) == []


def qr_text_of(png: bytes) -> str:
    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert found.format == zxingcpp.BarcodeFormat.QRCode  # a standard QR code, not a Micro QR
    return found.text


def test_the_receipts_docx_carries_a_standard_qr_code_of_the_status_address(received, settings):
    settings.PUBLIC_URL = "https://motcua.yyen.example.vn"
    docx = zipfile.ZipFile(io.BytesIO(render_docx(received, "mau01")))
    (image,) = [name for name in docx.namelist() if name.startswith("word/media/")]
    text = qr_text_of(docx.read(image))
    assert (
        text == f"https://motcua.yyen.example.vn/status/13795-221109-0001/{token_for('13795-221109-0001')}/"
    )


def test_the_printed_receipt_points_at_the_server_the_clerk_uses(client, received, lam_clerk):
    client.force_login(lam_clerk)
    page = client.get(f"/dossiers/{received.code}/forms/mau01/").text
    svg = re.search(r'src="data:image/svg\+xml', page)
    assert svg is not None
    response = client.get(f"/dossiers/{received.code}/forms/mau01.docx")
    docx = zipfile.ZipFile(io.BytesIO(response.content))
    (image,) = [name for name in docx.namelist() if name.startswith("word/media/")]
    assert qr_text_of(docx.read(image)) == f"http://testserver{page_of(received)}"


@pytest.mark.parametrize("code", ["13795-221109-0001", "000.00.25.H40-221102-0007"])
def test_the_token_is_a_signature_not_the_database_id(code):
    token = token_for(code)
    assert len(token) == 43
    assert code not in token
    assert token_for(code) == token
