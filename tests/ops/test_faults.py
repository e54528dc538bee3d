"""Faults: the database drops in the middle of a registration; the upload folder is full."""

import errno

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection

from cchc.audit.models import AuditEntry
from cchc.dossiers.models import DailyCounter, Dossier, DossierComponent, DossierEvent
from cchc.par import storage
from tests.par.conftest import assessment_of

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def drop_connection_at_event_insert(execute, sql, params, many, context):
    """The dossier row is written; the connection is lost when its first event is."""
    if sql.lstrip().upper().startswith("INSERT") and DossierEvent._meta.db_table in sql:
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


@pytest.fixture
def clerk_client(client, lam_clerk):
    client.force_login(lam_clerk)
    client.raise_request_exception = False
    return client


def test_a_lost_connection_shows_the_error_page_and_leaves_no_half_dossier(clerk_client, certification):
    audit_before = AuditEntry.objects.count()
    with connection.execute_wrapper(drop_connection_at_event_insert):
        response = clerk_client.post(
            "/dossiers/new/",
            {
                "procedure": certification.pk,
                "applicant_name": "Trần Văn Bình",
                "channel": "in_person",
                "sets": 1,
                "received_at": "2022-11-09T09:00",  # Thị trấn Lâm ended on 30/06/2025
            },
        )
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.text
    assert "Vui lòng đợi ít phút rồi thử lại" in response.text
    assert (Dossier.objects.count(), DossierComponent.objects.count(), DossierEvent.objects.count()) == (
        0,
        0,
        0,
    )
    assert DailyCounter.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_the_same_registration_succeeds_once_the_connection_is_back(clerk_client, certification):
    form = {
        "procedure": certification.pk,
        "applicant_name": "Trần Văn Bình",
        "channel": "in_person",
        "sets": 1,
        "received_at": "2022-11-09T09:00",  # Thị trấn Lâm ended on 30/06/2025
    }
    with connection.execute_wrapper(drop_connection_at_event_insert):
        clerk_client.post("/dossiers/new/", form)
    response = clerk_client.post("/dossiers/new/", form)
    assert response.status_code == 302
    assert Dossier.objects.get().code.endswith("-0001")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def full_disk(monkeypatch):
    """The upload folder fills up after the first 10 bytes of the next file."""
    real_open = open

    class FullFile:
        def __init__(self, handle):
            self.handle, self.written = handle, 0

        def write(self, data):
            if self.written + len(data) > 10:
                self.handle.write(data[: 10 - self.written])
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return self.handle.write(data)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    def opening(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        return FullFile(handle) if "x" in mode or "w" in mode else handle

    monkeypatch.setattr(storage, "open", opening, raising=False)


@pytest.fixture
def lam_upload(client, lam_clerk, campaign, media):
    """Hương has already uploaded one plan; the next upload meets a full disk."""
    client.force_login(lam_clerk)
    client.raise_request_exception = False
    assessment = assessment_of(campaign, "13795")
    url = f"/par/assessments/{assessment.pk}/criteria/1.1/evidence/"
    assert client.post(url, {"file": SimpleUploadedFile("ke-hoach.pdf", PDF)}).status_code == 302
    return client, url


def test_a_full_upload_folder_leaves_no_partial_file_and_says_so_on_the_page(lam_upload, full_disk, media):
    client, url = lam_upload
    response = client.post(url, {"file": SimpleUploadedFile("bao-cao.pdf", PDF)})
    assert response.status_code == 400
    assert "hết dung lượng" in response.text
    assert len([p for p in storage.root().rglob("*") if p.is_file()]) == 1
