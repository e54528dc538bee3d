from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """An issued report, archived exactly as it was made: its files, its figures and its two moments.

    ``as_of`` is the moment of the dossiers' timeline the figures describe, ``known_at`` the moment of cchc's
    knowledge they used (dossiers recorded by then); the same report made with both gives the same figures.
    """

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Báo cáo tuần")
        MONTHLY = "monthly", _("Báo cáo tháng")

    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    report_date = models.DateField("ngày báo cáo")
    as_of = models.DateTimeField("số liệu tính đến")
    known_at = models.DateTimeField("dữ liệu ghi nhận đến", null=True, blank=True)
    title = models.CharField("tiêu đề", max_length=300)
    figures = models.JSONField("số liệu", default=dict)
    docx = models.FileField(upload_to="reports/%Y/", max_length=300)
    xlsx = models.FileField(upload_to="reports/%Y/", max_length=300)
    pdf = models.FileField(upload_to="reports/%Y/", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người lập", null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField("thời điểm lập", auto_now_add=True)

    class Meta:
        verbose_name = "báo cáo đã phát hành"
        verbose_name_plural = "báo cáo đã phát hành"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
