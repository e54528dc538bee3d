"""Reads of notices: a user sees only his own."""

from django.db.models import QuerySet

from cchc.accounts.models import User
from cchc.notices.models import Delivery, Notice, Preference


def unread_count(*, user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notices_of(*, user: User, unread_only: bool = False) -> QuerySet[Notice]:
    query = Notice.objects.filter(recipient=user)
    return query.filter(read_at__isnull=True) if unread_only else query


def wants_digest(*, user: User) -> bool:
    return Preference.objects.filter(user=user, digest=True).exists()


def deliveries(*, unit_codes: list[str] | None = None) -> QuerySet[Delivery]:
    """The log of reminders given (the report compiler's proof of "đã đôn đốc"), newest first."""
    query = Delivery.objects.select_related("notice", "notice__unit")
    return query.filter(notice__unit__code__in=unit_codes) if unit_codes else query
