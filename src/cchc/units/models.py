from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.text import vn_sort_key
from cchc.core.validity import covers, overlap


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    OFFICE = "office", _("Phòng chuyên môn")
    COMMUNE = "commune", _("Xã")
    TOWN = "town", _("Thị trấn")
    WARD = "ward", _("Phường")
    DEPARTMENT = "department", _("Cơ quan, phòng thuộc UBND tỉnh, xã")
    CENTRE = "centre", _("Trung tâm Phục vụ hành chính công")


COMMUNE_LEVEL_KINDS = (UnitKind.COMMUNE, UnitKind.TOWN, UnitKind.WARD)
SORT_KEY_LENGTH = 512
UNIT_ORDER = ("kind", "sort_key", "code")
"""How every list of units is ordered: by kind, then by name in Vietnamese order (``vn_sort_key``)."""
# The levels of government, each with its People's Committee: a role's reach starts at the nearest one.
GOVERNMENT_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, *COMMUNE_LEVEL_KINDS)
# Districts were abolished and communes merged on 1 July 2025 (Resolution 202/2025/QH15, Law on the
# Organisation of Local Government 2025): units of before end on 30 June 2025, their successors start then.
TWO_TIERS_FROM = date(2025, 7, 1)
LAST_DAY_OF_THREE_TIERS = TWO_TIERS_FROM - timedelta(days=1)


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> "UnitQuerySet":
        """The SQL twin of ``Unit.is_valid_on``."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def commune_level(self) -> "UnitQuerySet":
        return self.filter(kind__in=COMMUNE_LEVEL_KINDS)

    def in_order(self) -> "UnitQuerySet":
        return self.order_by(*UNIT_ORDER)


class Unit(models.Model):
    """An administrative unit (đơn vị): a province, a district, one of their offices, a commune, town or ward.

    A unit is a code over a period: ``code`` with ``valid_from``..``valid_to`` (both inclusive, empty = open).
    For units that have one, the code is the official code of the national list of administrative divisions
    (``official`` is then true), and official codes are reused: since 1 July 2025 code 13795 names Xã Ý Yên,
    which was Thị trấn Lâm until 30 June 2025 (Decision 19/2025/QĐ-TTg). So no two units with one code overlap
    in validity (the loader refuses it, the database too), and a code is looked up at a date
    (``cchc.units.selectors.unit_at``). Offices, which have no official code, get a local one. Units are
    never deleted: they end (``valid_to``) and may have successors. Records point at the unit itself, so a
    dossier of 2022 keeps the name and the parent of 2022.
    """

    code = models.CharField("mã", max_length=32, db_index=True)
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

    def is_valid_on(self, day: date) -> bool:
        """Whether the unit exists on ``day``: ``valid_from`` <= day <= ``valid_to``, an empty side is open."""
        return covers(self.valid_from, self.valid_to, day)

    def refusal_on(self, day: date) -> str | None:
        """Why the unit cannot receive a dossier dated ``day`` (it had not started, or had ended), or None.

        An ended unit names its successors: since 1/7/2025 its dossiers go to them.
        """
        if self.valid_from is not None and day < self.valid_from:
            return f"{self.name} bắt đầu hoạt động từ {self.valid_from:%d/%m/%Y}."
        if self.valid_to is None or day <= self.valid_to:
            return None
        ended = f"{self.name} đã kết thúc hoạt động từ {self.valid_to + timedelta(days=1):%d/%m/%Y}"
        successors = ", ".join(u.name for u in self.successors.order_by("name"))
        return f"{ended}; đơn vị kế thừa: {successors}." if successors else f"{ended}."

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """Whether the unit's validity shares a day with ``start``..``end`` (inclusive, None = open)."""
        return overlap(self.valid_from, self.valid_to, start, end)

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
