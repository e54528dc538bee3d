"""Urging (đôn đốc): the rules as data, the notices they give, the log of every delivery; and the schedules.

A notice is given once per recipient and fact (``fact_key``: the dossier and the appointment it was due at, the
unit and the day, the report's date…), so that running the reminders twice tells nobody twice. Every delivery
(in the application, by e-mail, in a daily digest) is a ``Delivery`` row: who was told what, when, by whom —
the proof that a unit was urged. Nothing here is deleted.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Condition(models.TextChoices):
    DUE_SOON = "due_soon", _("Hồ sơ sắp đến hạn trả kết quả")
    OVERDUE = "overdue", _("Hồ sơ đã quá hạn")
    BELOW_TARGET = "below_target", _("Đơn vị chưa đạt chỉ tiêu (ngày 15 và thứ Năm)")
    FRIDAY_SUMMARY = "friday_summary", _("Báo cáo thứ Sáu đã lập")
    BEHIND_TWO_WEEKS = "behind_two_weeks", _("Đơn vị chưa đạt chỉ tiêu hai tuần liền")
    PAR_DUE = "par_due", _("Sắp hết hạn tự đánh giá chỉ số CCHC")
    PAR_RETURNED = "par_returned", _("Bản tự đánh giá chỉ số CCHC bị trả lại")
    MANUAL = "manual", _("Đôn đốc trực tiếp")


# Who a rule may name: people of the unit concerned, the dossier's handling officer, or district roles.
UNIT_RECIPIENTS = ("clerk", "officer", "unit_head")
DISTRICT_RECIPIENTS = ("report_compiler", "district_leader", "par_appraiser", "admin")
RECIPIENTS = ("handler", *UNIT_RECIPIENTS, *DISTRICT_RECIPIENTS)


def validate_recipients(value: str) -> None:
    tokens = [t.strip() for t in value.split(",") if t.strip()]
    unknown = [t for t in tokens if t not in RECIPIENTS]
    if not tokens or unknown:
        raise ValidationError(
            _("Người nhận phải là danh sách, cách nhau bởi dấu phẩy, trong: %(known)s."),
            params={"known": ", ".join(RECIPIENTS)},
        )


class Rule(models.Model):
    """One urging rule: a condition the reminders look for and who is told (``cchc.notices.rules``)."""

    condition = models.CharField("điều kiện", max_length=32, choices=Condition.choices, unique=True)
    recipients = models.CharField(
        "người nhận",
        max_length=200,
        validators=[validate_recipients],
        help_text=_(
            "Cách nhau bởi dấu phẩy: handler (người đang xử lý hồ sơ), clerk, officer, unit_head (của đơn "
            "vị liên quan), report_compiler, district_leader, par_appraiser, admin (toàn huyện)."
        ),
    )
    lead_days = models.PositiveSmallIntegerField(
        "báo trước (ngày)",
        default=1,
        help_text=_("Hồ sơ sắp đến hạn: số ngày làm việc; tự đánh giá CCHC: số ngày trước hạn."),
    )
    enabled = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "quy tắc đôn đốc"
        verbose_name_plural = "quy tắc đôn đốc"
        ordering = ["condition"]

    def __str__(self) -> str:
        return self.get_condition_display()

    def audit_unit(self):
        return None

    @property
    def recipient_list(self) -> list[str]:
        return [t.strip() for t in self.recipients.split(",") if t.strip()]


class Channel(models.TextChoices):
    APP = "app", _("Trong ứng dụng")
    EMAIL = "email", _("Thư điện tử")
    DIGEST = "digest", _("Thư tổng hợp trong ngày")


class Notice(models.Model):
    """What one person (or one e-mail address, for a citizen) is told about one fact."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    email = models.EmailField("địa chỉ thư", blank=True)
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị liên quan", null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField("loại", max_length=32, choices=Condition.choices)
    subject = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung", max_length=5000)
    link = models.CharField("đường dẫn", max_length=500, blank=True)
    fact_key = models.CharField("sự việc", max_length=200)
    created_at = models.DateTimeField("tạo lúc", db_index=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    channel = models.CharField("gửi thư", max_length=16, choices=Channel.choices, default=Channel.APP)
    sent_at = models.DateTimeField("đã gửi thư lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "fact_key"],
                condition=Q(recipient__isnull=False),
                name="notice_once_per_recipient_and_fact",
            ),
            models.UniqueConstraint(
                fields=["email", "fact_key"],
                condition=Q(recipient__isnull=True),
                name="notice_once_per_address_and_fact",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email=""), name="notice_has_a_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["channel", "sent_at"]),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def address(self) -> str:
        return self.recipient.email if self.recipient_id else self.email


class Delivery(models.Model):
    """One notice delivered: in the application, by mail, or in a digest mail. The log of "đã đôn đốc"."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField("kênh", max_length=16, choices=Channel.choices)
    to = models.CharField("gửi đến", max_length=254)
    at = models.DateTimeField("lúc", db_index=True)
    by = models.CharField("người gửi", max_length=150)

    class Meta:
        verbose_name = "nhật ký đôn đốc"
        verbose_name_plural = "nhật ký đôn đốc"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.to}: {self.notice.subject}"


class Preference(models.Model):
    """A user's choice of mail: one mail per notice (default) or one digest a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notice_preference"
    )
    digest = models.BooleanField("nhận thư tổng hợp mỗi ngày một lần", default=False)

    class Meta:
        verbose_name = "cách nhận thông báo"
        verbose_name_plural = "cách nhận thông báo"

    def __str__(self) -> str:
        return f"{self.user}: {'tổng hợp' if self.digest else 'từng thư'}"


class Job(models.TextChoices):
    WEEKLY_REPORT = "weekly_report", _("Lập báo cáo thứ Sáu (weekly-report)")
    MONTHLY_REPORT = "monthly_report", _("Lập báo cáo tháng (weekly-report --monthly)")
    REMIND = "remind", _("Đôn đốc (remind)")
    PARTITIONS = "partitions", _("Tạo trước phân vùng tháng (partition-dossiers --monthly)")
    PRUNE_LOGIN_FAILURES = "prune_login_failures", _("Xoá lần đăng nhập sai cũ (prune-login-failures)")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Hằng ngày")
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ Nhật")


class Schedule(models.Model):
    """A job run by cchc itself at a time of day (local time), daily, on a weekday or on a day of the month.

    ``cchc schedule --run-due`` runs each enabled schedule whose latest moment has passed and has no run yet,
    so a run missed while the server was down happens once when it is back (``cchc.notices.schedules``).
    """

    name = models.CharField("tên", max_length=200)
    job = models.CharField("việc", max_length=32, choices=Job.choices)
    frequency = models.CharField("lặp lại", max_length=16, choices=Frequency.choices)
    time_of_day = models.TimeField("giờ chạy")
    weekday = models.PositiveSmallIntegerField(
        "thứ trong tuần", choices=Weekday.choices, null=True, blank=True
    )
    day_of_month = models.PositiveSmallIntegerField("ngày trong tháng (1–28)", null=True, blank=True)
    enabled = models.BooleanField("đang bật", default=True)

    class Meta:
        verbose_name = "lịch chạy"
        verbose_name_plural = "lịch chạy"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(frequency="daily") & Q(weekday__isnull=True) & Q(day_of_month__isnull=True))
                | (Q(frequency="weekly") & Q(weekday__isnull=False) & Q(day_of_month__isnull=True))
                | (
                    Q(frequency="monthly")
                    & Q(weekday__isnull=True)
                    & Q(day_of_month__gte=1)
                    & Q(day_of_month__lte=28)
                ),
                name="schedule_day_fits_frequency",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_unit(self):
        return None

    def clean(self) -> None:
        if self.frequency == Frequency.WEEKLY and self.weekday is None:
            raise ValidationError({"weekday": _("Lịch hằng tuần cần chọn thứ.")})
        if self.frequency == Frequency.MONTHLY and not 1 <= (self.day_of_month or 0) <= 28:
            raise ValidationError({"day_of_month": _("Lịch hằng tháng cần ngày từ 1 đến 28.")})
        if self.frequency != Frequency.WEEKLY:
            self.weekday = None
        if self.frequency != Frequency.MONTHLY:
            self.day_of_month = None


class Outcome(models.TextChoices):
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Xong")
    FAILED = "failed", _("Lỗi")


class ScheduleRun(models.Model):
    """One run of a schedule for one of its moments (``slot``): at most one run per moment."""

    schedule = models.ForeignKey(Schedule, on_delete=models.PROTECT, related_name="runs")
    slot = models.DateTimeField("lượt lịch")
    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=16, choices=Outcome.choices, default=Outcome.RUNNING)
    output = models.TextField("ghi chép", blank=True)

    class Meta:
        verbose_name = "lần chạy"
        verbose_name_plural = "lần chạy"
        ordering = ["-slot", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "slot"], name="schedule_runs_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.slot:%d/%m/%Y %H:%M}: {self.get_outcome_display()}"
