"""The hostile-input corpus reuses the personas and fixtures of the feature test packages."""

from tests.dossiers.conftest import certification  # noqa: F401
from tests.imports.conftest import compiler  # noqa: F401
from tests.par.conftest import appraiser, campaign, lam_head, small_set  # noqa: F401
