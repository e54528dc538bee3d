"""Ops tests reuse the dossier and PAR personas of their own test packages."""

import pytest

from tests.dossiers.conftest import certification, lam_officer  # noqa: F401
from tests.ops.processes import environment, own_database
from tests.par.conftest import appraiser, campaign, small_set  # noqa: F401


@pytest.fixture
def own(tmp_path):
    """The environment of child processes on a database of their own, and SQL on that database."""
    with own_database(tmp_path) as (url, query):
        yield environment(tmp_path, url), query
