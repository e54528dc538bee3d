"""The PAR index (chỉ số CCHC): index sets, campaigns, each unit's assessment, its scores and evidence.

Nothing here is deleted: a set is frozen once a campaign uses it (a new version is made to change it), an
assessment moves through its statuses, a score keeps its history in ``ScoreEvent`` and an evidence file that
is no longer wanted is withdrawn, not erased.
"""

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.core.scoring import parse_rule
from cchc.units.models import COMMUNE_LEVEL_KINDS, UnitKind


class SetKind(models.TextChoices):
    COMMUNE = "commune", _("UBND xã, thị trấn")
    OFFICE = "office", _("Phòng chuyên môn cấp huyện")

    @classmethod
    def for_unit_kind(cls, unit_kind: str) -> "SetKind | None":
        if unit_kind in COMMUNE_LEVEL_KINDS:
            return cls.COMMUNE
        if unit_kind == UnitKind.OFFICE:
            return cls.OFFICE
        return None


class IndexSet(models.Model):
    name = models.CharField("tên bộ chỉ số", max_length=200)
    kind = models.CharField("áp dụng cho", max_length=16, choices=SetKind.choices)
    year = models.PositiveSmallIntegerField("năm đánh giá")
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    source = models.TextField("nguồn, ghi chú", blank=True)
    frozen_at = models.DateTimeField("khóa từ", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "bộ chỉ số CCHC"
        verbose_name_plural = "bộ chỉ số CCHC"
        ordering = ["-year", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "version"], name="par_indexset_version_unique")
        ]

    def __str__(self) -> str:
        return gettext("%(name)s (phiên bản %(version)s)") % {"name": self.name, "version": self.version}

    def audit_unit(self):
        return None

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Method(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    SURVEY = "survey", _("Điều tra xã hội học")


class Criterion(models.Model):
    """A field (lĩnh vực, level 1), criterion (tiêu chí, 2) or sub-criterion (tiêu chí thành phần, 3)."""

    index_set = models.ForeignKey(IndexSet, on_delete=models.PROTECT, related_name="criteria")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField("mã", max_length=20)
    position = models.PositiveIntegerField("thứ tự", default=0)
    name = models.TextField("tên")
    max_score = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2)
    method = models.CharField("hình thức", max_length=8, choices=Method.choices, default=Method.SELF)
    rule = models.CharField("cách chấm", max_length=200, blank=True)
    indicator = models.CharField("chỉ số đo tự động", max_length=40, blank=True)
    responsible = models.CharField("đơn vị chủ trì", max_length=200, blank=True)
    evidence_expected = models.TextField("tài liệu kiểm chứng", blank=True)
    guidance = models.TextField("hướng dẫn", blank=True)
    note = models.CharField("ghi chú", max_length=200, blank=True)
    is_leaf = models.BooleanField("được chấm trực tiếp", default=True)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["index_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["index_set", "code"], name="par_criterion_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def audit_unit(self):
        return None

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1

    @property
    def level_label(self) -> str:
        return {1: gettext("Lĩnh vực"), 2: gettext("Tiêu chí")}.get(
            self.depth, gettext("Tiêu chí thành phần")
        )

    @property
    def is_automatic(self) -> bool:
        return bool(self.indicator)

    @property
    def parsed_rule(self):
        return parse_rule(self.rule or "thủ công")

    @property
    def max_fraction(self) -> Fraction:
        return Fraction(self.max_score)


class Campaign(models.Model):
    """The assessment of one year: the sets used, the units assessed and the milestones."""

    name = models.CharField("tên đợt đánh giá", max_length=200)
    year = models.PositiveSmallIntegerField("năm đánh giá")
    index_sets = models.ManyToManyField(IndexSet, verbose_name="bộ chỉ số", related_name="campaigns")
    period_start = models.DateField("số liệu từ ngày")
    period_end = models.DateField("số liệu đến ngày")
    self_assessment_due = models.DateField("hạn tự đánh giá")
    appraisal_due = models.DateField("hạn thẩm định")
    results_published_on = models.DateField("ngày công bố kết quả")
    published_at = models.DateTimeField(
        "đã công bố lúc",
        null=True,
        blank=True,
        help_text="Trước khi công bố, đơn vị chỉ thấy điểm của mình, không thấy thứ hạng; sau đó kết quả khoá lại.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người công bố",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    publish_reason = models.TextField(
        "lý do công bố khi chưa thẩm định xong mọi đơn vị",
        blank=True,
        help_text="Bắt buộc khi công bố lúc còn đơn vị chưa được thẩm định xong.",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đợt đánh giá chỉ số CCHC"
        verbose_name_plural = "đợt đánh giá chỉ số CCHC"
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.name

    def audit_unit(self):
        return None


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    IN_PROGRESS = "in_progress", _("Đang tự đánh giá")
    SUBMITTED = "submitted", _("Đã gửi thẩm định")
    RETURNED = "returned", _("Trả lại để chỉnh sửa")
    APPRAISED = "appraised", _("Đã thẩm định")


EDITABLE_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.RETURNED)


class Assessment(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="par_assessments")
    index_set = models.ForeignKey(IndexSet, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField("trạng thái", max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    appraised_at = models.DateTimeField("thẩm định xong lúc", null=True, blank=True)
    return_comment = models.TextField("ý kiến trả lại", blank=True)
    submit_reason = models.TextField(
        "lý do gửi khi thiếu tài liệu kiểm chứng",
        blank=True,
        help_text="Bắt buộc khi gửi thẩm định lúc còn tiêu chí tự chấm chưa có tài liệu kiểm chứng.",
    )

    class Meta:
        verbose_name = "bản tự đánh giá"
        verbose_name_plural = "bản tự đánh giá"
        ordering = ["campaign", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="par_assessment_unique")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.campaign}"

    def audit_unit(self):
        return self.unit

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Score(models.Model):
    """A unit's score for one leaf criterion: what it entered, what the rule gave, what the appraiser kept.

    ``self_input`` is what the assessor entered in the rule's terms (points, 1/0 for yes/no, a rate in
    percent, a count of violations); ``self_score`` the points the rule gave. Automatic criteria carry the
    measured rate (``measured_rate``, a fraction written "17/20") instead, and cannot be overwritten.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_input = models.DecimalField("giá trị tự đánh giá", max_digits=8, decimal_places=2, null=True)
    self_score = models.DecimalField("điểm tự đánh giá", max_digits=6, decimal_places=2, null=True)
    explanation = models.TextField("giải trình", blank=True)
    measured_rate = models.CharField("tỷ lệ đo được", max_length=40, blank=True)
    measure_note = models.CharField("ghi chú số liệu", max_length=200, blank=True)
    appraised_score = models.DecimalField("điểm thẩm định", max_digits=6, decimal_places=2, null=True)
    appraisal_reason = models.TextField("lý do thẩm định", blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"
        ordering = ["assessment", "criterion__position"]
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="par_score_unique")]

    def __str__(self) -> str:
        return f"{self.assessment.unit} — {self.criterion.code}"

    def audit_unit(self):
        return self.assessment.unit

    @property
    def final_score(self) -> Decimal | None:
        return self.appraised_score if self.appraised_score is not None else self.self_score

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.measured_rate) if self.measured_rate else None


class EventKind(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    AUTO = "auto", _("Tự động từ số liệu hồ sơ")
    ACCEPTED = "accepted", _("Thẩm định: giữ nguyên")
    CHANGED = "changed", _("Thẩm định: sửa điểm")


class ScoreEvent(models.Model):
    """One step of a score's history: who gave which score, when and why. Only ever added."""

    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("loại", max_length=12, choices=EventKind.choices)
    value = models.DecimalField("điểm", max_digits=6, decimal_places=2, null=True)
    reason = models.TextField("lý do, giải trình", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_label = models.CharField("người thực hiện", max_length=150)
    at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "lịch sử điểm"
        verbose_name_plural = "lịch sử điểm"
        ordering = ["score", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.score} — {self.get_kind_display()}"

    def audit_unit(self):
        return self.score.assessment.unit


class EvidenceKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", _("Ảnh PNG")
    JPEG = "jpeg", _("Ảnh JPEG")
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"


class Evidence(models.Model):
    """An evidence file (tài liệu kiểm chứng), stored under a random name with its SHA-256 checksum."""

    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField("tên tệp", max_length=255)
    stored_name = models.CharField("tên lưu trữ", max_length=80, unique=True)
    kind = models.CharField("loại tệp", max_length=8, choices=EvidenceKind.choices)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    withdrawn_at = models.DateTimeField("rút lúc", null=True, blank=True)

    class Meta:
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"
        ordering = ["score", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def audit_unit(self):
        return self.score.assessment.unit
