"""What a citizen may read of a dossier, and what a unit head reads of the ratings.

The public status holds only what the citizen needs to follow the dossier: never the applicant's name, ID
number, address, phone or e-mail (the page is open to whoever holds the receipt's QR code).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.accounts.scoping import scoped
from cchc.core.lifecycle import State
from cchc.dossiers import documents
from cchc.dossiers.models import Dossier
from cchc.public.links import token_matches
from cchc.public.models import Rating, Score

ENDED_STATES = (State.RETURNED, State.REFUSED, State.STOPPED, State.WITHDRAWN)


def _steps() -> dict[str, str]:
    """The current step in plain words (translated when shown)."""
    return {
        State.RECEIVED: _("Hồ sơ đã được tiếp nhận, đang chờ chuyển đến cán bộ giải quyết."),
        State.IN_PROGRESS: _("Hồ sơ đang được giải quyết."),
        State.SUPPLEMENT_REQUESTED: _(
            "Hồ sơ cần bổ sung. Xin ông/bà bổ sung theo yêu cầu dưới đây; thời gian chờ bổ sung không tính vào "
            "thời hạn giải quyết."
        ),
        State.RESULT_READY: _("Đã có kết quả. Mời ông/bà đến nhận kết quả."),
        State.RETURNED: _("Đã trả kết quả."),
        State.REFUSED: _("Hồ sơ không được tiếp nhận giải quyết."),
        State.STOPPED: _("Hồ sơ đã dừng giải quyết."),
        State.WITHDRAWN: _("Hồ sơ đã được rút theo đề nghị của người nộp."),
    }


@dataclass(frozen=True)
class PublicStatus:
    code: str
    procedure: str
    unit: str
    unit_phone: str
    state: str
    step: str
    received_at: datetime
    due_at: datetime
    new_due_at: datetime | None  # the apology letter's new date, when there is one
    result_at: datetime | None
    returned_at: datetime | None
    supplement: str  # what the citizen was asked to bring, while the dossier waits for it
    collect_place: str
    rating: str  # the score given, or ""

    @property
    def can_rate(self) -> bool:
        return self.state == State.RETURNED and not self.rating


def _ended_at(dossier: Dossier) -> datetime | None:
    if dossier.state == State.RETURNED:
        return dossier.returned_at or dossier.result_at or dossier.received_at
    if dossier.state in ENDED_STATES:
        return dossier.closed_at or dossier.received_at
    return None


def _visible(dossier: Dossier, now: datetime) -> bool:
    ended = _ended_at(dossier)
    return ended is None or now - ended <= settings.PUBLIC_STATUS_AFTER_END


def dossier_for_status(*, code: str, token: str, now: datetime | None = None) -> Dossier | None:
    """The dossier of ``code`` if ``token`` is its own and its page still answers; None in every other case.

    The token is checked before the database is asked, so a guessed code learns nothing, not even its time.
    """
    if not token_matches(code, token):
        return None
    dossier = Dossier.objects.select_related("unit", "procedure").filter(code=code).first()
    if dossier is None or not _visible(dossier, now or timezone.now()):
        return None
    return dossier


def public_status(dossier: Dossier) -> PublicStatus:
    supplement = ""
    if dossier.state == State.SUPPLEMENT_REQUESTED:
        request = dossier.events.filter(action="request_supplement").order_by("-at", "-id").first()
        supplement = request.note if request else ""
    rating = Rating.objects.filter(dossier=dossier).values_list("score", flat=True).first()
    return PublicStatus(
        code=dossier.code,
        procedure=dossier.procedure.name,
        unit=dossier.unit.name,
        unit_phone=dossier.unit.phone,
        state=dossier.state,
        step=_steps()[dossier.state],
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        new_due_at=dossier.apology_due_at,
        result_at=dossier.result_at,
        returned_at=dossier.returned_at,
        supplement=supplement,
        collect_place=documents.context(dossier, "mau01")["return_place"],  # as the receipt names it
        rating=Score(rating).label if rating else "",
    )


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def dossier_for_lookup(*, code: str, phone_end: str, now: datetime | None = None) -> Dossier | None:
    """The dossier of ``code`` whose applicant's phone ends with the four digits ``phone_end``, or None.

    A dossier without a phone cannot be looked up this way (its receipt's QR code still opens it).
    """
    if not code or len(phone_end) != 4 or not phone_end.isdigit():
        return None
    dossier = (
        Dossier.objects.select_related("unit", "procedure").filter(code__in={code, code.upper()}).first()
    )
    if dossier is None or not _visible(dossier, now or timezone.now()):
        return None
    phone = _digits(dossier.applicant_phone)
    if len(phone) < 4 or not constant_time_compare(phone[-4:], phone_end):
        return None
    return dossier


def dissatisfied(*, user: User, start: datetime, end: datetime) -> QuerySet[Rating]:
    """The "not satisfied" ratings given in [start, end) on the dossiers of the units ``user`` sees."""
    return (
        scoped(Rating.objects.select_related("dossier__unit", "dossier__procedure"), user, "dossier__unit")
        .filter(score=Score.NOT_SATISFIED, at__gte=start, at__lt=end)
        .order_by("-at", "-id")
    )
