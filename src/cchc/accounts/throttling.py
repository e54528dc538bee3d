"""Login throttling: after repeated failures a user name, or a client address, is locked for a while.

The rule (numbers in settings, ``LOGIN_THROTTLE_*``): when ``USERNAME_LIMIT`` failed logins for one user name
(any letter case) fall within ``WINDOW``, that name is locked for ``LOCKOUT`` after the last of them; the same
with ``ADDRESS_LIMIT`` for one client address. While locked, no password is checked and attempts are not
counted, so the lock ends ``LOCKOUT`` after the failure that caused it. A successful login clears the count
of its user name (failures before ``last_login`` are ignored), never the count of its address.

Failures live in the database (``LoginFailure``), so that every gunicorn worker sees the same counts.
Three pieces wire it: ``LockoutBackend`` (Django's ``ModelBackend``, the only authentication backend)
refuses a locked attempt, the ``user_login_failed`` receiver counts a failure, and
``ThrottledAuthenticationForm`` says why in Vietnamese.
The admin login goes through the same backend and receiver; it shows Django's generic message.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from ipaddress import ip_address

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from cchc.accounts.models import LoginFailure
from cchc.audit.models import AuditEntry

USERNAME, ADDRESS = "username", "address"


@dataclass(frozen=True)
class Lock:
    until: datetime
    by: str  # USERNAME or ADDRESS

    def message(self, now: datetime) -> str:
        minutes = max(1, math.ceil((self.until - now).total_seconds() / 60))
        if self.by == USERNAME:
            return (
                f"Tài khoản này tạm thời bị khoá đăng nhập vì nhập sai mật khẩu nhiều lần. "
                f"Vui lòng thử lại sau {minutes} phút hoặc liên hệ quản trị hệ thống."
            )
        return (
            f"Máy của bạn tạm thời bị chặn đăng nhập vì có quá nhiều lần đăng nhập sai. "
            f"Vui lòng thử lại sau {minutes} phút."
        )


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address: ``CLIENT_ADDRESS_HEADER`` when a proxy we run sets it, else the socket's."""
    if request is None:
        return None
    header = getattr(settings, "CLIENT_ADDRESS_HEADER", None)
    raw = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ip_address(raw.strip()))
    except ValueError:
        return None


def normalised(username: str | None) -> str:
    return (username or "").strip().casefold()[:150]


def lock_end(times: list[datetime], limit: int) -> datetime | None:
    """When the lock that the failure ``times`` (oldest first) impose ends, or None if they impose none.

    The one rule of every throttle: the logins here, the citizens' dossier look-ups (``cchc.public``)."""
    window, lockout = settings.LOGIN_THROTTLE_WINDOW, settings.LOGIN_THROTTLE_LOCKOUT
    end = None
    for last in range(limit - 1, len(times)):
        if times[last] - times[last - limit + 1] <= window:
            end = times[last] + lockout
    return end


def lock_of(*, username: str | None, address: str | None, now: datetime | None = None) -> Lock | None:
    """The lock in force on this user name or address at ``now``, the longer one if both are locked."""
    now = now or timezone.now()
    since = now - settings.LOGIN_THROTTLE_WINDOW - settings.LOGIN_THROTTLE_LOCKOUT
    locks = []
    name = normalised(username)
    if name:
        last_login = (
            get_user_model().objects.filter(username__iexact=name).aggregate(last=Max("last_login"))["last"]
        )
        times = LoginFailure.objects.filter(username=name, at__gte=since)
        if last_login is not None:
            times = times.filter(at__gt=last_login)
        end = lock_end(list(times.order_by("at").values_list("at", flat=True)), _limit(USERNAME))
        if end and end > now:
            locks.append(Lock(end, USERNAME))
    if address:
        times = LoginFailure.objects.filter(address=address, at__gte=since)
        end = lock_end(list(times.order_by("at").values_list("at", flat=True)), _limit(ADDRESS))
        if end and end > now:
            locks.append(Lock(end, ADDRESS))
    return max(locks, key=lambda lock: lock.until, default=None)


def _limit(by: str) -> int:
    if by == USERNAME:
        return settings.LOGIN_THROTTLE_USERNAME_LIMIT
    return settings.LOGIN_THROTTLE_ADDRESS_LIMIT


class LockoutBackend(ModelBackend):
    """Django's password backend, refusing every attempt on a locked user name or from a locked address.

    A locked account's password is not even checked, so a guess made during the lock learns nothing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if lock_of(username=username, address=client_address(request)) is not None:
            raise PermissionDenied("Đăng nhập tạm thời bị khoá.")
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed, dispatch_uid="cchc-login-throttle")
def count_failure(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    username = normalised(credentials.get(get_user_model().USERNAME_FIELD))
    address = client_address(request)
    if lock_of(username=username, address=address) is not None:
        return  # refused during a lock: not counted, so that the lock ends when it said it would
    LoginFailure.objects.create(at=timezone.now(), username=username, address=address)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, telling a locked user why and for how long instead of "wrong password"."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            now = timezone.now()
            lock = lock_of(
                username=self.cleaned_data.get("username"), address=client_address(self.request), now=now
            )
            if lock is not None:
                raise forms.ValidationError(lock.message(now), code="locked") from None
            raise


def prune_failures(*, keep: timedelta, now: datetime | None = None) -> int:
    """Remove the failed logins older than ``keep`` (the log's retention); return how many went.

    The throttle reads only the last ``LOGIN_THROTTLE_WINDOW``, so ``keep`` must be longer; the pruning
    itself is written to the audit trail (how many, before when), so that the log's gaps are explained.
    """
    if keep <= settings.LOGIN_THROTTLE_WINDOW + settings.LOGIN_THROTTLE_LOCKOUT:
        raise ValueError("Thời gian lưu phải dài hơn cửa sổ đếm và thời gian khoá đăng nhập.")
    cutoff = (now or timezone.now()) - keep
    with transaction.atomic():
        removed, _ = LoginFailure.objects.filter(at__lt=cutoff).delete()
        if removed:
            AuditEntry.objects.create(
                actor_label="lệnh prune-login-failures",
                action=AuditEntry.Action.DELETE,
                model="accounts.LoginFailure",
                object_pk="*",
                object_repr=f"Xoá {removed} lần đăng nhập sai trước {cutoff:%d/%m/%Y %H:%M}"[:300],
                changes={"removed": removed, "before": cutoff.isoformat()},
            )
    return removed
