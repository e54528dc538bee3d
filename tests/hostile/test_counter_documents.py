"""What a clerk types at the counter and in each step (name, address, request, the receiving agency, the notes
and reasons) comes out of every page and document exactly as typed after the documented normalisation
(docs/security.md): the Word forms Mẫu 01–05 print it as text — a fragment of WordprocessingML adds no
paragraph, a field code stays words, ``{{ }}`` is not evaluated —, and the tracking book (HTML, XLSX, DOCX)
holds it. A dossier stored before the normalisation, with Word's Shift+Enter in the name, still prints."""

import shutil
import subprocess

import pytest
import time_machine

from cchc.dossiers.documents import pdf_converter
from cchc.dossiers.models import Dossier
from tests.conftest import PASSWORD
from tests.dossiers.test_receive import at, receive
from tests.dossiers.test_views import form_data
from tests.hostile.documents import (
    CASES,
    FORGED,
    IDS,
    body,
    docx_paragraphs,
    missing_in_docx,
    missing_in_html,
    missing_in_xlsx,
)

BOOK = {"from": "2022-11-01", "to": "2022-11-30"}
CASES_BY_ID = {case.id: case for case in CASES}


@pytest.fixture
def clerk(client, lam_clerk):
    with time_machine.travel(at("2022-11-10 10:00"), tick=False):
        assert client.login(username=lam_clerk.username, password=PASSWORD)
        yield client


def _step(client, code: str, action: str, **data) -> None:
    response = client.post(f"/dossiers/{code}/act/{action}/", data, follow=True)
    assert response.status_code == 200
    assert "Đã cập nhật hồ sơ." in response.content.decode(), action


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_it_prints_what_the_counter_typed_exactly_on_every_form_and_in_the_book(clerk, birth, case):
    name, address, request = case.fit(200), case.fit(300), case.fit(500)
    agency, reason = case.fit(200), case.fit(1000)
    response = clerk.post(
        "/dossiers/new/",
        form_data(birth, applicant_name=name.typed, applicant_address=address.typed, request=request.typed),
    )
    assert response.status_code == 302, response.content.decode()[:300]
    code = Dossier.objects.get().code
    _step(clerk, code, "hand_over", agency=agency.typed, reason=reason.typed)
    _step(clerk, code, "apologise", reason=reason.typed, new_due_at="2022-11-20T10:00")
    _step(clerk, code, "request_supplement", reason=reason.typed)
    _step(clerk, code, "withdraw", reason=reason.typed)

    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.applicant_address, dossier.request) == (
        name.line,
        address.line,
        request.lines,
    )
    assert [e.note for e in dossier.events.order_by("pk")][1:] == [reason.lines] * 4
    shown = {
        "mau01": [name.line, address.line, request.lines],
        "mau02": [name.line, request.lines, reason.lines],
        "mau03": [name.line, request.lines, reason.lines],
        "mau04": [name.line, reason.lines],
        "mau05": [name.line, agency.line, reason.lines],
    }
    missing = {}
    page = body(clerk.get(f"/dossiers/{code}/"))
    missing["detail"] = missing_in_html(page, [name.line, address.line, request.lines, agency.line])
    for form, texts in shown.items():
        missing[f"{form}.html"] = missing_in_html(body(clerk.get(f"/dossiers/{code}/forms/{form}/")), texts)
        document = body(clerk.get(f"/dossiers/{code}/forms/{form}.docx"))
        missing[f"{form}.docx"] = missing_in_docx(document, texts)
        assert FORGED not in docx_paragraphs(document)
    book = [name.line, f"{address.line}, 0987654321"]
    missing["book"] = missing_in_html(body(clerk.get("/dossiers/book/", BOOK)), book)
    missing["book.xlsx"] = missing_in_xlsx(
        body(clerk.get("/dossiers/book/", {**BOOK, "format": "xlsx"})), book
    )
    missing["book.docx"] = missing_in_docx(
        body(clerk.get("/dossiers/book/", {**BOOK, "format": "docx"})), book
    )
    assert {where: texts for where, texts in missing.items() if texts} == {}


def test_it_prints_a_dossier_stored_with_control_characters_before_the_normalisation(
    clerk, lam_clerk, y_yen, birth
):
    dossier = receive(lam_clerk, y_yen["13795"], birth, applicant_address="Thôn 1")
    Dossier.objects.filter(pk=dossier.pk).update(
        applicant_name="Nguyễn Văn\x0bAn\x01", request="Xin cấp\x0c bản sao\x1b"
    )

    slip = body(clerk.get(f"/dossiers/{dossier.code}/forms/mau01.docx"))
    book = body(clerk.get("/dossiers/book/", {**BOOK, "format": "xlsx"}))
    printed = body(clerk.get("/dossiers/book/", {**BOOK, "format": "docx"}))

    assert missing_in_docx(slip, ["Nguyễn Văn\nAn", "Xin cấp\n bản sao"]) == []
    assert missing_in_xlsx(book, ["Nguyễn Văn\nAn"]) == []
    assert missing_in_docx(printed, ["Nguyễn Văn\nAn"]) == []


def test_it_prints_hostile_text_as_text_in_the_pdf_where_libreoffice_is_installed(clerk, birth):
    if pdf_converter() is None:
        pytest.skip("LibreOffice is not installed on this machine")
    wordml, markup = CASES_BY_ID["wordml"].fit(200), CASES_BY_ID["markup"]
    response = clerk.post(
        "/dossiers/new/", form_data(birth, applicant_name=wordml.typed, applicant_address=markup.typed)
    )
    code = Dossier.objects.get().code

    pdf = body(clerk.get(f"/dossiers/{code}/forms/mau01.pdf"))

    assert response.status_code == 302 and pdf.startswith(b"%PDF-")
    if pdftotext := shutil.which("pdftotext"):
        extracted = subprocess.run(  # noqa: S603 - fixed arguments, our own file
            [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
        )
        words = " ".join(extracted.stdout.decode().split())
        assert " ".join(wordml.line.split()) in words and " ".join(markup.line.split()) in words
