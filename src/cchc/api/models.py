import hashlib
import secrets

from django.conf import settings
from django.db import models


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A key for programs that read the API as a user; only its SHA-256 is stored. Revoked, never deleted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    label = models.CharField("mục đích", max_length=200)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField("còn hiệu lực", default=True)

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.user} — {self.label}"

    def audit_unit(self):
        return self.user.unit

    @classmethod
    def issue(cls, *, user, label: str) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, label=label, key_hash=digest(key)), key
