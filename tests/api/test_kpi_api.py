from io import StringIO

from django.core.management import call_command

from tests.conftest import PASSWORD
from tests.kpis.test_engine import dossier


def test_a_logged_in_clerk_gets_his_units_figures_only(client, lam_clerk, y_yen):
    dossier(y_yen["13795"], channel="online")
    dossier(y_yen["13798"], channel="online")
    client.login(username="huong", password=PASSWORD)
    response = client.get(
        "/api/v1/kpi", {"period": "2022-11", "as_of": "2022-11-30T23:59", "indicator": "online_rate"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [(r["unit_code"], r["numerator"], r["denominator"], r["value"]) for r in body] == [
        ("13795", 1, 1, 100.0),
        ("360", 1, 1, 100.0),
    ]


def test_another_units_code_answers_404(client, lam_clerk, y_yen):
    client.login(username="huong", password=PASSWORD)
    assert client.get("/api/v1/kpi", {"period": "2022-11", "unit": "13798"}).status_code == 404


def test_a_bearer_key_works_like_its_user(client, leader, y_yen):
    dossier(y_yen["13798"], fee=2000, paid_online=True)
    out = StringIO()
    call_command("api-token", "hung", "--label", "báo cáo tỉnh", stdout=out)
    key = out.getvalue().strip()
    response = client.get(
        "/api/v1/kpi",
        {
            "period": "2022-11",
            "unit": "13798",
            "indicator": "online_payment_rate",
            "as_of": "2022-12-01T00:00",
        },
        headers={"authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200
    assert response.json()[0]["value"] == 100.0


def test_no_session_and_no_key_answers_401(client, db):
    assert client.get("/api/v1/kpi", {"period": "2022-11"}).status_code == 401
    assert (
        client.get("/api/v1/kpi", {"period": "2022-11"}, headers={"authorization": "Bearer sai"}).status_code
        == 401
    )


def test_bad_parameters_answer_400_in_vietnamese(client, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    response = client.get("/api/v1/kpi", {"period": "tháng 11"})
    assert response.status_code == 400
    assert "Không hiểu kỳ" in response.json()["detail"]
    assert client.get("/api/v1/kpi", {"period": "2022-11", "indicator": "x"}).status_code == 400
    assert client.get("/api/v1/kpi", {"period": "2022-11", "as_of": "hôm qua"}).status_code == 400


def test_the_openapi_schema_is_served_and_the_docs_load_nothing_from_the_internet(client, lam_clerk):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/kpi" in schema.json()["paths"]
    client.login(username="huong", password=PASSWORD)
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in docs and "unpkg" not in docs


def test_a_missing_period_is_named_in_vietnamese(client, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    response = client.get("/api/v1/kpi")
    assert response.status_code == 400
    assert response.json() == {"detail": "Thiếu hoặc sai tham số: period."}
