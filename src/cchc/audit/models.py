from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One change to one record: who, when, what changed. Append-only: never updated, never deleted."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Sửa"
        DELETE = "delete", "Xoá"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("nguồn thay đổi", max_length=150)
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    model = models.CharField("loại bản ghi", max_length=100)
    object_pk = models.CharField("khoá bản ghi", max_length=64)
    object_repr = models.CharField("bản ghi", max_length=300)
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField("thay đổi", default=dict)

    class Meta:
        verbose_name = "mục nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_pk"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Nhật ký thay đổi không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Nhật ký thay đổi không được xoá.")
