import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.accounts.models import Role, User
from cchc.audit.models import AuditEntry
from cchc.dossiers.models import Dossier
from cchc.imports.models import PortalRecord
from cchc.procedures.models import Procedure
from tests.conftest import make_user


@pytest.fixture
def compiler(y_yen) -> User:
    """Vân, report compiler of Phòng Văn hóa và Thông tin: imports for the whole district."""
    return make_user("van", y_yen["360.VHTT"], Role.REPORT_COMPILER)


def database_state() -> tuple:
    """Counts and a checksum of every row an import may write."""
    dossiers = list(Dossier.objects.order_by("code").values_list())
    records = list(PortalRecord.objects.order_by("dossier_id").values_list())
    procedures = list(Procedure.objects.order_by("code").values_list())
    digest = hashlib.sha256(repr((dossiers, records, procedures)).encode()).hexdigest()
    return len(dossiers), len(records), len(procedures), AuditEntry.objects.count(), digest


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def run_import(*args: str) -> Result:
    out, err = StringIO(), StringIO()
    try:
        call_command("import-dossiers", *map(str, args), "--no-progress", stdout=out, stderr=err)
    except CommandError as error:
        return Result(error.returncode, out.getvalue(), err.getvalue() + str(error))
    return Result(0, out.getvalue(), err.getvalue())
