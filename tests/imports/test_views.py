"""The import in the browser: upload, summary, error workbook, history; and who may see what."""

import os
import socket
import subprocess

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.dossiers.models import Dossier
from cchc.imports.models import ImportRun
from cchc.imports.services import import_file
from tests.conftest import PASSWORD
from tests.imports.conftest import database_state
from tests.imports.files import row, xlsx_file


@pytest.fixture(autouse=True)
def inline_imports(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, path):
    with path.open("rb") as handle:
        return client.post("/imports/", {"file": handle})


def test_the_compiler_uploads_an_export_and_reads_its_summary(client, compiler, birth, tmp_path):
    assert client.login(username=compiler.username, password=PASSWORD)
    path = xlsx_file(tmp_path / "thang11.xlsx", [row("YT-0001"), row("YT-0002", unit="Xã Không Có")])

    response = _upload(client, path)

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == f"/imports/{run.pk}/"
    page = client.get(response.url).content.decode()
    assert "đọc 2 dòng, thêm 1, cập nhật 0, bỏ qua 0, lỗi 1" in page
    assert Dossier.objects.get().code == "YT-0001"
    errors = client.get(f"/imports/{run.pk}/errors.xlsx")
    assert errors.status_code == 200
    book = openpyxl.load_workbook(__import__("io").BytesIO(b"".join(errors.streaming_content)))
    assert book.active["B2"].value == "Đơn vị tiếp nhận không nhận ra: “Xã Không Có”."


def test_the_history_shows_who_imported_which_file_and_the_counts(client, compiler, birth, tmp_path):
    assert client.login(username=compiler.username, password=PASSWORD)
    _upload(client, xlsx_file(tmp_path / "thang11.xlsx", [row("YT-0001")]))

    page = client.get("/imports/").content.decode()

    assert "thang11.xlsx" in page and "Van" in page and "Hoàn tất" in page


def test_a_refused_upload_says_why_and_writes_no_dossier(client, admin_user, birth, tmp_path):
    assert client.login(username=admin_user.username, password=PASSWORD)
    before = database_state()[:3]

    response = client.post("/imports/", {"file": SimpleUploadedFile("rac.xlsx", b"\x00garbage" * 1000)})

    page = client.get(response.url).content.decode()
    assert "Tệp không được nhập, không ghi gì vào sổ" in page
    assert "rac.xlsx không phải bảng tính Excel đọc được" in page
    assert database_state()[:3] == before


def test_a_clerk_may_not_import(client, lam_clerk, birth, tmp_path):
    assert client.login(username=lam_clerk.username, password=PASSWORD)

    response = _upload(client, xlsx_file(tmp_path / "ds.xlsx", [row()]))

    assert response.status_code == 403
    assert "Nhập</button>" not in client.get("/imports/").content.decode()
    assert ImportRun.objects.count() == 0


def test_a_clerk_gets_404_for_another_units_import(client, compiler, lam_clerk, birth, tmp_path):
    run = import_file(actor=compiler, path=xlsx_file(tmp_path / "ds.xlsx", [row("YT-0001")]))
    assert client.login(username=lam_clerk.username, password=PASSWORD)

    assert client.get(f"/imports/{run.pk}/").status_code == 404
    assert client.get(f"/imports/{run.pk}/errors.xlsx").status_code == 404
    assert "ds.xlsx" not in client.get("/imports/").content.decode()


def test_a_running_import_polls_for_its_progress(client, compiler, birth):
    run = ImportRun.objects.create(actor=compiler, actor_label="van", unit=compiler.unit, file_name="lon.csv")
    assert client.login(username=compiler.username, password=PASSWORD)

    partial = client.get(f"/imports/{run.pk}/", headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 1s"' in partial and "Đang đọc tệp" in partial


def test_a_running_import_shows_how_far_it_has_read(client, compiler, birth, tmp_path):
    from cchc.imports.services import _progress_writer

    run = ImportRun.objects.create(
        actor=compiler,
        actor_label="van",
        unit=compiler.unit,
        file_name="lon.csv",
        upload_file=str(tmp_path / "lon.csv"),
    )
    _progress_writer(tmp_path)(120000, 0.25)
    assert client.login(username=compiler.username, password=PASSWORD)

    page = client.get(f"/imports/{run.pk}/").content.decode()

    assert "Đang đọc tệp… 120000 dòng" in page
    assert 'value="0.250"' in page


def test_an_import_whose_server_process_died_reads_interrupted_and_stops_polling(client, compiler):
    ended = subprocess.Popen(["true"])  # noqa: S607 - a process that has ended: its pid names no process
    ended.wait()
    host = socket.gethostname()
    dead = ImportRun.objects.create(
        actor=compiler, actor_label="van", file_name="thang11.xlsx", worker=f"{host}:{ended.pid}"
    )
    alive = ImportRun.objects.create(
        actor=compiler, actor_label="van", file_name="thang12.xlsx", worker=f"{host}:{os.getpid()}"
    )
    elsewhere = ImportRun.objects.create(
        actor=compiler, actor_label="van", file_name="thang10.xlsx", worker=f"may-khac:{ended.pid}"
    )
    assert client.login(username=compiler.username, password=PASSWORD)

    page = client.get(f"/imports/{dead.pk}/").content.decode()

    dead.refresh_from_db()
    assert dead.status == ImportRun.Status.INTERRUPTED and dead.finished_at is not None
    assert "Bị gián đoạn" in page and "hãy nhập lại tệp" in page and "hx-trigger" not in page
    statuses = dict(ImportRun.objects.values_list("file_name", "status"))
    assert statuses["thang12.xlsx"] == statuses["thang10.xlsx"] == ImportRun.Status.RUNNING
    assert {alive.pk, elsewhere.pk} == set(
        ImportRun.objects.filter(status="running").values_list("pk", flat=True)
    )
