"""Hostile parameters and keys for the JSON API: a 4xx answer in JSON with a Vietnamese ``detail``, never a
server error, never another unit's figures."""

import pytest

from tests.conftest import PASSWORD
from tests.hostile import corpus

VALUES = [
    *corpus.SQL,
    *corpus.FORMULAS[:2],
    *corpus.MARKUP[:2],
    corpus.TRAVERSAL[0],
    corpus.NUL,
    "Ă" * 5000,
    "9" * 400,
]


@pytest.mark.parametrize("name", ["period", "unit", "indicator", "as_of", "kind", "field"])
def test_hostile_parameters_answer_4xx_in_vietnamese_json(client, lam_clerk, name):
    assert client.login(username=lam_clerk.username, password=PASSWORD)
    wrong = []
    for value in VALUES:
        response = client.get("/api/v1/kpi", {"period": "2022-11", name: value})
        ok = response.status_code in (200, 400, 404) and response["Content-Type"].startswith(
            "application/json"
        )
        if response.status_code != 200:
            ok = ok and any(ch in response.json().get("detail", "") for ch in "àáảãạăâđêôơư")
        if not ok:
            wrong.append(f"{name}={value[:40]!r}: {response.status_code} {response.content[:120]!r}")
    assert wrong == []


@pytest.mark.parametrize("key", [corpus.SQL[1], "x" * 10_000, corpus.MARKUP[0], "Bearer", "tok\x00en"])
def test_hostile_bearer_keys_answer_401(client, db, key):
    response = client.get("/api/v1/kpi", {"period": "2022-11"}, headers={"authorization": f"Bearer {key}"})

    assert response.status_code == 401
