"""Ops tests reuse the dossier and PAR personas of their own test packages."""

from tests.dossiers.conftest import certification, lam_officer  # noqa: F401
from tests.par.conftest import appraiser, campaign, small_set  # noqa: F401
