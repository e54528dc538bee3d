from datetime import time

from django.db import models
from django.db.models import F, Q


class CalendarOverride(models.Model):
    """A day that a notice declared off or worked, for every unit (``unit`` empty) or for one unit.

    Overrides win over the national calendar of the ``holidays`` package. To withdraw one, mark it inactive:
    nothing is deleted.
    """

    day = models.DateField("ngày")
    is_working_day = models.BooleanField(
        "là ngày làm việc", help_text="Bỏ chọn: ngày nghỉ; chọn: ngày làm việc."
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Để trống: áp dụng cho mọi đơn vị.",
    )
    notice = models.CharField("văn bản quy định", max_length=300)
    active = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "ngày nghỉ / làm việc bổ sung"
        verbose_name_plural = "ngày nghỉ / làm việc bổ sung"
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit"], condition=Q(active=True), name="one_active_override_per_unit_day"
            ),
            models.UniqueConstraint(
                fields=["day"],
                condition=Q(active=True, unit__isnull=True),
                name="one_active_override_per_day",
            ),
        ]

    def __str__(self) -> str:
        kind = "làm việc" if self.is_working_day else "nghỉ"
        return f"{self.day:%d/%m/%Y}: {kind} ({self.unit or 'toàn huyện'})"

    def audit_unit(self):
        return self.unit


class OfficeHoursSetting(models.Model):
    """A unit's office hours, when they differ from the default 07:30–11:30 and 13:30–17:00."""

    unit = models.OneToOneField("units.Unit", verbose_name="đơn vị", on_delete=models.PROTECT)
    morning_start = models.TimeField("sáng từ", default=time(7, 30))
    morning_end = models.TimeField("sáng đến", default=time(11, 30))
    afternoon_start = models.TimeField("chiều từ", default=time(13, 30))
    afternoon_end = models.TimeField("chiều đến", default=time(17, 0))

    class Meta:
        verbose_name = "giờ làm việc của đơn vị"
        verbose_name_plural = "giờ làm việc của đơn vị"
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="office_hours_in_order",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.unit}: {self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )

    def audit_unit(self):
        return self.unit
