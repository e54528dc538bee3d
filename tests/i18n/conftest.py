"""The English screens reuse the personas and fixtures of the feature test packages."""

from tests.dossiers.conftest import lam_officer  # noqa: F401
from tests.imports.conftest import compiler  # noqa: F401
from tests.par.conftest import appraiser, campaign, lam_head, on_time, small_set  # noqa: F401
