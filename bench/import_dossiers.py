"""The portal import (``cchc import-dossiers``) against the database's own bulk loader, on the same rows.

Writes a portal-like CSV export of N dossiers (default 1,000,000; seeded; the Ý Yên units and catalogue of
``cchc demo``; every column of the alias table), imports it into a fresh database with the command (in a
child process, for its own wall time and peak RSS), imports it again (the idempotent pass), then loads the
same file into a plain table of text columns with SQLite's ``.import`` or PostgreSQL's ``COPY``.

Usage:
  .venv/bin/python bench/import_dossiers.py [N]               # SQLite, in a temporary directory
  .venv/bin/python bench/import_dossiers.py [N] --postgres    # postgres://postgres@127.0.0.1:5432/cchc_imp_bench
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

ROOT = Path(__file__).resolve().parent.parent
CCHC = ROOT / ".venv" / "bin" / "cchc"
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
    """(unit name, procedure code, name, field, level) pairs that the demo data allows."""
    script = (
        "from cchc.procedures.models import Procedure\n"
        "from cchc.units.models import Unit\n"
        "for u in Unit.objects.filter(kind__in=['commune','town','office']):\n"
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


def native_load(path: Path, env: dict[str, str], postgres: bool, db_file: Path | None) -> float:
    columns = ", ".join(f"c{i} text" for i in range(len(HEADER)))
    if postgres:
        url = f"{PG_SERVER}/{PG_NAME}"
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--postgres", action="store_true")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cchc-bench-import-"))
    env = {**os.environ, "CCHC_VAR_DIR": str(work), "CCHC_DEBUG": "0"}
    db_file = None
    if options.postgres:
        run(["psql", f"{PG_SERVER}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {PG_NAME}"], env)
        run(["psql", f"{PG_SERVER}/postgres", "-q", "-c", f"CREATE DATABASE {PG_NAME}"], env)
        env["CCHC_DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
    else:
        db_file = work / "bench.sqlite3"
        env["CCHC_DATABASE_URL"] = f"sqlite:///{db_file}"
    run([str(CCHC), "migrate", "-v0"], env)
    run([str(CCHC), "demo"], env)
    export = work / "cong-dvc.csv"
    write_export(export, options.count, catalogue(env))
    size = export.stat().st_size / 1024 / 1024
    first, rss, out = timed_child([str(CCHC), "import-dossiers", str(export), "--no-progress"], env)
    second, rss2, out2 = timed_child([str(CCHC), "import-dossiers", str(export), "--no-progress"], env)
    native = native_load(export, env, options.postgres, db_file)
    engine = "PostgreSQL COPY" if options.postgres else "SQLite .import"
    print(
        f"rows: {options.count:,}  file: {size:.0f} MB  database: {'PostgreSQL' if options.postgres else 'SQLite'}"
    )
    print(f"import:          {first:8.1f} s  ({options.count / first:,.0f} rows/s)  peak RSS {rss:.0f} MB")
    print(f"  {out}")
    print(f"re-import:       {second:8.1f} s  peak RSS {max(rss, rss2):.0f} MB")
    print(f"  {out2}")
    print(f"{engine + ':':17}{native:8.1f} s")
    print(f"ratio import / {engine}: {first / native:.1f}×")
    print(f"(work directory: {work})", file=sys.stderr)


if __name__ == "__main__":
    main()
