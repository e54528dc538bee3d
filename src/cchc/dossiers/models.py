from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.calendar import result_timing
from cchc.core.lifecycle import ACTION_LABELS, STATE_LABELS, State
from cchc.core.text import fold


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Bưu chính công ích")


class Source(models.TextChoices):
    COUNTER = "counter", _("Tiếp nhận tại Bộ phận Một cửa")
    IMPORT = "import", _("Nhập từ Cổng DVC tỉnh")


class Dossier(models.Model):
    """A dossier (hồ sơ) received by a unit for a procedure, with the facts the notice measures.

    ``online_level``, ``interagency`` and ``fee`` are copied from the procedure at receipt, so that a later
    change of the catalogue does not rewrite past figures. ``due_at`` is computed by the deadline engine
    (``cchc.core.calendar``), never typed; it moves only by supplement pauses.
    """

    code = models.CharField("mã hồ sơ", max_length=64, unique=True)
    unit = models.ForeignKey("units.Unit", verbose_name="đơn vị giải quyết", on_delete=models.PROTECT)
    # From 1/7/2025 a centre receives dossiers regardless of administrative boundary within the province
    # (Decree 118/2025/NĐ-CP): the unit that received it, when it is not the unit that decides it.
    receiving_unit = models.ForeignKey(
        "units.Unit",
        verbose_name="nơi tiếp nhận (khi khác đơn vị giải quyết)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    procedure = models.ForeignKey("procedures.Procedure", verbose_name="thủ tục", on_delete=models.PROTECT)
    online_level = models.PositiveSmallIntegerField("mức độ DVC")
    interagency = models.BooleanField("liên thông", default=False)
    state = models.CharField(
        "trạng thái",
        max_length=24,
        # The labels live in core (no Django there); cchc.dossiers.labels marks them for makemessages.
        choices=[(s.value, _(STATE_LABELS[s])) for s in State],
        default=State.RECEIVED,
    )
    source = models.CharField("nguồn", max_length=16, choices=Source.choices, default=Source.COUNTER)

    applicant_name = models.CharField("họ và tên người nộp", max_length=200)
    applicant_id_number = models.CharField("số CCCD/CMND/hộ chiếu", max_length=20, blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=300, blank=True)
    applicant_phone = models.CharField("điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("email", blank=True)
    request = models.CharField("nội dung yêu cầu", max_length=500, blank=True)
    channel = models.CharField(
        "hình thức nộp", max_length=16, choices=Channel.choices, default=Channel.IN_PERSON
    )
    sets = models.PositiveSmallIntegerField("số bộ hồ sơ", default=1)

    received_at = models.DateTimeField("thời điểm tiếp nhận")
    due_at = models.DateTimeField("hẹn trả kết quả")
    apology_due_at = models.DateTimeField("hẹn lại (phiếu xin lỗi)", null=True, blank=True)
    apologised_at = models.DateTimeField("thời điểm gửi phiếu xin lỗi", null=True, blank=True)
    result_at = models.DateTimeField("thời điểm có kết quả", null=True, blank=True)
    returned_at = models.DateTimeField("thời điểm trả kết quả", null=True, blank=True)
    closed_at = models.DateTimeField("thời điểm kết thúc (từ chối, dừng, rút)", null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đang xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    fee = models.PositiveIntegerField("phí, lệ phí (đồng)", default=0)
    paid_online = models.BooleanField("thanh toán trực tuyến", default=False)
    digitised = models.BooleanField("số hóa thành phần hồ sơ", default=False)
    result_digitised = models.BooleanField("số hóa kết quả", default=False)
    e_result = models.BooleanField("trả kết quả điện tử", default=False)
    national_account = models.BooleanField("đã tạo tài khoản DVC quốc gia", default=False)
    portal_synced = models.BooleanField("đã đồng bộ Cổng DVC tỉnh", default=False)
    portal_code = models.CharField("mã hồ sơ trên Cổng DVC tỉnh", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tiếp nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        "thời điểm ghi vào hệ thống",
        default=timezone.now,
        db_index=True,
        help_text="Khi hồ sơ được ghi vào cchc (tiếp nhận hay nhập từ Cổng); báo cáo “tính đến” dùng mốc này.",
    )
    search_text = models.CharField(max_length=400, editable=False)

    # The two slips the notice (item 2.1) wants printed for every dossier: when each was first printed (opened
    # as a page, DOCX or PDF) by a user of the dossier's unit.
    receipt_printed_at = models.DateTimeField("đã in giấy tiếp nhận (Mẫu 01) lúc", null=True, blank=True)
    control_printed_at = models.DateTimeField("đã in phiếu kiểm soát (Mẫu 05) lúc", null=True, blank=True)

    # Import from the provincial portal (cchc.imports, issue 5): an imported dossier keeps the portal's
    # appointment as ``due_at``; the deadline engine's own appointment is kept here to flag disagreements.
    computed_due_at = models.DateTimeField("hạn tính theo quy định", null=True, blank=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "received_at"]),
            models.Index(fields=["unit", "result_at"]),
            models.Index(fields=["unit", "state", "due_at"]),
            models.Index(fields=["received_at"]),
        ]

    # The units whose staff see the dossier (``cchc.accounts.scoping.scoped``): the one that decides it and the
    # one that received it.
    scope_fields = ("unit", "receiving_unit")

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.applicant_name} {self.applicant_id_number}")[:400]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def audit_unit(self):
        return self.unit

    @property
    def timing(self):
        """Early / on time / late, once there is a result."""
        return result_timing(self.result_at, self.due_at) if self.result_at else None


class DossierComponent(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="components")
    position = models.PositiveSmallIntegerField("STT")
    name = models.CharField("tên giấy tờ", max_length=500)
    originals = models.PositiveSmallIntegerField("số bản chính", default=0)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)

    class Meta:
        ordering = ["dossier", "position"]

    def __str__(self) -> str:
        return self.name


class DossierEvent(models.Model):
    """One step of a dossier's life: a handover, a supplement, a result… (the rows of Mẫu 05)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(
        "thao tác", max_length=24, choices=[(a.value, _(label)) for a, label in ACTION_LABELS.items()]
    )
    at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_label = models.CharField("cơ quan/người nhận", max_length=200, blank=True)
    due_at = models.DateTimeField("hạn của hồ sơ lúc đó")
    note = models.CharField("ghi chú", max_length=1000, blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%d/%m/%Y %H:%M}"

    @property
    def timing(self):
        """How the step kept the appointment: None for the steps the citizen times (handing in the dossier or
        a supplement); for the return, the dossier's result (a citizen who collects late is no late result)."""
        if self.action in ("receive", "receive_supplement"):
            return None
        if self.action == "return_result" and self.dossier.result_at is not None:
            return result_timing(self.dossier.result_at, self.due_at)
        return result_timing(self.at, self.due_at)


class SupplementPause(models.Model):
    """A time the dossier waited for the citizen's supplement: its clock stops (Decree 61/2018 Art. 19).

    ``due_before`` is the appointment when the supplement was asked for, ``due_after`` the appointment once it
    was brought in (moved by the office time waited). An import knows only that a dossier is waiting, not since
    when: ``started_at`` is then empty and the pause counts from the receipt (``cchc.dossiers.timeline``).
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="pauses")
    started_at = models.DateTimeField("yêu cầu bổ sung lúc", null=True, blank=True)
    ended_at = models.DateTimeField("nhận bổ sung lúc", null=True, blank=True)
    due_before = models.DateTimeField("hẹn trả trước khi tạm dừng", null=True, blank=True)
    due_after = models.DateTimeField("hẹn trả sau khi nhận bổ sung", null=True, blank=True)

    class Meta:
        verbose_name = "thời gian chờ bổ sung"
        verbose_name_plural = "thời gian chờ bổ sung"
        ordering = ["dossier", "started_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(started_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="pause_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.started_at}–{self.ended_at}"

    @property
    def waited(self):
        """How long the citizen took (calendar time), when both ends are known."""
        if self.started_at is None or self.ended_at is None:
            return None
        return self.ended_at - self.started_at


class DailyCounter(models.Model):
    """The last daily sequence number of a unit's dossier codes (taken with one atomic upsert)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="one_counter_per_unit_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last}"


class RegistrationToken(models.Model):
    """The one-time token of a registration form: the first POST that carries it registers the dossier, a
    repeat (a double click, a resent form) lands on that dossier. Claimed by a unique insert in the
    registration's transaction; no foreign key to the dossier table, which may be partitioned (ops)."""

    token = models.CharField("mã phiếu nhập", max_length=64, unique=True)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    dossier_code = models.CharField("mã hồ sơ đã tiếp nhận", max_length=64, blank=True)
    used_at = models.DateTimeField("thời điểm dùng", default=timezone.now)

    class Meta:
        verbose_name = "mã phiếu tiếp nhận"
        verbose_name_plural = "mã phiếu tiếp nhận"

    def __str__(self) -> str:
        return f"{self.token[:8]}… → {self.dossier_code}"
