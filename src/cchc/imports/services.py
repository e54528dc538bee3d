"""Writes of the portal import: the only door through which a portal export becomes dossiers.

A file is read as a stream (``cchc.core.tabular``), its good rows upserted in batches inside one transaction,
and its bad rows copied to an error workbook with the reason. A file refused whole (unreadable, no header,
broken half-way) leaves no dossier, no procedure and no audit entry behind: only its line in the history.

- A row whose code is not in the register becomes a dossier with ``source="import"``; it keeps the portal's
  appointment as ``due_at``, and the deadline engine's own appointment as ``computed_due_at``.
- A row whose code is a dossier received at the counter (``source="counter"``, by ``code`` or by its
  ``portal_code``) does not rewrite the register: it marks the dossier ``portal_synced`` with its
  ``portal_code`` and keeps what the portal says in a ``PortalRecord`` for the reconciliation.
- A row whose code was imported before updates that dossier where the portal now says something else, with
  one audit entry per changed dossier; a row identical to what is stored changes nothing.
- A code seen twice in one file: the first row counts; a later identical row is skipped, a later different
  row is an error.

Only the system administrator and the report compiler import (district-wide roles); the command line is
the server's administrator and may run without a user.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from openpyxl import Workbook

from cchc.accounts.models import Role, User
from cchc.audit.models import AuditEntry
from cchc.audit.trail import acting_as, current_actor
from cchc.core.calendar import CalendarError, TimeLimit, WorkCalendar, appointment, local
from cchc.core.lifecycle import State
from cchc.core.tabular import (
    FLAG_COLUMNS,
    CellError,
    Export,
    PortalRow,
    TableError,
    alias_table,
    is_blank,
    open_export,
    parse_row,
)
from cchc.core.text import fold
from cchc.core.xlsx import neutralise
from cchc.dossiers.models import Channel, Dossier, Source, SupplementPause
from cchc.imports.models import ColumnAlias, ImportRun, PortalRecord
from cchc.ops import partitioning
from cchc.procedures.models import LimitKind, Procedure, ProcedureLevel
from cchc.reports.figures import forget as forget_figures
from cchc.units.models import Unit
from cchc.units.selectors import unit_at
from cchc.workcalendar.selectors import calendar_for

IMPORTING_ROLES = frozenset({Role.ADMIN, Role.REPORT_COMPILER})
BATCH = 2000
COMMAND_LABEL = "lệnh import-dossiers"
logger = logging.getLogger(__name__)


class ImportRefused(Exception):
    """The file was refused whole; nothing was written but its line in the history."""

    def __init__(self, message: str, run: ImportRun | None = None) -> None:
        super().__init__(message)
        self.run = run


def can_import(user: User | None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in IMPORTING_ROLES


def ensure_can_import(user: User) -> None:
    if not can_import(user):
        raise PermissionDenied(
            "Chỉ quản trị hệ thống và cán bộ tổng hợp báo cáo được nhập hồ sơ từ Cổng DVC tỉnh."
        )


def column_aliases() -> dict[str, str]:
    """The alias table: the built-in names plus those the administrator added (``ColumnAlias``)."""
    return alias_table(dict(ColumnAlias.objects.values_list("alias", "column")))


# --- Units ---------------------------------------------------------------------------------------------

_WORDS = re.compile(r"[^a-z0-9]+")
_BODIES = ("uy ban nhan dan", "ubnd", "bo phan mot cua", "bo phan tiep nhan va tra ket qua")
_KINDS = ("thi tran", "xa", "phuong", "phong", "huyen", "tinh")


def _words(text: str) -> str:
    return _WORDS.sub(" ", fold(text)).strip()


def _bare(words: str) -> str:
    for body in _BODIES:
        if words.startswith(body + " "):
            words = words[len(body) + 1 :]
    for kind in _KINDS:
        if words.startswith(kind + " "):
            return words[len(kind) + 1 :]
    return words


class UnitResolver:
    """Finds a unit by its name (with or without "Xã", "UBND xã", "Phòng"…), its code or its agency id, as it
    was on the dossier's day of receipt: codes and names are reused (13795 is Thị trấn Lâm until 30/06/2025,
    Xã Ý Yên from 01/07/2025), so every candidate is judged by ``unit_at``."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.by_name: dict[str, list[Unit]] = {}
        self.by_code: dict[str, list[Unit]] = {}
        self.by_bare: dict[str, list[Unit]] = {}
        for unit in units:
            self.by_name.setdefault(_words(unit.name), []).append(unit)
            self.by_bare.setdefault(_bare(_words(unit.name)), []).append(unit)
            self.by_code.setdefault(unit.code.casefold(), []).append(unit)
            if unit.agency_id:
                self.by_code.setdefault(unit.agency_id.casefold(), []).append(unit)
        self._cache: dict[tuple[str, date], Unit | None] = {}

    def __call__(self, text: str, on: date) -> Unit | None:
        if (text, on) not in self._cache:
            self._cache[text, on] = self._find(text, on)
        return self._cache[text, on]

    def _find(self, text: str, on: date) -> Unit | None:
        def at(found: dict[str, list[Unit]], key: str) -> Unit | None:
            return unit_at(key, on=on, candidates=found.get(key, []))

        if unit := at(self.by_code, text.strip().casefold()):
            return unit
        for candidate in (text, text.split(",")[0], text.split(" - ")[0]):
            words = _words(candidate)
            if unit := at(self.by_name, words) or at(self.by_name, _bare_body(words)):
                return unit
            bare = [u for u in self.by_bare.get(_bare(words), []) if u.is_valid_on(on)]
            if len(bare) == 1:
                return bare[0]
        return None


def _bare_body(words: str) -> str:
    for body in _BODIES:
        if words.startswith(body + " "):
            return words[len(body) + 1 :]
    return words


# --- The error workbook --------------------------------------------------------------------------------


class ErrorBook:
    """The bad rows as they were in the file, with the line and the reason; written as a stream."""

    def __init__(self, path: Path, header: tuple[str, ...]) -> None:
        self.path = path
        self.header = header
        self.book: Workbook | None = None
        self.count = 0

    def add(self, line: int, cells: Any, reason: str) -> None:
        if self.book is None:
            self.book = Workbook(write_only=True)
            self.sheet = self.book.create_sheet("Dòng lỗi")
            self.sheet.append(["Dòng trong tệp", "Lý do", *(neutralise(c) for c in self.header)])
        values = [neutralise(_plain_cell(c)) for c in cells]
        self.sheet.append([line, neutralise(reason), *values])
        self.count += 1

    def save(self) -> Path | None:
        if self.book is None:
            return None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.book.save(self.path)
        return self.path


def _plain_cell(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, str | int | float | bool | datetime):
        return value
    return str(value)


# --- The import ----------------------------------------------------------------------------------------


@dataclass
class Counts:
    read: int = 0
    added: int = 0
    updated: int = 0
    skipped: int = 0
    errors: int = 0
    procedures: int = 0


# Fields an import may set on a dossier it created, from the portal's columns (None: column absent).
_PORTAL_FIELDS = (
    "received_at",
    "due_at",
    "result_at",
    "returned_at",
    "state",
    "channel",
    "online_level",
    "fee",
    *FLAG_COLUMNS,
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


_STORED_FIELDS = (
    "id",
    "code",
    "source",
    "unit_id",
    "procedure_id",
    "received_at",
    "due_at",
    "computed_due_at",
    "result_at",
    "returned_at",
    "state",
    "channel",
    "online_level",
    "fee",
    "portal_synced",
    "portal_code",
    *FLAG_COLUMNS,
)


class _Stored:
    """What the import compares of a stored dossier, without building a model instance per row."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    @property
    def pk(self) -> int:
        return self.id


def _stored(queryset) -> Iterable[_Stored]:
    return (_Stored(**values) for values in queryset.values(*_STORED_FIELDS))


def _sqlite_moment(value: datetime | None) -> str | None:
    """What Django's SQLite backend stores for an aware datetime: naive UTC as text."""
    if value is None:
        return None
    return str(value.astimezone(UTC).replace(tzinfo=None))


class BulkInsert:
    """``COPY`` on PostgreSQL, ``INSERT … VALUES`` with ``executemany`` elsewhere: the ORM's
    ``bulk_create`` spends most of a large import preparing each field of each row, which plain values
    need not.

    Every column not given takes the model's default, computed once per import (so ``recorded_at`` is the
    moment of the import for all its rows); values go through the field's own database conversion only
    where a plain value is not already what the driver takes (dates and times, JSON…).
    """

    _PLAIN = (models.CharField, models.IntegerField, models.BooleanField, models.ForeignKey)

    def __init__(self, model: type[models.Model]) -> None:
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        template = model()
        self.defaults = {f.attname: getattr(template, f.attname) for f in self.fields}
        self.convert = [self._converter(f) for f in self.fields]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        self.copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"

    def _converter(self, field: models.Field) -> Callable[[Any], Any] | None:
        if isinstance(field, self._PLAIN):
            return None
        if isinstance(field, models.DateTimeField) and connection.vendor == "sqlite":
            return _sqlite_moment
        if isinstance(field, models.DateTimeField) and connection.vendor == "postgresql":
            return None  # psycopg takes aware datetimes as they are
        return partial(field.get_db_prep_save, connection=connection)

    def insert(self, rows: list[dict[str, Any]]) -> None:
        names = [f.attname for f in self.fields]
        params = []
        for row in rows:
            values = self.defaults | row
            params.append(
                tuple(
                    values[name] if convert is None else convert(values[name])
                    for name, convert in zip(names, self.convert, strict=True)
                )
            )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY is PostgreSQL's own bulk loader: one statement for the whole batch.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for values in params:
                        copy.write_row(values)
            else:
                cursor.executemany(self.sql, params)


class Importer:
    """One file's import, inside the caller's transaction."""

    def __init__(self, *, export: Export, errors: ErrorBook, run: ImportRun) -> None:
        self.export = export
        self.columns = export.header.columns
        self.present = set(self.columns)
        self.errors = errors
        self.run = run
        self.counts = Counts()
        self.units = UnitResolver(Unit.objects.all())
        self.procedures = {p.code: p for p in Procedure.objects.all()}
        self.procedures_by_name: dict[str, Procedure] = {}
        for procedure in self.procedures.values():
            self.procedures_by_name.setdefault(fold(procedure.name), procedure)
        # Register dossiers whose portal code differs from their own code: few, kept in memory.
        self.by_portal_code = dict(
            Dossier.objects.exclude(portal_code="")
            .exclude(portal_code=F("code"))
            .values_list("portal_code", "pk")
        )
        self.seen: dict[str, tuple[int, int]] = {}
        self.calendars: dict[int, WorkCalendar] = {}
        self.inserter = BulkInsert(Dossier)
        # On a dossier table partitioned by month, a lookup by code visits every partition; the identity
        # table (cchc.ops.partitioning) answers which codes exist in one index lookup first.
        self.key_table = partitioning.KEY if partitioning.is_partitioned() else None
        self.limits: dict[int, TimeLimit] = {}
        self.pending: list[tuple[PortalRow, Any, Unit, Procedure]] = []
        self.audit: list[AuditEntry] = []
        self.actor, self.actor_label = current_actor()
        self.now = timezone.now()

    def run_all(self, progress: Callable[[int, float | None], None] | None = None) -> Counts:
        last = 0.0
        for line, cells in self.export.rows:
            if is_blank(cells):
                continue
            self.counts.read += 1
            try:
                row = parse_row(line, cells, self.columns, now=self.now)
            except CellError as error:
                self._error(line, cells, str(error))
                continue
            digest = hash(row.fingerprint())
            first = self.seen.get(row.code)
            if first is not None:
                if first[0] == digest:
                    self.counts.skipped += 1
                else:
                    self._error(
                        line, cells, f"Mã hồ sơ {row.code} đã có ở dòng {first[1]} với nội dung khác."
                    )
                continue
            unit = self.units(row.unit, local(row.received_at).date())
            if unit is None:
                self._error(line, cells, f"Đơn vị tiếp nhận không nhận ra: “{row.unit}”.")
                continue
            procedure = self._procedure(row, unit)
            if procedure is None:
                self._error(
                    line, cells, "Không xác định được thủ tục: thiếu Mã thủ tục và Tên thủ tục không khớp."
                )
                continue
            self.seen[row.code] = (digest, line)
            self.pending.append((row, cells, unit, procedure))
            if len(self.pending) >= BATCH:
                self._flush()
                if progress is not None and time.monotonic() - last > 0.5:
                    last = time.monotonic()
                    progress(self.counts.read, self.export.progress())
        self._flush()
        if progress is not None:
            progress(self.counts.read, 1.0)
        return self.counts

    def _known(self, codes: list[str]) -> list[str]:
        """The codes worth looking up in the dossier table: all of them, or those its identity table holds."""
        if self.key_table is None:
            return codes
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT code FROM {self.key_table} WHERE code = ANY(%s)", [codes])  # noqa: S608
            return [code for (code,) in cursor.fetchall()]

    def _error(self, line: int, cells: Any, reason: str) -> None:
        self.counts.errors += 1
        self.errors.add(line, cells, reason)

    # One batch: resolve units and procedures, fetch what exists, then write in bulk.
    def _flush(self) -> None:
        if not self.pending:
            return
        resolved, self.pending = self.pending, []
        codes = [row.code for row, *_ in resolved]
        portal_pks = [self.by_portal_code[c] for c in codes if c in self.by_portal_code]
        known = self._known(codes)
        existing = {d.code: d for d in _stored(Dossier.objects.filter(code__in=known))} if known else {}
        if portal_pks:
            for dossier in _stored(Dossier.objects.filter(pk__in=portal_pks)):
                existing.setdefault(dossier.portal_code, dossier)
        records = {
            r.dossier_id: r
            for r in PortalRecord.objects.filter(
                dossier_id__in=[d.pk for d in existing.values() if d.source == Source.COUNTER]
            )
        }
        accepted = self._accepted(resolved, existing)
        # Only accepted rows create anything: the procedures they name that the catalogue lacks, first.
        missing = {p.code: p for _, _, p, _ in accepted if p.pk is None}
        if missing:
            self._create_procedures(list(missing.values()))
        created: list[dict[str, Any]] = []
        changed: dict[int, _Stored] = {}
        changed_fields: set[str] = set()
        new_records: list[PortalRecord] = []
        changed_records: list[PortalRecord] = []
        for row, unit, procedure, computed in accepted:
            dossier = existing.get(row.code)
            if dossier is None:
                created.append(self._new_dossier(row, unit, procedure, computed))
            elif dossier.source == Source.COUNTER:
                touched, record_changed = self._sync_register(
                    dossier, row, unit, records, new_records, changed_records
                )
                if touched:
                    changed[dossier.pk] = dossier
                    changed_fields.update(touched)
                if touched or record_changed:
                    self.counts.updated += 1
                else:
                    self.counts.skipped += 1
            else:
                values = self._imported_values(row, unit, procedure, computed)
                diff = {f: v for f, v in values.items() if getattr(dossier, f) != v}
                if diff:
                    self._audit_update(dossier, diff)
                    for name, value in diff.items():
                        setattr(dossier, name, value)
                    changed[dossier.pk] = dossier
                    changed_fields.update(diff)
                    self.counts.updated += 1
                else:
                    self.counts.skipped += 1
        if created:
            self.inserter.insert(created)
            self.counts.added += len(created)
        if changed:
            Dossier.objects.bulk_update(
                [Dossier(**vars(d)) for d in changed.values()], sorted(changed_fields), batch_size=BATCH
            )
        if new_records:
            PortalRecord.objects.bulk_create(new_records, batch_size=BATCH)
        if changed_records:
            PortalRecord.objects.bulk_update(
                changed_records, list(_PORTAL_FIELDS) + ["unit"], batch_size=BATCH
            )
        self._sync_pauses(
            waiting=[row.code for row, *_ in accepted if row.state == State.SUPPLEMENT_REQUESTED],
            others=[row.code for row, *_ in accepted if row.state != State.SUPPLEMENT_REQUESTED],
        )
        if self.audit:
            AuditEntry.objects.bulk_create(self.audit, batch_size=BATCH)
            self.audit = []

    def _sync_pauses(self, *, waiting: list[str], others: list[str]) -> None:
        """An imported dossier waiting for a supplement is paused (since an unknown moment: the export says
        only that it waits); one no longer waiting ends that pause at the import, keeping the portal's
        appointment. The register's own dossiers keep their own pauses."""
        open_pause = SupplementPause.objects.filter(dossier=OuterRef("pk"), ended_at__isnull=True)
        if waiting:
            starting = (
                Dossier.objects.filter(
                    code__in=waiting, source=Source.IMPORT, state=State.SUPPLEMENT_REQUESTED
                )
                .exclude(Exists(open_pause))
                .values_list("pk", "due_at")
            )
            SupplementPause.objects.bulk_create(
                SupplementPause(dossier_id=pk, due_before=due_at) for pk, due_at in starting
            )
        if others:
            ending = SupplementPause.objects.filter(
                ended_at__isnull=True,
                started_at__isnull=True,
                dossier__source=Source.IMPORT,
                dossier__code__in=others,
            ).select_related("dossier")
            now = timezone.now()
            for pause in ending:
                pause.ended_at, pause.due_after = now, pause.dossier.due_at
                pause.save(update_fields=["ended_at", "due_after"])

    def _accepted(
        self, resolved: list[tuple[PortalRow, Any, Unit, Procedure]], existing: dict[str, _Stored]
    ) -> list[tuple[PortalRow, Unit, Procedure, datetime | None]]:
        """The rows of a batch that can be written, each with its computed appointment; the others are
        row errors (a receipt the calendar cannot count from, a new dossier with no appointment)."""
        accepted = []
        for row, cells, unit, procedure in resolved:
            try:
                computed = self._computed_due(row, unit, procedure)
            except CalendarError as error:
                self._error(row.line, cells, f"Ngày tiếp nhận: {error}")
                continue
            if row.code not in existing and row.due_at is None and computed is None:
                self._error(
                    row.line,
                    cells,
                    "Thiếu Ngày hẹn trả, và thủ tục chưa có thời hạn giải quyết để tính ngày hẹn.",
                )
                continue
            accepted.append((row, unit, procedure, computed))
        return accepted

    def _procedure(self, row: PortalRow, unit: Unit) -> Procedure | None:
        if row.procedure_code:
            code = row.procedure_code[:32]
            procedure = self.procedures.get(code)
            if procedure is None:
                procedure = Procedure(
                    code=code,
                    name=(row.procedure_name or f"Thủ tục {code}")[:500],
                    field=(row.field or "Chưa phân loại")[:200],
                    level=ProcedureLevel.COMMUNE if unit.is_commune_level else ProcedureLevel.DISTRICT,
                    limit_kind=LimitKind.DAYS,
                    limit_amount=0,
                    online_level=row.online_level or 2,
                    fee=row.fee or 0,
                    interagency=bool(row.flags.get("interagency")),
                    from_import=True,
                    note="Tạo khi nhập hồ sơ từ Cổng DVC tỉnh; cần bổ sung thời hạn và thông tin.",
                )
                procedure.search_text = fold(f"{procedure.code} {procedure.name} {procedure.field}")[:600]
                self.procedures[code] = procedure  # created with the first accepted row that names it
            return procedure
        if row.procedure_name:
            return self.procedures_by_name.get(fold(row.procedure_name))
        return None

    def _create_procedures(self, procedures: list[Procedure]) -> None:
        Procedure.objects.bulk_create(procedures)
        saved = {p.code: p for p in Procedure.objects.filter(code__in=[p.code for p in procedures])}
        for procedure in procedures:
            procedure.pk = saved[procedure.code].pk
            self.procedures[procedure.code] = procedure
            self.audit.append(
                self._entry(
                    "create",
                    "procedures.Procedure",
                    procedure.pk,
                    str(procedure),
                    None,
                    {
                        "code": [None, procedure.code],
                        "name": [None, procedure.name],
                        "from_import": [None, True],
                    },
                )
            )
        self.counts.procedures += len(procedures)

    def _computed_due(self, row: PortalRow, unit: Unit, procedure: Procedure) -> datetime | None:
        """The deadline engine's appointment, where the procedure has a real time limit."""
        if procedure.from_import or (
            procedure.limit_kind != LimitKind.SAME_DAY and procedure.limit_amount == 0
        ):
            return None
        calendar = self.calendars.get(unit.pk)
        if calendar is None:
            calendar = self.calendars[unit.pk] = calendar_for(unit)
        limit = self.limits.get(procedure.pk)
        if limit is None:
            limit = self.limits[procedure.pk] = procedure.time_limit
        return appointment(calendar, row.received_at, limit)

    def _imported_values(
        self, row: PortalRow, unit: Unit, procedure: Procedure, computed: datetime | None
    ) -> dict[str, Any]:
        values: dict[str, Any] = {
            "unit_id": unit.pk,
            "procedure_id": procedure.pk,
            "received_at": row.received_at,
            "state": row.state.value,
            "computed_due_at": computed,
        }
        if row.due_at is not None:
            values["due_at"] = row.due_at
        for name in ("result_at", "returned_at"):
            if name in self.present:
                values[name] = getattr(row, name)
        if row.online_level is not None:
            values["online_level"] = row.online_level
        if row.channel is not None:
            values["channel"] = row.channel
        if row.fee is not None:
            values["fee"] = row.fee
        values.update(row.flags)
        return values

    def _new_dossier(
        self, row: PortalRow, unit: Unit, procedure: Procedure, computed: datetime | None
    ) -> dict[str, Any]:
        """The column values of a new imported dossier (written by ``BulkInsert``)."""
        return {
            "code": row.code,
            "unit_id": unit.pk,
            "procedure_id": procedure.pk,
            "online_level": row.online_level or procedure.online_level,
            "interagency": procedure.interagency,
            "state": row.state.value,
            "source": Source.IMPORT.value,
            "channel": row.channel or Channel.IN_PERSON.value,
            "received_at": row.received_at,
            "due_at": row.due_at or computed,
            "computed_due_at": computed,
            "result_at": row.result_at,
            "returned_at": row.returned_at,
            "fee": procedure.fee if row.fee is None else row.fee,
            "portal_synced": True,
            "portal_code": row.code,
            "search_text": fold(row.code)[:400],
            **row.flags,
        }

    def _sync_register(
        self,
        dossier: _Stored,
        row: PortalRow,
        unit: Unit,
        records: dict[int, PortalRecord],
        new_records: list[PortalRecord],
        changed_records: list[PortalRecord],
    ) -> tuple[set[str], bool]:
        """A register dossier found on the portal: mark it synced, keep what the portal says of it."""
        diff: dict[str, Any] = {}
        if not dossier.portal_synced:
            diff["portal_synced"] = True
        if dossier.portal_code != row.code:
            diff["portal_code"] = row.code
        if diff:
            self._audit_update(dossier, diff)
            for name, value in diff.items():
                setattr(dossier, name, value)
        values = {
            "unit_id": unit.pk,
            "received_at": row.received_at,
            "due_at": row.due_at,
            "result_at": row.result_at,
            "returned_at": row.returned_at,
            "state": row.state.value,
            "channel": row.channel or "",
            "online_level": row.online_level,
            "fee": row.fee,
            **{name: row.flags.get(name) for name in FLAG_COLUMNS},
        }
        record = records.get(dossier.pk)
        if record is None:
            new_records.append(PortalRecord(dossier_id=dossier.pk, **values))
            return set(diff), True
        if any(getattr(record, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            changed_records.append(record)
            return set(diff), True
        return set(diff), False

    def _audit_update(self, dossier: _Stored, diff: dict[str, Any]) -> None:
        changes = {name: [_plain(getattr(dossier, name)), _plain(value)] for name, value in diff.items()}
        self.audit.append(
            self._entry("update", "dossiers.Dossier", dossier.pk, dossier.code, dossier.unit_id, changes)
        )

    def _entry(self, action: str, model: str, pk: Any, text: str, unit_id: Any, changes: dict) -> AuditEntry:
        return AuditEntry(
            actor=self.actor if getattr(self.actor, "pk", None) else None,
            actor_label=self.actor_label[:150],
            action=action,
            model=model,
            object_pk=str(pk),
            object_repr=text[:300],
            unit_id=unit_id,
            changes=changes,
        )


def import_start(*, actor: User | None, file_name: str, upload_file: str = "") -> ImportRun:
    """Open the history line of an import (status "running") before the file is read."""
    if actor is not None:
        ensure_can_import(actor)
    reap_interrupted()
    return ImportRun.objects.create(
        actor=actor,
        actor_label=(actor.get_username() if actor is not None else COMMAND_LABEL)[:150],
        unit=getattr(actor, "unit", None),
        file_name=file_name[:255],
        upload_file=upload_file[:500],
        worker=this_worker(),
    )


INTERRUPTED_MESSAGE = (
    "Lần nhập bị gián đoạn: tiến trình nhập đã dừng giữa chừng (máy chủ khởi động lại hoặc bị tắt). "
    "Không có dòng nào của lần nhập này được ghi vào sổ; hãy nhập lại tệp."
)


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_interrupted() -> int:
    """Close the history lines of imports whose process on this machine is gone; return how many.

    An import writes in one transaction, so a process killed in the middle left nothing in the database but
    its history line, still "running". Imports run by another machine are left to that machine.
    """
    host = socket.gethostname()
    gone = []
    for pk, worker in ImportRun.objects.filter(
        status=ImportRun.Status.RUNNING, worker__startswith=f"{host}:"
    ).values_list("pk", "worker"):
        pid = worker.rpartition(":")[2]
        if pid.isdigit() and not _alive(int(pid)):
            gone.append(pk)
    if not gone:
        return 0
    return ImportRun.objects.filter(pk__in=gone, status=ImportRun.Status.RUNNING).update(
        status=ImportRun.Status.INTERRUPTED, message=INTERRUPTED_MESSAGE, finished_at=timezone.now()
    )


def import_file(
    *,
    actor: User | None,
    path: Path,
    file_name: str | None = None,
    error_path: Path | None = None,
    run: ImportRun | None = None,
    progress: Callable[[int, float | None], None] | None = None,
) -> ImportRun:
    """Import one portal export; return its history line, or raise ``ImportRefused`` (nothing written).

    ``error_path`` is where the error workbook goes (default: beside the file, ``<name>.loi.xlsx``).
    """
    if actor is not None:
        ensure_can_import(actor)
    path = Path(path)
    file_name = file_name or path.name
    run = run or import_start(actor=actor, file_name=file_name)
    error_path = error_path or path.with_name(f"{Path(file_name).stem}.loi.xlsx")
    label = actor.get_username() if actor is not None else COMMAND_LABEL
    try:
        export = open_export(path, column_aliases(), name=file_name)
    except TableError as error:
        _refuse(run, str(error))
        raise ImportRefused(str(error), run) from error
    errors = ErrorBook(error_path, export.header.cells)
    try:
        with acting_as(actor, label), transaction.atomic():
            importer = Importer(export=export, errors=errors, run=run)
            counts = importer.run_all(progress)
            AuditEntry.objects.create(
                actor=actor,
                actor_label=label[:150],
                action="create" if counts.added else "update",
                model="dossiers.Dossier",
                object_pk="*",
                object_repr=f"Nhập từ Cổng DVC tỉnh: {file_name}"[:300],
                changes={
                    "import_run": run.pk,
                    "file": file_name,
                    "read": counts.read,
                    "added": counts.added,
                    "updated": counts.updated,
                    "skipped": counts.skipped,
                    "errors": counts.errors,
                    "procedures_added": counts.procedures,
                },
            )
    except TableError as error:
        _refuse(run, str(error))
        raise ImportRefused(str(error), run) from error
    finally:
        export.close()
    forget_figures()  # the dashboard's cached figures no longer hold
    saved = errors.save()
    run.header_row = export.header.row_number
    run.encoding = export.encoding or ""
    run.rows_read, run.added, run.updated = counts.read, counts.added, counts.updated
    run.skipped, run.errors, run.procedures_added = counts.skipped, counts.errors, counts.procedures
    run.error_file = str(saved) if saved else ""
    run.status = ImportRun.Status.DONE
    run.finished_at = timezone.now()
    ignored = export.header.ignored
    run.message = f"Cột không dùng: {', '.join(ignored)}." if ignored else ""
    run.save()
    return run


def _refuse(run: ImportRun, message: str) -> None:
    run.status = ImportRun.Status.REFUSED
    run.message = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])


def import_fail(*, run: ImportRun, message: str) -> None:
    """Close the history line of an import that stopped on an unexpected error (nothing was written)."""
    run.status = ImportRun.Status.FAILED
    run.message = message[:2000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])


# --- The web import: the upload is stored, then read by `cchc worker` (a task queued in the database) -----

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
_SAFE_NAME = re.compile(r"[^\w.\-]+")


def import_upload(*, actor: User, upload: Any) -> ImportRun:
    """Store an uploaded export and queue its import for the worker (``cchc.imports.tasks``); the history line
    tells how it goes. With ``CCHC_TASKS=immediate`` (the tests) it is imported before returning.

    Until the worker takes it the history line belongs to no process (``worker`` empty), so a web worker that
    restarts meanwhile does not mark it interrupted.
    """
    ensure_can_import(actor)
    name = Path(upload.name).name
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportRefused(f"Tệp {name} quá lớn (tối đa {MAX_UPLOAD_BYTES // 1024 // 1024} MB).")
    run = import_start(actor=actor, file_name=name)
    folder = Path(settings.MEDIA_ROOT) / "imports" / str(run.pk)
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / (_SAFE_NAME.sub("_", name) or "tep")
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    run.upload_file = str(stored)
    run.worker = ""
    run.save(update_fields=["upload_file", "worker"])
    from cchc.imports.tasks import import_uploaded

    import_uploaded.enqueue(run.pk, actor.pk)
    return run


def _progress_writer(folder: Path) -> Callable[[int, float | None], None]:
    def write(rows: int, fraction: float | None) -> None:
        target = folder / "progress.json"
        temporary = folder / "progress.json.tmp"
        temporary.write_text(json.dumps({"rows": rows, "fraction": fraction}))
        temporary.replace(target)

    return write


def import_uploaded_run(*, run_pk: int, actor_pk: int) -> None:
    """Import a stored upload (the worker's task). A run that already ended is not imported again; one whose
    worker was killed half-way wrote nothing (one transaction), so the worker that takes it again starts it over.
    """
    run = ImportRun.objects.get(pk=run_pk)
    if run.status in (ImportRun.Status.DONE, ImportRun.Status.REFUSED, ImportRun.Status.FAILED):
        return
    run.status, run.message, run.finished_at, run.worker = ImportRun.Status.RUNNING, "", None, this_worker()
    run.save(update_fields=["status", "message", "finished_at", "worker"])
    try:
        actor = User.objects.get(pk=actor_pk)
        stored = Path(run.upload_file)
        import_file(
            actor=actor,
            path=stored,
            file_name=run.file_name,
            error_path=stored.parent / f"{Path(run.file_name).stem}.loi.xlsx",
            run=run,
            progress=_progress_writer(stored.parent),
        )
    except ImportRefused:
        pass
    except Exception as error:
        logger.exception("import %s failed", run_pk)
        import_fail(run=run, message=f"Lỗi hệ thống khi nhập, không ghi gì: {type(error).__name__}.")
