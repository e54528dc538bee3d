"""Twenty clerks registering dossiers at the same counter for 60 s, over HTTP, against ``cchc serve``.

Usage (PostgreSQL; a fresh database is best):
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS cchc_load" -c "CREATE DATABASE cchc_load"
    CCHC_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_load .venv/bin/python bench/load_register.py [SECONDS]

Each clerk logs in (a user of Thị trấn Lâm of their own), then posts the registration form as fast as the
server answers. Afterwards the dossiers in the database are counted against the successful responses and the
codes are checked to be unique and consecutive per day. Prints p50/p95 latency and the error count.
"""

import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cchc.accounts.models import Role, User  # noqa: E402
from cchc.dossiers.models import Dossier  # noqa: E402
from cchc.procedures.models import Procedure  # noqa: E402
from cchc.units.models import Unit  # noqa: E402

CLERKS, PORT, PASSWORD = 20, "8766", "tai-kiem-tra-2022"


def prepare() -> int:
    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    lam = Unit.objects.get(code="13795")
    for number in range(CLERKS):
        user, created = User.objects.get_or_create(
            username=f"tai.{number}", defaults={"unit": lam, "role": Role.CLERK}
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    return Procedure.objects.handled_by(lam).get(code="1.001193").pk


def clerk(number: int, procedure: int, until: float, latencies: list, errors: list, ok: list) -> None:
    base = f"http://127.0.0.1:{PORT}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    login = {"username": f"tai.{number}", "password": PASSWORD, "csrfmiddlewaretoken": token}
    opener.open(
        urllib.request.Request(
            f"{base}/accounts/login/", urllib.parse.urlencode(login).encode(), headers={"Referer": base}
        )
    )
    form = opener.open(f"{base}/dossiers/new/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    sent = 0
    while time.monotonic() < until:
        sent += 1
        data = {
            "csrfmiddlewaretoken": token,
            "procedure": procedure,
            "applicant_name": f"Người nộp {number}-{sent}",
            "applicant_id_number": "036085001234",
            "channel": "in_person",
            "sets": "1",
        }
        start = time.perf_counter()
        try:
            response = opener.open(
                urllib.request.Request(
                    f"{base}/dossiers/new/", urllib.parse.urlencode(data).encode(), headers={"Referer": base}
                )
            )
            response.read()
            if "/dossiers/new/" in response.url:
                errors.append(f"form refused for clerk {number}")
            else:
                ok.append(response.url)
        except urllib.error.HTTPError as error:
            errors.append(f"HTTP {error.code}")
        latencies.append(time.perf_counter() - start)


def main(seconds: int) -> None:
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL (set CCHC_DATABASE_URL).")
    procedure = prepare()
    before = Dossier.objects.count()
    env = {**os.environ, "CCHC_DEBUG": "0", "CCHC_WORKERS": "5", "CCHC_THREADS": "4"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "cchc"), "serve", "--bind", f"127.0.0.1:{PORT}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/").read()
                break
            except OSError:
                time.sleep(0.3)
        latencies: list[float] = []
        errors: list[str] = []
        ok: list[str] = []
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(target=clerk, args=(n, procedure, until, latencies, errors, ok))
            for n in range(CLERKS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
    rows = Dossier.objects.count() - before
    codes = list(Dossier.objects.filter(unit__code="13795").values_list("code", flat=True))
    latencies.sort()
    print(f"{CLERKS} clerks for {seconds} s over HTTP (cchc serve: 5 workers × 4 threads), PostgreSQL:")
    print(f"  successful registrations {len(ok)}, errors {len(errors)} {sorted(set(errors))[:5]}")
    print(
        f"  dossiers written {rows} (equal to the successes: {rows == len(ok)}); duplicate codes: {len(codes) - len(set(codes))}"
    )
    print(
        f"  latency p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
