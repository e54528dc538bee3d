import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from cchc.accounts.models import Role
from cchc.par import storage
from cchc.par.models import Evidence
from tests.conftest import PASSWORD, make_user
from tests.par.conftest import assessment_of

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Kế hoạch CCHC năm 2022")
    document.save(buffer)
    return buffer.getvalue()


def upload(client, assessment, code: str, name: str, content: bytes):
    url = f"/par/assessments/{assessment.pk}/criteria/{code}/evidence/"
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def lam(campaign):
    return assessment_of(campaign, "13795")


@pytest.fixture
def lam_client(client, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    return client


def test_a_pdf_is_stored_under_a_random_name_with_its_checksum(lam_client, lam, media):
    response = upload(lam_client, lam, "1.1", "ke-hoach-cchc-2022.pdf", PDF)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.kind, evidence.size) == (
        "ke-hoach-cchc-2022.pdf",
        "pdf",
        len(PDF),
    )
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    stored = storage.path_of(evidence.stored_name)
    assert stored.read_bytes() == PDF
    assert stored.is_relative_to(Path(media).resolve())
    assert "ke-hoach" not in stored.name


def test_a_docx_is_accepted_and_downloaded_as_an_attachment(lam_client, lam):
    upload(lam_client, lam, "1.2", "bao-cao.docx", docx_bytes())
    evidence = Evidence.objects.get()
    response = lam_client.get(f"/par/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="bao-cao.docx"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == storage.path_of(evidence.stored_name).read_bytes()


def test_another_commune_cannot_download_the_evidence(lam_client, lam, client, yen_trung_clerk):
    upload(lam_client, lam, "1.1", "ke-hoach.pdf", PDF)
    evidence = Evidence.objects.get()
    client.logout()
    client.login(username="thu", password=PASSWORD)
    response = client.get(f"/par/evidence/{evidence.pk}/")
    assert response.status_code == 404
    assert "ke-hoach" not in response.text


def test_the_appraiser_can_download_the_evidence(lam_client, lam, client, appraiser):
    upload(lam_client, lam, "1.1", "ke-hoach.pdf", PDF)
    client.logout()
    client.login(username="hoa", password=PASSWORD)
    assert client.get(f"/par/evidence/{Evidence.objects.get().pk}/").status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "label"),
    [
        ("ke-hoach.pdf", b"MZ\x90\x00 this is a Windows program", "PDF"),
        ("anh.png", PDF, "ảnh PNG"),
        ("bao-cao.docx", PDF, "tệp Word (DOCX)"),
        ("so-lieu.xlsx", None, "tệp Excel (XLSX)"),  # a real DOCX renamed .xlsx
    ],
)
def test_a_file_whose_content_is_not_what_its_extension_says_is_refused(
    lam_client, lam, name, content, label
):
    response = upload(lam_client, lam, "1.1", name, content if content is not None else docx_bytes())
    assert response.status_code == 400
    assert f"Nội dung tệp &#x27;{name}&#x27; không phải {label} như phần mở rộng cho biết" in response.text
    assert not Evidence.objects.exists()


def test_a_zip_without_office_content_is_not_a_docx(lam_client, lam):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.sh", "echo pwned")
    response = upload(lam_client, lam, "1.1", "bao-cao.docx", buffer.getvalue())
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_an_executable_extension_is_refused(lam_client, lam):
    response = upload(lam_client, lam, "1.1", "virus.exe", PDF)
    assert response.status_code == 400
    assert "chỉ nhận PDF, ảnh (PNG, JPEG), Word (DOCX) hoặc Excel (XLSX)" in response.text


def test_a_file_over_the_limit_is_refused_with_a_clear_message(lam_client, lam, settings):
    settings.CCHC_EVIDENCE_MAX_BYTES = 1024 * 1024
    response = upload(lam_client, lam, "1.1", "scan.pdf", PDF + b"0" * (1024 * 1024 + 1 - len(PDF)))
    assert response.status_code == 400
    assert "vượt giới hạn 1 MB; hãy nén hoặc tách nhỏ tệp rồi tải lại." in response.text
    assert not Evidence.objects.exists()


def test_a_filename_with_dot_dot_cannot_escape_the_storage_folder(lam_client, lam, media):
    upload(lam_client, lam, "1.1", "../../../../etc/cron.d/x.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "x.pdf"
    assert storage.path_of(evidence.stored_name).is_relative_to(Path(media).resolve() / "par-evidence")
    assert not (Path(media).parent / "etc").exists()
    with pytest.raises(storage.EvidenceRefused):
        storage.path_of("../../etc/passwd")


def test_a_withdrawn_file_is_kept_but_no_longer_offered(lam_client, lam):
    upload(lam_client, lam, "1.1", "ke-hoach.pdf", PDF)
    evidence = Evidence.objects.get()
    lam_client.post(f"/par/evidence/{evidence.pk}/withdraw/")
    evidence.refresh_from_db()
    assert evidence.withdrawn_at is not None
    assert storage.path_of(evidence.stored_name).exists()
    assert lam_client.get(f"/par/evidence/{evidence.pk}/").status_code == 404


def test_the_report_compiler_cannot_download_a_communes_evidence(lam_client, lam, client, y_yen):
    make_user("thanh", y_yen["360.VHTT"], Role.REPORT_COMPILER)
    upload(lam_client, lam, "1.1", "ke-hoach.pdf", PDF)
    client.logout()
    client.login(username="thanh", password=PASSWORD)
    assert client.get(f"/par/evidence/{Evidence.objects.get().pk}/").status_code == 404
