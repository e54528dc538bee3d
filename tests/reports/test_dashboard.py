from django.core.management import call_command

from cchc.accounts.models import Role
from tests.conftest import PASSWORD, make_user
from tests.kpis.test_engine import dossier

QUERY = {"period": "2022-11", "as_of": "2022-11-30T23:59"}


def test_the_leader_sees_every_unit_coloured_against_its_target(client, leader, y_yen):
    call_command("load-targets", "notice-2022")
    for paid in (True, False, False, False):
        dossier(y_yen["13798"], fee=2000, paid_online=paid)  # 25% < 50%: more than 10 points behind
    for paid in (True, True, False, False, False):
        dossier(y_yen["13795"], fee=2000, paid_online=paid)  # 40%: within 10 points
    client.login(username="hung", password=PASSWORD)
    page = client.get("/dashboard/", QUERY).text
    assert 'data-unit="13798"' in page and 'data-unit="13801"' in page
    assert 'class="num cell behind" data-indicator="online_payment_rate"' in page
    assert 'class="num cell near" data-indicator="online_payment_rate"' in page


def test_a_cell_drills_down_to_the_dossiers_without_online_payment(client, leader, y_yen):
    paid = dossier(y_yen["13798"], fee=2000, paid_online=True)
    unpaid = dossier(y_yen["13798"], fee=2000)
    client.login(username="hung", password=PASSWORD)
    page = client.get(
        "/dashboard/drill/", {**QUERY, "unit": "13798", "indicator": "online_payment_rate", "part": "missing"}
    ).text
    assert unpaid.code in page and paid.code not in page


def test_a_commune_head_sees_only_his_own_row(client, y_yen):
    make_user("khoa", y_yen["13798"], Role.UNIT_HEAD)
    dossier(y_yen["13795"])
    client.login(username="khoa", password=PASSWORD)
    page = client.get("/dashboard/", QUERY).text
    assert 'data-unit="13798"' in page
    assert 'data-unit="13795"' not in page
    drill = client.get("/dashboard/drill/", {**QUERY, "unit": "13795", "indicator": "online_rate"})
    assert drill.status_code == 404


def test_the_report_files_are_only_for_district_roles_and_unit_heads(client, lam_clerk, y_yen):
    client.login(username="huong", password=PASSWORD)
    assert client.get("/dashboard/reports/").status_code == 404
    assert client.post("/dashboard/reports/make/", {"date": "2022-11-11"}).status_code == 404


def test_the_trend_charts_load_as_a_fragment(client, leader, y_yen):
    dossier(y_yen["13798"], "2022-11-21 09:00", channel="online")
    client.login(username="hung", password=PASSWORD)
    page = client.get("/dashboard/trends/", QUERY, headers={"hx-request": "true"}).text
    assert page.count("<svg") == 4
    assert "Trực tuyến mức 3, 4" in page
    assert "<script" not in page
