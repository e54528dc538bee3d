"""Figures on files nobody in the code wrote: a portal-like export, imported the way a district does it, and
every (unit, indicator) numerator and denominator of ``cchc kpi --format json`` against a naive second
implementation of docs/indicators.md (``tests.truth.naive``)."""

import json
from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import Workbook

from cchc.core.calendar import VN_TZ
from tests.truth import exports, naive

PERIODS = ["2022-11", "rw:2022-11-10", "mtd:2022-11-18", "2022-12"]
AS_OF = [None, "2022-11-30 23:59", "2022-12-31 23:59", "2022-11-18 12:00"]
FIRST_IMPORT, SECOND_IMPORT = datetime(2022, 11, 25, 10, 0), datetime(2023, 1, 5, 9, 0)
NOW = datetime(2030, 1, 1)  # "now", for the naive side: after every dossier's events


def load_district(path: Path) -> str:
    """What a district does on a new server: its units, the catalogue, then the portal's export."""
    quiet, out = StringIO(), StringIO()
    call_command("load-units", "y-yen-2022", stdout=quiet)
    call_command("load-procedures", stdout=quiet)
    call_command("load-targets", "notice-2022", stdout=quiet)
    call_command("import-dossiers", str(path), "--no-progress", stdout=out, stderr=quiet)
    return out.getvalue()


def kpi_records(period: str, as_of: str | None = None, known_at: str | None = None) -> list[dict]:
    options = [*(["--as-of", as_of] if as_of else []), *(["--known-at", known_at] if known_at else [])]
    out = StringIO()
    call_command("kpi", "--period", period, *options, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def kpi(period: str, as_of: str | None = None, known_at: str | None = None) -> dict:
    """{(unit code, indicator): (numerator, denominator)} from ``cchc kpi --format json``."""
    return {
        (r["unit_code"], r["indicator"]): (r["numerator"], r["denominator"])
        for r in kpi_records(period, as_of, known_at)
    }


def verdicts(records: list[dict], table: dict, period: str) -> list[str]:
    """Where the value shown, the target and whether it is met differ from the naive implementation's."""
    in_force = naive.targets(naive.period(period)[1])
    problems = []
    for r in records:
        figure = naive.figure(table, r["unit_code"], r["indicator"])
        target = in_force.get(r["unit_code"], {}).get(r["indicator"])
        wanted = (
            naive.value(figure),
            None if target is None else float(target[1]),
            None if target is None else target[0],
            naive.met(figure, target),
        )
        found = (r["value"], r["target"], r["comparison"], r["met"])
        if found != wanted:
            problems.append(f"{r['unit_code']} {r['indicator']} {figure}: cchc {found} ≠ naive {wanted}")
    return problems


def expected(dossiers: list[naive.Dossier], period: str, as_of: str | None) -> dict:
    start, end = naive.period(period)
    moment = datetime.strptime(as_of, "%Y-%m-%d %H:%M") if as_of else NOW
    return naive.figures(dossiers, start=start, end=end, as_of=moment, known_at=NOW)


def disagreements(product: dict, table: dict) -> list[str]:
    return [
        f"{unit} {indicator}: cchc {figure} ≠ naive {naive.figure(table, unit, indicator)}"
        for (unit, indicator), figure in sorted(product.items())
        if figure != naive.figure(table, unit, indicator)
    ]


def export_file(tmp_path: Path, seed: int, suffix: str, encoding: str = "utf-8-sig") -> Path:
    rows = exports.export(seed, rows=400, xlsx=suffix == ".xlsx")
    return exports.write(rows, tmp_path / f"xuat-cong-dvc-{seed}{suffix}", seed=seed, encoding=encoding)


@pytest.mark.parametrize(
    "seed, suffix, encoding",
    [(11, ".xlsx", ""), (12, ".csv", "utf-8-sig"), (13, ".xlsx", ""), (14, ".csv", "cp1258")],
)
def test_it_gives_the_naive_figures_for_every_unit_indicator_period_and_as_of(
    db, tmp_path, seed, suffix, encoding
):
    path = export_file(tmp_path, seed, suffix, encoding)
    dossiers, errors = naive.read(path)
    summary = load_district(path)

    problems, seen_verdicts = [], set()
    for period in PERIODS:
        for as_of in AS_OF:
            records = kpi_records(period, as_of)
            product = {(r["unit_code"], r["indicator"]): (r["numerator"], r["denominator"]) for r in records}
            table = expected(dossiers, period, as_of)
            problems += [f"{period} as of {as_of or 'now'}: {p}" for p in verdicts(records, table, period)]
            seen_verdicts.update(r["met"] for r in records)
            assert set(u for u, _ in product) >= set(table), (
                "a unit of the export is missing from the figures"
            )
            problems += [f"{period} as of {as_of or 'now'}: {p}" for p in disagreements(product, table)]
    assert problems == []
    assert seen_verdicts == {True, False, None}
    # 400 drawn rows, 3 at 23:30, 7 on the edges, an unknown unit, a result before its receipt, a row
    # twice, a code twice with different contents; empty rows are not read.
    assert errors == 3
    assert len(dossiers) == 410
    assert "đọc 414 dòng, thêm 410, cập nhật 0, bỏ qua 1, lỗi 3" in summary


def test_it_counts_the_2330_dossier_of_30_november_in_november(db, tmp_path):
    path = export_file(tmp_path, 11, ".csv")
    load_district(path)

    # Lâm's online dossier of 30/11 23:30 (16:30 UTC) is November's, and not yet received at 23:00.
    lam_november = kpi("2022-11", "2022-11-30 23:59")[("13795", "level4_rate")]
    lam_before = kpi("2022-11", "2022-11-30 23:00")[("13795", "level4_rate")]
    assert lam_november[0] == lam_before[0] + 1
    assert (
        kpi("2022-12")[("13795", "level4_rate")][1]
        == naive.figure(expected(naive.read(path)[0], "2022-12", None), "13795", "level4_rate")[1]
    )


def test_it_leaves_yen_tan_without_an_online_rate(db, tmp_path):
    path = export_file(tmp_path, 12, ".xlsx")
    load_district(path)

    figures = kpi("2022-11")
    assert figures[("13804", "online_rate")] == (0, 0)
    assert figures[("13804", "level2_account_rate")][1] > 0


def test_it_reads_an_appointment_in_a_date_cell_as_the_end_of_that_day(db, tmp_path):
    """A same-day procedure at Lâm: received 10/11 09:00, appointment the date cell 10/11/2022 (no time: by
    the end of that day, docs/import.md), result 10/11 15:00: on time."""
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Mã hồ sơ",
            "Mã thủ tục",
            "Đơn vị tiếp nhận",
            "Mức độ",
            "Ngày tiếp nhận",
            "Ngày hẹn trả",
            "Ngày có kết quả",
        ]
    )
    sheet.append(
        ["H40-221110-0001", "2.000815", "Thị trấn Lâm", 2, datetime(2022, 11, 10, 9), date(2022, 11, 10)]
    )
    sheet["F2"].number_format = "dd/mm/yyyy"
    sheet["G2"] = datetime(2022, 11, 10, 15)
    book.save(tmp_path / "cung-ngay.xlsx")

    load_district(tmp_path / "cung-ngay.xlsx")

    assert kpi("2022-11")[("13795", "on_time_rate")] == (1, 1)


def test_it_gives_the_naive_figures_after_a_second_export_updates_the_first(db, tmp_path):
    """Late November's export, then the quarter's: dossiers found with their results, some no longer waiting
    for a supplement (they stopped waiting at the second import), none counted twice."""
    rows = exports.export(17, rows=400, xlsx=False)
    first = exports.write(exports.as_exported_at(rows, FIRST_IMPORT), tmp_path / "giua-thang.csv", seed=17)
    second = exports.write(rows, tmp_path / "ca-quy.xlsx", seed=18)
    dossiers = naive.merged(
        naive.read(first, recorded=FIRST_IMPORT)[0], naive.read(second, recorded=SECOND_IMPORT)[0]
    )
    with time_machine.travel(FIRST_IMPORT.replace(tzinfo=VN_TZ), tick=False):
        load_district(first)
    with time_machine.travel(SECOND_IMPORT.replace(tzinfo=VN_TZ), tick=False):
        call_command("import-dossiers", str(second), "--no-progress", stdout=StringIO())

    problems = []
    for period in PERIODS:
        for as_of in [*AS_OF, "2023-01-06 08:00"]:
            product, table = kpi(period, as_of), expected(dossiers, period, as_of)
            problems += [f"{period} as of {as_of or 'now'}: {p}" for p in disagreements(product, table)]
    assert problems == []
    assert sum(d.waited_until is not None for d in dossiers) > 3


def test_it_counts_nothing_known_only_after_the_known_at_moment(db, tmp_path):
    load_district(export_file(tmp_path, 11, ".csv"))

    figures = kpi("2022-11", "2022-11-30 23:59", known_at="2022-12-01 00:00")

    assert set(figures.values()) == {(0, 0), (0, None)}
