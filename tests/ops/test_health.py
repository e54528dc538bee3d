"""``/healthz``: for nginx and the monitoring, without a login and without any data."""

from django.db import DatabaseError

from cchc.ops import views


def test_it_answers_ok_without_a_login(client, db):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_a_database_that_does_not_answer_is_a_503(client, db, monkeypatch):
    class Lost:
        def cursor(self):
            raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "connection", Lost())

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (503, {"status": "fail", "problems": ["database"]})


def test_a_nearly_full_disk_is_a_503(client, db, monkeypatch):
    monkeypatch.setattr(views, "MIN_FREE_BYTES", 10**18)

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (503, {"status": "fail", "problems": ["disk"]})
