"""Giving notices and delivering them: the only door through which anyone is told anything.

``notify`` records a notice once per recipient and fact, logs its delivery in the application and sends its
mail when the moment allows; ``deliver_pending`` sends what waited (quiet hours, digests). ``remind`` runs the
rules at a moment (``cchc remind``, the daily schedule); ``units_remind`` is the report compiler's one-off
reminder from the dashboard.

Quiet hours: mail goes out only between ``NOTICE_HOURS`` (07:00–17:30 local) on a working day of the
recipient's unit (``cchc.workcalendar``); outside them it waits for the next run inside them. The reminders
themselves (``remind``) look for nothing on a day off or outside those hours: nobody is urged on a holiday.
"""

import logging
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cchc.accounts.models import Role, User
from cchc.core.calendar import VN_TZ, local
from cchc.notices.models import Channel, Condition, Delivery, Notice, Preference
from cchc.units.models import Unit
from cchc.workcalendar.selectors import calendar_for

logger = logging.getLogger(__name__)

SCHEDULE_ACTOR = "lịch tự động"
MAX_MESSAGE = 2000
SIGNATURE = (
    "\n\n—\nThư tự động của hệ thống cchc (Một cửa và cải cách hành chính). Xem và đánh dấu đã đọc tại: "
)


def in_hours(moment: datetime, unit: Unit | None = None) -> bool:
    """Whether ``moment`` is inside the hours when people are told things: 07:00–17:30 on a working day."""
    start, end = settings.NOTICE_HOURS
    there = local(moment)
    return start <= there.time() < end and calendar_for(unit).is_working_day(there.date())


def channel_for(user: User | None, email: str = "") -> str:
    """How a recipient gets mail: none without an address, a daily digest if chosen, else one mail each."""
    if user is None:
        return Channel.EMAIL if email else Channel.APP
    if not user.email:
        return Channel.APP
    digest = Preference.objects.filter(user=user, digest=True).exists()
    return Channel.DIGEST if digest else Channel.EMAIL


def absolute(link: str) -> str:
    return link if link.startswith(("http://", "https://")) else f"{settings.BASE_URL}{link}"


def notify(
    *,
    recipient_user: User | None = None,
    email: str = "",
    kind: str,
    subject: str,
    body: str,
    link: str,
    fact_key: str,
    unit: Unit | None = None,
    by: str = SCHEDULE_ACTOR,
    at: datetime | None = None,
) -> Notice | None:
    """Tell ``recipient_user`` (or, for someone without an account, ``email``) about one fact, once.

    Returns the new notice, or None when this recipient was already told about ``fact_key``. The notice shows
    in the application at once; its mail goes now when the moment is inside the hours, else at the next run
    of ``deliver_pending`` inside them (one digest a day for users who chose it).
    """
    if recipient_user is None and not email:
        raise ValueError("a notice needs a recipient user or an e-mail address")
    at = at or timezone.now()
    notice = Notice(
        recipient=recipient_user,
        email="" if recipient_user else email,
        unit=unit,
        kind=kind,
        subject=subject[:200],
        body=body[:5000],
        link=link[:500],
        fact_key=fact_key[:200],
        created_at=at,
        channel=channel_for(recipient_user, email),
    )
    try:
        with transaction.atomic():
            notice.save()
            if recipient_user is not None:
                Delivery.objects.create(
                    notice=notice, channel=Channel.APP, to=recipient_user.get_username(), at=at, by=by
                )
    except IntegrityError:
        return None
    if notice.channel == Channel.EMAIL and in_hours(at, _unit_of(notice)):
        _send_one(notice, at=at, by=by)
    return notice


def _unit_of(notice: Notice) -> Unit | None:
    return notice.recipient.unit if notice.recipient_id else notice.unit


def _send_one(notice: Notice, *, at: datetime, by: str) -> bool:
    try:
        send_mail(
            notice.subject,
            f"{notice.body}{SIGNATURE}{absolute(notice.link or reverse('notice-list'))}",
            settings.DEFAULT_FROM_EMAIL,
            [notice.address],
        )
    except OSError:
        logger.warning("mail to %s failed; it stays pending", notice.address, exc_info=True)
        return False
    with transaction.atomic():
        notice.sent_at = at
        notice.save(update_fields=["sent_at"])
        Delivery.objects.create(notice=notice, channel=Channel.EMAIL, to=notice.address, at=at, by=by)
    return True


def _send_digest(user: User, notices: list[Notice], *, at: datetime, by: str) -> bool:
    lines = [f"Trong ngày có {len(notices)} thông báo cho {user}:", ""]
    for number, notice in enumerate(notices, 1):
        lines += [f"{number}. {notice.subject}", notice.body, f"   {absolute(notice.link)}", ""]
    try:
        send_mail(
            f"cchc: {len(notices)} thông báo ngày {local(at):%d/%m/%Y}",
            "\n".join(lines) + SIGNATURE + absolute(reverse("notice-list")),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
    except OSError:
        logger.warning("digest to %s failed; it stays pending", user.email, exc_info=True)
        return False
    with transaction.atomic():
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=at)
        Delivery.objects.bulk_create(
            Delivery(notice=n, channel=Channel.DIGEST, to=user.email, at=at, by=by) for n in notices
        )
    return True


def deliver_pending(*, at: datetime | None = None, by: str = SCHEDULE_ACTOR) -> int:
    """Send the mails that waited: single mails now inside the hours, and each digest user's one mail of the
    day (if none went today). Returns the number of mails sent."""
    at = at or timezone.now()
    sent = 0
    waiting = Notice.objects.filter(sent_at__isnull=True).select_related("recipient__unit", "unit")
    for notice in waiting.filter(channel=Channel.EMAIL).order_by("created_at", "id"):
        if notice.address and in_hours(at, _unit_of(notice)):
            sent += _send_one(notice, at=at, by=by)
    today = datetime.combine(local(at).date(), time(0), tzinfo=VN_TZ)
    by_user: dict[int, list[Notice]] = {}
    for notice in waiting.filter(channel=Channel.DIGEST).order_by("created_at", "id"):
        by_user.setdefault(notice.recipient_id, []).append(notice)
    for notices in by_user.values():
        user = notices[0].recipient
        had_one_today = Delivery.objects.filter(
            notice__recipient=user, channel=Channel.DIGEST, at__gte=today
        ).exists()
        if user.email and not had_one_today and in_hours(at, user.unit):
            sent += _send_digest(user, notices, at=at, by=by)
    return sent


@dataclass(frozen=True)
class Planned:
    """A notice the reminders would give now: who, by which channel, what."""

    login: str
    channel: str
    subject: str


def remind(*, at: datetime | None = None, dry_run: bool = False, by: str = SCHEDULE_ACTOR) -> list[Planned]:
    """Run every enabled rule at ``at`` (default now) and give the notices that are new; then send the mails
    that waited. With ``dry_run`` nothing is recorded or sent: the list says who would be told what."""
    from cchc.notices import rules

    at = at or timezone.now()
    if not in_hours(at):
        return []
    candidates = [c for c in rules.candidates(at=at) if in_hours(at, c.recipient.unit)]
    told = _already_told(candidates)
    planned: list[Planned] = []
    for candidate in candidates:
        key = (candidate.recipient.pk, candidate.fact_key)
        if key in told:
            continue
        told.add(key)
        planned.append(
            Planned(candidate.recipient.get_username(), channel_for(candidate.recipient), candidate.subject)
        )
        if not dry_run:
            notify(
                recipient_user=candidate.recipient,
                kind=candidate.kind,
                subject=candidate.subject,
                body=candidate.body,
                link=candidate.link,
                fact_key=candidate.fact_key,
                unit=candidate.unit,
                by=by,
                at=at,
            )
    if not dry_run:
        deliver_pending(at=at, by=by)
    return planned


def _already_told(candidates) -> set[tuple[int, str]]:
    keys = sorted({c.fact_key for c in candidates})
    told: set[tuple[int, str]] = set()
    for start in range(0, len(keys), 500):
        told.update(
            Notice.objects.filter(
                recipient__isnull=False, fact_key__in=keys[start : start + 500]
            ).values_list("recipient_id", "fact_key")
        )
    return told


# --- the reader's side ----------------------------------------------------------------------------------------


def notice_open(*, user: User, notice_id: int) -> Notice:
    """Mark one of the user's own notices read (another's is answered as not found) and return it."""
    notice = Notice.objects.filter(recipient=user, pk=notice_id).first()
    if notice is None:
        raise Notice.DoesNotExist
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preference_set(*, user: User, digest: bool) -> Preference:
    preference, _ = Preference.objects.update_or_create(user=user, defaults={"digest": digest})
    return preference


# --- the report compiler's one-off reminder ---------------------------------------------------------------------

MANUAL_ROLES = frozenset({Role.ADMIN, Role.REPORT_COMPILER})


def can_remind_units(user: User) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.role in MANUAL_ROLES)


def clean_message(text: str) -> str:
    """NFC, no control characters but line breaks, trimmed, 1–2000 characters; else a Vietnamese refusal."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").strip()
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise ValidationError("Nội dung đôn đốc có ký tự điều khiển không hợp lệ.")
    if not text:
        raise ValidationError("Chưa nhập nội dung đôn đốc.")
    if len(text) > MAX_MESSAGE:
        raise ValidationError(f"Nội dung đôn đốc dài quá {MAX_MESSAGE} ký tự.")
    return text


def units_remind(*, actor: User, units: list[Unit], message: str, at: datetime | None = None) -> list[Notice]:
    """The report compiler urges chosen units: their heads and One-Stop clerks are told, and it is logged."""
    if not can_remind_units(actor):
        raise PermissionDenied("Bạn không có quyền gửi đôn đốc.")
    if not units:
        raise ValidationError("Chưa chọn đơn vị nào để đôn đốc.")
    text = clean_message(message)
    at = at or timezone.now()
    batch = uuid.uuid4().hex[:12]
    first_line = text.splitlines()[0]
    subject = f"Đôn đốc: {first_line[:150]}{'…' if len(first_line) > 150 else ''}"
    sender = f"{actor}" + (f" ({actor.unit})" if actor.unit_id else "")
    given: list[Notice] = []
    people = User.objects.filter(
        unit__in=units, is_active=True, role__in=[Role.UNIT_HEAD, Role.CLERK]
    ).select_related("unit")
    for person in people.order_by("unit__code", "role", "username"):
        notice = notify(
            recipient_user=person,
            kind=Condition.MANUAL,
            subject=subject,
            body=f"{sender} đôn đốc {person.unit}:\n\n{text}",
            link=reverse("notice-list"),
            fact_key=f"manual:{batch}",
            unit=person.unit,
            by=actor.get_username(),
            at=at,
        )
        if notice is not None:
            given.append(notice)
    return given


def recipients_of(*, tokens: list[str], unit: Unit | None, handler: User | None = None) -> list[User]:
    """The active users a rule's recipient tokens name for ``unit`` (and the dossier's ``handler``)."""
    from cchc.notices.models import DISTRICT_RECIPIENTS, UNIT_RECIPIENTS

    wanted = Q(pk__in=[])
    unit_roles = [t for t in tokens if t in UNIT_RECIPIENTS]
    if unit is not None and unit_roles:
        wanted |= Q(unit=unit, role__in=unit_roles)
    district_roles = [t for t in tokens if t in DISTRICT_RECIPIENTS]
    if district_roles:
        wanted |= Q(role__in=district_roles)
    if handler is not None and "handler" in tokens:
        wanted |= Q(pk=handler.pk)
    return list(User.objects.filter(wanted, is_active=True).select_related("unit").order_by("username"))
