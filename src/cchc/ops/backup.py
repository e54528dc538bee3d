"""Backup and restore: one compressed archive of the database and the uploaded files, with its checksum.

The archive ``cchc-YYYYMMDD-HHMMSS.tar.gz`` holds
- ``manifest.json``: format, time, versions, the migrations applied, the rows of every table, the SHA-256 of
  every uploaded file;
- ``db.cchc-jsonl.gz``: Django's ``dumpdata`` of every app (JSON Lines with times to the microsecond, no
  natural keys), portable between SQLite and PostgreSQL and streamed both ways, so that a million dossiers
  never sit in memory at once;
- ``media/…``: the files under ``MEDIA_ROOT``.
Beside it, ``….tar.gz.sha256`` in the format of ``sha256sum -c``.

Consistency: the dump runs in one read transaction (REPEATABLE READ, READ ONLY on PostgreSQL; a deferred
transaction on SQLite, which in WAL mode reads one snapshot without holding writers back). Files are copied
after the dump; files are only ever added, so every file the dumped rows name is in the archive.

Restore is all-or-nothing for the database: the tables are emptied and loaded in one transaction, the row
counts are checked against the manifest, and only then are the files put in place.
"""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from cchc.ops import partitioning

FORMAT = 1
MANIFEST = "manifest.json"
FORMAT_NAME = "cchc-jsonl"  # cchc.ops.serializer: JSON Lines with microseconds
DATA = f"db.{FORMAT_NAME}.gz"
MEDIA = "media"


serializers.register_serializer(FORMAT_NAME, "cchc.ops.serializer")


class RestoreRefused(Exception):
    """The archive cannot be restored here; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Snapshot:
    archive: Path
    checksum: Path
    rows: int
    files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _models():
    """Every table ``dumpdata`` covers: the concrete models and their many-to-many tables."""
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy and m._meta.managed]


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    existing = set(connections[using].introspection.table_names())
    return {
        m._meta.label: m._base_manager.using(using).count() for m in _models() if m._meta.db_table in existing
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(
        MigrationLoader(connections[using], ignore_no_migrations=True).applied_migrations
    ):
        applied.setdefault(app, []).append(name)
    return applied


@contextmanager
def _read_snapshot(using: str) -> Iterator[None]:
    connection = connections[using]
    if connection.vendor == "sqlite":
        # The project opens SQLite transactions IMMEDIATE (for writers); a reader needs no write lock.
        mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic(using=using):
                connection.transaction_mode = mode
                yield
        finally:
            connection.transaction_mode = mode
        return
    outermost = not connection.in_atomic_block  # inside a caller's transaction, its snapshot is the one
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup(*, out_dir: Path, using: str = DEFAULT_DB_ALIAS) -> Snapshot:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = out_dir / f"cchc-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".cchc-backup-") as work:
        data = Path(work) / DATA
        with _read_snapshot(using), _audit_silenced():
            counts = row_counts(using)
            migrations = applied_migrations(using)
            call_command(
                "dumpdata", all=True, format=FORMAT_NAME, output=str(data), database=using, verbosity=0
            )
        files = {p.relative_to(media_root).as_posix(): sha256_of(p) for p in _media_files(media_root)}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "cchc": version("cchc"),
            "django": version("django"),
            "database": connections[using].vendor,
            "migrations": migrations,
            "rows": counts,
            "files": files,
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(data, arcname=DATA)
            for name in files:
                tar.add(media_root / name, arcname=f"{MEDIA}/{name}")
        partial.chmod(0o600)  # password hashes and citizens' ID numbers
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        partial.rename(archive)
    checksum = archive.with_name(archive.name + ".sha256")
    checksum.write_text(f"{sha256_of(archive)}  {archive.name}\n")
    checksum.chmod(0o600)
    return Snapshot(archive, checksum, sum(counts.values()), len(files))


def verify(archive: Path) -> None:
    """Refuse an archive whose SHA-256 differs from its ``.sha256`` file (or that has none)."""
    checksum = archive.with_name(archive.name + ".sha256")
    if not archive.is_file():
        raise RestoreRefused(f"Không thấy tệp sao lưu {archive}.")
    if not checksum.is_file():
        raise RestoreRefused(f"Không thấy tệp tổng kiểm tra {checksum.name} bên cạnh bản sao lưu.")
    words = checksum.read_text().split()
    expected = words[0].lower() if words else ""
    if sha256_of(archive) != expected:
        raise RestoreRefused(
            "Tổng kiểm tra SHA-256 không khớp: bản sao lưu đã bị hỏng hoặc bị sửa; không khôi phục."
        )


def _is_empty(using: str) -> bool:
    """No rows but those ``migrate`` makes by itself (content types, permissions), and no uploaded file."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    own = {ContentType._meta.label, Permission._meta.label}
    if any(count for label, count in row_counts(using).items() if label not in own):
        return False
    return not _media_files(Path(settings.MEDIA_ROOT))


@contextmanager
def _audit_silenced() -> Iterator[None]:
    """A dump or a load copies rows with their own history: the audit trail records nothing meanwhile.

    Loading sets many-to-many fields with ``.set()``, whose signal has no ``raw`` flag, so without this the
    trail would write a new entry for each; the backup's own entries are restored instead.
    """
    from cchc.audit import trail

    with trail.suspended():
        yield


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        if member.name in (MANIFEST, DATA):
            continue
        if not member.name.startswith(f"{MEDIA}/") or not member.isfile():
            raise RestoreRefused(f"Bản sao lưu có mục lạ: {member.name!r}; không khôi phục.")
        members.append(member)
    return members


def restore(*, archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> dict:
    verify(archive)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        if manifest.get("format") != FORMAT:
            raise RestoreRefused(
                f"Bản sao lưu định dạng {manifest.get('format')!r}; phiên bản này đọc định dạng {FORMAT}."
            )
        known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        unknown = [
            f"{app}.{name}"
            for app, names in manifest["migrations"].items()
            for name in names
            if (app, name) not in known
        ]
        if unknown:
            raise RestoreRefused(
                "Bản sao lưu được tạo bởi phiên bản cchc mới hơn (có các migration "
                f"{', '.join(unknown[:5])}); hãy cài phiên bản {manifest['cchc']} trở lên rồi khôi phục."
            )
        if not force and not _is_empty(using):
            raise RestoreRefused(
                "Cơ sở dữ liệu hoặc thư mục tệp tải lên đã có dữ liệu; khôi phục sẽ xoá hết. "
                "Dùng --force nếu thật sự muốn thay bằng bản sao lưu."
            )
        call_command("migrate", interactive=False, database=using, verbosity=0)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=f".{media_root.name}-restore-"))
        try:
            data = staging / DATA
            with tar.extractfile(DATA) as source, open(data, "wb") as target:
                shutil.copyfileobj(source, target)
            members = _safe_members(tar)
            tar.extractall(staging, members=members, filter="data")
            for name, digest in manifest["files"].items():
                if sha256_of(staging / MEDIA / name) != digest:
                    raise RestoreRefused(
                        f"Tệp {name} trong bản sao lưu không khớp tổng kiểm tra; không khôi phục."
                    )
            _load(data=data, expected=manifest["rows"], using=using)
            _swap_media(staging / MEDIA, media_root)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _load(*, data: Path, expected: dict[str, int], using: str) -> None:
    from django.contrib.contenttypes.models import ContentType

    connection = connections[using]
    with transaction.atomic(using=using), _audit_silenced():
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        tables += partitioning.key_tables(using)  # beside a partitioned dossier table (cchc.ops.partitioning)
        connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))
        ContentType.objects.clear_cache()
        call_command("loaddata", str(data), database=using, verbosity=0)
        loaded = row_counts(using)
        wrong = {
            label: (count, loaded.get(label))
            for label, count in expected.items()
            if loaded.get(label) != count
        }
        if wrong:
            details = "; ".join(
                f"{label}: {found} thay vì {count}" for label, (count, found) in sorted(wrong.items())
            )
            raise RestoreRefused(
                f"Số bản ghi sau khi nạp không khớp bản sao lưu ({details}); đã huỷ khôi phục."
            )
    ContentType.objects.clear_cache()


def _swap_media(new: Path, media_root: Path) -> None:
    """Put the restored files in place of the old ones with two renames (the old folder goes last)."""
    new.mkdir(parents=True, exist_ok=True)
    old = None
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}-old-{datetime.now():%Y%m%d%H%M%S%f}")
        media_root.rename(old)
    new.rename(media_root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
