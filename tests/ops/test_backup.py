"""``cchc backup`` and ``cchc restore``: every table and every uploaded file come back as they were."""

import hashlib
from datetime import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cchc.accounts.models import LoginFailure
from cchc.audit.models import AuditEntry
from cchc.core.calendar import VN_TZ
from cchc.dossiers import services
from cchc.dossiers.models import Dossier
from cchc.ops import backup as ops_backup
from cchc.par import storage

IN_2022 = datetime(2022, 11, 9, 9, 0, tzinfo=VN_TZ)  # Thị trấn Lâm ended on 30/06/2025
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def table_digests() -> dict[str, tuple[int, str]]:
    """{table: (rows, SHA-256 of its rows ordered by key)}; many-to-many rows without their own id."""
    digests = {}
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields]
        if model._meta.auto_created:
            fields = [f for f in fields if f != model._meta.pk.attname]
        rows = list(
            model._base_manager.order_by(*fields[:2] if model._meta.auto_created else ["pk"]).values_list(
                *fields
            )
        )
        digests[model._meta.db_table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return digests


def media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def district(y_yen, lam_clerk, certification, media):
    """Thị trấn Lâm's day: a dossier received, a merger recorded, an evidence file, a failed login."""
    services.dossier_receive(
        actor=lam_clerk,
        unit=lam_clerk.unit,
        procedure=certification,
        applicant_name="Trần Văn Bình",
        received_at=IN_2022,
    )
    y_yen["13795"].successors.add(y_yen["13798"])
    stored = storage.save(name="ke-hoach.pdf", size=len(PDF), data_file=storage.as_file(PDF))
    LoginFailure.objects.create(at=Dossier.objects.get().received_at, username="huong", address="203.0.113.7")
    (media / "imports").mkdir(parents=True)
    (media / "imports" / "cong-dvc-thang-11.xlsx").write_bytes(b"PK\x03\x04 bang tinh")
    return stored


def empty_the_machine(media: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.mark.django_db(transaction=True)
def test_a_restore_on_an_empty_machine_brings_back_every_table_and_file(district, media, tmp_path):
    tables, files = table_digests(), media_files(media)
    snapshot = ops_backup.backup(out_dir=tmp_path / "backups")
    empty_the_machine(media)
    assert Dossier.objects.count() == 0

    call_command("restore", str(snapshot.archive))

    assert table_digests() == tables
    assert media_files(media) == files
    assert storage.path_of(district.stored_name).read_bytes() == PDF
    assert Dossier.objects.get().applicant_name == "Trần Văn Bình"


@pytest.mark.django_db(transaction=True)
def test_loading_writes_no_audit_entry_of_its_own(district, media, tmp_path):
    entries = list(AuditEntry.objects.order_by("pk").values_list("pk", "action", "model", "object_pk"))
    snapshot = ops_backup.backup(out_dir=tmp_path / "backups")
    empty_the_machine(media)
    call_command("restore", str(snapshot.archive))
    assert (
        list(AuditEntry.objects.order_by("pk").values_list("pk", "action", "model", "object_pk")) == entries
    )
    assert ("update", "units.Unit") in {(action, model) for _, action, model, _ in entries}  # the m2m add


@pytest.mark.django_db(transaction=True)
def test_a_failed_load_leaves_the_database_as_it_was(
    district, lam_clerk, certification, media, tmp_path, monkeypatch
):
    snapshot = ops_backup.backup(out_dir=tmp_path / "backups")
    services.dossier_receive(
        actor=lam_clerk,
        unit=lam_clerk.unit,
        procedure=certification,
        applicant_name="Lê Thị Hoa",
        received_at=IN_2022,
    )
    tables, files = table_digests(), media_files(media)
    monkeypatch.setattr(ops_backup, "row_counts", lambda using="default": {})
    with pytest.raises(ops_backup.RestoreRefused, match="Số bản ghi sau khi nạp không khớp"):
        ops_backup.restore(archive=snapshot.archive, force=True)
    monkeypatch.undo()
    assert table_digests() == tables
    assert media_files(media) == files


def test_it_refuses_a_database_that_holds_data(district, tmp_path):
    snapshot = ops_backup.backup(out_dir=tmp_path / "backups")
    with pytest.raises(CommandError, match="đã có dữ liệu; khôi phục sẽ xoá hết"):
        call_command("restore", str(snapshot.archive))


def test_it_refuses_an_archive_that_does_not_match_its_checksum(district, tmp_path):
    snapshot = ops_backup.backup(out_dir=tmp_path / "backups")
    data = bytearray(snapshot.archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    snapshot.archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="Tổng kiểm tra SHA-256 không khớp"):
        call_command("restore", str(snapshot.archive), "--force")


def test_the_checksum_file_reads_like_sha256sum(district, tmp_path):
    snapshot = ops_backup.backup(out_dir=tmp_path / "backups")
    digest = hashlib.sha256(snapshot.archive.read_bytes()).hexdigest()
    assert snapshot.checksum.read_text() == f"{digest}  {snapshot.archive.name}\n"
    assert snapshot.archive.stat().st_mode & 0o777 == 0o600
