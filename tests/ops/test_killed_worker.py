"""A web import survives the processes that handle it (issues 9 and 19): the upload is queued in the database,
so the web server may die before any worker took it; the worker killed (SIGKILL) in the middle of writing
leaves nothing of it in the database, and the worker started again imports the file whole, once."""

import json
import re
import time
from pathlib import Path

import requests

from cchc.accounts.management.commands.demo import DEMO_PASSWORD
from tests.ops.processes import kill, numbered_export, prepared, server, worker

ROWS = 30_000  # fifteen batches of the importer: the kill falls after the first, seconds before the commit


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=10)
    answer = session.post(
        f"{base}/accounts/login/",
        {
            "username": username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=10,
    )
    assert "/accounts/login/" not in answer.url, "could not log in"
    return session


def upload(session: requests.Session, base: str, export: Path) -> int:
    """Post the export to the import page; the number of the history line it opened."""
    with export.open("rb") as handle:
        answer = session.post(
            f"{base}/imports/",
            data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
            files={"file": (export.name, handle, "text/csv")},
            allow_redirects=False,
            timeout=30,
        )
    assert answer.status_code == 302, answer.status_code
    return int(re.search(r"/imports/(\d+)/", answer.headers["Location"]).group(1))


def wait_until(condition, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def runs(query) -> dict[int, tuple[str, int]]:
    return {
        pk: (status, added) for pk, status, added in query("SELECT id, status, added FROM imports_importrun")
    }


def written_but_not_all(progress: Path) -> bool:
    try:
        rows = json.loads(progress.read_text())["rows"]
    except (OSError, ValueError):
        return False
    assert rows < ROWS, "the import ended before the server could be killed"
    return rows >= 2_000


def test_an_upload_outlives_the_server_and_a_killed_worker_and_lands_once(own, tmp_path):
    env, query = own
    prepared(env, ["demo"])  # the demo logins, among them the report compiler "vhtt"
    query("UPDATE notices_schedule SET enabled = FALSE RETURNING id")  # only the import runs in this story
    export = tmp_path / "thang11.csv"
    numbered_export(export, ROWS)
    progress = Path(env["CCHC_VAR_DIR"]) / "media" / "imports"

    with server(env) as (base, process):
        first = upload(signed_in(base, "vhtt"), base, export)
        kill(process)  # the web server dies; no worker has taken the import yet

    with worker(env) as process:
        wait_until(lambda: written_but_not_all(progress / str(first) / "progress.json"), "2,000 rows written")
        kill(process)

    assert query("SELECT COUNT(*) FROM dossiers_dossier") == [(0,)]
    assert query("SELECT COUNT(*) FROM imports_portalrecord") == [(0,)]
    assert runs(query) == {first: ("running", 0)}

    with worker(env):
        wait_until(
            lambda: query("SELECT status FROM django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)],
            "the new worker to finish the task",
        )

    assert runs(query) == {first: ("done", ROWS)}
    assert query("SELECT COUNT(*), COUNT(DISTINCT code) FROM dossiers_dossier") == [(ROWS, ROWS)]
