from datetime import time

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.core.calendar import TimeLimit
from cchc.core.text import fold
from cchc.units.models import Unit, UnitKind


class ProcedureLevel(models.TextChoices):
    COMMUNE = "commune", "Cấp xã"
    DISTRICT = "district", "Cấp huyện"


class OnlineLevel(models.IntegerChoices):
    """Decree 43/2011 levels; Decree 42/2022 vocabulary in ``ONLINE_SERVICE``."""

    LEVEL_2 = 2, "Mức độ 2"
    LEVEL_3 = 3, "Mức độ 3"
    LEVEL_4 = 4, "Mức độ 4"


# Decree 42/2022/NĐ-CP: level 2 is not an online service; level 3 is partial, level 4 full online.
ONLINE_SERVICE = {2: "Không trực tuyến", 3: "Một phần", 4: "Toàn trình"}


class LimitKind(models.TextChoices):
    DAYS = "days", _("Ngày làm việc")
    HOURS = "hours", _("Giờ làm việc")
    SAME_DAY = "same_day", _("Trong ngày")


class ProcedureQuerySet(models.QuerySet):
    def handled_by(self, unit: Unit) -> "ProcedureQuerySet":
        """The procedures ``unit`` receives: commune-level ones at communes, an office's own at an office."""
        active = self.filter(active=True)
        if unit.is_commune_level:
            return active.filter(level=ProcedureLevel.COMMUNE)
        if unit.kind == UnitKind.OFFICE:
            return active.filter(level=ProcedureLevel.DISTRICT, offices=unit)
        if unit.kind == UnitKind.DISTRICT:
            return active.filter(level=ProcedureLevel.DISTRICT)
        return active.none()

    def search(self, text: str) -> "ProcedureQuerySet":
        """Match code or name, with or without diacritics, every word anywhere."""
        query = self
        for word in fold(text).split():
            query = query.filter(search_text__contains=word)
        return query


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) of the national TTHC database."""

    code = models.CharField("mã thủ tục", max_length=32, unique=True)
    name = models.CharField("tên thủ tục", max_length=500)
    field = models.CharField("lĩnh vực", max_length=200)
    level = models.CharField("cấp thực hiện", max_length=16, choices=ProcedureLevel.choices)
    offices = models.ManyToManyField(
        Unit,
        verbose_name="phòng chuyên môn giải quyết",
        blank=True,
        related_name="procedures",
        limit_choices_to={"kind": UnitKind.OFFICE},
    )
    limit_kind = models.CharField("loại thời hạn", max_length=16, choices=LimitKind.choices)
    limit_amount = models.PositiveSmallIntegerField("thời hạn", default=0)
    cutoff = models.TimeField("giờ chốt (trong ngày)", null=True, blank=True)
    online_level = models.PositiveSmallIntegerField("mức độ DVC", choices=OnlineLevel.choices)
    fee = models.PositiveIntegerField("phí, lệ phí (đồng)", default=0)
    interagency = models.BooleanField("liên thông", default=False)
    agencies = models.CharField("chuỗi cơ quan liên thông", max_length=500, blank=True)
    verified = models.BooleanField("đã đối chiếu nguồn", default=False)
    source = models.CharField("nguồn", max_length=500, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    centralised_system = models.CharField(
        "mã hệ thống giải quyết TTHC tập trung",
        max_length=2,
        blank=True,
        help_text="Hai ký tự (AA) của dịch vụ công tập trung toàn quốc, dùng trong mã hồ sơ từ 25/01/2026 "
        "(Thông tư 04/2025/TT-VPCP); để trống với thủ tục khác.",
    )
    from_import = models.BooleanField("tạo khi nhập dữ liệu", default=False)
    active = models.BooleanField("đang áp dụng", default=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["field", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(limit_kind="same_day") | Q(cutoff__isnull=False), name="same_day_has_cutoff"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.name} {self.field}")[:600]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def time_limit(self) -> TimeLimit:
        if self.limit_kind == LimitKind.SAME_DAY:
            return TimeLimit.same_day(self.cutoff or time(15, 0))
        if self.limit_kind == LimitKind.HOURS:
            return TimeLimit.hours(self.limit_amount)
        return TimeLimit.days(self.limit_amount)

    @property
    def time_limit_label(self) -> str:
        if self.limit_kind == LimitKind.SAME_DAY:
            return gettext("Trong ngày (nhận sau %(cutoff)s trả ngày làm việc tiếp theo)") % {
                "cutoff": f"{self.cutoff:%H:%M}"
            }
        return f"{self.limit_amount} {self.get_limit_kind_display().lower()}"

    @property
    def online_service(self) -> str:
        return ONLINE_SERVICE[self.online_level]


class ProcedureComponent(models.Model):
    """A paper the citizen brings (thành phần hồ sơ), with the number of originals and copies."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="components")
    position = models.PositiveSmallIntegerField("STT")
    name = models.CharField("tên giấy tờ", max_length=500)
    originals = models.PositiveSmallIntegerField("số bản chính", default=1)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["procedure", "position"]
        constraints = [models.UniqueConstraint(fields=["procedure", "position"], name="component_position")]

    def __str__(self) -> str:
        return self.name
