"""N dossiers (default 1,000,000), then KPI computation against bare SQL and the dashboard under load.

Usage (the database must be named explicitly; migrate creates its tables, ``cchc demo`` its units):
    CCHC_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench .venv/bin/python bench/kpi_dashboard.py 1000000
    CCHC_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/kpi_dashboard.py 100000
Options: --clients 20, --seconds 30 (the dashboard load), --json FILE (the figures, for bench/suite.py).

The dossiers are generated in the database itself over 2022 for every Ý Yên unit: INSERT … SELECT over
generate_series on PostgreSQL, over a recursive CTE on SQLite (no Python loop over rows), then VACUUM ANALYZE; only the missing
ones are added, so a second run reuses them. Measured: (1) all indicators for all units for November 2022
through ``cchc.kpis.engine.compute`` against one hand-written GROUP BY of the same numbers, median of 5 runs
each, and the number of SQL queries compute issues; (2) the dashboard page served by ``cchc serve``
(gunicorn, DEBUG off, its default workers and threads) to ``--clients`` logged-in leaders at once for
``--seconds`` after 5 s of warm-up (every worker has then cached the figures); (3) the page when nothing is
cached (what the first request after a change of data pays): one client, 5 requests each with an "as of"
minute of its own (the cache key), on the otherwise idle server.
"""

import argparse
import io
import os
import sys
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
if "CCHC_DATABASE_URL" not in os.environ:
    sys.exit(
        "Name the database to fill with CCHC_DATABASE_URL (a benchmark never writes to the default one)."
    )
import django  # noqa: E402

django.setup()

from common import DEMO_PASSWORD, load, logged_in, median_seconds, served, stop_on_sigterm, write_json  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cchc.accounts.scoping import system_user  # noqa: E402
from cchc.core.calendar import VN_TZ  # noqa: E402
from cchc.core.kpi import parse_period  # noqa: E402
from cchc.dossiers.models import Dossier  # noqa: E402
from cchc.kpis.engine import compute  # noqa: E402
from cchc.units.models import Unit  # noqa: E402

COLUMNS = """code, unit_id, procedure_id, online_level, interagency, state, source, applicant_name,
  applicant_id_number, applicant_address, applicant_phone, applicant_email, request, channel, sets,
  received_at, due_at, result_at, returned_at, supplement_count, fee, paid_online, digitised,
  result_digitised, e_result, national_account, portal_synced, portal_code, recorded_at, search_text"""

# Received uniformly over 2022 by the units of 2022 (those of Ninh Bình start on 1/7/2025); 3 % still in
# progress, 1 % refused, the rest returned after 4 days with a result within 4 days of receipt (due after 3:
# about a quarter late).
FILL_POSTGRESQL = f"""
INSERT INTO dossiers_dossier ({COLUMNS})
SELECT 'B-' || g, units[1 + (g %% array_length(units, 1))], procs[1 + (g %% array_length(procs, 1))],
  levels[1 + (g %% array_length(procs, 1))], (g %% 17 = 0),
  CASE WHEN r < 0.03 THEN 'in_progress' WHEN r < 0.04 THEN 'refused' ELSE 'returned' END, 'counter',
  'Người nộp ' || g, '', '', '', '', '', CASE WHEN random() < 0.6 THEN 'online' ELSE 'in_person' END, 1,
  t, t + interval '3 days',
  CASE WHEN r >= 0.04 THEN t + random() * interval '4 days' END,
  CASE WHEN r >= 0.04 THEN t + interval '4 days' END, 0, fees[1 + (g %% array_length(procs, 1))],
  random() < 0.4, random() < 0.7, random() < 0.6, random() < 0.7, random() < 0.5, random() < 0.95, '', t, ''
FROM (SELECT g, random() AS r, timestamptz '2022-01-01 00:00+07' + random() * interval '365 days' AS t
      FROM generate_series(%s, %s) AS g) AS rows,
     (SELECT array_agg(id ORDER BY id) AS units FROM units_unit
      WHERE kind IN ('commune', 'town', 'office') AND valid_from IS NULL) AS u,
     (SELECT array_agg(id ORDER BY id) AS procs, array_agg(online_level ORDER BY id) AS levels,
             array_agg(fee ORDER BY id) AS fees FROM procedures_procedure) AS p
"""  # noqa: S608 - constant text, no input

# The same rows for SQLite, which stores aware datetimes as UTC text ('2021-12-31 17:00:00' is 2022-01-01
# 00:00 in Vietnam). random() is evaluated where it is written, so r and the receipt time are drawn once
# in a materialised CTE.
UNIFORM = "(abs(random()) % 1000000) / 1000000.0"
FILL_SQLITE = f"""
WITH RECURSIVE seq(g) AS (SELECT %s UNION ALL SELECT g + 1 FROM seq WHERE g < %s),
  drawn AS MATERIALIZED (
    SELECT g, {UNIFORM} AS r, datetime('2021-12-31 17:00:00', '+' || (abs(random()) % 31536000) || ' seconds') AS t
    FROM seq),
  u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM units_unit
        WHERE kind IN ('commune', 'town', 'office') AND valid_from IS NULL),
  p AS (SELECT id, online_level, fee, row_number() OVER (ORDER BY id) - 1 AS i FROM procedures_procedure)
INSERT INTO dossiers_dossier ({COLUMNS})
SELECT 'B-' || g, u.id, p.id, p.online_level, (g % 17 = 0),
  CASE WHEN r < 0.03 THEN 'in_progress' WHEN r < 0.04 THEN 'refused' ELSE 'returned' END, 'counter',
  'Người nộp ' || g, '', '', '', '', '', CASE WHEN {UNIFORM} < 0.6 THEN 'online' ELSE 'in_person' END, 1,
  t, datetime(t, '+3 days'),
  CASE WHEN r >= 0.04 THEN datetime(t, '+' || (abs(random()) % 345600) || ' seconds') END,
  CASE WHEN r >= 0.04 THEN datetime(t, '+4 days') END, 0, p.fee,
  {UNIFORM} < 0.4, {UNIFORM} < 0.7, {UNIFORM} < 0.6, {UNIFORM} < 0.7, {UNIFORM} < 0.5, {UNIFORM} < 0.95, '', t, ''
FROM drawn
  JOIN u ON u.i = g % (SELECT count(*) FROM u)
  JOIN p ON p.i = g % (SELECT count(*) FROM p)
"""  # noqa: S608 - constant text, no input

BARE = """
SELECT unit_id,
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND online_level IN (3, 4)),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND online_level IN (3, 4) AND channel = 'online'),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND fee > 0),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND fee > 0 AND paid_online),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND digitised),
  COUNT(*) FILTER (WHERE result_at >= %(s)s AND result_at < %(e)s),
  COUNT(*) FILTER (WHERE result_at >= %(s)s AND result_at < %(e)s AND e_result),
  COUNT(*) FILTER (WHERE result_at >= %(s)s AND result_at < %(e)s AND result_at <= due_at),
  COUNT(*) FILTER (WHERE received_at <= %(a)s AND due_at < %(a)s AND (result_at IS NULL OR result_at > %(a)s)
                   AND (closed_at IS NULL OR closed_at > %(a)s)),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND portal_synced),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND online_level = 2),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND online_level = 2 AND national_account),
  COUNT(*) FILTER (WHERE result_at >= %(s)s AND result_at < %(e)s AND online_level = 2),
  COUNT(*) FILTER (WHERE result_at >= %(s)s AND result_at < %(e)s AND online_level = 2 AND result_digitised),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND online_level = 4 AND channel = 'online'),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND interagency),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND interagency AND channel = 'online')
FROM dossiers_dossier
WHERE recorded_at <= %(a)s AND NOT (state IN ('refused', 'withdrawn') AND closed_at <= %(a)s)
  AND ((received_at >= %(s)s AND received_at < %(e)s) OR (result_at >= %(s)s AND result_at < %(e)s)
       OR (received_at <= %(a)s AND due_at < %(a)s))
GROUP BY unit_id
"""

PERIOD = "2022-11"
START, END = datetime(2022, 11, 1, tzinfo=VN_TZ), datetime(2022, 12, 1, tzinfo=VN_TZ)
AS_OF = datetime(2022, 11, 30, 23, 59, tzinfo=VN_TZ)
STEP = 200_000


def database_bytes() -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    return Path(settings.DATABASES["default"]["NAME"]).stat().st_size


def generate(count: int) -> dict:
    """Add dossiers until there are ``count`` (after migrate and ``cchc demo``); seconds and size."""
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("demo", verbosity=0, stdout=io.StringIO())  # it lists the demo accounts
    have = Dossier.objects.count()
    fill = FILL_POSTGRESQL if connection.vendor == "postgresql" else FILL_SQLITE
    began = time.perf_counter()
    with connection.cursor() as cursor:
        for first in range(have + 1, count + 1, STEP):
            cursor.execute(fill, [first, min(first + STEP - 1, count)])
            print(f"  generated {min(first + STEP - 1, count):,} dossiers", flush=True)
        # What autovacuum would have done on a live database (and may be off on a test server): statistics
        # for the planner, and the visibility map that lets index-only scans skip the table.
        cursor.execute("VACUUM ANALYZE dossiers_dossier" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "dossiers": Dossier.objects.count(),
        "added": count - have if count > have else 0,
        "seconds": time.perf_counter() - began,
        "database_bytes": database_bytes(),
    }


def kpi() -> dict:
    period = parse_period(PERIOD)
    user = system_user()
    with CaptureQueriesContext(connection) as queries:
        compute(user=user, period=period, as_of=AS_OF)
    engine = median_seconds(lambda: compute(user=user, period=period, as_of=AS_OF))
    adapt = connection.ops.adapt_datetimefield_value  # SQLite compares UTC text, PostgreSQL timestamps
    params = {"s": adapt(START), "e": adapt(END), "a": adapt(AS_OF)}

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(BARE, params)
            return cursor.fetchall()

    raw = median_seconds(bare)
    return {
        "compute": engine,
        "bare": raw,
        "ratio": engine / raw,
        "queries": len(queries),
        "units": len(bare()),
    }


def dashboard(clients: int, seconds: float, port: int = 8765) -> dict:
    path = f"/dashboard/?period={PERIOD}&as_of=2022-11-30T"

    def leader():
        opener = logged_in(base, "lanhdao", DEMO_PASSWORD)

        def request() -> bool:
            answer = opener.open(f"{base}{path}23:59")
            answer.read()
            return answer.status == 200 and "/dashboard/" in answer.url

        return request

    with served(dict(os.environ), port) as base:
        warm = load([leader] * clients, seconds, warmup=5)
        uncached = []
        opener = logged_in(base, "lanhdao", DEMO_PASSWORD)
        for minute in range(50, 55):
            began = time.perf_counter()
            opener.open(f"{base}{path}23:{minute}").read()
            uncached.append(time.perf_counter() - began)
    return {"warm": warm.summary(), "uncached": sorted(uncached)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--json")
    options = parser.parse_args()
    stop_on_sigterm()
    made = generate(options.count)
    print(
        f"{made['dossiers']:,} dossiers ({connection.vendor}); {made['added']:,} added in {made['seconds']:.1f} s"
    )
    figures = kpi()
    print("KPI, all indicators, all units, November 2022:")
    print(f"  compute(): {figures['compute'] * 1000:.0f} ms (median of 5), {figures['queries']} SQL queries")
    print(f"  bare GROUP BY: {figures['bare'] * 1000:.0f} ms; ratio {figures['ratio']:.2f}")
    board = dashboard(options.clients, options.seconds)
    warm = board["warm"]
    print(
        f"Dashboard, {options.clients} leaders at once for {options.seconds:.0f} s (cchc serve), November 2022:"
    )
    print(
        f"  {warm['requests']} pages ({warm['per_second']:.1f}/s), errors {warm['errors']} {warm['error_kinds']}, "
        f"p50 {warm['p50'] * 1000:.0f} ms, p95 {warm['p95'] * 1000:.0f} ms; CPU busy {warm['cpu_busy']:.0%}"
    )
    print(f"  uncached page, one client: {', '.join(f'{t * 1000:.0f}' for t in board['uncached'])} ms")
    write_json(
        options.json, {"vendor": connection.vendor, "generate": made, "kpi": figures, "dashboard": board}
    )


if __name__ == "__main__":
    main()
