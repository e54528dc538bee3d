"""The demo shows something from the first login: a weekly report issued, communes in every PAR state."""

from collections import Counter
from datetime import date

from django.core.management import call_command

from cchc.par.models import Assessment, Status
from cchc.reports.models import Report


def test_the_demo_issues_a_weekly_report_and_brings_communes_through_every_par_state(db):
    call_command("demo", "--dossiers", "300", "--start", "2022-11-01", "--end", "2022-11-30")

    assert list(Report.objects.values_list("kind", "report_date")) == [("weekly", date(2022, 11, 25))]
    states = Counter(
        Assessment.objects.filter(unit__kind__in=["commune", "town"]).values_list("status", flat=True)
    )
    assert states[Status.APPRAISED] == 4
    assert states[Status.SUBMITTED] == 2
    assert states[Status.RETURNED] == 1
    assert states[Status.IN_PROGRESS] == 1
    assert Assessment.objects.get(unit__code="13795").submit_reason  # sent without evidence, with a reason


def test_running_the_demo_again_changes_no_report_and_no_assessment(db):
    call_command("demo", "--dossiers", "50", "--start", "2022-11-01", "--end", "2022-11-30")
    before = (
        Report.objects.count(),
        list(Assessment.objects.order_by("pk").values_list("status", flat=True)),
    )

    call_command("demo", "--dossiers", "50")

    assert (
        Report.objects.count(),
        list(Assessment.objects.order_by("pk").values_list("status", flat=True)),
    ) == before
