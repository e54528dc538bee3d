"""Named personas, built once per test from the bundled Ý Yên tree (see ``cchc demo`` for the same logins)."""

import pytest

from cchc.accounts.models import Role, User
from cchc.procedures.models import Procedure
from cchc.units.models import Unit
from cchc.units.services import BUNDLED_PROVINCES, bundled_tree, province_load, unit_file_load

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(autouse=True)
def fast_settings(settings, tmp_path):
    """Fast hashing, no PDF conversion (LibreOffice takes seconds), uploads and reports in a temporary folder,
    background tasks run at once (no worker; ``tests/ops/test_worker.py`` tests the queue)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.REPORT_PDF = False
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def y_yen(db) -> dict[str, Unit]:
    unit_file_load(data=bundled_tree("y-yen-2022"), actor_label="test")
    return {u.code: u for u in Unit.objects.all()}


@pytest.fixture
def ninh_binh(y_yen) -> dict[str, Unit]:
    """Both worlds: Ý Yên of 2022 (ended 30/06/2025) and Ninh Bình since 1/7/2025, by code, the 2025 units."""
    province_load(province_code=BUNDLED_PROVINCES["ninh-binh-2025"], actor_label="test")
    return {u.code: u for u in Unit.objects.filter(valid_from__isnull=False)}


def make_user(username: str, unit: Unit, role: Role) -> User:
    user = User(username=username, unit=unit, role=role, first_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def lam_clerk(y_yen) -> User:
    """Hương, One-Stop clerk of Thị trấn Lâm."""
    return make_user("huong", y_yen["13795"], Role.CLERK)


@pytest.fixture
def yen_trung_clerk(y_yen) -> User:
    """Thu, One-Stop clerk of Xã Yên Trung."""
    return make_user("thu", y_yen["13798"], Role.CLERK)


@pytest.fixture
def leader(y_yen) -> User:
    """Hùng, vice-chairman of the district: sees everything, edits nothing."""
    return make_user("hung", y_yen["360"], Role.DISTRICT_LEADER)


@pytest.fixture
def admin_user(y_yen) -> User:
    user = make_user("quan", y_yen["360"], Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def birth(y_yen) -> Procedure:
    """Đăng ký khai sinh, given 3 working days here for the sake of the tests; level 4, no fee."""
    return Procedure.objects.create(
        code="1.001193",
        name="Thủ tục đăng ký khai sinh",
        field="Hộ tịch",
        level="commune",
        limit_kind="days",
        limit_amount=3,
        online_level=4,
        fee=0,
    )
