"""Requests that must change nothing, on every page of the application (walked from the URL configuration):
a POST without the form's CSRF token, and another unit's records asked for by id.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cchc.audit.models import AuditEntry
from cchc.dossiers.models import Dossier, DossierEvent
from cchc.imports.models import ImportRun
from cchc.notices.services import notify
from cchc.par import services as par
from cchc.par.models import Campaign, Evidence, Score
from cchc.public.links import token_for
from tests.conftest import PASSWORD, make_user
from tests.dossiers.test_receive import receive
from tests.hostile.urls import routes
from tests.par.conftest import assessment_of, score_of

SECRET = "Trần Thị Bí Mật"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def state() -> tuple:
    """What any accepted POST would change."""
    return (
        AuditEntry.objects.count(),
        DossierEvent.objects.count(),
        list(Dossier.objects.order_by("pk").values_list("pk", "state", "applicant_name")),
        list(
            Score.objects.order_by("pk").values_list(
                "pk", "self_input", "self_score", "explanation", "appraised_score"
            )
        ),
        Evidence.objects.filter(withdrawn_at__isnull=True).count(),
        ImportRun.objects.count(),
        list(Campaign.objects.values_list("pk", "published_at")),
    )


@pytest.fixture
def lam_records(y_yen, lam_clerk, certification, campaign, lam_head, compiler):
    """One record of every kind that belongs to Thị trấn Lâm (or to the district, for the import)."""
    dossier = receive(lam_clerk, y_yen["13795"], certification, applicant_name=SECRET)
    assessment = assessment_of(campaign, "13795")
    score = score_of(assessment, "1.1")
    par.score_self(user=lam_head, score=score, value=True, explanation="KH số 12")
    evidence = par.evidence_add(
        user=lam_head, score=score, name="ke-hoach.pdf", size=len(PDF), data_file=io.BytesIO(PDF)
    )
    run = ImportRun.objects.create(
        actor=compiler, unit=compiler.unit, actor_label="van", file_name="t11.xlsx"
    )
    notice = notify(
        recipient_user=lam_clerk,
        kind="overdue",
        subject=SECRET,
        body=SECRET,
        link=f"/dossiers/{dossier.code}/",
        fact_key="overdue:test",
    )
    return {
        "notice": notice,
        "campaign": campaign,
        "dossier": dossier,
        "assessment": assessment,
        "evidence": evidence,
        "run": run,
    }


def test_only_the_token_api_is_exempt_from_csrf():
    exempt = {
        route.name for route in routes(skip=("admin/",)) if getattr(route.callback, "csrf_exempt", False)
    }
    assert exempt == {"kpi"}


def test_a_post_without_the_csrf_token_is_refused_everywhere_and_changes_nothing(admin_user, lam_records):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    anonymous = Client(enforce_csrf_checks=True)
    values = {"pk": 1, "code": "x", "action": "hand_over", "form": "01", "kind": "xlsx", "token": "x"}
    before = state()
    wrong = []
    for route in routes():
        path = route.path(values)
        for client in (browser, anonymous):
            response = client.post(
                path, {"applicant_name": "x", "value": "1", "file": SimpleUploadedFile("a.pdf", PDF)}
            )
            page = response.content.decode()
            if response.status_code != 403 or "Yêu cầu không được chấp nhận" not in page:
                wrong.append(f"{route.name} {path}: {response.status_code}")
    assert wrong == []
    assert state() == before


def foreign_values(route: str, records: dict) -> dict | None:
    """The URL values that point at Lâm's record for this route; None for reference pages open to all."""
    dossier, assessment = records["dossier"], records["assessment"]
    if route.startswith("dossier-") or route == "kiosk-rate":
        return {"code": dossier.code, "action": "hand_over", "form": "01"}
    if route.startswith("public-"):  # open without a login, to the holder of the dossier's own token only
        return {"code": dossier.code, "token": token_for("13798-221109-0001")}
    if route in {"par-criterion", "par-evidence-upload", "par-appraise", "par-score-inline"}:
        return {"pk": assessment.pk, "code": "1.1"}
    if route == "par-field":
        return {"pk": assessment.pk, "code": "1"}
    if route.startswith(
        ("par-assessment", "par-export", "par-submit", "par-refresh", "par-return", "par-finalize")
    ):
        return {"pk": assessment.pk}
    if route == "par-publish":
        return {"pk": records["campaign"].pk}
    if route.startswith("par-evidence"):
        return {"pk": records["evidence"].pk}
    if route.startswith("import-"):
        return {"pk": records["run"].pk}
    if route == "notice-open":
        return {"pk": records["notice"].pk}
    return None


REFERENCE = {  # open by design: the unit tree, the PAR framework, and the district's reports for unit heads
    "unit-detail",
    "report-file",
    "report-revisions",
    "par-set",
    "par-campaign",
    "par-ranking-docx",
    "par-ranking-xlsx",
}


def test_every_page_with_an_id_is_either_scoped_here_or_open_by_design(lam_records):
    with_ids = {route.name for route in routes() if route.parameters}
    scoped = {name for name in with_ids if foreign_values(name, lam_records) is not None}
    assert with_ids - scoped == REFERENCE


@pytest.mark.parametrize("role", ["clerk", "head"])
def test_another_communes_records_answer_not_found_and_change_nothing(client, y_yen, lam_records, role):
    intruder = make_user(f"yt-{role}", y_yen["13798"], {"clerk": "clerk", "head": "unit_head"}[role])
    assert client.login(username=intruder.username, password=PASSWORD)
    before = state()
    wrong = []
    for route in routes():
        values = foreign_values(route.name, lam_records)
        if values is None or not route.parameters:
            continue
        path = route.path(values)
        for method in (client.get, client.post):
            response = method(path)
            body = b"" if response.streaming else response.content
            if response.status_code not in (403, 404, 405) or SECRET.encode() in body:
                wrong.append(f"{method.__name__.upper()} {route.name} {path}: {response.status_code}")
    assert wrong == []
    assert state() == before
