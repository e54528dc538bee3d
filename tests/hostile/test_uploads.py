"""Hostile names and contents for the uploads (the portal import; the PAR evidence has its own tests in
``tests/par/test_evidence.py``): nothing is written outside the upload folder, the name is shown as text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.imports.models import ImportRun
from tests.conftest import PASSWORD
from tests.hostile import corpus
from tests.hostile.test_import_files import zip_bomb
from tests.imports.files import csv_bytes, row


@pytest.fixture(autouse=True)
def inline_imports(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    "name", [*corpus.TRAVERSAL, "<script>alert(1)</script>.csv", "tệp\x00.csv", "a" * 400 + ".csv"]
)
def test_a_hostile_file_name_stays_inside_the_upload_folder(client, compiler, birth, inline_imports, name):
    assert client.login(username=compiler.username, password=PASSWORD)
    upload = SimpleUploadedFile(name, csv_bytes([row("YT-0001")]).encode())

    response = client.post("/imports/", {"file": upload})

    assert response.status_code == 302
    run = ImportRun.objects.get()
    stored = inline_imports.resolve() / "imports" / str(run.pk)
    files = [p for p in inline_imports.resolve().rglob("*") if p.is_file()]
    assert files and all(p.parent == stored for p in files)  # the upload, its progress, its error workbook
    page = client.get(response.url).content.decode()
    assert "<script>alert(1)" not in page


def test_a_zip_bomb_uploaded_as_xlsx_is_refused_on_the_page(client, compiler, birth, tmp_path):
    assert client.login(username=compiler.username, password=PASSWORD)
    bomb = zip_bomb(tmp_path / "thang11.xlsx")

    with bomb.open("rb") as handle:
        response = client.post("/imports/", {"file": handle}, follow=True)

    page = response.content.decode()
    assert "Tệp không được nhập, không ghi gì vào sổ" in page and "zip bomb" in page
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED
