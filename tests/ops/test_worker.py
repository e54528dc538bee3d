"""The worker runs what the web queued (imports) and the schedules; a task left running by a killed worker of
this machine is queued again, one of a live worker or of another machine is not."""

import os
import socket
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cchc.dossiers.models import Dossier
from cchc.imports.models import ImportRun
from cchc.ops.worker import requeue_interrupted
from cchc.reports.models import Report
from tests.conftest import PASSWORD
from tests.imports.conftest import compiler  # noqa: F401
from tests.imports.files import row, xlsx_file
from tests.notices.conftest import at, default_rules_and_schedules  # noqa: F401


@pytest.fixture
def queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker_once() -> str:
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_an_upload_waits_in_the_queue_until_the_worker_imports_it(queued, client, compiler, birth, tmp_path):  # noqa: F811
    client.login(username=compiler.username, password=PASSWORD)
    with xlsx_file(tmp_path / "thang11.xlsx", [row("YT-0001"), row("YT-0002")]).open("rb") as handle:
        client.post("/imports/", {"file": handle})
    assert Dossier.objects.count() == 0
    assert list(DBTaskResult.objects.values_list("task_path", "status")) == [
        ("cchc.imports.tasks.import_uploaded", "READY")
    ]

    said = worker_once()

    assert "Đã chạy 1 việc nền." in said
    assert sorted(Dossier.objects.values_list("code", flat=True)) == ["YT-0001", "YT-0002"]
    assert ImportRun.objects.get().status == "done"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert worker_once().splitlines()[1:] == []  # nothing left to do


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_friday_report_missed_while_it_was_down(y_yen):
    with time_machine.travel(at("2022-11-26 09:00"), tick=False):
        worker_once()
        worker_once()

    assert Report.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_only_tasks_of_a_dead_worker_of_this_machine_are_queued_again(queued):
    host = socket.gethostname()
    dead, live, elsewhere = (
        DBTaskResult.objects.create(
            task_path="cchc.imports.tasks.import_uploaded",
            args_kwargs={"args": [0, 0], "kwargs": {}},
            status=TaskResultStatus.RUNNING,
            worker_ids=[worker],
            backend_name="default",
            queue_name="default",
        )
        for worker in (f"{host}:999999999", f"{host}:{os.getpid()}", "may-khac:1")
    )

    assert requeue_interrupted() == 1

    assert {r.pk: r.status for r in DBTaskResult.objects.all()} == {
        dead.pk: "READY",
        live.pk: "RUNNING",
        elsewhere.pk: "RUNNING",
    }
