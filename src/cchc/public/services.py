"""The citizen's writes: a rating of a returned dossier, and the memory of failed look-ups."""

import math
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.accounts.models import User
from cchc.accounts.scoping import ensure_can_change
from cchc.accounts.throttling import lock_end
from cchc.audit.trail import acting_as
from cchc.core.lifecycle import State
from cchc.core.text import clean
from cchc.dossiers.models import Dossier
from cchc.public.models import LookupFailure, Rating, RatingChannel, Reason, Score

COMMENT_MAX = 500
KIOSK_ROLES = frozenset({"admin", "unit_head", "clerk"})


def _comment(text: str) -> str:
    """The documented normalisation (``cchc.core.text.clean``), lines kept."""
    return clean(text, lines=True)


def rating_record(
    *,
    dossier: Dossier,
    score: str,
    reason: str = "",
    comment: str = "",
    kiosk_clerk: User | None = None,
    at: datetime | None = None,
) -> Rating:
    """Record the citizen's rating of ``dossier``: only once its result was returned, and only once.

    On the public page nobody is logged in; at the counter's kiosk the clerk who opened it (of the dossier's
    unit) is kept. A reason from the fixed list goes only with "normal" or "not satisfied". Bad input raises
    ``ValidationError`` with a Vietnamese message and records nothing.
    """
    if kiosk_clerk is not None:
        ensure_can_change(kiosk_clerk, dossier.unit)
        if not kiosk_clerk.is_superuser and kiosk_clerk.role not in KIOSK_ROLES:
            raise PermissionDenied("Chỉ công chức Bộ phận Một cửa mở được máy đánh giá.")
    errors = {}
    if score not in Score.values:
        errors["score"] = "Xin chọn một mức: Hài lòng, Bình thường hoặc Không hài lòng."
    if reason and reason not in Reason.values:
        errors["reason"] = "Lý do không có trong danh sách."
    elif reason and score == Score.SATISFIED:
        errors["reason"] = "Chỉ chọn lý do khi chưa hài lòng."
    comment = _comment(comment)
    if len(comment) > COMMENT_MAX:
        errors["comment"] = f"Ý kiến dài quá {COMMENT_MAX} ký tự."
    if errors:
        raise ValidationError(errors)
    label = kiosk_clerk.get_username() if kiosk_clerk else "người dân (trang tra cứu)"
    with transaction.atomic(), acting_as(kiosk_clerk, label):
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.state != State.RETURNED:
            raise ValidationError("Chỉ đánh giá được sau khi đã nhận kết quả.")
        if Rating.objects.filter(dossier=locked).exists():
            raise ValidationError("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.")
        try:
            with transaction.atomic():
                return Rating.objects.create(
                    dossier=locked,
                    score=score,
                    reason=reason,
                    comment=comment,
                    channel=RatingChannel.KIOSK if kiosk_clerk else RatingChannel.PAGE,
                    kiosk_clerk=kiosk_clerk,
                    at=at or timezone.now(),
                )
        except IntegrityError:
            raise ValidationError("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.") from None


def lookup_locked_until(*, address: str | None, now: datetime | None = None) -> datetime | None:
    """When the look-up lock on ``address`` ends, or None: the login throttle's rule, with its own limit."""
    if address is None:
        return None
    now = now or timezone.now()
    since = now - settings.LOGIN_THROTTLE_WINDOW - settings.LOGIN_THROTTLE_LOCKOUT
    times = LookupFailure.objects.filter(address=address, at__gte=since).order_by("at")
    end = lock_end(list(times.values_list("at", flat=True)), settings.STATUS_LOOKUP_ADDRESS_LIMIT)
    return end if end and end > now else None


def lookup_failed(*, address: str | None) -> None:
    LookupFailure.objects.create(at=timezone.now(), address=address)


def minutes_left(until: datetime, now: datetime | None = None) -> int:
    return max(1, math.ceil((until - (now or timezone.now())).total_seconds() / 60))
