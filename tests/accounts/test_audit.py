import pytest

from cchc.audit.models import AuditEntry
from cchc.audit.trail import acting_as
from tests.conftest import PASSWORD


def test_it_records_who_changed_what_on_a_unit(admin_user, y_yen):
    lam = y_yen["13795"]
    with acting_as(admin_user):
        lam.agency_id = "000.25.36.H40"
        lam.save(update_fields=["agency_id"])

    entry = AuditEntry.objects.filter(model="units.Unit", object_pk=str(lam.pk)).first()
    assert entry.action == "update"
    assert entry.actor == admin_user
    assert entry.unit == lam
    assert entry.changes == {"agency_id": ["", "000.25.36.H40"]}


def test_it_records_a_change_made_through_the_admin(client, admin_user, y_yen):
    client.login(username="quan", password=PASSWORD)
    lam = y_yen["13795"]
    response = client.post(
        f"/admin/units/unit/{lam.pk}/change/",
        {
            "code": "13795",
            "official": "on",
            "name": "Thị trấn Lâm",
            "kind": "town",
            "parent": y_yen["360"].pk,
            "agency_id": "000.25.36.H40",
            "valid_from": "",
            "valid_to": "2025-06-30",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(model="units.Unit", object_pk=str(lam.pk)).first()
    assert entry.actor == admin_user
    assert entry.changes == {"agency_id": ["", "000.25.36.H40"]}


def test_it_hides_passwords_in_the_trail(lam_clerk):
    lam_clerk.set_password("mot-mat-khau-moi")
    lam_clerk.save(update_fields=["password"])
    entry = AuditEntry.objects.filter(model="accounts.User").first()
    assert entry.changes == {"password": ["••••", "••••"]}


def test_no_one_can_edit_or_delete_an_entry(lam_clerk):
    entry = AuditEntry.objects.filter(model="accounts.User").first()
    entry.actor_label = "ai đó"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_the_admin_offers_no_way_to_change_an_entry(client, admin_user):
    client.login(username="quan", password=PASSWORD)
    entry = AuditEntry.objects.first()
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    response = client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"actor_label": "x"})
    assert response.status_code == 403


def test_a_partial_load_of_an_audited_model_works(y_yen):
    from cchc.units.models import Unit

    assert Unit.objects.only("code").get(code="13795").code == "13795"


def test_nothing_is_recorded_while_the_trail_is_suspended(y_yen):
    from cchc.audit.trail import suspended

    before = AuditEntry.objects.count()
    with suspended():
        lam = y_yen["13795"]
        lam.agency_id = "x"
        lam.save(update_fields=["agency_id"])
        lam.successors.add(y_yen["13798"])
    assert AuditEntry.objects.count() == before
