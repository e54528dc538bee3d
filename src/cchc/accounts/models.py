from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    # The three roles of a level of government: the province (since 1/7/2025: in its People's Committee office
    # or its Department of Home Affairs), the district (until 30/6/2025: in its offices) or a commune (its
    # chairman, its Văn phòng HĐND-UBND). Their reach is that level's tree (``cchc.accounts.scoping``).
    DISTRICT_LEADER = "district_leader", _("Lãnh đạo UBND (tỉnh, huyện, xã)")
    PAR_APPRAISER = "par_appraiser", _("Thẩm định chỉ số CCHC (Sở Nội vụ, Phòng Nội vụ, Văn phòng xã)")
    REPORT_COMPILER = "report_compiler", _("Tổng hợp báo cáo (Văn phòng UBND tỉnh, xã; Phòng Văn hóa huyện)")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    CLERK = "clerk", _("Công chức Bộ phận Một cửa")
    OFFICER = "officer", _("Chuyên viên xử lý")


# Roles that work for a whole level of government (a province, a district, a commune) and see its tree.
DISTRICT_WIDE_ROLES = frozenset({Role.ADMIN, Role.DISTRICT_LEADER, Role.PAR_APPRAISER, Role.REPORT_COMPILER})
# Roles that may look but never change a record.
READ_ONLY_ROLES = frozenset({Role.DISTRICT_LEADER})


class User(AbstractUser):
    """A civil servant. Belongs to exactly one unit and holds one role; deactivated, never deleted."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="users", null=True
    )
    role = models.CharField("vai trò", max_length=32, choices=Role.choices, default=Role.CLERK)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names first (``last_name``), given name last."""
        return f"{self.last_name} {self.first_name}".strip()

    def audit_unit(self):
        return self.unit

    @property
    def is_district_wide(self) -> bool:
        return self.is_superuser or self.role in DISTRICT_WIDE_ROLES


class LoginFailure(models.Model):
    """One failed login: the throttle's memory (``cchc.accounts.throttling``) and a log for the administrator."""

    at = models.DateTimeField("thời điểm")
    username = models.CharField("tên đăng nhập đã nhập (chữ thường)", max_length=150)
    address = models.GenericIPAddressField("địa chỉ máy", null=True, blank=True)

    class Meta:
        verbose_name = "lần đăng nhập sai"
        verbose_name_plural = "lần đăng nhập sai"
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.address or ''}".strip()
