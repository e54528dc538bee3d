"""People of Thị trấn Lâm and of the district, each with a mail address, and the birth dossier of the stories.

The dossier: birth registration at Thị trấn Lâm, received Wed 9/11/2022 09:00, three working days, so due
Mon 14/11/2022 09:00; handed to Tùng, the handling officer.
"""

from datetime import datetime

import pytest
from django.db import connection

from cchc.accounts.models import Role
from cchc.core.calendar import VN_TZ
from cchc.dossiers import services as dossier_services
from cchc.notices import defaults
from cchc.notices.models import Rule, Schedule
from tests.conftest import make_user
from tests.dossiers.test_receive import receive


@pytest.fixture(autouse=True)
def default_rules_and_schedules(db):
    """The migration's defaults, made again: a transactional test elsewhere may have flushed them."""
    defaults.load(rule_model=Rule, schedule_model=Schedule, postgres=connection.vendor == "postgresql")


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


def with_email(user):
    user.email = f"{user.username}@yyen.example.vn"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def huong(lam_clerk):
    """Hương, One-Stop clerk of Thị trấn Lâm."""
    return with_email(lam_clerk)


@pytest.fixture
def tung(y_yen):
    """Tùng, handling officer of Thị trấn Lâm."""
    return with_email(make_user("tung", y_yen["13795"], Role.OFFICER))


@pytest.fixture
def dung(y_yen):
    """Dũng, chairman of Thị trấn Lâm."""
    return with_email(make_user("dung", y_yen["13795"], Role.UNIT_HEAD))


@pytest.fixture
def van(y_yen):
    """Vân, report compiler of Phòng Văn hóa và Thông tin."""
    return with_email(make_user("van", y_yen["360.VHTT"], Role.REPORT_COMPILER))


@pytest.fixture
def hung(leader):
    """Hùng, vice-chairman of the district."""
    return with_email(leader)


@pytest.fixture
def birth_dossier(huong, tung, y_yen, birth):
    dossier = receive(huong, y_yen["13795"], birth, when="2022-11-09 09:00")
    return dossier_services.dossier_hand_over(
        actor=huong, dossier=dossier, recipient=tung, at=at("2022-11-09 09:10")
    )
