"""The dossier table partitioned by month on PostgreSQL (docs/scaling.md, "A province", item 3).

Beyond ``settings.PARTITION_MIN_ROWS`` dossiers an operator runs ``cchc partition-dossiers`` once, in a
planned window; afterwards the same command, run monthly, adds the partitions of the months ahead. SQLite is
never partitioned. Django's model state does not change: the ORM still sees ``id`` as the primary key and
``code`` as unique, and every query of the code runs unchanged.

What the conversion builds, in one transaction (any failure, or a row count that does not match, undoes all):

- ``dossiers_dossier`` partitioned ``BY RANGE (received_at)``: one partition per local month
  (``dossiers_dossier_p2024_01`` holds ``[2024-01-01 00:00 +07, 2024-02-01 00:00 +07)``) from the month of
  the first dossier to ``ahead`` months after this one, and ``dossiers_dossier_default`` for any other date.
  The primary key becomes ``(id, received_at)``: PostgreSQL wants the partition key in every unique index.
  The other indexes are rebuilt as they were (those of ``Meta.indexes``, ``recorded_at``, the foreign keys,
  ``code`` and its ``LIKE`` index), the unique one on ``code`` as a plain index; the check constraints,
  defaults, outgoing foreign keys (unit, procedure, users) and grants are kept.
- ``dossiers_dossier_key (id PRIMARY KEY, code UNIQUE)``, not partitioned, kept equal to the dossiers by
  triggers on the dossier table (insert, change of id or code, delete, truncate). It keeps ``id`` and
  ``code`` unique across partitions: registering a dossier under an existing code still raises
  ``IntegrityError`` at the ``INSERT``.
- The foreign keys that referenced ``dossiers_dossier`` (events, components, pauses, portal records,
  citizens' ratings) reference
  ``dossiers_dossier_key`` instead, with the same names and deferrable mode: an event can never name a
  dossier that does not exist.
- ``id`` keeps coming from the sequence ``dossiers_dossier_id_seq``, at the value it had (PostgreSQL before
  17 has no identity column on a partitioned table, so it becomes a column default owned by the column:
  ``pg_get_serial_sequence``, ``loaddata``'s sequence reset and ``TRUNCATE … RESTART IDENTITY`` still work).

The module refuses, rather than guesses, when the table carries something it does not know how to move
(another unique constraint, a trigger of someone else's, a foreign key to another column).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

TABLE = "dossiers_dossier"
KEY = "dossiers_dossier_key"
OLD = "dossiers_dossier_unpartitioned"
DEFAULT = "dossiers_dossier_default"
SYNC = "dossiers_dossier_key_sync"
EMPTY = "dossiers_dossier_key_empty"
MAX_MONTHS = 360  # thirty years: more means a wrong date in the data, not a long history
# The columns of the identity table: a foreign key to the dossier table may reference either.
KEY_COLUMNS = ("id", "code")


class NotPostgres(Exception):
    """Partitioning is PostgreSQL's; the message says so in Vietnamese."""


class Refused(Exception):
    """Nothing was changed; the message says why, in Vietnamese."""


@dataclass(frozen=True, order=True)
class Month:
    first: date  # the first day of the month

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(date(day.year, day.month, 1))

    @property
    def name(self) -> str:
        return f"{TABLE}_p{self.first:%Y_%m}"

    @property
    def label(self) -> str:
        return f"{self.first:%m/%Y}"

    def next(self, months: int = 1) -> "Month":
        index = self.first.year * 12 + self.first.month - 1 + months
        return Month(date(index // 12, index % 12 + 1, 1))

    def bounds(self) -> tuple[datetime, datetime]:
        """Local midnight of the first day of this month and of the next (``settings.TIME_ZONE``)."""
        zone = ZoneInfo(settings.TIME_ZONE)
        start = datetime.combine(self.first, datetime.min.time(), tzinfo=zone)
        return start, datetime.combine(self.next().first, datetime.min.time(), tzinfo=zone)


def months_from(first: Month, last: Month) -> list[Month]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = month.next()
    return months


def spans(months: list[Month]) -> str:
    """``01/2023–02/2027, 05/2027``: runs of consecutive months written as one span."""
    runs: list[list[Month]] = []
    for month in sorted(months):
        if runs and runs[-1][-1].next() == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(r[0].label if len(r) == 1 else f"{r[0].label}–{r[-1].label}" for r in runs)


@dataclass(frozen=True)
class Reference:
    """A foreign key to the dossier table (or, once partitioned, to the identity table)."""

    table: str
    name: str
    column: str
    target: str  # the referenced column
    deferrable: bool
    deferred: bool

    @property
    def label(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass(frozen=True)
class Plan:
    """What the command would do. ``rows`` is exact before a conversion, estimated afterwards."""

    partitioned: bool
    rows: int
    by_month: dict[Month, int]  # dossiers of each month that has any; once partitioned, those in DEFAULT
    new: list[Month]  # the month partitions to create
    existing: int = 0  # month partitions already there
    until: Month | None = None  # the last month that has a partition, once partitioned
    references: list[Reference] = field(default_factory=list)

    @property
    def to_default(self) -> int:
        """Dossiers of months that get no partition of their own (they land in the DEFAULT partition)."""
        if self.partitioned:
            return 0
        wanted = set(self.new)
        return sum(count for month, count in self.by_month.items() if month not in wanted)

    def moved(self, month: Month) -> int:
        """Dossiers the monthly job moves from the DEFAULT partition into ``month``'s new partition."""
        return self.by_month.get(month, 0) if self.partitioned else 0


@dataclass(frozen=True)
class Done:
    rows: int
    created: list[Month]
    moved: int = 0


# --- reading the catalogue --------------------------------------------------------------------------


def _connection(using: str):
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise NotPostgres(
            "Chỉ phân vùng bảng hồ sơ trên PostgreSQL. SQLite không bao giờ được phân vùng: "
            "cơ sở dữ liệu SQLite dành cho thí điểm, hãy chuyển sang PostgreSQL trước (xem docs/scaling.md)."
        )
    return connection


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _moment(value: datetime) -> str:
    """A timestamptz literal for DDL (partition bounds take no parameters); ``value`` is ours, never typed."""
    return "'" + value.isoformat(sep=" ") + "'::timestamptz"


def _one(cursor, sql: str, params=None):
    cursor.execute(sql, params)
    row = cursor.fetchone()
    return row[0] if row else None


def _settle(cursor) -> None:
    """Run the foreign-key checks a caller's transaction has deferred so far (they pass or raise here).

    PostgreSQL refuses to alter a table that has pending trigger events; in the command's own transaction
    there are none, inside a caller's (a test's) there may be, and after a month's rows moved there are.
    """
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def table_kind(cursor) -> str | None:
    """``r`` for a plain table, ``p`` for a partitioned one, ``None`` before ``migrate``."""
    return _one(cursor, "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])


def is_partitioned(using: str = DEFAULT_DB_ALIAS) -> bool:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        return table_kind(cursor) == "p"


def estimated_rows(cursor) -> int:
    """The dossiers, as the planner estimates them (partitions added up); counted if never analysed."""
    cursor.execute(
        """SELECT c.relkind, c.reltuples,
                  (SELECT sum(greatest(p.reltuples, 0))::bigint FROM pg_inherits i
                   JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid)
           FROM pg_class c WHERE c.oid = to_regclass(%s)""",
        [TABLE],
    )
    row = cursor.fetchone()
    if row is None:
        return 0
    kind, estimate, partitions = row
    if kind == "p":
        return partitions or 0
    if estimate < 0:  # never analysed (PostgreSQL 14 and later say -1)
        return _one(cursor, f"SELECT count(*) FROM {TABLE}")  # noqa: S608 - our own table
    return int(estimate)


def _references(cursor, target: str) -> list[Reference]:
    cursor.execute(
        """SELECT c.conrelid::regclass::text, c.conname, a.attname, ta.attname, c.condeferrable,
                  c.condeferred, array_length(c.conkey, 1)
           FROM pg_constraint c
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
           JOIN pg_attribute ta ON ta.attrelid = c.confrelid AND ta.attnum = c.confkey[1]
           WHERE c.contype = 'f' AND c.confrelid = to_regclass(%s) AND c.conparentid = 0
           ORDER BY 1, 2""",
        [target],
    )
    references = []
    for table, name, column, target_column, deferrable, deferred, width in cursor.fetchall():
        if width != 1 or target_column not in KEY_COLUMNS:
            raise Refused(
                f"Khoá ngoại {name} của bảng {table} trỏ tới cột khác id và code của bảng hồ sơ; "
                "lệnh này không biết chuyển nó. Không thay đổi gì."
            )
        references.append(Reference(table, name, column, target_column, deferrable, deferred))
    return references


def _months_with_rows(cursor, table: str) -> dict[Month, int]:
    cursor.execute(
        f"SELECT date_trunc('month', received_at AT TIME ZONE %s)::date, count(*) "  # noqa: S608
        f"FROM {_q(table)} GROUP BY 1 ORDER BY 1",
        [settings.TIME_ZONE],
    )
    return {Month(first): count for first, count in cursor.fetchall()}


_BOUND = re.compile(r"FOR VALUES FROM \((.+)\) TO \((.+)\)")


def _bound(text: str) -> datetime | None:
    """A range bound as ``pg_get_expr`` writes it: ``'2023-12-31 17:00:00+00'``, or MINVALUE/MAXVALUE."""
    text = text.strip()
    return datetime.fromisoformat(text.strip("'")) if text.startswith("'") else None


def _partitions(cursor) -> tuple[list[tuple[datetime | None, datetime | None]], str | None]:
    """The ranges of the partitions (``None`` for an open end) and the name of the DEFAULT partition."""
    cursor.execute(
        """SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s)""",
        [TABLE],
    )
    ranges, default = [], None
    for name, bound in cursor.fetchall():
        if bound == "DEFAULT":
            default = name
        elif match := _BOUND.fullmatch(bound):
            ranges.append((_bound(match[1]), _bound(match[2])))
    return ranges, default


def _overlaps(month: Month, ranges: list[tuple[datetime | None, datetime | None]]) -> bool:
    start, end = month.bounds()
    return any((low is None or low < end) and (high is None or start < high) for low, high in ranges)


# --- the plan -------------------------------------------------------------------------------------------


def plan(*, ahead: int, today: date | None = None, using: str = DEFAULT_DB_ALIAS) -> Plan:
    connection = _connection(using)
    today = today or timezone.localdate()
    with connection.cursor() as cursor:
        return _plan(cursor, ahead=ahead, today=today)


def _plan(cursor, *, ahead: int, today: date) -> Plan:
    kind = table_kind(cursor)
    if kind is None:
        raise Refused(f"Chưa có bảng {TABLE}: hãy chạy `cchc migrate` trước.")
    last = Month.of(today).next(ahead)
    if kind == "p":
        ranges, default = _partitions(cursor)
        stray = _months_with_rows(cursor, default) if default else {}
        wanted = sorted({*months_from(Month.of(today), last), *stray})
        new = [m for m in wanted if not _overlaps(m, ranges)]
        ends = [
            Month.of(timezone.localtime(high - timedelta(microseconds=1)).date())
            for _, high in ranges
            if high
        ]
        return Plan(
            True, estimated_rows(cursor), stray, new, existing=len(ranges), until=max(ends, default=None)
        )
    by_month = _months_with_rows(cursor, TABLE)
    first = min([*by_month, Month.of(today)])
    if first.next(MAX_MONTHS) <= last:
        raise Refused(
            f"Hồ sơ sớm nhất được tiếp nhận tháng {first.label}: sẽ phải tạo hơn {MAX_MONTHS} phân vùng. "
            "Hãy kiểm tra ngày tiếp nhận sai trong dữ liệu. Không thay đổi gì."
        )
    new = months_from(first, last)
    return Plan(False, sum(by_month.values()), by_month, new, references=_references(cursor, TABLE))


# --- the conversion -------------------------------------------------------------------------------------


def partition(
    *,
    ahead: int = 3,
    force: bool = False,
    min_rows: int | None = None,
    lock_timeout: int = 10,
    today: date | None = None,
    report: Callable[[str], None] = lambda line: None,
    using: str = DEFAULT_DB_ALIAS,
) -> Done:
    """Convert the dossier table, or, if it is partitioned already, add the missing month partitions."""
    connection = _connection(using)
    today = today or timezone.localdate()
    min_rows = settings.PARTITION_MIN_ROWS if min_rows is None else min_rows
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # Wait this long for the clerks' and reports' transactions, not for ever: a queued ACCESS EXCLUSIVE
        # lock would hold every new query of the table behind it.
        cursor.execute(f"SET LOCAL lock_timeout = '{int(lock_timeout)}s'")
        kind = table_kind(cursor)
        if kind == "p":
            return _add_months(cursor, ahead=ahead, today=today, report=report)
        if kind is None:
            raise Refused(f"Chưa có bảng {TABLE}: hãy chạy `cchc migrate` trước.")
        rows = _plan(cursor, ahead=ahead, today=today).rows  # refused before any lock is taken
        if rows < min_rows and not force:
            raise Refused(
                f"Bảng hồ sơ có {number(rows)} hồ sơ, dưới ngưỡng {number(min_rows)} "
                "(CCHC_PARTITION_MIN_ROWS): chưa cần phân vùng. Không thay đổi gì. "
                "Dùng --force nếu vẫn muốn phân vùng."
            )
        _settle(cursor)
        locked = [TABLE, *sorted({r.table for r in _references(cursor, TABLE)})]
        cursor.execute(f"LOCK TABLE {', '.join(map(_q, locked))} IN ACCESS EXCLUSIVE MODE")
        # Counted again under the lock: these are the numbers the copy is checked against.
        return _convert(cursor, _plan(cursor, ahead=ahead, today=today), report=report)


def _convert(cursor, planned: Plan, *, report: Callable[[str], None]) -> Done:
    layout = _layout(cursor)
    cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    sequence = _detach_sequence(cursor, layout)
    cursor.execute(
        f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE "
        "INCLUDING COMMENTS INCLUDING COMPRESSION) PARTITION BY RANGE (received_at)"
    )
    cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{sequence}'::regclass)")
    cursor.execute(f"ALTER SEQUENCE {sequence} OWNED BY {TABLE}.id")
    for month in planned.new:
        start, end = month.bounds()
        cursor.execute(
            f"CREATE TABLE {month.name} PARTITION OF {TABLE} FOR VALUES FROM ({_moment(start)}) "
            f"TO ({_moment(end)})"
        )
    cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABLE} DEFAULT")
    report(f"Đã tạo {len(planned.new)} phân vùng theo tháng và phân vùng mặc định {DEFAULT}.")

    for month in planned.new:
        start, end = month.bounds()
        cursor.execute(
            f"INSERT INTO {month.name} SELECT * FROM {OLD} "  # noqa: S608 - our own tables and bounds
            f"WHERE received_at >= {_moment(start)} AND received_at < {_moment(end)}"
        )
        _expect(cursor.rowcount, planned.by_month.get(month, 0), f"tháng {month.label}")
        if cursor.rowcount:
            report(f"  {month.label}: đã chép {number(cursor.rowcount)} hồ sơ vào {month.name}")
    first, _ = planned.new[0].bounds()
    _, end = planned.new[-1].bounds()
    cursor.execute(
        f"INSERT INTO {DEFAULT} SELECT * FROM {OLD} "  # noqa: S608
        f"WHERE received_at < {_moment(first)} OR received_at >= {_moment(end)}"
    )
    _expect(cursor.rowcount, planned.to_default, "phân vùng mặc định")
    _expect(_one(cursor, f"SELECT count(*) FROM {TABLE}"), planned.rows, "cả bảng")  # noqa: S608

    cursor.execute(
        f"CREATE TABLE {KEY} (id bigint CONSTRAINT {KEY}_pkey PRIMARY KEY, "
        f"code {layout.code_type} NOT NULL CONSTRAINT {KEY}_code_key UNIQUE)"
    )
    cursor.execute(f"INSERT INTO {KEY} (id, code) SELECT id, code FROM {OLD}")  # noqa: S608
    for reference in planned.references:
        cursor.execute(f"ALTER TABLE {_q(reference.table)} DROP CONSTRAINT {_q(reference.name)}")
    cursor.execute(f"DROP TABLE {OLD}")

    cursor.execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {_q(layout.primary_key)} PRIMARY KEY (id, received_at)"
    )
    for definition in layout.indexes:
        cursor.execute(definition)
    for name, definition in layout.foreign_keys:
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {_q(name)} {definition}")
    report(f"Đã dựng lại khoá chính (id, received_at), {len(layout.indexes)} chỉ mục và các khoá ngoại.")

    _install_triggers(cursor)
    for reference in planned.references:
        cursor.execute(
            f"ALTER TABLE {_q(reference.table)} ADD CONSTRAINT {_q(reference.name)} "
            f"FOREIGN KEY ({_q(reference.column)}) REFERENCES {KEY} ({reference.target})"
            + (" DEFERRABLE" if reference.deferrable else "")
            + (" INITIALLY DEFERRED" if reference.deferred else "")
        )
    if planned.references:
        report(f"Khoá ngoại chuyển sang {KEY}: {', '.join(r.label for r in planned.references)}.")
    for grantee, privileges in layout.grants.items():
        cursor.execute(f"GRANT {', '.join(privileges)} ON {TABLE}, {KEY} TO {grantee}")
        if "INSERT" in privileges:
            cursor.execute(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {grantee}")

    cursor.execute(f"ANALYZE {TABLE}")
    cursor.execute(f"ANALYZE {KEY}")
    _expect(_one(cursor, f"SELECT count(*) FROM {TABLE}"), planned.rows, "cả bảng")  # noqa: S608
    _expect(_one(cursor, f"SELECT count(*) FROM {KEY}"), planned.rows, f"bảng khoá {KEY}")  # noqa: S608
    return Done(planned.rows, planned.new)


def _expect(found: int, expected: int, what: str) -> None:
    if found != expected:
        raise Refused(
            f"Số hồ sơ không khớp ({what}: {number(found)} thay vì {number(expected)}); "
            "đã huỷ toàn bộ việc phân vùng, bảng hồ sơ giữ nguyên."
        )


@dataclass(frozen=True)
class _Layout:
    primary_key: str
    code_type: str
    indexes: list[str]  # CREATE INDEX statements for the partitioned table
    foreign_keys: list[tuple[str, str]]  # (name, definition) of the table's own foreign keys
    grants: dict[str, list[str]]  # role → privileges, the owner's own excepted
    sequence: str | None
    identity: bool


def _layout(cursor) -> _Layout:
    """What the plain table has that ``CREATE TABLE … (LIKE …)`` does not copy; refuse what cannot move."""
    cursor.execute(
        """SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisprimary, i.indisunique,
                  array(SELECT attname FROM pg_attribute WHERE attrelid = i.indrelid
                        AND attnum = ANY(i.indkey) ORDER BY attnum)
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE i.indrelid = to_regclass(%s) ORDER BY c.relname""",
        [TABLE],
    )
    primary_key, indexes = None, []
    for name, definition, primary, unique, columns in cursor.fetchall():
        if primary and columns == ["id"]:
            primary_key = name
        elif unique and columns == ["code"]:
            indexes.append(f"CREATE INDEX {TABLE}_code_idx ON {TABLE} (code)")
        elif unique or primary:
            raise Refused(
                f"Bảng hồ sơ có ràng buộc duy nhất {name} ({', '.join(columns)}) mà lệnh này không biết "
                "giữ khi phân vùng. Không thay đổi gì."
            )
        else:
            indexes.append(definition)  # names the table, which is the partitioned one when it runs
    if primary_key is None:
        raise Refused("Bảng hồ sơ không có khoá chính (id) như Django tạo. Không thay đổi gì.")
    cursor.execute(
        """SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal""", [TABLE]
    )
    if triggers := [name for (name,) in cursor.fetchall()]:
        raise Refused(
            f"Bảng hồ sơ có trigger {', '.join(triggers)} không do cchc tạo; lệnh này không chuyển được. "
            "Không thay đổi gì."
        )
    cursor.execute(
        """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = to_regclass(%s) AND contype = 'f' ORDER BY conname""",
        [TABLE],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        """SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                  a.privilege_type
           FROM pg_class c, aclexplode(c.relacl) a
           WHERE c.oid = to_regclass(%s) AND a.grantee <> c.relowner ORDER BY 1, 2""",
        [TABLE],
    )
    grants: dict[str, list[str]] = {}
    for grantee, privilege in cursor.fetchall():
        grants.setdefault(grantee, []).append(privilege)
    code_type = _one(
        cursor,
        """SELECT format_type(atttypid, atttypmod) FROM pg_attribute
           WHERE attrelid = to_regclass(%s) AND attname = 'code'""",
        [TABLE],
    )
    sequence = _one(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
    identity = _one(
        cursor,
        "SELECT attidentity <> '' FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attname = 'id'",
        [TABLE],
    )
    return _Layout(primary_key, code_type, indexes, foreign_keys, grants, sequence, identity)


def _detach_sequence(cursor, layout: _Layout) -> str:
    """Free the id sequence from the old table, keeping its name and value; return its name."""
    sequence = layout.sequence or f"public.{TABLE}_id_seq"
    if layout.identity:
        # An identity sequence belongs to its column and dies with it: remember where it was, drop it,
        # and make an ordinary one of the same name at the same point.
        last_value, is_called = (None, False)
        if layout.sequence:
            cursor.execute(f"SELECT last_value, is_called FROM {layout.sequence}")  # noqa: S608
            last_value, is_called = cursor.fetchone()
        cursor.execute(f"ALTER TABLE {OLD} ALTER COLUMN id DROP IDENTITY")
        cursor.execute(f"CREATE SEQUENCE {sequence} AS bigint")
        if last_value is not None:
            cursor.execute("SELECT setval(%s, %s, %s)", [sequence, last_value, is_called])
    elif layout.sequence:  # a serial column (a database created before Django 4.1)
        cursor.execute(f"ALTER TABLE {OLD} ALTER COLUMN id DROP DEFAULT")
        cursor.execute(f"ALTER SEQUENCE {sequence} OWNED BY NONE")
    else:
        raise Refused("Cột id của bảng hồ sơ không lấy số từ một sequence. Không thay đổi gì.")
    return sequence


def _install_triggers(cursor) -> None:
    """The identity table follows the dossiers: insert, change of id or code, delete, truncate.

    A row whose ``received_at`` moves to another month is deleted from one partition and inserted into the
    other by PostgreSQL; the triggers then delete and re-insert its key in the same statement, which the
    deferred foreign keys accept (the key exists again when they are checked).
    """
    cursor.execute(
        f"""CREATE OR REPLACE FUNCTION {SYNC}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO {KEY} (id, code) VALUES (NEW.id, NEW.code);
            ELSIF TG_OP = 'UPDATE' THEN
                UPDATE {KEY} SET id = NEW.id, code = NEW.code WHERE id = OLD.id;
            ELSE
                DELETE FROM {KEY} WHERE id = OLD.id;
            END IF;
            RETURN NULL;
        END $$"""  # noqa: S608 - our own table names, no input
    )
    # TRUNCATE of the dossiers (Django's flush, `cchc restore`) must empty the keys; the keys cannot be
    # truncated from inside it (the referencing tables are busy), so they are deleted. `cchc restore`
    # truncates the identity table itself in the same statement, so that this finds it empty.
    cursor.execute(
        f"""CREATE OR REPLACE FUNCTION {EMPTY}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM {KEY};
            RETURN NULL;
        END $$"""  # noqa: S608
    )
    cursor.execute(
        f"CREATE TRIGGER {SYNC}_insert AFTER INSERT ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {SYNC}()"
    )
    cursor.execute(
        f"CREATE TRIGGER {SYNC}_update AFTER UPDATE OF id, code ON {TABLE} FOR EACH ROW "
        f"WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION {SYNC}()"
    )
    cursor.execute(
        f"CREATE TRIGGER {SYNC}_delete AFTER DELETE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {SYNC}()"
    )
    cursor.execute(
        f"CREATE TRIGGER {EMPTY} AFTER TRUNCATE ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION {EMPTY}()"
    )


# --- the monthly job ------------------------------------------------------------------------------------


def _add_months(cursor, *, ahead: int, today: date, report: Callable[[str], None]) -> Done:
    planned = _plan(cursor, ahead=ahead, today=today)
    _, default = _partitions(cursor)
    moved = 0
    for month in planned.new:
        _settle(cursor)
        start, end = month.bounds()
        within = f"received_at >= {_moment(start)} AND received_at < {_moment(end)}"
        stray = planned.moved(month)
        if stray:
            # A month partition cannot be created while the DEFAULT partition holds rows of that month:
            # take them out, create the partition, put them back through the parent (the triggers delete
            # and re-insert their keys; the deferred foreign keys see the keys again at commit).
            cursor.execute(f"CREATE TEMPORARY TABLE dossiers_moving (LIKE {TABLE}) ON COMMIT DROP")
            cursor.execute(
                f"WITH moved AS (DELETE FROM {_q(default)} WHERE {within} RETURNING *) "  # noqa: S608
                "INSERT INTO dossiers_moving SELECT * FROM moved"
            )
            _expect(cursor.rowcount, stray, f"tháng {month.label} trong phân vùng mặc định")
        cursor.execute(
            f"CREATE TABLE {month.name} PARTITION OF {TABLE} FOR VALUES FROM ({_moment(start)}) "
            f"TO ({_moment(end)})"
        )
        if stray:
            cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM dossiers_moving")  # noqa: S608
            _expect(cursor.rowcount, stray, f"tháng {month.label}")
            cursor.execute("DROP TABLE dossiers_moving")
            moved += stray
            report(f"  {month.label}: đã tạo {month.name} và chuyển {number(stray)} hồ sơ từ {default} vào")
        else:
            report(f"  {month.label}: đã tạo {month.name}")
    if moved:
        cursor.execute(f"ANALYZE {TABLE}")
    return Done(planned.rows, planned.new, moved)


def key_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The tables beside Django's that a full flush must empty too (``cchc restore``)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        return [KEY] if _one(cursor, "SELECT to_regclass(%s) IS NOT NULL", [KEY]) else []


def number(value: int) -> str:
    """20.000.000: thousands separated by dots, as Vietnamese writes them."""
    return f"{value:,}".replace(",", ".")
