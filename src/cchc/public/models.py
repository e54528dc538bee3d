from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Score(models.TextChoices):
    """The three answers of the national portal's rating (satisfied and normal count as satisfied there)."""

    SATISFIED = "satisfied", _("Hài lòng")
    NORMAL = "normal", _("Bình thường")
    NOT_SATISFIED = "not_satisfied", _("Không hài lòng")


SATISFIED_SCORES = (Score.SATISFIED, Score.NORMAL)


class Reason(models.TextChoices):
    """Why a citizen was not (fully) satisfied: a fixed list, so that a unit head can count them."""

    SLOW = "slow", _("Giải quyết chậm, trễ hẹn")
    MANY_TRIPS = "many_trips", _("Phải đi lại nhiều lần")
    UNCLEAR_GUIDANCE = "unclear_guidance", _("Hướng dẫn chưa rõ ràng")
    ATTITUDE = "attitude", _("Thái độ phục vụ chưa tốt")
    EXTRA_PAPERS = "extra_papers", _("Yêu cầu giấy tờ ngoài quy định")
    FEES = "fees", _("Phí, lệ phí chưa đúng quy định")
    OTHER = "other", _("Lý do khác")


class RatingChannel(models.TextChoices):
    PAGE = "page", _("Trang tra cứu (mã QR)")
    KIOSK = "kiosk", _("Máy tính bảng tại Bộ phận Một cửa")


class Rating(models.Model):
    """A citizen's rating of how a dossier was handled: one per dossier, after its result was returned."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="rating"
    )
    score = models.CharField("mức độ hài lòng", max_length=16, choices=Score.choices)
    reason = models.CharField("lý do", max_length=24, choices=Reason.choices, blank=True)
    comment = models.CharField("ý kiến", max_length=500, blank=True)
    channel = models.CharField("nơi đánh giá", max_length=8, choices=RatingChannel.choices)
    at = models.DateTimeField("thời điểm đánh giá")
    kiosk_clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="công chức mở máy đánh giá",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "đánh giá của người dân"
        verbose_name_plural = "đánh giá của người dân"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["score", "at"])]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.score}"

    def audit_unit(self):
        return self.dossier.unit


class LookupFailure(models.Model):
    """A failed look-up of a dossier by code and phone digits: the memory of the look-up throttle."""

    at = models.DateTimeField("thời điểm")
    address = models.GenericIPAddressField("địa chỉ máy", null=True, blank=True)

    class Meta:
        verbose_name = "lần tra cứu sai"
        verbose_name_plural = "lần tra cứu sai"
        indexes = [models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.address or ''}".strip()
