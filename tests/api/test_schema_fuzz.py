"""Schemathesis generates requests from the OpenAPI schema and checks every answer against it.

A period the schema allows may still not exist ("2022-13"), and the API rightly answers 400 with a
Vietnamese reason: the "schema-valid request accepted" check is left out; every other check runs.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cchc.api.models import ApiToken
from cchc.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def key(leader):
    """A key, and the test's database connection kept open across the WSGI calls (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield ApiToken.issue(user=leader, label="schemathesis")[1]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_every_answer_matches_the_schema(case, key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"}, excluded_checks=[positive_data_acceptance]
    )
