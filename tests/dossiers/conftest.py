from datetime import time

import pytest

from cchc.accounts.models import Role
from cchc.procedures.models import Procedure, ProcedureComponent
from tests.conftest import make_user


@pytest.fixture
def certification(y_yen) -> Procedure:
    """Chứng thực bản sao từ bản chính: same day, received after 15:00 → next working day; 2,000 đồng."""
    procedure = Procedure.objects.create(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        field="Chứng thực",
        level="commune",
        limit_kind="same_day",
        cutoff=time(15, 0),
        online_level=2,
        fee=2000,
    )
    ProcedureComponent.objects.create(procedure=procedure, position=1, name="Bản chính giấy tờ", originals=1)
    return procedure


@pytest.fixture
def building_permit(y_yen) -> Procedure:
    procedure = Procedure.objects.create(
        code="1.009994",
        name="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        field="Xây dựng",
        level="district",
        limit_kind="days",
        limit_amount=15,
        online_level=3,
        fee=75000,
    )
    procedure.offices.add(y_yen["360.KTHT"])
    return procedure


@pytest.fixture
def lam_officer(y_yen):
    """Tùng, handling officer of Thị trấn Lâm."""
    return make_user("tung", y_yen["13795"], Role.OFFICER)
