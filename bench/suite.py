"""The benchmark suite: every measure at every (database, size), written to bench/RESULTS.md.

Usage:
    .venv/bin/python bench/suite.py            # PostgreSQL 100k and 1M, SQLite 100k (about half an hour)
    .venv/bin/python bench/suite.py --quick    # 10k and 30k, shorter loads; writes into its work directory
    .venv/bin/python bench/suite.py --postgres 100000 --sqlite 100000 200000 --out /tmp/RESULTS.md
    .venv/bin/python bench/suite.py --render bench/RESULTS.json   # RESULTS.md again from a run's figures

For each cell (database, N) it creates a fresh database of its own (PostgreSQL ``cchc_suite_pg_N``, SQLite
files in a temporary directory), then runs, each in a child process with that database:
``kpi_dashboard.py`` (N dossiers generated in the database, KPI against bare SQL, the dashboard under
``--clients`` leaders against ``cchc serve``), ``weekly_report.py``, ``load_register.py`` (``--clients``
clerks registering), and ``import_dossiers.py`` (N rows imported into another fresh database of the same
kind, ``cchc_suite_import`` or a SQLite file, against the database's own loader). The suite's databases are
dropped at the end unless ``--keep``; no other database is touched. Every server is stopped on the way out,
Ctrl-C and SIGTERM included.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

from common import ROOT, stop_on_sigterm

BENCH = ROOT / "bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_IMPORT = "cchc_suite_import"
CHILD_TIMEOUT = 3 * 3600
TICKS = os.sysconf("SC_CLK_TCK")


# --- the machine -------------------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _command(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def psql(sql: str, database: str = "postgres") -> str:
    command = ["psql", f"{PG_SERVER}/{database}", "-Atqc", sql]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def machine() -> dict:
    cpuinfo = _read("/proc/cpuinfo")
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line), "?"
    )
    memory = next(
        (line.split()[1] for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), "0"
    )
    release = dict(line.split("=", 1) for line in _read("/etc/os-release").splitlines() if "=" in line).get(
        "PRETTY_NAME", platform.system()
    )
    hypervisor = next(
        (line.split(":", 1)[1].strip() for line in _command(["lscpu"]).splitlines() if "Hypervisor" in line),
        "",
    )
    from cchc.ops.management.commands.serve import thread_count, worker_count

    try:
        postgres = psql(
            "SELECT current_setting('server_version') || ', shared_buffers ' || current_setting('shared_buffers')"
            " || ', work_mem ' || current_setting('work_mem') || ', parallel workers per gather '"
            " || current_setting('max_parallel_workers_per_gather') || ', autovacuum ' || current_setting('autovacuum')"
        )
    except (OSError, subprocess.CalledProcessError):
        postgres = "not reachable"
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "hypervisor": hypervisor,
        "memory_gb": int(memory) / 1024 / 1024,
        "os": f"{release.strip(chr(34))}, Linux {platform.release()}",
        "postgresql": postgres,
        "sqlite": f"{sqlite3.sqlite_version} (Python's, used by Django); command-line tool {_command(['sqlite3', '--version']).split(' ')[0]}",
        "python": platform.python_version(),
        "django": metadata.version("django"),
        "gunicorn": f"{metadata.version('gunicorn')}, {worker_count()} workers × {thread_count()} threads (cchc serve's defaults)",
        "libreoffice": shutil.which("soffice") or shutil.which("libreoffice") or "not installed",
    }


def git_state() -> str:
    commit = _command(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    changed = _command(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src", "bench"])
    changed = [line[3:] for line in changed.splitlines() if line.strip() and "RESULTS." not in line]
    if not changed:
        return commit
    return f"{commit}, with uncommitted changes to {', '.join(changed[:8])}{' …' if len(changed) > 8 else ''}"


# --- running the cells -------------------------------------------------------------------------------


def short(count: int) -> str:
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}M"
    if count % 1000 == 0:
        return f"{count // 1000}k"
    return f"{count:,}"


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


class Others(threading.Thread):
    """CPU time taken during a step by processes that are not the suite's, sampled every second.

    The suite's are its descendants (the scripts, their gunicorn, the commands they run) and the PostgreSQL
    backends of its own databases (a backend's title names its database); PostgreSQL's shared processes
    (checkpointer, WAL writer, parallel workers) are counted on neither side. A process that starts and ends
    between two samples is missed, so this is a lower bound.
    """

    def __init__(self):
        super().__init__(daemon=True)
        self.stop, self.seen, self.began = threading.Event(), {}, time.monotonic()

    @staticmethod
    def processes() -> dict[int, tuple[int, float, str]]:
        """pid: (parent pid, CPU seconds so far, title)."""
        found = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                    title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                fields = stat.rsplit(")", 1)[1].split()
                found[int(entry.name)] = (
                    int(fields[1]),
                    (int(fields[11]) + int(fields[12])) / TICKS,
                    title[:60],
                )
        return found

    @staticmethod
    def side(pid: int, table: dict) -> str:
        title = table[pid][2]
        if title.startswith("postgres:"):
            return "ours" if "cchc_suite" in title else "others" if "(" in title else "shared"
        ancestor = pid
        while ancestor > 1 and ancestor in table:
            if ancestor == os.getpid():
                return "ours"
            ancestor = table[ancestor][0]
        return "others"

    def sample(self, first: bool = False) -> None:
        """Record each process's CPU so far; one born after the first sample counts from zero."""
        table = self.processes()
        for pid, (_, cpu, _) in table.items():
            if pid not in self.seen:
                self.seen[pid] = [cpu if first else 0.0, cpu, self.side(pid, table), table[pid][2]]
            self.seen[pid][1] = cpu

    def run(self) -> None:
        self.sample(first=True)
        while not self.stop.wait(1):
            self.sample()

    def heaviest(self) -> str:
        """The three other processes that took the most CPU (for the log)."""
        others = sorted(
            (last - start, title) for start, last, side, title in self.seen.values() if side == "others"
        )
        return "; ".join(f"{cpu:.0f} s {title.strip() or '?'}" for cpu, title in others[-3:][::-1])

    def share(self) -> float:
        """Others' CPU seconds ÷ (wall seconds × cores)."""
        self.stop.set()
        self.join()
        self.sample()
        used = sum(last - start for start, last, side, _ in self.seen.values() if side == "others")
        return used / max(1e-9, (time.monotonic() - self.began) * (os.cpu_count() or 1))


def child(script: str, args: list[str], env: dict[str, str], out: Path) -> dict:
    """Run ``bench/script`` with ``--json out``; its figures, or {"failed": reason}."""
    command = [sys.executable, str(BENCH / script), *args, "--json", str(out)]
    log(f"  {script} {' '.join(args)}")
    began, load, watch = time.perf_counter(), os.getloadavg()[0], Others()
    watch.start()
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        code = process.wait(timeout=CHILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        code = "timeout"
    finally:
        if process.poll() is None:  # Ctrl-C, SIGTERM or the timeout: let it stop its own server first
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
    elapsed, others = time.perf_counter() - began, watch.share()
    log(
        f"  {script}: {elapsed:.0f} s; other processes took {others:.0%} of the machine's CPU ({watch.heaviest()})"
    )
    if code != 0 or not out.exists():
        log(f"  {script} failed ({code})")
        return {"failed": f"exit {code}", "wall": elapsed, "load": load, "others": others}
    return {**json.loads(out.read_text()), "wall": elapsed, "load": load, "others": others}


def run_cell(kind: str, count: int, options, work: Path) -> dict:
    name = f"{kind}-{count}"
    folder = work / name
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_")}
    env.update(CCHC_VAR_DIR=str(folder), CCHC_DEBUG="0", PYTHONUNBUFFERED="1")
    if kind == "pg":
        database = f"cchc_suite_pg_{count}"
        psql(f"DROP DATABASE IF EXISTS {database}")
        psql(f"CREATE DATABASE {database}")
        env["CCHC_DATABASE_URL"] = f"{PG_SERVER}/{database}"
    else:
        env["CCHC_DATABASE_URL"] = f"sqlite:///{folder / 'cchc.sqlite3'}"
    log(
        f"{'PostgreSQL' if kind == 'pg' else 'SQLite'} {short(count)} (load average {os.getloadavg()[0]:.1f})"
    )
    began = time.perf_counter()
    clients = str(options.clients)
    cell = {
        "kind": kind,
        "count": count,
        "load_before": os.getloadavg(),
        "board": child(
            "kpi_dashboard.py",
            [str(count), "--clients", clients, "--seconds", str(options.dashboard_seconds)],
            env,
            folder / "board.json",
        ),
        "weekly": child("weekly_report.py", [], env, folder / "weekly.json"),
        "register": child(
            "load_register.py",
            [str(options.register_seconds), "--clerks", clients],
            env,
            folder / "register.json",
        ),
    }
    imports = work / "import"
    imports.mkdir(exist_ok=True)
    cell["import"] = child(
        "import_dossiers.py",
        [
            str(count),
            "--once",
            "--work",
            str(imports),
            *(["--postgres", "--database", PG_IMPORT] if kind == "pg" else []),
        ],
        {k: v for k, v in env.items() if k != "CCHC_DATABASE_URL"},
        folder / "import.json",
    )
    cell["wall"] = time.perf_counter() - began
    if not options.keep:
        if kind == "pg":
            psql(f"DROP DATABASE IF EXISTS cchc_suite_pg_{count}")
        for file in folder.glob("cchc.sqlite3*"):
            file.unlink()
    return cell


# --- writing RESULTS.md -----------------------------------------------------------------------------


def get(cell: dict, *path):
    value = cell
    for key in path:
        found = key in value if isinstance(value, dict) else isinstance(value, list) and key < len(value)
        if not found:
            return None
        value = value[key]
    return value


def ms(value) -> str:
    return "—" if value is None else f"{value * 1000:,.0f} ms"


def seconds(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f} s" if value < 10 else f"{value:,.0f} s"


def number(value) -> str:
    return "—" if value is None else f"{value:,}"


def rate(value) -> str:
    return "—" if value is None else f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def ratio(value) -> str:
    return "—" if value is None else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def share(value) -> str:
    return "—" if value is None else f"{value:.0%}"


def yes_no(value) -> str:
    return "—" if value is None else "yes" if value else "**no**"


def megabytes(value) -> str:
    return "—" if value is None else f"{value / 1024 / 1024:,.0f} MB"


def grown(small, large) -> str:
    if not isinstance(small, int | float) or not isinstance(large, int | float) or not small:
        return "—"
    return f"×{large / small:.1f}" if large / small < 10 else f"×{large / small:.0f}"


class Tables:
    """Columns: each PostgreSQL size, the growth between the smallest and the largest, each SQLite size."""

    def __init__(self, cells: list[dict]):
        self.pg = [c for c in cells if c["kind"] == "pg"]
        self.sqlite = [c for c in cells if c["kind"] == "sqlite"]
        self.growth = len(self.pg) >= 2

    def header(self) -> list[str]:
        names = [f"PostgreSQL {short(c['count'])}" for c in self.pg]
        if self.growth:
            names.append(f"growth ×({short(self.pg[-1]['count'])} ÷ {short(self.pg[0]['count'])})")
        names += [f"SQLite {short(c['count'])}" for c in self.sqlite]
        return names

    def table(self, title: str, note: str, rows: list) -> str:
        lines = [f"### {title}", "", note, "", "| | " + " | ".join(self.header()) + " |"]
        lines.append("|---|" + "---|" * len(self.header()))
        for label, path, show, *growth in rows:
            values = [get(c, *path) for c in self.pg]
            shown = [show(v) for v in values]
            if self.growth:
                shown.append(grown(values[0], values[-1]) if growth else "")
            shown += [show(get(c, *path)) for c in self.sqlite]
            lines.append(f"| {label} | " + " | ".join(shown) + " |")
        return "\n".join(lines) + "\n"


def failures(cells: list[dict]) -> list[str]:
    return [
        f"{label(c)}: {step} {c[step]['failed']}"
        for c in cells
        for step in ("board", "weekly", "register", "import")
        if "failed" in c[step]
    ]


def growth_words(factor: float, size: float) -> str:
    if factor < 1.5:
        return "flat"
    if factor < 0.6 * size:
        return "less than linear"
    if factor <= 1.5 * size:
        return "about linear"
    return "more than linear"


def label(cell: dict) -> str:
    return f"{'PostgreSQL' if cell['kind'] == 'pg' else 'SQLite'} {short(cell['count'])}"


GROWTH = (  # what grows, where to find it, and what it does (no claim about why it grows as it does)
    ("KPI `compute()`", ("board", "kpi", "compute"), "counts one month of a year of dossiers"),
    ("bare GROUP BY", ("board", "kpi", "bare"), "the same counts in one statement"),
    ("dashboard, uncached", ("board", "dashboard", "uncached", 2), "the month's board and the overdue list"),
    (
        "dashboard p95, cached",
        ("board", "dashboard", "warm", "p95"),
        "each worker serves the figures it cached",
    ),
    ("registration p95", ("register", "p95"), "one dossier written, then its page read"),
    ("Friday report", ("weekly", "total"), "two boards and the overdue list, then two documents"),
    ("import", ("import", "seconds"), "as many rows as the cell's dossiers, each parsed and written"),
)


def reading(cells: list[dict], figures: dict) -> str:
    """The plain-words reading, from the figures only."""
    tables = Tables(cells)
    clients = figures["options"]["clients"]
    paragraphs = []
    if tables.growth:
        small, large = tables.pg[0], tables.pg[-1]
        size = large["count"] / small["count"]
        lines = [
            f"From {short(small['count'])} to {short(large['count'])} dossiers (×{size:.0f}) on PostgreSQL, how each "
            f"cost grew (flat: under ×1.5; about linear: 0.6 to 1.5 times ×{size:.0f}):"
        ]
        for name, path, what in GROWTH:
            a, b = get(small, *path), get(large, *path)
            if a and b:
                others = max(get(small, path[0], "others") or 0, get(large, path[0], "others") or 0)
                noted = (
                    f"; other processes took up to {others:.0%} of the CPU meanwhile"
                    if others >= 0.15
                    else ""
                )
                lines.append(f"- {name} ({what}): {grown(a, b)}, {growth_words(b / a, size)}{noted}.")
        paragraphs.append("\n".join(lines))
    busy = [
        value
        for c in cells
        for value in (get(c, "board", "dashboard", "warm", "cpu_busy"), get(c, "register", "cpu_busy"))
        if value is not None
    ]
    if busy:
        paragraphs.append(
            f"Under {clients} clients the machine's {figures['machine']['cores']} cores were {min(busy):.0%} to "
            f"{max(busy):.0%} busy (gunicorn's workers, the database and the Python load client share them). "
            "Requests per second × CPU time per request cannot exceed the cores, so the latencies under load are "
            "mostly time spent waiting for a core: more cores, or the load client on another machine, would lower "
            "them before any change to the queries."
        )
    others = [get(c, step, "others") for c in cells for step in ("board", "weekly", "register", "import")]
    others = [value for value in others if value is not None]
    if others and max(others) >= 0.1:
        paragraphs.append(
            f"Other processes on the machine took up to {max(others):.0%} of its CPU during some steps (last "
            "table): the figures of those steps are pessimistic, the load runs most, since they need every core."
        )
    errors = [
        f"{label(c)} {what} ({get(c, *path[:-1], 'error_kinds')})"
        for c in cells
        for what, path in (
            ("registration", ("register", "errors")),
            ("dashboard", ("board", "dashboard", "warm", "errors")),
        )
        if get(c, *path)
    ]
    checks = [c for c in cells if get(c, "register", "rows_equal_successes") is not None]
    if checks:
        sound = all(
            get(c, "register", "rows_equal_successes") and not get(c, "register", "duplicate_codes")
            for c in checks
        )
        paragraphs.append(
            (
                "Every registration answered as a success is in the database, and no dossier code was given twice. "
                if sound
                else "**A consistency check failed: see the registration table.** "
            )
            + (f"Errors under load: {'; '.join(errors)}." if errors else "No request failed under load.")
        )
    ratios = [(label(c), get(c, "import", "ratio")) for c in cells if get(c, "import", "ratio")]
    if ratios:
        paragraphs.append(
            "The import takes "
            + ", ".join(f"{r:.0f}× ({name})" for name, r in ratios)
            + " the time of the database's own loader on the same file. The loader fills a bare table of text "
            "columns; the import parses and checks every cell, computes each appointment with the deadline engine "
            "and writes into the real table and its indexes (bench/README.md has the profile)."
        )
    for p in tables.pg:
        for q in (q for q in tables.sqlite if q["count"] == p["count"]):
            parts = []
            for name, path, _ in GROWTH:
                a, b = get(p, *path), get(q, *path)
                if a and b and "warm" not in path:
                    parts.append(f"{name} ×{b / a:.1f}")
            if parts:
                paragraphs.append(
                    f"SQLite's time against PostgreSQL's at {short(p['count'])}: {', '.join(parts)}."
                )
    return "\n\n".join(paragraphs) + "\n"


def render(figures: dict) -> str:
    cells = figures["cells"]
    tables = Tables(cells)
    m = figures["machine"]
    clients = figures["options"]["clients"]
    out = [
        "# Benchmark results",
        "",
        "Written by the benchmark suite (bench/suite.py); do not edit by hand. To measure again, on a machine with",
        "PostgreSQL at 127.0.0.1:5432 as user postgres:",
        "",
        "```sh",
        figures["command"],
        "```",
        "",
        "| | |",
        "|---|---|",
        f"| date | {figures['started']} → {figures['finished']} ({figures['wall'] / 60:.0f} min) |",
        f"| code | git {figures['git']} |",
        f"| CPU | {m['cpu']}, {m['cores']} cores{f' ({m["hypervisor"]} virtual machine)' if m['hypervisor'] else ''} |",
        f"| memory | {m['memory_gb']:.0f} GB |",
        f"| system | {m['os']} |",
        f"| PostgreSQL | {m['postgresql']} |",
        f"| SQLite | {m['sqlite']} |",
        f"| Python, Django | {m['python']}, Django {m['django']} |",
        f"| gunicorn (`cchc serve`) | {m['gunicorn']} |",
        f"| LibreOffice (PDF) | {m['libreoffice']} |",
        f"| load average (1, 5, 15 min) | at start {', '.join(f'{x:.2f}' for x in figures['load_start'])}; at end {', '.join(f'{x:.2f}' for x in figures['load_end'])} |",
        "",
        "The load client runs on the same machine as the server and the database. The machine may be shared: "
        "during each step the suite samples every second the CPU time of the processes that are not its own, and "
        "the last table gives their share of the machine with the load average.",
        "",
    ]
    if problems := failures(cells):
        out += ["**Steps that failed** (their figures are missing below): " + "; ".join(problems) + ".", ""]
    out += ["## Reading", "", reading(cells, figures), "## Figures", ""]
    out.append(
        tables.table(
            "Dataset",
            "Dossiers generated inside the database over 2022 for the 43 Ý Yên units (informational).",
            [
                ("dossiers", ("board", "generate", "dossiers"), number),
                ("generation time", ("board", "generate", "seconds"), seconds, True),
                ("database size", ("board", "generate", "database_bytes"), megabytes, True),
            ],
        )
    )
    out.append(
        tables.table(
            "KPI computation",
            "Every indicator for every unit, November 2022, in-process: `cchc.kpis.engine.compute` against one "
            "hand-written GROUP BY with the same `COUNT(*) FILTER (…)`s; median of 5 each.",
            [
                ("`compute()`", ("board", "kpi", "compute"), ms, True),
                ("bare SQL", ("board", "kpi", "bare"), ms, True),
                ("ratio compute ÷ bare SQL", ("board", "kpi", "ratio"), ratio),
                ("SQL queries issued by compute", ("board", "kpi", "queries"), number),
            ],
        )
    )
    dash_seconds = figures["options"]["dashboard_seconds"]
    out.append(
        tables.table(
            f"Dashboard under {clients} concurrent clients",
            f"{clients} logged-in district leaders fetch the dashboard (November 2022, all units) as fast as it "
            f"answers for {dash_seconds:.0f} s, after 5 s of warm-up, against `cchc serve`; the trend charts load in "
            "a request of their own and are not in the page. The cached page is what every request but the first "
            "after a change of data gets; the uncached page is that first request (one client on the idle server, "
            "median of 5, each with its own cache key).",
            [
                ("pages served", ("board", "dashboard", "warm", "requests"), number),
                ("pages per second", ("board", "dashboard", "warm", "per_second"), rate, True),
                ("p50 (cached)", ("board", "dashboard", "warm", "p50"), ms, True),
                ("p95 (cached)", ("board", "dashboard", "warm", "p95"), ms, True),
                ("slowest", ("board", "dashboard", "warm", "max"), ms),
                ("errors", ("board", "dashboard", "warm", "errors"), number),
                ("machine CPU busy", ("board", "dashboard", "warm", "cpu_busy"), share),
                ("uncached page, one client", ("board", "dashboard", "uncached", 2), ms, True),
            ],
        )
    )
    out.append(
        tables.table(
            f"Registration under {clients} concurrent clerks",
            f"{clients} clerks of Thị trấn Lâm, each logged in, post the registration form as fast as it answers for "
            f"{figures['options']['register_seconds']:.0f} s, on the cell's database; a registration's time is the "
            "POST and the dossier page it redirects to. Then the new rows are counted against the successes and "
            "their codes checked for duplicates.",
            [
                ("registrations", ("register", "successes"), number),
                ("per second", ("register", "per_second"), rate, True),
                ("errors", ("register", "errors"), number),
                ("rows written = successes", ("register", "rows_equal_successes"), yes_no),
                ("duplicate codes", ("register", "duplicate_codes"), number),
                ("p50", ("register", "p50"), ms, True),
                ("p95", ("register", "p95"), ms, True),
                ("machine CPU busy", ("register", "cpu_busy"), share),
            ],
        )
    )
    pdf = (
        "LibreOffice is not installed: no PDF timed."
        if m["libreoffice"] == "not installed"
        else "PDF is timed apart (LibreOffice, once)."
    )
    out.append(
        tables.table(
            "Friday report",
            "The weekly report dated 25/11/2022 as `cchc weekly-report` makes it, in-process, figure cache emptied "
            f"before each run, median of {get(cells[0], 'weekly', 'runs') or 'several'}: DOCX and XLSX written and archived. {pdf}",
            [
                ("DOCX + XLSX, archived", ("weekly", "total"), seconds, True),
                ("of which the figures", ("weekly", "figures"), seconds, True),
                ("of which the two documents", ("weekly", "documents"), seconds, True),
                ("PDF (apart)", ("weekly", "pdf"), seconds),
            ],
        )
    )
    out.append(
        tables.table(
            "Portal import",
            "A portal-like CSV export of as many rows as the cell's dossiers (seeded; all 19 columns) imported by "
            "`cchc import-dossiers` into a fresh database of the same kind (a child process: wall time, peak RSS), then "
            "loaded by the database's own loader into a plain table of text columns without indexes "
            "(`psql \\copy`, `sqlite3 .import`). The ratio is import ÷ loader.",
            [
                ("rows", ("import", "rows"), number),
                ("file", ("import", "megabytes"), lambda v: "—" if v is None else f"{v:,.0f} MB"),
                ("import", ("import", "seconds"), seconds, True),
                ("rows per second", ("import", "rows_per_second"), rate, True),
                ("own loader", ("import", "loader"), seconds, True),
                ("ratio import ÷ loader", ("import", "ratio"), ratio),
                ("peak RSS", ("import", "rss"), lambda v: "—" if v is None else f"{v:,.0f} MB"),
            ],
        )
    )
    out.append(
        tables.table(
            "Other work on the machine, and wall time",
            "During each step: the CPU time taken by processes that are not the suite's (not its children, nor the "
            "PostgreSQL backends of its databases), as a share of the machine (wall time × cores; a lower bound: "
            "processes shorter than a second are missed); the 1-minute load average when the step began (it "
            "still carries the suite's previous step); the wall time of each step.",
            [
                ("other processes' CPU: dataset, KPI, dashboard", ("board", "others"), share),
                ("other processes' CPU: Friday report", ("weekly", "others"), share),
                ("other processes' CPU: registration", ("register", "others"), share),
                ("other processes' CPU: import", ("import", "others"), share),
                ("load: dataset, KPI, dashboard", ("board", "load"), rate),
                ("load: Friday report", ("weekly", "load"), rate),
                ("load: registration", ("register", "load"), rate),
                ("load: import", ("import", "load"), rate),
                ("wall: dataset, KPI, dashboard", ("board", "wall"), seconds),
                ("wall: Friday report", ("weekly", "wall"), seconds),
                ("wall: registration", ("register", "wall"), seconds),
                ("wall: import (with writing the export)", ("import", "wall"), seconds),
                ("wall: the cell", ("wall",), seconds),
            ],
        )
    )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", type=int, nargs="*", help="PostgreSQL sizes (default 100000 1000000)")
    parser.add_argument("--sqlite", type=int, nargs="*", help="SQLite sizes (default 100000)")
    parser.add_argument(
        "--clients", type=int, default=20, help="concurrent leaders, then clerks (default 20)"
    )
    parser.add_argument("--dashboard-seconds", type=float, help="dashboard load duration (default 30)")
    parser.add_argument("--register-seconds", type=float, help="registration load duration (default 60)")
    parser.add_argument("--quick", action="store_true", help="10k and 30k, 10 s loads: to try the suite out")
    parser.add_argument(
        "--out", type=Path, help="default bench/RESULTS.md (with --quick: in the work directory)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases and the work directory")
    parser.add_argument("--render", type=Path, help="only write RESULTS.md from a run's figures (JSON)")
    options = parser.parse_args()
    if options.render:
        figures = json.loads(options.render.read_text())
        out = options.out or BENCH / "RESULTS.md"
        out.write_text(render(figures))
        print(f"written: {out}")
        return
    quick = options.quick
    options.postgres = (
        options.postgres
        if options.postgres is not None
        else [10_000, 30_000]
        if quick
        else [100_000, 1_000_000]
    )
    options.sqlite = options.sqlite if options.sqlite is not None else [10_000] if quick else [100_000]
    options.dashboard_seconds = options.dashboard_seconds or (10 if quick else 30)
    options.register_seconds = options.register_seconds or (10 if quick else 60)
    stop_on_sigterm()
    work = Path(tempfile.mkdtemp(prefix="cchc-suite-"))
    out = options.out or (work / "RESULTS.md" if quick else BENCH / "RESULTS.md")
    log(f"work directory {work}; results to {out}")
    figures = {
        "command": " ".join([".venv/bin/python bench/suite.py", *sys.argv[1:]]),
        "options": {k: v for k, v in vars(options).items() if k not in ("out", "render")},
        "started": f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "load_start": os.getloadavg(),
        "git": git_state(),
        "machine": machine(),
        "cells": [],
    }
    began = time.perf_counter()
    try:
        for kind, sizes in (("pg", sorted(options.postgres)), ("sqlite", sorted(options.sqlite))):
            for count in sizes:
                figures["cells"].append(run_cell(kind, count, options, work))
    finally:
        if not options.keep:
            try:
                for count in options.postgres:
                    psql(f"DROP DATABASE IF EXISTS cchc_suite_pg_{count}")
                if options.postgres:
                    psql(f"DROP DATABASE IF EXISTS {PG_IMPORT}")
            except (OSError, subprocess.CalledProcessError) as error:
                log(f"could not drop the suite's databases: {error}")
            for folder in work.iterdir():  # each cell's files, the exports (the 1M one is 280 MB)
                if folder.is_dir():
                    shutil.rmtree(folder)
    figures.update(
        finished=f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        load_end=os.getloadavg(),
        wall=time.perf_counter() - began,
    )
    out.with_suffix(".json").write_text(json.dumps(figures, indent=2, default=str) + "\n")
    out.write_text(render(figures))
    log(f"written: {out} and, for --render, its figures {out.with_suffix('.json')}")


if __name__ == "__main__":
    main()
