from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.text import vn_sort_key


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    OFFICE = "office", _("Phòng chuyên môn")
    COMMUNE = "commune", _("Xã")
    TOWN = "town", _("Thị trấn")
    WARD = "ward", _("Phường")


COMMUNE_LEVEL_KINDS = (UnitKind.COMMUNE, UnitKind.TOWN, UnitKind.WARD)
SORT_KEY_LENGTH = 512
UNIT_ORDER = ("kind", "sort_key", "code")
"""How every list of units is ordered: by kind, then by name in Vietnamese order (``vn_sort_key``)."""


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> "UnitQuerySet":
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def commune_level(self) -> "UnitQuerySet":
        return self.filter(kind__in=COMMUNE_LEVEL_KINDS)

    def in_order(self) -> "UnitQuerySet":
        return self.order_by(*UNIT_ORDER)


class Unit(models.Model):
    """An administrative unit (đơn vị): a district, one of its offices, a commune or town.

    ``code`` is the key used everywhere (``--unit CODE``); for units that have one it is the official code of
    the national list of administrative divisions (``official`` is then true); district offices, which have no
    such code, get a local one. Units are never deleted: they end (``valid_to``) and may have successors.
    """

    code = models.CharField("mã", max_length=32, unique=True)
    official = models.BooleanField("mã chính thức", default=False)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    agency_id = models.CharField(
        "mã định danh điện tử",
        max_length=32,
        blank=True,
        help_text="Mã định danh của cơ quan trên Cổng DVC, dùng để sinh mã hồ sơ (ví dụ 000.00.25.H40).",
    )
    phone = models.CharField(
        "điện thoại",
        max_length=20,
        blank=True,
        help_text="Số điện thoại của Bộ phận Một cửa, in trên trang tra cứu hồ sơ của người dân.",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name="đơn vị kế thừa", symmetrical=False, blank=True, related_name="predecessors"
    )
    sort_key = models.CharField(
        "khóa sắp xếp theo tên", max_length=SORT_KEY_LENGTH, editable=False, default=""
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_period",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.sort_key = vn_sort_key(self.name)[:SORT_KEY_LENGTH]
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields:
            kwargs["update_fields"] = {*fields, "sort_key"}
        super().save(*args, **kwargs)

    @property
    def order_key(self) -> tuple[str, str, str]:
        """``UNIT_ORDER`` for lists sorted in Python."""
        return self.kind, self.sort_key, self.code

    def audit_unit(self) -> "Unit":
        return self

    @property
    def is_commune_level(self) -> bool:
        return self.kind in COMMUNE_LEVEL_KINDS

    def top(self) -> "Unit":
        """The root of the unit's tree: its province (or, in a tree loaded without one, its district)."""
        unit, seen = self, {self.pk}
        while unit.parent_id is not None and unit.parent_id not in seen:
            seen.add(unit.parent_id)
            unit = unit.parent
        return unit
