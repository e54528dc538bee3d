"""Deterministic demo dossiers for every Ý Yên unit: months of realistic-looking One-Stop Shop work.

Volumes differ by unit; channels, online levels, payment, digitisation and e-results vary by unit (so some
units meet the notice's targets and some do not); a few dossiers are late, a few stay open past their
appointment, some wait for a supplement, some are refused or withdrawn. Written with bulk inserts (the audit
trail gets one summary entry), appointments computed by the deadline engine, each dossier with the steps
that led it to its state (receipt, handover, result, return…).
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from cchc.audit.models import AuditEntry
from cchc.core.calendar import VN_TZ, WorkCalendar, appointment, rules_for
from cchc.core.lifecycle import Action, State
from cchc.core.text import fold
from cchc.dossiers.models import Channel, DailyCounter, Dossier, DossierEvent, SupplementPause
from cchc.procedures.models import Procedure
from cchc.reports.figures import forget as forget_figures
from cchc.units.models import Unit, UnitKind
from cchc.workcalendar.selectors import calendar_for

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đỗ",
    "Bùi",
    "Đinh",
    "Trịnh",
    "Mai",
    "Ngô",
    "Phan",
    "Đặng",
]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Kim"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Tùng",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Thảo",
    "Trang",
    "Yến",
]
HAMLETS = ["Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Xóm 1", "Xóm 2", "Xóm 3", "Tổ dân phố 4"]
BATCH = 5000


@dataclass(frozen=True)
class Profile:
    """How a unit works: its volume and how digital it is (0 = paper, 1 = everything online)."""

    weight: float
    digital: float


def _profiles(units: list[Unit], rng: random.Random) -> dict[int, Profile]:
    profiles = {}
    for unit in units:
        weight = rng.uniform(0.5, 2.0) if unit.is_commune_level else rng.uniform(0.3, 1.5)
        profiles[unit.pk] = Profile(weight=weight, digital=rng.uniform(0.45, 1.0))
    return profiles


def _applicant(rng: random.Random, unit: Unit) -> tuple[str, str, str, str]:
    female = rng.random() < 0.5
    name = " ".join(
        [
            rng.choice(FAMILY),
            rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
            rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
        ]
    )
    born = rng.randrange(1950, 2004)
    century = (2 if born < 2000 else 4) + (1 if female else 0)
    id_number = f"036{century}{born % 100:02d}{rng.randrange(10**6):06d}"
    phone = f"09{rng.randrange(10**8):08d}"
    address = f"{rng.choice(HAMLETS)}, {unit.name}"
    return name, id_number, phone, address


def _received(rng: random.Random, day: date, online: bool) -> datetime:
    if online and rng.random() < 0.3:
        minute = rng.randrange(0, 24 * 60)
    else:
        minute = rng.choice([rng.randrange(7 * 60 + 30, 11 * 60 + 30), rng.randrange(13 * 60 + 30, 17 * 60)])
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=VN_TZ)


def generate(
    *, count: int, start: date, end: date, seed: int = 2022, now: datetime, units: list[Unit] | None = None
) -> int:
    """Insert ``count`` dossiers received between ``start`` and ``end``; returns how many were written.

    ``units``: the units that receive them; by default every commune, town, ward and office that exists
    from ``start`` to ``end`` (a unit never receives outside its validity).
    """
    rng = random.Random(seed)
    if units is None:
        receiving = [UnitKind.COMMUNE, UnitKind.TOWN, UnitKind.WARD, UnitKind.OFFICE]
        units = list(Unit.objects.filter(kind__in=receiving).valid_on(start).valid_on(end).order_by("code"))
    procedures = {unit.pk: list(Procedure.objects.handled_by(unit)) for unit in units}
    units = [u for u in units if procedures[u.pk]]
    if not units:
        return 0
    profiles = _profiles(units, rng)
    calendars: dict[int, WorkCalendar] = {u.pk: calendar_for(u) for u in units}
    national = calendar_for(None)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    working_days = [d for d in days if national.is_working_day(d)] or days
    weights = [profiles[u.pk].weight for u in units]
    sequences: dict[tuple[int, date], int] = defaultdict(int)
    written = 0
    with transaction.atomic():
        pending: list[Dossier] = []
        for _ in range(count):
            unit = rng.choices(units, weights)[0]
            pending.append(
                _one(
                    rng,
                    unit,
                    procedures[unit.pk],
                    profiles[unit.pk],
                    calendars[unit.pk],
                    working_days,
                    sequences,
                    now,
                )
            )
            if len(pending) >= BATCH:
                written += _flush(pending, rng, now, calendars)
                pending = []
        written += _flush(pending, rng, now, calendars)
        DailyCounter.objects.bulk_create(
            [DailyCounter(unit_id=u, day=d, last=n) for (u, d), n in sequences.items()],
            update_conflicts=True,
            unique_fields=["unit", "day"],
            update_fields=["last"],
        )
        AuditEntry.objects.create(
            actor_label="lệnh demo",
            action="create",
            model="dossiers.Dossier",
            object_pk="*",
            object_repr=f"{written} hồ sơ mẫu ({start:%d/%m/%Y}–{end:%d/%m/%Y})",
            changes={"count": written},
        )
    forget_figures()
    return written


def _one(rng, unit, procedures, profile, calendar, days, sequences, now) -> Dossier:
    procedure = rng.choice(procedures)
    online = procedure.online_level >= 3 and rng.random() < profile.digital * (
        1.0 if procedure.online_level == 4 else 0.8
    )
    day = rng.choice(days)
    received_at = min(_received(rng, day, online), now)  # nothing received later than the run
    due_at = appointment(calendar, received_at, procedure.time_limit)
    sequences[(unit.pk, day)] += 1
    code = rules_for(received_at).dossier_code(
        agency=unit.agency_id or unit.code,
        day=day,
        sequence=sequences[(unit.pk, day)],
        system=procedure.centralised_system,
    )
    name, id_number, phone, address = _applicant(rng, unit)
    dossier = Dossier(
        code=code,
        unit=unit,
        procedure=procedure,
        online_level=procedure.online_level,
        interagency=procedure.interagency,
        fee=procedure.fee,
        applicant_name=name,
        applicant_id_number=id_number,
        applicant_phone=phone,
        applicant_address=address,
        channel=Channel.ONLINE if online else (Channel.POSTAL if rng.random() < 0.02 else Channel.IN_PERSON),
        received_at=received_at,
        due_at=due_at,
        source="counter",
        recorded_at=received_at,
        paid_online=procedure.fee > 0 and rng.random() < profile.digital * (0.9 if online else 0.4),
        digitised=rng.random() < profile.digital * 0.95,
        national_account=procedure.online_level == 2 and rng.random() < profile.digital,
        portal_synced=rng.random() < 0.9 + profile.digital * 0.1,
    )
    printed = min(calendar.effective_receipt(received_at + timedelta(minutes=2)), now)
    if rng.random() < 0.9 + profile.digital * 0.1:
        dossier.receipt_printed_at = printed
    if rng.random() < 0.8 + profile.digital * 0.2:
        dossier.control_printed_at = printed
    fate = rng.random()
    if fate < 0.01:
        refused = calendar.effective_receipt(received_at + timedelta(minutes=10))
        dossier.state, dossier.closed_at = "refused", min(refused, now)
        dossier.receipt_printed_at = dossier.control_printed_at = None  # refused: Mẫu 03, not these
    elif fate < 0.015:
        withdrawn = calendar.effective_receipt(received_at + timedelta(days=1))
        dossier.state, dossier.closed_at = "withdrawn", min(withdrawn, now)
    elif fate < 0.03 or due_at > now:
        dossier.state = "in_progress" if rng.random() < 0.8 else "supplement_requested"
        dossier.supplement_count = 1 if dossier.state == "supplement_requested" else 0
    else:
        late = rng.random() < 0.06 * (1.5 - profile.digital)
        span = max(due_at - received_at, timedelta(hours=1))
        if late:
            result_at = calendar.effective_receipt(due_at + timedelta(hours=rng.randrange(1, 72)))
        else:  # within office hours, and never past the appointment (itself a working moment)
            result_at = min(calendar.effective_receipt(received_at + span * rng.uniform(0.2, 0.98)), due_at)
        dossier.result_at = min(result_at, now)
        dossier.result_digitised = rng.random() < profile.digital * 0.9
        if rng.random() < 0.97:
            dossier.state = "returned"
            collected = calendar.effective_receipt(dossier.result_at + timedelta(hours=rng.randrange(0, 48)))
            dossier.returned_at = min(collected, now)
            dossier.e_result = rng.random() < profile.digital * (1.0 if online else 0.7)
        else:
            dossier.state = "result_ready"
    dossier.search_text = ""
    return dossier


def _flush(
    dossiers: list[Dossier], rng: random.Random, now: datetime, calendars: dict[int, WorkCalendar]
) -> int:
    """Bulk insert the dossiers, then their steps (the timeline and the control slip, Mẫu 05)."""
    for dossier in dossiers:
        dossier.search_text = fold(f"{dossier.code} {dossier.applicant_name} {dossier.applicant_id_number}")
    created = Dossier.objects.bulk_create(dossiers, batch_size=2000)
    events = [e for d in created for e in steps(d, rng, now, calendars[d.unit_id])]
    DossierEvent.objects.bulk_create(events, batch_size=5000)
    SupplementPause.objects.bulk_create(
        (
            SupplementPause(dossier=e.dossier, started_at=e.at, due_before=e.dossier.due_at)
            for e in events
            if e.action == Action.REQUEST_SUPPLEMENT
        ),
        batch_size=5000,
    )
    return len(created)


def steps(dossier: Dossier, rng: random.Random, now: datetime, calendar: WorkCalendar) -> list[DossierEvent]:
    """The steps that lead a demo dossier to its state, in order, each allowed by ``core.lifecycle``, in the
    unit's office hours and none after ``now``."""

    def event(action: Action, at: datetime, before: str, after: str, to: str = "") -> DossierEvent:
        return DossierEvent(
            dossier=dossier,
            action=action,
            at=min(at, now),
            from_state=before,
            to_state=after,
            recipient_label=to,
            due_at=dossier.due_at,
        )

    received = dossier.received_at
    found = [event(Action.RECEIVE, received, "", State.RECEIVED, "Bộ phận Một cửa")]
    if dossier.state == State.REFUSED:
        return [*found, event(Action.REFUSE, dossier.closed_at, State.RECEIVED, State.REFUSED)]
    handled = calendar.effective_receipt(received + timedelta(minutes=rng.randrange(10, 120)))
    if dossier.result_at is not None:
        handled = min(handled, dossier.result_at)
    found.append(
        event(
            Action.HAND_OVER,
            handled,
            State.RECEIVED,
            State.IN_PROGRESS,
            f"Công chức {dossier.procedure.field}",
        )
    )
    if dossier.state == State.WITHDRAWN:
        found.append(event(Action.WITHDRAW, dossier.closed_at, State.IN_PROGRESS, State.WITHDRAWN))
    elif dossier.state == State.SUPPLEMENT_REQUESTED:
        asked = calendar.effective_receipt(handled + timedelta(hours=rng.randrange(1, 24)))
        found.append(event(Action.REQUEST_SUPPLEMENT, asked, State.IN_PROGRESS, State.SUPPLEMENT_REQUESTED))
    elif dossier.result_at is not None:
        found.append(event(Action.RECORD_RESULT, dossier.result_at, State.IN_PROGRESS, State.RESULT_READY))
        if dossier.state == State.RETURNED:
            found.append(event(Action.RETURN_RESULT, dossier.returned_at, State.RESULT_READY, State.RETURNED))
    return found
