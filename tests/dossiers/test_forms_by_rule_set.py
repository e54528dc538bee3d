"""The forms follow the rule set of the dossier's receipt: Circular 01/2018 until 30/6/2025, Circular 03/2025
from 1/7/2025, each with its own content and heading, never an internal note, never a district after 2025."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from cchc.accounts.models import Role
from cchc.core.calendar import VN_TZ
from cchc.dossiers import documents, services
from cchc.dossiers.services import ComponentInput
from cchc.units.models import Unit
from tests.conftest import make_user
from tests.dossiers.test_receive import receive

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


@pytest.fixture
def y_yen_2025(db) -> Unit:
    province = Unit.objects.create(
        code="P37", name="Tỉnh Ninh Bình", kind="province", valid_from=date(2025, 7, 1)
    )
    return Unit.objects.create(
        code="P37.13795", name="Xã Ý Yên", kind="commune", parent=province, valid_from=date(2025, 7, 1)
    )


def text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def last_day_2018(lam_clerk, y_yen, birth):
    return receive(lam_clerk, y_yen["13795"], birth, when="2025-06-30 09:00")


@pytest.fixture
def first_day_2025(y_yen_2025, birth):
    clerk = make_user("yyen.motcua", y_yen_2025, Role.CLERK)
    return receive(clerk, y_yen_2025, birth, when="2025-07-01 09:00")


def test_a_dossier_of_30_june_2025_prints_the_2018_receipt(last_day_2018):
    text = text_of(documents.render_docx(last_day_2018, "mau01"))
    assert "UBND HUYỆN Ý YÊN" in text and "UBND THỊ TRẤN LÂM" in text
    assert "Bộ phận tiếp nhận và trả kết quả Thị trấn Lâm tiếp nhận hồ sơ của:" in text
    assert "Vào Sổ theo dõi hồ sơ" in text and "Mẫu số" not in text


def test_a_dossier_of_1_july_2025_prints_the_2025_receipt_under_the_commune(first_day_2025):
    text = text_of(documents.render_docx(first_day_2025, "mau01"))
    assert "Mẫu số 01" in text
    assert "ỦY BAN NHÂN DÂN\nXÃ Ý YÊN" in text
    assert "HUYỆN" not in text
    assert "Trung tâm Phục vụ hành chính công Xã Ý Yên tiếp nhận hồ sơ của:" in text
    assert "Ý Yên, ngày 01 tháng 07 năm 2025" in text


def test_each_rule_set_lists_its_own_forms(first_day_2025, last_day_2018, lam_officer):
    assert [number for _, number, *_ in documents.printable(last_day_2018)] == ["Mẫu 01", "Mẫu 05"]
    assert [number for _, number, *_ in documents.printable(first_day_2025)] == ["Mẫu số 01", "Mẫu số 06"]
    assert (
        documents.forms_of(first_day_2025)["mau04"][1]
        == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    )
    assert "stop" not in documents.forms_of(last_day_2018)


def test_the_stop_notice_of_2025_carries_the_reason(first_day_2025, y_yen_2025):
    officer = make_user("yyen.chuyenvien", y_yen_2025, Role.OFFICER)
    services.dossier_hand_over(
        actor=officer, dossier=first_day_2025, agency="Phòng Văn hóa - Xã hội", at=at("2025-07-01 10:00")
    )
    stopped = services.dossier_stop(
        actor=officer,
        dossier=first_day_2025,
        reason="Công dân đề nghị dừng để bổ sung giấy tờ khác",
        at=at("2025-07-02 10:00"),
    )
    assert ("stop", "Mẫu số 05", "Thông báo dừng giải quyết hồ sơ") in [
        f[:3] for f in documents.printable(stopped)
    ]
    text = text_of(documents.render_docx(stopped, "stop"))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Công dân đề nghị dừng để bổ sung giấy tờ khác" in text
    assert "10 giờ 00 phút, ngày 02/07/2025" in text


@pytest.mark.parametrize("rule_set", ["2018", "2025"])
def test_no_form_of_either_set_holds_an_internal_note(rule_set):
    folder = Path(documents.__file__).parent / "docx" / rule_set
    for form in documents.FORMS[rule_set]:
        with zipfile.ZipFile(folder / f"{form}.docx") as docx:
            xml = docx.read("word/document.xml").decode()
        assert "bộ quy định" not in xml and "fallback" not in xml


def test_the_control_slip_has_blank_rows_to_fill_by_hand(client, last_day_2018, lam_clerk):
    document = Document(io.BytesIO(documents.render_docx(last_day_2018, "mau05")))
    rows = document.tables[-1].rows
    assert len(rows) >= 1 + 6
    assert rows[-1].cells[0].text.startswith("1. Giao:") and rows[-1].cells[1].text == ""


def test_a_missing_template_is_an_error_for_the_administrator_not_another_sets_paper(
    client, first_day_2025, y_yen_2025, monkeypatch
):
    monkeypatch.setitem(documents.FORMS["2025"], "mau99", ("Mẫu số 99", "Mẫu chưa có"))
    client.force_login(make_user("yyen.motcua2", y_yen_2025, Role.CLERK))
    response = client.get(f"/dossiers/{first_day_2025.code}/forms/mau99.docx")
    assert response.status_code == 503
    assert "báo quản trị hệ thống" in response.content.decode()
    assert client.get(f"/dossiers/{first_day_2025.code}/forms/mau99/").status_code == 503


def test_a_form_of_another_rule_set_is_not_offered(client, last_day_2018, lam_clerk):
    client.force_login(lam_clerk)
    assert client.get(f"/dossiers/{last_day_2018.code}/forms/stop/").status_code == 404


def _pdf(docx: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.docx"
    source.write_bytes(docx)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(documents.docx_to_pdf(docx))
    return pdf


@pytest.mark.documents
@pytest.mark.skipif(
    documents.pdf_converter() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice is not installed",
)
def test_the_receipt_with_ten_components_is_one_page_with_the_motto_on_one_line(
    lam_clerk, y_yen, birth, y_yen_2025
):
    papers = [
        ComponentInput(f"Giấy tờ số {n}: bản sao giấy khai sinh của người được đăng ký", 1, 1)
        for n in range(1, 11)
    ]
    old = receive(lam_clerk, y_yen["13795"], birth, when="2025-06-30 09:00", components=papers)
    clerk = make_user("yyen.motcua", y_yen_2025, Role.CLERK)
    new = receive(clerk, y_yen_2025, birth, when="2025-07-01 09:00", components=papers)
    for dossier, name in ((old, "mau01-2018"), (new, "mau01-2025")):
        pdf = _pdf(documents.render_docx(dossier, "mau01"), name)
        assert re.search(r"^Pages:\s+1$", _run("pdfinfo", str(pdf)), re.M), name
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _run("pdftotext", "-layout", str(pdf), "-")
        # Times New Roman, or Liberation Serif, its metric-compatible substitute where the first is not installed.
        assert re.search(r"TimesNewRoman|Times New Roman|LiberationSerif", _run("pdffonts", str(pdf)))


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - our own tools
