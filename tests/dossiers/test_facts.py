"""Completing the measured facts after receipt: the components digitised later in the day, the fee paid
online, the dossier entered on the provincial portal… as the KPI engine counts them, with the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.audit.models import AuditEntry
from cchc.core.lifecycle import TransitionError
from cchc.dossiers.services import dossier_record_result, dossier_update_facts
from tests.conftest import PASSWORD
from tests.dossiers.test_lifecycle import at
from tests.dossiers.test_receive import receive


@pytest.fixture
def lam_certification(lam_clerk, y_yen, certification):
    """A certification (2,000 đồng, level 2) received at Lâm's counter, nothing digitised or paid yet."""
    return receive(lam_clerk, y_yen["13795"], certification, when="2022-11-09 09:00")


def test_the_clerk_completes_the_facts_and_the_trail_says_what_changed(lam_certification, lam_clerk):
    updated = dossier_update_facts(
        actor=lam_clerk,
        dossier=lam_certification,
        portal_code="000.00.25.H40-221109-0042",
        digitised=True,
        paid_online=True,
        national_account=False,
        portal_synced=True,
    )

    updated.refresh_from_db()
    assert (updated.digitised, updated.paid_online, updated.portal_synced, updated.portal_code) == (
        True,
        True,
        True,
        "000.00.25.H40-221109-0042",
    )
    entry = AuditEntry.objects.filter(model="dossiers.Dossier", action="update").latest("pk")
    assert set(entry.changes) == {"digitised", "paid_online", "portal_synced", "portal_code"}
    assert entry.actor == lam_clerk


@pytest.mark.parametrize(
    ("facts", "field"),
    [({"e_result": True}, "e_result"), ({"result_digitised": True}, "result_digitised")],
)
def test_result_facts_wait_for_a_result(lam_certification, lam_clerk, facts, field):
    with pytest.raises(ValidationError) as refused:
        dossier_update_facts(actor=lam_clerk, dossier=lam_certification, **facts)

    assert refused.value.message_dict == {field: ["Hồ sơ chưa có kết quả."]}
    lam_certification.refresh_from_db()
    assert getattr(lam_certification, field) is False


def test_online_payment_needs_a_fee_and_nothing_is_saved_on_refusal(lam_clerk, y_yen, birth):
    free = receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00")

    with pytest.raises(ValidationError) as refused:
        dossier_update_facts(actor=lam_clerk, dossier=free, digitised=True, paid_online=True)

    assert "không thu phí" in refused.value.message_dict["paid_online"][0]
    free.refresh_from_db()
    assert (free.digitised, free.paid_online) == (False, False)


def test_another_commune_cannot_and_a_refused_dossier_is_not_updated(
    lam_certification, yen_trung_clerk, lam_clerk
):
    with pytest.raises(PermissionDenied):
        dossier_update_facts(actor=yen_trung_clerk, dossier=lam_certification, digitised=True)
    lam_certification.state = "refused"
    lam_certification.save(update_fields=["state"])
    with pytest.raises(TransitionError, match="không cập nhật chỉ tiêu"):
        dossier_update_facts(actor=lam_clerk, dossier=lam_certification, digitised=True)


def test_the_digitised_rate_moves_when_the_clerk_ticks_it(client, lam_certification, lam_clerk, lam_officer):
    dossier_record_result(actor=lam_officer, dossier=lam_certification, at=at("2022-11-09 14:00"))
    client.login(username="huong", password=PASSWORD)
    page = client.get(f"/dossiers/{lam_certification.code}/").text
    assert 'name="e_result"' in page and 'name="paid_online"' in page and 'name="national_account"' in page

    response = client.post(
        f"/dossiers/{lam_certification.code}/facts/",
        {"digitised": "on", "e_result": "on", "portal_code": ""},
        follow=True,
    )

    assert "Đã cập nhật chỉ tiêu của hồ sơ." in response.text
    lam_certification.refresh_from_db()
    assert (lam_certification.digitised, lam_certification.e_result, lam_certification.paid_online) == (
        True,
        True,
        False,
    )
    figures = client.get(
        "/api/v1/kpi",
        {"period": "2022-11", "indicator": "digitised_rate", "unit": "13795"},  # as of now: recorded today
    ).json()
    assert [(r["numerator"], r["denominator"]) for r in figures if r["unit_code"] == "13795"] == [(1, 1)]


def test_a_leader_sees_no_facts_form(client, lam_certification, leader):
    client.login(username=leader.username, password=PASSWORD)

    assert 'data-testid="facts-form"' not in client.get(f"/dossiers/{lam_certification.code}/").text
    client.post(f"/dossiers/{lam_certification.code}/facts/", {"digitised": "on"})

    lam_certification.refresh_from_db()
    assert lam_certification.digitised is False
