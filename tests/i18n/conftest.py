"""The English screens reuse the personas and fixtures of the feature test packages."""

import pytest
from django.conf import settings
from django.utils import translation

from tests.dossiers.conftest import lam_officer  # noqa: F401
from tests.imports.conftest import compiler  # noqa: F401
from tests.par.conftest import appraiser, campaign, lam_head, on_time, small_set  # noqa: F401


@pytest.fixture(autouse=True)
def vietnamese_afterwards():
    """A request in English leaves English active in the test's thread; the next tests expect Vietnamese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
