"""KPI computation against bare SQL, and the dashboard over HTTP, on N dossiers (default 1,000,000).

Usage (PostgreSQL; the database is created by migrate if it does not exist):
    CCHC_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench .venv/bin/python bench/kpi_dashboard.py 1000000

The dossiers are generated in the database itself (INSERT … SELECT generate_series) over 2022 for every Ý Yên
unit. Measured: (1) all indicators for all units for November 2022 through ``cchc.kpis.engine.compute`` against
one hand-written GROUP BY of the same numbers, median of 5 runs each, and the number of SQL queries compute
issues; (2) the dashboard page served by ``cchc runserver`` (one process, DEBUG off), fetched with urllib by a
logged-in leader: 3 warm-up requests, then p50/p95 of 30.
"""

import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cchc.accounts.scoping import system_user  # noqa: E402
from cchc.core.calendar import VN_TZ  # noqa: E402
from cchc.core.kpi import parse_period  # noqa: E402
from cchc.dossiers.models import Dossier  # noqa: E402
from cchc.kpis.engine import compute  # noqa: E402
from cchc.units.models import Unit  # noqa: E402

FILL = """
INSERT INTO dossiers_dossier (code, unit_id, procedure_id, online_level, interagency, state, source,
  applicant_name, applicant_id_number, applicant_address, applicant_phone, applicant_email, request, channel,
  sets, received_at, due_at, result_at, returned_at, supplement_count, fee, paid_online, digitised,
  result_digitised, e_result, national_account, portal_synced, portal_code, recorded_at, search_text)
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
     (SELECT array_agg(id ORDER BY id) AS units FROM units_unit WHERE kind IN ('commune', 'town', 'office')) AS u,
     (SELECT array_agg(id ORDER BY id) AS procs, array_agg(online_level ORDER BY id) AS levels,
             array_agg(fee ORDER BY id) AS fees FROM procedures_procedure) AS p
"""

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


def median_seconds(action, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def prepare(count: int) -> None:
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("demo", verbosity=0)
    have = Dossier.objects.count()
    step = 200_000
    with connection.cursor() as cursor:
        for first in range(have + 1, count + 1, step):
            cursor.execute(FILL, [first, min(first + step - 1, count)])
            print(f"  generated {min(first + step - 1, count):,} dossiers", flush=True)
        cursor.execute("ANALYZE dossiers_dossier")


def kpi(count: int) -> None:
    period = parse_period("2022-11")
    as_of = __import__("datetime").datetime(2022, 11, 30, 23, 59, tzinfo=VN_TZ)
    user = system_user()
    with CaptureQueriesContext(connection) as queries:
        compute(user=user, period=period, as_of=as_of)
    engine = median_seconds(lambda: compute(user=user, period=period, as_of=as_of))
    params = {"s": "2022-11-01 00:00+07", "e": "2022-12-01 00:00+07", "a": as_of}

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(BARE, params)
            cursor.fetchall()

    raw = median_seconds(bare)
    print(f"KPI, all indicators, all units, November 2022, {count:,} dossiers ({connection.vendor}):")
    print(f"  compute(): {engine * 1000:.0f} ms (median of 5), {len(queries)} SQL queries")
    print(f"  bare GROUP BY: {raw * 1000:.0f} ms; ratio {engine / raw:.2f}")


def dashboard() -> None:
    port = "8765"
    env = {**os.environ, "CCHC_DEBUG": "0"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "cchc"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(50):
            try:
                page = opener.open(f"{base}/accounts/login/").read().decode()
                break
            except OSError:
                time.sleep(0.2)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"username": "lanhdao", "password": "cchc-demo-2022", "csrfmiddlewaretoken": token}
        )
        opener.open(
            urllib.request.Request(f"{base}/accounts/login/", body.encode(), headers={"Referer": base})
        )
        url = f"{base}/dashboard/?period=2022-11&as_of=2022-11-30T23:59"
        cold = median_seconds(lambda: opener.open(url).read(), runs=1)
        for _ in range(3):
            opener.open(url).read()
        times = []
        for _ in range(30):
            start = time.perf_counter()
            opener.open(url).read()
            times.append(time.perf_counter() - start)
        times.sort()
        print("Dashboard over HTTP (runserver, one process, DEBUG off), leader, November 2022:")
        print(f"  first request (cold cache): {cold * 1000:.0f} ms")
        print(
            f"  p50 {statistics.median(times) * 1000:.0f} ms, p95 {times[int(len(times) * 0.95) - 1] * 1000:.0f} ms"
        )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    if connection.vendor != "postgresql":
        sys.exit(
            "This benchmark generates its dossiers with PostgreSQL's generate_series: set CCHC_DATABASE_URL."
        )
    prepare(total)
    kpi(total)
    dashboard()
