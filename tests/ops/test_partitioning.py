"""``cchc partition-dossiers``: the dossier table by month on PostgreSQL, with every guarantee kept.

Each PostgreSQL test partitions inside its own transaction (DDL is transactional there), so the test
database is left as it was. Time stands still on Monday 16 January 2023: with ``--ahead 3`` the partitions
run from the month of the first dossier (September 2022) to April 2023.
"""

from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from cchc.core.calendar import VN_TZ
from cchc.core.kpi import Figure, parse_period
from cchc.dossiers import services
from cchc.dossiers.models import Dossier, DossierComponent, DossierEvent
from cchc.kpis.engine import compute
from cchc.ops import backup as ops_backup
from cchc.ops import checks, partitioning
from tests.dossiers.test_receive import receive
from tests.imports.conftest import run_import
from tests.imports.files import csv_bytes, row

postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitioning is PostgreSQL's")
sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="what SQLite answers")

MONTHS = [f"dossiers_dossier_p{m}" for m in ("2022_09", "2022_10", "2022_11", "2022_12")] + [
    f"dossiers_dossier_p{m}" for m in ("2023_01", "2023_02", "2023_03", "2023_04")
]


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def monday_16_january_2023():
    with time_machine.travel(at("2023-01-16 10:00"), tick=False):
        yield


@pytest.fixture
def autumn(y_yen, lam_clerk, lam_officer, yen_trung_clerk, birth, certification) -> list[Dossier]:
    """Seven dossiers of Lâm and Yên Trung from September to December 2022, with their steps.

    November 2022: Lâm's two births (one digitised; one result on time, one late) and Yên Trung's
    certification (not digitised, no result yet).
    """
    lam, yen_trung = y_yen["13795"], y_yen["13798"]
    made = [
        receive(lam_clerk, lam, birth, when="2022-09-05 08:30"),
        receive(yen_trung_clerk, yen_trung, certification, when="2022-09-30 16:00"),
        receive(lam_clerk, lam, birth, when="2022-10-12 14:00"),
        receive(lam_clerk, lam, birth, when="2022-11-02 09:00", digitised=True),
        receive(lam_clerk, lam, birth, when="2022-11-09 09:00"),
        receive(yen_trung_clerk, yen_trung, certification, when="2022-11-30 23:30"),
        receive(lam_clerk, lam, birth, when="2022-12-20 10:00"),
    ]
    for dossier, handed, result in [
        (made[0], "2022-09-05 09:00", "2022-09-07 10:00"),
        (made[3], "2022-11-02 09:10", "2022-11-15 10:00"),  # due Mon 7/11 09:00: late
        (made[4], "2022-11-09 09:10", "2022-11-11 10:00"),  # due Mon 14/11 09:00: early
    ]:
        services.dossier_hand_over(actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at(handed))
        services.dossier_record_result(actor=lam_officer, dossier=dossier, at=at(result))
    return made


def partition(*options: str) -> str:
    out = StringIO()
    call_command("partition-dossiers", *options, stdout=out)
    return out.getvalue()


def one(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def checksum() -> tuple[int, str]:
    """Rows and the MD5 of every column of every dossier, in id order."""
    return one("SELECT (count(*), md5(string_agg(d::text, '|' ORDER BY id)))::text FROM dossiers_dossier d")


def partitions() -> list[str]:
    """The partitions, months in order, the DEFAULT one last."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM (SELECT inhrelid::regclass::text AS name FROM pg_inherits "
            "WHERE inhparent = 'dossiers_dossier'::regclass) AS p ORDER BY name LIKE '%default', name"
        )
        return [name for (name,) in cursor.fetchall()]


def home_of(dossier: Dossier) -> str:
    return one("SELECT tableoid::regclass::text FROM dossiers_dossier WHERE id = %s", [dossier.pk])


@postgres
def test_it_keeps_every_row_and_every_column(autumn):
    before = checksum()
    said = partition("--force")
    assert checksum() == before
    assert partitions() == [*MONTHS, "dossiers_dossier_default"]
    assert "Đã phân vùng bảng dossiers_dossier: 7 hồ sơ trong 8 phân vùng tháng" in said
    assert [home_of(d) for d in autumn] == [MONTHS[0], MONTHS[0], MONTHS[1], *[MONTHS[2]] * 3, MONTHS[3]]


@postgres
def test_the_month_is_the_local_month(autumn, lam_clerk, birth):
    early = receive(lam_clerk, lam_clerk.unit, birth, when="2022-10-01 06:30")  # 30/09 23:30 UTC
    partition("--force")
    assert home_of(early) == "dossiers_dossier_p2022_10"


@postgres
def test_a_dossier_registered_afterwards_lands_in_its_months_partition(autumn, lam_clerk, birth):
    partition("--force")
    today = receive(lam_clerk, lam_clerk.unit, birth, when="2023-01-16 09:00")
    late_entry = receive(lam_clerk, lam_clerk.unit, birth, when="2022-10-31 16:00")
    assert (home_of(today), home_of(late_entry)) == ("dossiers_dossier_p2023_01", "dossiers_dossier_p2022_10")
    assert today.pk > max(d.pk for d in autumn)  # the same sequence, where it was
    assert late_entry.pk == today.pk + 1
    assert [e.action for e in today.events.all()] == ["receive"]
    assert Dossier.objects.get(code=today.code) == today


@postgres
def test_a_duplicate_code_is_still_refused_across_months(autumn):
    partition("--force")
    twin = Dossier.objects.get(pk=autumn[0].pk)  # September
    twin.pk, twin.received_at = None, at("2023-01-10 08:00")  # another partition
    with pytest.raises(IntegrityError, match="dossiers_dossier_key_code_key"), transaction.atomic():
        twin.save()
    assert Dossier.objects.filter(code=autumn[0].code).count() == 1


@postgres
def test_an_id_cannot_be_used_twice_across_months(autumn):
    partition("--force")
    twin = Dossier.objects.get(pk=autumn[0].pk)
    twin.code, twin.received_at = "KHAC-0001", at("2023-01-10 08:00")
    with pytest.raises(IntegrityError, match="dossiers_dossier_key_pkey"), transaction.atomic():
        Dossier.objects.bulk_create([twin])


@postgres
def test_an_event_or_a_component_of_a_missing_dossier_is_refused(autumn, lam_clerk):
    partition("--force")
    missing = max(d.pk for d in autumn) + 1000
    with pytest.raises(IntegrityError, match="dossiers_dossier_key"), transaction.atomic():
        DossierEvent.objects.create(
            dossier_id=missing,
            action="receive",
            at=at("2023-01-16 09:00"),
            to_state="received",
            due_at=at("2023-01-19 09:00"),
            actor=lam_clerk,
        )
        connection.check_constraints()
    with pytest.raises(IntegrityError, match="dossiers_dossier_key"), transaction.atomic():
        DossierComponent.objects.create(dossier_id=missing, position=1, name="Tờ khai")
        connection.check_constraints()


@postgres
def test_the_foreign_keys_keep_their_names_and_stay_deferred(autumn):
    partition("--force")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, confrelid::regclass::text, condeferrable, condeferred "
            "FROM pg_constraint WHERE contype = 'f' AND confrelid IN "
            "('dossiers_dossier'::regclass, 'dossiers_dossier_key'::regclass) ORDER BY 1"
        )
        assert cursor.fetchall() == [
            ("dossiers_dossiercomponent", "dossiers_dossier_key", True, True),
            ("dossiers_dossierevent", "dossiers_dossier_key", True, True),
            ("dossiers_supplementpause", "dossiers_dossier_key", True, True),
            ("imports_portalrecord", "dossiers_dossier_key", True, True),
            ("public_rating", "dossiers_dossier_key", True, True),
        ]


@postgres
def test_a_dossier_whose_receipt_moves_to_another_month_moves_partition_and_keeps_its_events(autumn):
    partition("--force")
    dossier = autumn[2]
    Dossier.objects.filter(pk=dossier.pk).update(received_at=at("2022-12-01 08:00"))
    connection.check_constraints()
    assert home_of(dossier) == "dossiers_dossier_p2022_12"
    assert dossier.events.count() == 1
    assert one("SELECT count(*) FROM dossiers_dossier_key") == 7


@postgres
def test_the_kpi_figures_are_the_same_after(autumn, leader):
    november, now = parse_period("2022-11"), at("2023-01-16 10:00")  # recorded today, counted as of now

    def figures():
        return {
            (row.unit.code if row.unit else "huyện", row.indicator.code): row.figure
            for row in compute(user=leader, period=november, as_of=now)
        }

    before = figures()
    assert before["huyện", "digitised_rate"] == Figure(1, 3)
    assert before["huyện", "on_time_rate"] == Figure(1, 2)
    partition("--force")
    assert figures() == before


@postgres
def test_a_one_month_query_reads_only_that_months_partition(autumn):
    partition("--force")
    november = Dossier.objects.filter(
        received_at__gte=at("2022-11-01 00:00"), received_at__lt=at("2022-12-01 00:00")
    )
    sql, params = november.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row for (row,) in cursor.fetchall())
    assert "dossiers_dossier_p2022_11" in plan
    assert [name for name in partitions() if name in plan] == ["dossiers_dossier_p2022_11"]
    assert november.count() == 3


@postgres
def test_a_second_run_only_adds_the_months_ahead(autumn):
    partition("--force")
    before = checksum()
    with time_machine.travel(at("2023-03-01 07:00"), tick=False):
        said = partition("--monthly")
    assert partitions() == [
        *MONTHS,
        "dossiers_dossier_p2023_05",
        "dossiers_dossier_p2023_06",
        "dossiers_dossier_default",
    ]
    assert "Đã tạo 2 phân vùng tháng (05/2023, 06/2023)" in said
    assert checksum() == before
    assert "Đã có đủ phân vùng" in partition()  # a third run the same day: nothing to add


@postgres
def test_the_monthly_run_gives_the_default_partitions_months_their_own(autumn, lam_clerk, birth):
    partition("--force")
    old = [
        receive(lam_clerk, lam_clerk.unit, birth, when="2019-05-06 08:00"),  # before the first partition
        receive(lam_clerk, lam_clerk.unit, birth, when="2019-07-01 08:00"),
    ]
    assert {home_of(d) for d in old} == {"dossiers_dossier_default"}
    before = checksum()
    said = partition("--monthly")
    assert [home_of(d) for d in old] == ["dossiers_dossier_p2019_05", "dossiers_dossier_p2019_07"]
    assert "chuyển 2 hồ sơ ra khỏi dossiers_dossier_default" in said
    assert checksum() == before
    assert [e.action for e in old[1].events.all()] == ["receive"]
    connection.check_constraints()


@postgres
def test_below_the_threshold_it_refuses_and_changes_nothing(autumn, settings):
    settings.PARTITION_MIN_ROWS = 20_000_000
    before = checksum()
    with pytest.raises(CommandError, match="Bảng hồ sơ có 7 hồ sơ, dưới ngưỡng 20.000.000"):
        partition()
    assert one("SELECT relkind FROM pg_class WHERE oid = 'dossiers_dossier'::regclass") == "r"
    assert one("SELECT to_regclass('dossiers_dossier_key')") is None
    assert checksum() == before


@postgres
def test_a_count_that_does_not_match_undoes_everything(autumn, monkeypatch):
    counted = partitioning._months_with_rows
    monkeypatch.setattr(  # one November dossier "disappears" between the count and the copy
        partitioning,
        "_months_with_rows",
        lambda cursor, table: {m: n + (m.label == "11/2022") for m, n in counted(cursor, table).items()},
    )
    before = checksum()
    with pytest.raises(CommandError, match="Số hồ sơ không khớp .tháng 11/2022: 3 thay vì 4."):
        partition("--force")
    assert one("SELECT relkind FROM pg_class WHERE oid = 'dossiers_dossier'::regclass") == "r"
    assert one("SELECT to_regclass('dossiers_dossier_key')") is None
    assert checksum() == before


@postgres
def test_a_unique_constraint_it_cannot_keep_is_refused(autumn):
    connection.check_constraints()  # the fixture's pending checks: PostgreSQL alters no table with any
    with connection.cursor() as cursor:
        cursor.execute("CREATE UNIQUE INDEX portal_code_once ON dossiers_dossier (portal_code, code)")
    with pytest.raises(CommandError, match="ràng buộc duy nhất portal_code_once"):
        partition("--force")
    assert one("SELECT relkind FROM pg_class WHERE oid = 'dossiers_dossier'::regclass") == "r"


@postgres
def test_the_monthly_run_leaves_an_unpartitioned_table_alone(autumn, settings):
    settings.PARTITION_MIN_ROWS = 1
    said = partition("--monthly")
    assert "chưa phân vùng: việc hằng tháng không có gì để làm" in said
    assert one("SELECT relkind FROM pg_class WHERE oid = 'dossiers_dossier'::regclass") == "r"


@postgres
def test_the_plan_says_what_it_would_do_and_does_nothing(autumn):
    said = partition("--plan")
    assert (
        "Bảng dossiers_dossier chưa phân vùng: 7 hồ sơ, tiếp nhận từ tháng 09/2022 đến tháng 12/2022." in said
    )
    assert "tạo 8 phân vùng tháng, từ 09/2022 đến 04/2023" in said
    assert "11/2022  dossiers_dossier_p2022_11  3 hồ sơ" in said
    assert (
        "chuyển 5 khoá ngoại sang dossiers_dossier_key: dossiers_dossiercomponent.dossier_id, "
        "dossiers_dossierevent.dossier_id, dossiers_supplementpause.dossier_id, imports_portalrecord.dossier_id, "
        "public_rating.dossier_id" in said
    )
    assert "Chưa thay đổi gì (--plan)." in said
    assert one("SELECT relkind FROM pg_class WHERE oid = 'dossiers_dossier'::regclass") == "r"


@postgres
def test_the_deploy_check_warns_above_the_threshold_until_partitioned(autumn, settings):
    settings.PARTITION_MIN_ROWS = 5
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossier")
    (warning,) = checks.dossier_table_partitioned()
    assert (warning.id, warning.msg.startswith("Bảng hồ sơ có khoảng 7 hồ sơ, vượt ngưỡng 5")) == (
        "ops.W001",
        True,
    )
    partition()
    assert checks.dossier_table_partitioned() == []


@postgres
def test_backup_and_restore_work_on_a_partitioned_database(autumn, tmp_path):
    partition("--force")
    before = checksum()
    snapshot = ops_backup.backup(out_dir=tmp_path)
    assert snapshot.rows > 7

    ops_backup.restore(archive=snapshot.archive, force=True)

    assert checksum() == before
    assert partitioning.is_partitioned()
    assert one("SELECT count(*) FROM dossiers_dossier_key") == 7
    connection.check_constraints()


@sqlite
def test_sqlite_is_never_partitioned(db):
    with pytest.raises(CommandError, match="SQLite không bao giờ được phân vùng") as refusal:
        partition("--force")
    assert refusal.value.returncode == 2
    assert checks.dossier_table_partitioned() == []


def test_the_threshold_is_a_whole_number(monkeypatch):
    from cchc.settings import env_count

    monkeypatch.setenv("CCHC_PARTITION_MIN_ROWS", "50_000_000")
    assert env_count("CCHC_PARTITION_MIN_ROWS", 1) == 50_000_000
    monkeypatch.setenv("CCHC_PARTITION_MIN_ROWS", "20M")
    with pytest.raises(ValueError, match="must be a whole number"):
        env_count("CCHC_PARTITION_MIN_ROWS", 1)


@postgres
def test_the_portal_import_works_on_a_partitioned_table(autumn, tmp_path):
    partition("--force")
    known = autumn[4]  # Lâm's birth of 9/11, registered at the counter
    export = tmp_path / "thang11.csv"
    export.write_text(
        csv_bytes(
            [
                row(known.code, unit="Thị trấn Lâm", received="09/11/2022 09:00", due="14/11/2022 09:00"),
                row(
                    "000.00.25.H40-221103-0001",
                    unit="Thị trấn Lâm",
                    received="03/11/2022 08:00",
                    due="08/11/2022",
                ),
                row(
                    "000.00.25.H40-221203-0001",
                    unit="Xã Yên Trung",
                    received="03/12/2022 08:00",
                    due="08/12/2022",
                ),
            ]
        ),
        encoding="utf-8",
    )

    result = run_import(export)

    assert result.code == 0, result.err
    assert "đọc 3 dòng, thêm 2, cập nhật 1, bỏ qua 0, lỗi 0" in result.out
    assert Dossier.objects.get(code=known.code).portal_synced is True
    homes = {d.code: home_of(d) for d in Dossier.objects.filter(source="import")}
    assert homes == {
        "000.00.25.H40-221103-0001": "dossiers_dossier_p2022_11",
        "000.00.25.H40-221203-0001": "dossiers_dossier_p2022_12",
    }
    assert run_import(export).out.strip().endswith("thêm 0, cập nhật 0, bỏ qua 3, lỗi 0")
