"""The portal import (``cchc import-dossiers``) against the database's own bulk loader, on the same rows.

Writes a portal-like CSV export of N dossiers (default 1,000,000; seeded; the Ý Yên units and catalogue of
``cchc demo``; every column of the alias table), imports it into a fresh database with the command (in a
child process, for its own wall time and peak RSS), imports it again (the idempotent pass), then loads the
same file into a plain table of text columns with SQLite's ``.import`` or PostgreSQL's ``COPY``.

Usage:
  .venv/bin/python bench/import_dossiers.py [N]               # SQLite, in a temporary directory
  .venv/bin/python bench/import_dossiers.py [N] --postgres    # postgres://postgres@127.0.0.1:5432/cchc_imp_bench
Options: --once (no second import), --database NAME (PostgreSQL), --work DIR (keeps the export for another
run), --json FILE (the figures, for bench/suite.py).
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from common import CCHC, stop_on_sigterm, write_json

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "cchc_imp_bench"
HEADER = [
    "Mã hồ sơ",
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Mức độ",
    "Đơn vị tiếp nhận",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Trạng thái",
    "Phí, lệ phí",
    "Thanh toán trực tuyến",
    "Số hóa hồ sơ",
    "Số hóa kết quả",
    "Trả kết quả điện tử",
    "Liên thông",
    "Tài khoản DVC quốc gia",
]


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603 - our own commands


def catalogue(env: dict[str, str]) -> list[tuple[str, str, str, str, int]]:
    """(unit name, procedure code, name, field, level) pairs that the demo data allows (units of 2022)."""
    script = (
        "from cchc.procedures.models import Procedure\n"
        "from cchc.units.models import Unit\n"
        "for u in Unit.objects.filter(kind__in=['commune','town','office'], valid_from__isnull=True):\n"
        "    for p in Procedure.objects.handled_by(u)[:40]:\n"
        "        print('\\t'.join([u.name, p.code, p.name, p.field, str(p.online_level)]))\n"
    )
    out = run([str(CCHC), "shell", "-c", script], env).stdout
    pairs = [line.split("\t") for line in out.splitlines() if line.count("\t") == 4]
    return [(u, c, n, f, int(level)) for u, c, n, f, level in pairs]


def write_export(path: Path, count: int, pairs: list) -> None:
    rng = random.Random(2022)
    start = datetime(2022, 1, 3, 7, 30)
    states = ["Đã trả kết quả"] * 70 + ["Đã có kết quả"] * 5 + ["Đang xử lý"] * 20 + ["Chờ bổ sung"] * 5
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(count):
            unit, code, name, field, level = rng.choice(pairs)
            received = start + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
            due = received + timedelta(days=rng.randrange(1, 15))
            state = rng.choice(states)
            result = received + (due - received) * rng.uniform(0.2, 1.1) if state.startswith("Đã") else None
            returned = result + timedelta(hours=rng.randrange(1, 30)) if state == "Đã trả kết quả" else None
            online = level >= 3 and rng.random() < 0.7
            writer.writerow(
                [
                    f"000.00.25.H40-{received:%y%m%d}-{number:07d}",
                    code,
                    name,
                    field,
                    {2: "Dịch vụ công", 3: "Một phần", 4: "Toàn trình"}[level],
                    rng.choice([unit, f"UBND {unit}"]) if not unit.startswith("Phòng") else unit,
                    "Trực tuyến" if online else "Trực tiếp",
                    f"{received:%d/%m/%Y %H:%M}",
                    f"{due:%d/%m/%Y %H:%M}",
                    f"{result:%d/%m/%Y %H:%M}" if result else "",
                    f"{returned:%d/%m/%Y %H:%M}" if returned else "",
                    state,
                    rng.choice(["0", "0", "50.000 đồng", "20.000đ", "100000"]),
                    rng.choice(["x", ""]),
                    rng.choice(["Có", "Không"]),
                    rng.choice(["1", "0"]),
                    rng.choice(["True", "False"]),
                    "",
                    "x" if level == 2 and rng.random() < 0.5 else "",
                ]
            )


def timed_child(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the child, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.perf_counter()
    done = run(args, env)
    elapsed = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024, done.stdout.strip()


def native_load(
    path: Path, env: dict[str, str], postgres: bool, db_file: Path | None, database: str
) -> float:
    columns = ", ".join(f"c{i} text" for i in range(len(HEADER)))
    if postgres:
        url = f"{PG_SERVER}/{database}"
        run(
            ["psql", url, "-q", "-c", f"DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw ({columns})"],
            env,
        )
        began = time.perf_counter()
        run(["psql", url, "-q", "-c", f"\\copy bench_raw FROM '{path}' WITH (FORMAT csv, HEADER true)"], env)
        return time.perf_counter() - began
    run(
        ["sqlite3", str(db_file), f"DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw ({columns});"], env
    )
    began = time.perf_counter()
    run(["sqlite3", str(db_file), f".import --csv --skip 1 {path} bench_raw"], env)
    return time.perf_counter() - began


def measure(count: int, *, postgres: bool, work: Path, database: str = PG_NAME, again: bool = True) -> dict:
    """Import ``count`` rows into a fresh database (PostgreSQL ``database``, or a SQLite file in ``work``),
    then (``again``) a second time, then load them with the database's own loader. The export is written
    once per ``count`` in ``work`` and reused."""
    env = {**os.environ, "CCHC_VAR_DIR": str(work), "CCHC_DEBUG": "0"}
    db_file = None
    if postgres:
        run(["psql", f"{PG_SERVER}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {database}"], env)
        run(["psql", f"{PG_SERVER}/postgres", "-q", "-c", f"CREATE DATABASE {database}"], env)
        env["CCHC_DATABASE_URL"] = f"{PG_SERVER}/{database}"
    else:
        db_file = work / f"import-{count}.sqlite3"
        for stale in work.glob(f"{db_file.name}*"):
            stale.unlink()
        env["CCHC_DATABASE_URL"] = f"sqlite:///{db_file}"
    run([str(CCHC), "migrate", "-v0"], env)
    run([str(CCHC), "demo"], env)
    export = work / f"cong-dvc-{count}.csv"
    if not export.exists():
        partial = export.with_suffix(".partial")
        write_export(partial, count, catalogue(env))
        partial.rename(export)
    first, rss, out = timed_child([str(CCHC), "import-dossiers", str(export), "--no-progress"], env)
    figures = {"rows": count, "megabytes": export.stat().st_size / 1024 / 1024, "seconds": first, "rss": rss}
    figures["output"] = out
    if again:
        second, rss2, out2 = timed_child([str(CCHC), "import-dossiers", str(export), "--no-progress"], env)
        figures.update(again_seconds=second, rss=max(rss, rss2), again_output=out2)
    figures["loader"] = native_load(export, env, postgres, db_file, database)
    figures.update(rows_per_second=count / first, ratio=first / figures["loader"])
    if db_file:
        for used in work.glob(f"{db_file.name}*"):
            used.unlink()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--once", action="store_true", help="skip the second (idempotent) import")
    parser.add_argument("--database", default=PG_NAME, help="PostgreSQL database to (re)create")
    parser.add_argument("--work", type=Path, help="directory for the export (reused) and SQLite files")
    parser.add_argument("--json")
    options = parser.parse_args()
    stop_on_sigterm()
    work = options.work or Path(tempfile.mkdtemp(prefix="cchc-bench-import-"))
    figures = measure(
        options.count, postgres=options.postgres, work=work, database=options.database, again=not options.once
    )
    engine = "PostgreSQL COPY" if options.postgres else "SQLite .import"
    print(
        f"rows: {options.count:,}  file: {figures['megabytes']:.0f} MB  "
        f"database: {'PostgreSQL' if options.postgres else 'SQLite'}"
    )
    print(
        f"import:          {figures['seconds']:8.1f} s  ({figures['rows_per_second']:,.0f} rows/s)  "
        f"peak RSS {figures['rss']:.0f} MB"
    )
    print(f"  {figures['output']}")
    if "again_seconds" in figures:
        print(f"re-import:       {figures['again_seconds']:8.1f} s")
        print(f"  {figures['again_output']}")
    print(f"{engine + ':':17}{figures['loader']:8.1f} s")
    print(f"ratio import / {engine}: {figures['ratio']:.1f}×")
    print(f"(work directory: {work})", file=sys.stderr)
    write_json(options.json, figures)


if __name__ == "__main__":
    main()
