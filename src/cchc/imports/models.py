from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.core.lifecycle import STATE_LABELS, State
from cchc.core.tabular import COLUMNS, header_key


class ImportRun(models.Model):
    """One import of one portal export: who, when, which file, and what came of it (the history)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Hoàn tất")
        REFUSED = "refused", _("Bị từ chối")
        FAILED = "failed", _("Lỗi hệ thống")
        INTERRUPTED = "interrupted", _("Bị gián đoạn")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("người/tiến trình nhập", max_length=150)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị của người nhập",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField("tên tệp", max_length=255)
    started_at = models.DateTimeField("bắt đầu", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=16, choices=Status.choices, default=Status.RUNNING)
    message = models.TextField("thông báo", blank=True)
    header_row = models.PositiveIntegerField("dòng tiêu đề", null=True, blank=True)
    encoding = models.CharField("bảng mã", max_length=32, blank=True)
    rows_read = models.PositiveIntegerField("số dòng đọc", default=0)
    added = models.PositiveIntegerField("thêm", default=0)
    updated = models.PositiveIntegerField("cập nhật", default=0)
    skipped = models.PositiveIntegerField("bỏ qua", default=0)
    errors = models.PositiveIntegerField("lỗi", default=0)
    procedures_added = models.PositiveIntegerField("thủ tục tạo mới", default=0)
    error_file = models.CharField("tệp lỗi", max_length=500, blank=True)
    upload_file = models.CharField("tệp tải lên", max_length=500, blank=True)
    worker = models.CharField(
        "tiến trình nhập",
        max_length=300,
        blank=True,
        help_text="Máy và số tiến trình đang nhập (máy:pid), để nhận ra lần nhập bị dừng giữa chừng.",
    )

    class Meta:
        verbose_name = "lần nhập hồ sơ"
        verbose_name_plural = "lịch sử nhập hồ sơ"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%d/%m/%Y %H:%M})"

    @property
    def summary(self) -> str:
        return gettext(
            "đọc %(read)s dòng, thêm %(added)s, cập nhật %(updated)s, bỏ qua %(skipped)s, lỗi %(errors)s"
        ) % {
            "read": self.rows_read,
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": self.errors,
        }


COLUMN_CHOICES = [(c.key, c.label) for c in COLUMNS]


class ColumnAlias(models.Model):
    """Another name under which a column of the portal's export is recognised (besides the built-in ones)."""

    alias = models.CharField("tên cột trong tệp", max_length=200)
    column = models.CharField("cột chuẩn", max_length=32, choices=COLUMN_CHOICES)
    key = models.CharField("khoá so khớp", max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name = "tên cột thay thế"
        verbose_name_plural = "bảng tên cột thay thế"
        ordering = ["column", "alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.get_column_display()}"

    def save(self, *args, **kwargs):
        self.key = header_key(self.alias)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "key"}
        super().save(*args, **kwargs)


class PortalRecord(models.Model):
    """What the portal says of a dossier of the register (received at the counter), for reconciliation.

    Dossiers that exist only on the portal are imported as dossiers of their own (``source="import"``) and
    need no such record. ``None`` means the export had no such column.
    """

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="portal_record", verbose_name="hồ sơ"
    )
    unit = models.ForeignKey("units.Unit", verbose_name="đơn vị trên Cổng", on_delete=models.PROTECT)
    received_at = models.DateTimeField("tiếp nhận")
    due_at = models.DateTimeField("hẹn trả", null=True, blank=True)
    result_at = models.DateTimeField("có kết quả", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả", null=True, blank=True)
    state = models.CharField("trạng thái", max_length=24, choices=[(s.value, STATE_LABELS[s]) for s in State])
    channel = models.CharField("hình thức nộp", max_length=16, blank=True)
    online_level = models.PositiveSmallIntegerField("mức độ DVC", null=True, blank=True)
    fee = models.PositiveIntegerField("phí, lệ phí", null=True, blank=True)
    paid_online = models.BooleanField("thanh toán trực tuyến", null=True, blank=True)
    digitised = models.BooleanField("số hóa hồ sơ", null=True, blank=True)
    result_digitised = models.BooleanField("số hóa kết quả", null=True, blank=True)
    e_result = models.BooleanField("trả kết quả điện tử", null=True, blank=True)
    interagency = models.BooleanField("liên thông", null=True, blank=True)
    national_account = models.BooleanField("tài khoản DVC quốc gia", null=True, blank=True)

    class Meta:
        verbose_name = "bản ghi trên Cổng DVC"
        verbose_name_plural = "bản ghi trên Cổng DVC"

    def __str__(self) -> str:
        return str(self.dossier_id)
