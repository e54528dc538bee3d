"""Evidence files on disk: checked by content, stored under a random name, never served directly.

Files live in ``MEDIA_ROOT/par-evidence/`` under a random hexadecimal name with no extension, so that the
uploaded name (which may hold ``../`` or a misleading extension) never reaches the file system, and nothing
there can be executed or served by a web server by mistake. Downloads go through a view that checks scope.
"""

import hashlib
import io
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".docx": "docx", ".xlsx": "xlsx"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_OOXML_MAIN = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_LABELS = {
    "pdf": "PDF",
    "png": "ảnh PNG",
    "jpeg": "ảnh JPEG",
    "docx": "tệp Word (DOCX)",
    "xlsx": "tệp Excel (XLSX)",
}


class EvidenceRefused(ValueError):
    """The file is refused; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    stored_name: str
    kind: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "CCHC_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def root() -> Path:
    return (Path(settings.MEDIA_ROOT) / "par-evidence").resolve()


MAX_NAME = 200


def clean_name(name: str) -> str:
    """The last component of an uploaded name, without control characters, at most ``MAX_NAME``
    characters: a longer name is shortened in its middle and keeps its extension. Used only for display."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/")
    base = PurePosixPath(name).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    if len(base) > MAX_NAME:
        suffix = PurePosixPath(base).suffix[:10]
        base = base[: MAX_NAME - len(suffix) - 1] + "…" + suffix
    return base or "tai-lieu"


def kind_of(name: str) -> str:
    suffix = PurePosixPath(name.lower()).suffix
    if suffix not in EXTENSIONS:
        raise EvidenceRefused(
            f"Không nhận tệp '{name}': chỉ nhận PDF, ảnh (PNG, JPEG), Word (DOCX) hoặc Excel (XLSX)."
        )
    return EXTENSIONS[suffix]


def _content_is(kind: str, head: bytes, data_file) -> bool:
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        data_file.seek(0)
        with zipfile.ZipFile(data_file) as archive:
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return _OOXML_MAIN[kind] in types


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",").removesuffix(",0")


def check(*, name: str, size: int, data_file) -> str:
    """The kind of an upload, or ``EvidenceRefused`` for a wrong type, a content mismatch or a big file."""
    shown = clean_name(name)
    limit = max_bytes()
    if size > limit:
        raise EvidenceRefused(
            f"Tệp '{shown}' dung lượng {_mb(size)} MB, vượt giới hạn {_mb(limit)} MB; "
            "hãy nén hoặc tách nhỏ tệp rồi tải lại."
        )
    if size == 0:
        raise EvidenceRefused(f"Tệp '{shown}' rỗng.")
    kind = kind_of(shown)
    data_file.seek(0)
    head = data_file.read(16)
    if not _content_is(kind, head, data_file):
        raise EvidenceRefused(
            f"Nội dung tệp '{shown}' không phải {_LABELS[kind]} như phần mở rộng cho biết; tệp bị từ chối."
        )
    return kind


def save(*, name: str, size: int, data_file) -> StoredFile:
    """Check and write an upload; the caller records it in the same transaction."""
    kind = check(name=name, size=size, data_file=data_file)
    stored_name = secrets.token_hex(16)
    target = path_of(stored_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    data_file.seek(0)
    try:
        with open(target, "xb") as out:
            for chunk in iter(lambda: data_file.read(1 << 16), b""):
                digest.update(chunk)
                out.write(chunk)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise EvidenceRefused(
            "Máy chủ hết dung lượng lưu trữ (hoặc lỗi ghi tệp): tệp chưa được lưu, không có gì thay đổi. "
            "Hãy báo quản trị hệ thống."
        ) from exc
    target.chmod(0o600)
    return StoredFile(clean_name(name), stored_name, kind, size, digest.hexdigest())


def path_of(stored_name: str) -> Path:
    """The file of a stored name; refuses any name that is not one of ours (no path can escape ``root``)."""
    if len(stored_name) != 32 or any(c not in "0123456789abcdef" for c in stored_name):
        raise EvidenceRefused("Tên lưu trữ không hợp lệ.")
    target = (root() / stored_name[:2] / stored_name).resolve()
    if not target.is_relative_to(root()):
        raise EvidenceRefused("Tên lưu trữ không hợp lệ.")
    return target


def as_file(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
