"""Twenty clerks registering dossiers at the same counter, over HTTP, against ``cchc serve``.

Usage (the database must be named explicitly; a fresh one, or one filled by bench/kpi_dashboard.py):
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS cchc_load" -c "CREATE DATABASE cchc_load"
    CCHC_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_load .venv/bin/python bench/load_register.py [SECONDS]
Options: --clerks 20, --json FILE (the figures, for bench/suite.py). SQLite works too.

Each clerk logs in (a user of Thị trấn Lâm of their own), then posts the registration form as fast as the
server answers; the latency of a registration is the POST and the dossier page it redirects to. Afterwards
the new dossiers in the database are counted against the successful responses and their codes checked to
be unique. Prints p50/p95 latency and the error count.
"""

import argparse
import io
import os
import sys
import urllib.parse
import urllib.request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
if "CCHC_DATABASE_URL" not in os.environ:
    sys.exit("Name the database with CCHC_DATABASE_URL (a benchmark never writes to the default one).")
import django  # noqa: E402

django.setup()

from common import csrf_token, load, logged_in, served, stop_on_sigterm, write_json  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from cchc.accounts.models import Role, User  # noqa: E402
from cchc.dossiers.models import Dossier  # noqa: E402
from cchc.procedures.models import Procedure  # noqa: E402
from cchc.units.models import Unit  # noqa: E402
from cchc.units.selectors import unit_at  # noqa: E402

PASSWORD = "tai-kiem-tra-2022"  # noqa: S105 - accounts made for the benchmark
LAM = "13795"


def prepare(clerks: int) -> int:
    """Clerks ``tai.0`` … of the unit bearing code 13795 today (Xã Ý Yên; Thị trấn Lâm ended on 30/06/2025);
    the id of the procedure they register (birth registration)."""
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("demo", verbosity=0, stdout=io.StringIO())  # it lists the demo accounts
    lam = unit_at(LAM, on=timezone.localdate())
    for number in range(clerks):
        user, created = User.objects.get_or_create(
            username=f"tai.{number}", defaults={"unit": lam, "role": Role.CLERK}
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    return Procedure.objects.handled_by(lam).get(code="1.001193").pk


def register(clerks: int, seconds: float, port: int = 8766) -> dict:
    procedure = prepare(clerks)
    last = Dossier.objects.aggregate(last=Max("pk"))["last"] or 0

    def clerk(number: int):
        def session():
            opener = logged_in(base, f"tai.{number}", PASSWORD)
            token = csrf_token(opener.open(f"{base}/dossiers/new/").read().decode())
            sent = 0

            def request() -> bool:
                nonlocal sent
                sent += 1
                data = {
                    "csrfmiddlewaretoken": token,
                    "procedure": procedure,
                    "applicant_name": f"Người nộp {number}-{sent}",
                    "applicant_id_number": "036085001234",
                    "channel": "in_person",
                    "sets": "1",
                }
                answer = opener.open(
                    urllib.request.Request(
                        f"{base}/dossiers/new/",
                        urllib.parse.urlencode(data).encode(),
                        headers={"Referer": base},
                    )
                )
                answer.read()
                return "/dossiers/new/" not in answer.url

            return request

        return session

    with served(dict(os.environ), port) as base:
        run = load([clerk(n) for n in range(clerks)], seconds)
    codes = list(Dossier.objects.filter(pk__gt=last).values_list("code", flat=True))
    return {
        **run.summary(),
        "vendor": connection.vendor,
        "rows": len(codes),
        "rows_equal_successes": len(codes) == run.successes,
        "duplicate_codes": len(codes) - len(set(codes)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("seconds", nargs="?", type=float, default=60)
    parser.add_argument("--clerks", type=int, default=20)
    parser.add_argument("--json")
    options = parser.parse_args()
    stop_on_sigterm()
    figures = register(options.clerks, options.seconds)
    print(f"{options.clerks} clerks for {options.seconds:.0f} s over HTTP (cchc serve), {connection.vendor}:")
    print(
        f"  successful registrations {figures['successes']}, errors {figures['errors']} {figures['error_kinds']}"
    )
    print(
        f"  dossiers written {figures['rows']} (equal to the successes: {figures['rows_equal_successes']}); "
        f"duplicate codes: {figures['duplicate_codes']}"
    )
    print(
        f"  latency p50 {figures['p50'] * 1000:.0f} ms, p95 {figures['p95'] * 1000:.0f} ms; "
        f"CPU busy {figures['cpu_busy']:.0%}"
    )
    write_json(options.json, figures)


if __name__ == "__main__":
    main()
