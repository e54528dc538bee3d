from django.db import models
from django.db.models import Q

from cchc.kpis.indicators import INDICATORS
from cchc.units.models import UnitKind

# A target is committed by a unit that reports (or its level), never by a commune's departments or its centre.
TARGET_KINDS = [(k.value, k.label) for k in UnitKind if k not in (UnitKind.DEPARTMENT, UnitKind.CENTRE)]


class TargetSet(models.Model):
    """Targets as signed in a commitment, for one unit or for every unit of a kind, over a date range.

    A unit's own target overrides its kind's for the same indicator.
    """

    name = models.CharField("tên", max_length=300)
    source = models.CharField("văn bản cam kết", max_length=300, blank=True)
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT
    )
    unit_kind = models.CharField("loại đơn vị", max_length=16, choices=TARGET_KINDS, blank=True)
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày")
    active = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "bộ chỉ tiêu cam kết"
        verbose_name_plural = "bộ chỉ tiêu cam kết"
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(unit_kind=""))
                | (Q(unit__isnull=True) & ~Q(unit_kind="")),
                name="target_set_for_unit_or_kind",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="target_set_period"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_unit(self):
        return self.unit


class Target(models.Model):
    target_set = models.ForeignKey(TargetSet, on_delete=models.PROTECT, related_name="targets")
    indicator = models.CharField(
        "chỉ số", max_length=40, choices=[(i.code, i.name) for i in INDICATORS.values()]
    )
    comparison = models.CharField("so sánh", max_length=2, choices=[(">=", "≥"), ("<=", "≤")], default=">=")
    value = models.DecimalField("giá trị", max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        constraints = [
            models.UniqueConstraint(fields=["target_set", "indicator"], name="one_target_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.comparison} {self.value}"
