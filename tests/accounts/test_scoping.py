import pytest
from django.core.exceptions import PermissionDenied

from cchc.accounts.scoping import ensure_can_change, visible_units
from tests.conftest import PASSWORD


def test_a_clerk_sees_his_own_unit_page(client, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    response = client.get("/units/13795/")
    assert response.status_code == 200
    assert "Thị trấn Lâm" in response.text


def test_a_clerk_gets_404_for_another_communes_page(client, lam_clerk, yen_trung_clerk):
    client.login(username="huong", password=PASSWORD)
    response = client.get("/units/13798/")
    assert response.status_code == 404
    assert "Xã Yên Trung" not in response.text
    assert "Thu" not in response.text


def test_a_clerk_gets_404_for_the_district_and_an_office(client, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    assert client.get("/units/360/").status_code == 404
    assert client.get("/units/360.TP/").status_code == 404


def test_the_unit_list_of_a_clerk_holds_only_his_unit(client, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    response = client.get("/units/?on=2022-11-30")
    assert [u.code for u in response.context["units"]] == ["13795"]


def test_the_home_page_of_a_clerk_is_his_units_register(client, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    assert client.get("/").url == "/dossiers/"


def test_the_district_leader_sees_every_unit(client, leader):
    client.login(username="hung", password=PASSWORD)
    assert client.get("/units/13798/").status_code == 200
    assert len(client.get("/units/?on=2022-11-30").context["units"]) == 44


def test_the_district_leader_may_change_nothing(leader, y_yen):
    with pytest.raises(PermissionDenied):
        ensure_can_change(leader, y_yen["13795"])


def test_a_clerk_may_change_only_his_own_unit(lam_clerk, y_yen):
    ensure_can_change(lam_clerk, y_yen["13795"])
    with pytest.raises(PermissionDenied):
        ensure_can_change(lam_clerk, y_yen["13798"])


def test_a_deactivated_user_sees_nothing(lam_clerk):
    lam_clerk.is_active = False
    lam_clerk.save(update_fields=["is_active"])
    assert not visible_units(lam_clerk).exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, y_yen):
    response = client.get("/units/13795/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_unit_page_lists_staff_in_vietnamese_name_order(client, lam_clerk):
    lam_clerk.last_name, lam_clerk.first_name = "Mai Thị", "Hương"
    lam_clerk.save(update_fields=["last_name", "first_name"])
    client.login(username="huong", password=PASSWORD)
    assert "Mai Thị Hương" in client.get("/units/13795/").text
