"""The smaller holes of issue 14: who marks a slip printed, reports dated in the future, long evidence names,
the committed secret key, and the production server in debug mode."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.accounts.models import Role
from cchc.core.calendar import CalendarError
from cchc.dossiers.models import Dossier
from cchc.par.models import Evidence
from cchc.reports.models import Report
from cchc.reports.services import monthly_report_make, weekly_report_make
from tests.conftest import PASSWORD, make_user
from tests.dossiers.test_receive import receive
from tests.par.conftest import assessment_of

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def lam_dossier(lam_clerk, y_yen, birth):
    return receive(lam_clerk, y_yen["13795"], birth)


@pytest.mark.parametrize("persona", ["admin_user", "leader", "yen_trung_head", "district_clerk"])
def test_it_marks_a_slip_printed_only_for_the_dossiers_own_unit(client, lam_dossier, y_yen, persona, request):
    others = {
        "yen_trung_head": lambda: make_user("son", y_yen["13798"], Role.UNIT_HEAD),
        "district_clerk": lambda: make_user("lan", y_yen["360"], Role.CLERK),
    }
    user = others[persona]() if persona in others else request.getfixturevalue(persona)
    assert client.login(username=user.username, password=PASSWORD)

    client.get(f"/dossiers/{lam_dossier.code}/forms/mau01/")
    client.get(f"/dossiers/{lam_dossier.code}/forms/mau05.docx")

    assert Dossier.objects.values_list("receipt_printed_at", "control_printed_at").get() == (None, None)


def test_it_marks_the_control_slip_printed_for_the_units_handling_officer(client, lam_dossier, y_yen):
    officer = make_user("tung", y_yen["13795"], Role.OFFICER)
    assert client.login(username=officer.username, password=PASSWORD)

    client.get(f"/dossiers/{lam_dossier.code}/forms/mau05/")

    assert Dossier.objects.get().control_printed_at is not None


@time_machine.travel("2022-11-11 09:00 +0700", tick=False)
@pytest.mark.parametrize("maker", [weekly_report_make, monthly_report_make])
def test_it_neither_issues_nor_archives_a_report_dated_after_today(y_yen, maker):
    with pytest.raises(CalendarError, match="Ngày báo cáo 18/11/2022 chưa đến"):
        maker(actor=None, report_date=date(2022, 11, 18))

    assert Report.objects.count() == 0


@time_machine.travel("2022-11-11 09:00 +0700", tick=False)
def test_it_refuses_a_future_report_date_on_the_screen_and_the_command(client, admin_user):
    assert client.login(username=admin_user.username, password=PASSWORD)

    response = client.post("/dashboard/reports/make/", {"date": "2022-11-18", "kind": "weekly"}, follow=True)
    with pytest.raises(CommandError, match="chưa đến") as command:
        call_command("weekly-report", "--date", "2022-11-18")

    assert "Ngày báo cáo 18/11/2022 chưa đến" in response.content.decode()
    assert command.value.returncode == 2
    assert Report.objects.count() == 0


def test_it_keeps_an_evidence_file_with_a_very_long_name_under_a_shortened_name(client, campaign, lam_clerk):
    lam = assessment_of(campaign, "13795")
    assert client.login(username=lam_clerk.username, password=PASSWORD)
    name = "bao-cao-" + "rat-dai-" * 40 + ".pdf"

    response = client.post(
        f"/par/assessments/{lam.pk}/criteria/1.1/evidence/", {"file": SimpleUploadedFile(name, PDF)}
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert len(evidence.original_name) == 200
    assert evidence.original_name.startswith("bao-cao-rat-dai-") and evidence.original_name.endswith("….pdf")
    assert evidence.kind == "pdf"


GIT = shutil.which("git")


@pytest.mark.skipif(GIT is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_it_keeps_no_secret_key_or_var_folder_in_the_repository():
    def git(*args: str) -> str:
        return subprocess.run([GIT, *args], cwd=ROOT, capture_output=True, text=True).stdout  # noqa: S603

    assert git("ls-files", "--", "*var/*") == ""
    assert git("check-ignore", "--no-index", "src/cchc/var/secret_key", "var/secret_key").split() == [
        "src/cchc/var/secret_key",
        "var/secret_key",
    ]


def test_it_refuses_to_serve_in_debug_mode_unless_told_it_is_insecure(settings, monkeypatch):
    settings.DEBUG = True
    started = []
    monkeypatch.setattr(
        "cchc.ops.management.commands.serve.os.execv", lambda path, argv: started.append(argv)
    )

    with pytest.raises(
        CommandError, match="CCHC_DEBUG=1: máy chủ thật không chạy ở chế độ gỡ lỗi"
    ) as refused:
        call_command("serve", "--no-collectstatic")
    call_command("serve", "--no-collectstatic", "--insecure-debug")

    assert refused.value.returncode == 2
    assert len(started) == 1
