"""Writes to dossiers: receiving one and every step of its life. The only door to change a dossier.

Every function takes the acting user, checks his scope (``ensure_can_change``) and his role against the
state machine (``cchc.core.lifecycle``), runs in one transaction on a row locked for update, records the
step as a ``DossierEvent`` (the rows of the process control slip) and leaves the audit trail (model signals).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from cchc.accounts.models import User
from cchc.accounts.scoping import ensure_can_change
from cchc.audit.trail import acting_as
from cchc.core.calendar import VN_TZ, CalendarError, after_pause, appointment, check_day, local, rules_for
from cchc.core.lifecycle import NOT_COUNTED_STATES, STATE_LABELS, Action, State, TransitionError, next_state
from cchc.core.text import clean
from cchc.dossiers.models import (
    Channel,
    DailyCounter,
    Dossier,
    DossierComponent,
    DossierEvent,
    RegistrationToken,
    SupplementPause,
)
from cchc.procedures.models import Procedure
from cchc.units.models import COMMUNE_LEVEL_KINDS, Unit
from cchc.workcalendar.selectors import calendar_for

# CCCD: 12 digits; old CMND: 9 digits; passport: one letter and 7 digits.
ID_NUMBER = re.compile(r"^(\d{12}|\d{9}|[A-Z]\d{7})$")
PHONE = re.compile(r"^(\+84|0)\d{9,10}$")
RECEIVING_ROLES = frozenset({"admin", "unit_head", "clerk"})
PRINTING_ROLES = frozenset({"unit_head", "clerk", "officer"})


@dataclass(frozen=True)
class ComponentInput:
    name: str
    originals: int = 1
    copies: int = 0


def _now() -> datetime:
    return timezone.now()


def next_dossier_code(*, unit: Unit, day: date, system: str = "") -> str:
    """The next code of ``unit`` for ``day``: one atomic upsert, safe with concurrent clerks; the pattern is the
    rule set's of that day (``cchc.core.calendar.RuleSet.dossier_code``)."""
    table = DailyCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (unit_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [unit.pk, day.isoformat()],
        )
        (sequence,) = cursor.fetchone()
    rules = rules_for(datetime.combine(day, time(12), tzinfo=VN_TZ))
    return rules.dossier_code(agency=unit.agency_id or unit.code, day=day, sequence=sequence, system=system)


def deciding_units(*, unit: Unit, on: date):
    """The units a counter of ``unit`` may receive dossiers for on ``on``: its own, and under the 2025 rules
    every commune and ward of its province valid that day (reception regardless of administrative boundary)."""
    if not rules_for(datetime.combine(on, time(12), tzinfo=VN_TZ)).reception_anywhere:
        return Unit.objects.filter(pk=unit.pk)
    top = unit.top()
    if top.kind != "province":
        return Unit.objects.filter(pk=unit.pk)
    return Unit.objects.valid_on(on).filter(Q(pk=unit.pk) | Q(parent=top, kind__in=COMMUNE_LEVEL_KINDS))


def _validate_applicant(
    *, applicant_name: str, applicant_id_number: str, applicant_phone: str, applicant_email: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not applicant_name:
        errors["applicant_name"] = "Chưa nhập họ và tên người nộp hồ sơ."
    if applicant_id_number and not ID_NUMBER.match(applicant_id_number):
        errors["applicant_id_number"] = (
            "Số giấy tờ không đúng: CCCD có 12 chữ số, CMND 9 chữ số, hộ chiếu 1 chữ cái và 7 chữ số."
        )
    if applicant_phone and not PHONE.match(applicant_phone.replace(" ", "").replace(".", "")):
        errors["applicant_phone"] = "Số điện thoại không đúng (10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84)."
    if applicant_email:
        try:
            validate_email(applicant_email)
        except ValidationError:
            errors["applicant_email"] = "Địa chỉ email không đúng."
    return errors


class AlreadyRegistered(Exception):
    """The registration form's token was used before: the dossier it registered is ``code``."""

    def __init__(self, code: str) -> None:
        super().__init__(f"Hồ sơ của phiếu này đã được tiếp nhận: {code}.")
        self.code = code


REGISTRATION_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _claim_token(token: str, unit: Unit) -> RegistrationToken:
    """Take the form's one-time token inside the caller's transaction, or raise ``AlreadyRegistered``.

    The unique insert is the lock: a second POST with the same token waits for the first to commit, then
    fails and finds the dossier the first one registered.
    """
    try:
        with transaction.atomic():
            return RegistrationToken.objects.create(token=token, unit=unit)
    except IntegrityError:
        used = RegistrationToken.objects.filter(token=token, unit=unit).exclude(dossier_code="").first()
        if used is None:
            raise ValidationError(
                {NON_FIELD_ERRORS: "Phiếu tiếp nhận này đã được dùng; hãy mở lại trang tiếp nhận hồ sơ."}
            ) from None
        raise AlreadyRegistered(used.dossier_code) from None


def dossier_receive(
    *,
    actor: User,
    unit: Unit,
    procedure: Procedure | None,
    applicant_name: str,
    applicant_id_number: str = "",
    applicant_address: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    request: str = "",
    channel: str = Channel.IN_PERSON,
    received_at: datetime | None = None,
    components: list[ComponentInput] | None = None,
    sets: int = 1,
    paid_online: bool = False,
    digitised: bool = False,
    national_account: bool = False,
    portal_synced: bool = False,
    portal_code: str = "",
    receiving_unit: Unit | None = None,
    registration_token: str = "",
) -> Dossier:
    """Register a dossier at the counter; its appointment comes from the deadline engine.

    ``unit`` decides the dossier; ``receiving_unit`` (default: the same) is the counter that received it. Under
    the 2025 rules a centre receives for any unit of its province, regardless of administrative boundary: the
    dossier then counts in the deciding unit's figures, takes its code from the receiving agency, and both
    units' staff see it.

    ``registration_token`` is the registration form's one-time token: a second call with it registers
    nothing and raises ``AlreadyRegistered`` with the code of the dossier the first call registered.
    """
    receiving = receiving_unit or unit
    ensure_can_change(actor, receiving)
    if actor.role not in RECEIVING_ROLES and not actor.is_superuser:
        raise TransitionError("Vai trò của bạn không được tiếp nhận hồ sơ.")
    now = _now()
    received_at = received_at or now
    applicant_name, applicant_address = clean(applicant_name), clean(applicant_address)
    request = clean(request, lines=True)
    applicant_id_number = applicant_id_number.strip().upper()
    errors = _validate_applicant(
        applicant_name=applicant_name,
        applicant_id_number=applicant_id_number,
        applicant_phone=applicant_phone.strip(),
        applicant_email=applicant_email.strip(),
    )
    if procedure is None:
        errors["procedure"] = "Chưa chọn thủ tục."
    elif not Procedure.objects.handled_by(unit).filter(pk=procedure.pk).exists():
        errors["procedure"] = f"Thủ tục {procedure.code} không thuộc thẩm quyền tiếp nhận của {unit.name}."
    if received_at > now:
        errors["received_at"] = "Thời điểm tiếp nhận không được ở tương lai."
    else:
        try:
            check_day(local(received_at).date(), "Thời điểm tiếp nhận")
        except CalendarError as exc:
            errors["received_at"] = str(exc)
        else:
            if refusal := unit.refusal_on(local(received_at).date()) or receiving.refusal_on(
                local(received_at).date()
            ):
                errors["received_at"] = refusal
    if receiving != unit:
        rules = rules_for(received_at)
        if not rules.reception_anywhere:
            errors["unit"] = (
                f"Hồ sơ nhận trước 01/07/2025 ({rules.legal_source.split(';')[0]}) chỉ do chính đơn vị "
                "giải quyết tiếp nhận."
            )
        elif unit.top().pk != receiving.top().pk:
            errors["unit"] = f"{unit.name} không cùng tỉnh với {receiving.name}: không tiếp nhận hộ được."
    if registration_token and not REGISTRATION_TOKEN.match(registration_token):
        errors[NON_FIELD_ERRORS] = "Mã phiếu tiếp nhận không hợp lệ; hãy mở lại trang tiếp nhận hồ sơ."
    if channel not in Channel.values:
        errors["channel"] = "Hình thức nộp không hợp lệ."
    if not 1 <= sets <= 99:
        errors["sets"] = "Số bộ hồ sơ phải từ 1 đến 99."
    if errors:
        raise ValidationError(errors)

    try:
        due_at = appointment(calendar_for(unit), received_at, procedure.time_limit)
    except CalendarError as exc:
        raise ValidationError({"received_at": str(exc)}) from exc
    with transaction.atomic():
        claimed = _claim_token(registration_token, receiving) if registration_token else None
        dossier = Dossier.objects.create(
            code=next_dossier_code(
                unit=receiving, day=local(received_at).date(), system=procedure.centralised_system
            ),
            unit=unit,
            receiving_unit=None if receiving == unit else receiving,
            procedure=procedure,
            online_level=procedure.online_level,
            interagency=procedure.interagency,
            fee=procedure.fee,
            applicant_name=applicant_name,
            applicant_id_number=applicant_id_number,
            applicant_address=applicant_address,
            applicant_phone=applicant_phone.strip(),
            applicant_email=applicant_email.strip(),
            request=request,
            channel=channel,
            sets=sets,
            received_at=received_at,
            due_at=due_at,
            paid_online=paid_online and procedure.fee > 0,
            digitised=digitised and (channel != Channel.ONLINE or rules_for(received_at).digitise_online),
            national_account=national_account,
            portal_synced=portal_synced,
            portal_code=portal_code.strip(),
            created_by=actor,
        )
        papers = (
            components
            if components is not None
            else [ComponentInput(c.name, c.originals, c.copies) for c in procedure.components.all()]
        )
        DossierComponent.objects.bulk_create(
            DossierComponent(dossier=dossier, position=i, name=c.name, originals=c.originals, copies=c.copies)
            for i, c in enumerate(papers, start=1)
        )
        DossierEvent.objects.create(
            dossier=dossier,
            action=Action.RECEIVE,
            at=received_at,
            actor=actor,
            to_state=State.RECEIVED,
            recipient_label="Bộ phận Một cửa",
            due_at=dossier.due_at,
        )
        if claimed is not None:
            claimed.dossier_code = dossier.code
            claimed.save(update_fields=["dossier_code"])
    return dossier


def _step(
    *,
    actor: User,
    dossier: Dossier,
    action: Action,
    at: datetime | None,
    note: str = "",
    recipient: User | None = None,
    recipient_label: str = "",
    changes: dict | None = None,
    then: Callable[[Dossier, datetime], None] | None = None,
) -> Dossier:
    """Apply one action to a locked, fresh copy of the dossier; refuse it whole if anything is wrong.

    ``then`` runs in the same transaction after the change, with the locked dossier and the step's moment.
    """
    ensure_can_change(actor, dossier.unit)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        role = "admin" if actor.is_superuser else actor.role
        previous = locked.state
        target = next_state(action, State(previous), role)
        at = at or _now()
        last = locked.events.order_by("-at").values_list("at", flat=True).first()
        if at > _now():
            raise ValidationError({"at": "Thời điểm không được ở tương lai."})
        if last is not None and at < last:
            raise ValidationError({"at": "Thời điểm không được trước bước xử lý trước đó."})
        fields = {"state": target, **(changes or {})}
        if recipient is not None:
            fields["handler"] = recipient
        for field, value in fields.items():
            setattr(locked, field, value(locked, at) if callable(value) else value)
        locked.save(update_fields=list(fields))
        DossierEvent.objects.create(
            dossier=locked,
            action=action,
            at=at,
            actor=actor,
            from_state=previous,
            to_state=target,
            recipient=recipient,
            recipient_label=recipient_label or (str(recipient) if recipient else ""),
            due_at=locked.due_at,
            note=clean(note, lines=True),
        )
        if then is not None:
            then(locked, at)
    return locked


def dossier_hand_over(
    *,
    actor: User,
    dossier: Dossier,
    recipient: User | None = None,
    agency: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Dossier:
    """Hand the dossier to a handling officer of the unit, or to another agency (liên thông)."""
    if recipient is None and not agency.strip():
        raise ValidationError({"recipient": "Chọn người nhận hoặc ghi tên cơ quan nhận hồ sơ."})
    if recipient is not None and (recipient.unit_id != dossier.unit_id or not recipient.is_active):
        raise ValidationError({"recipient": "Người nhận phải là cán bộ đang làm việc của đơn vị."})
    return _step(
        actor=actor,
        dossier=dossier,
        action=Action.HAND_OVER,
        at=at,
        note=note,
        recipient=recipient,
        recipient_label=clean(agency),
    )


def dossier_request_supplement(
    *, actor: User, dossier: Dossier, reason: str, at: datetime | None = None
) -> Dossier:
    if not reason.strip():
        raise ValidationError({"reason": "Ghi rõ nội dung cần bổ sung, hoàn thiện."})
    return _step(
        actor=actor,
        dossier=dossier,
        action=Action.REQUEST_SUPPLEMENT,
        at=at,
        note=reason,
        changes={"supplement_count": lambda d, _: d.supplement_count + 1},
        then=lambda locked, when: SupplementPause.objects.create(
            dossier=locked, started_at=when, due_before=locked.due_at
        ),
    )


def dossier_receive_supplement(*, actor: User, dossier: Dossier, at: datetime | None = None) -> Dossier:
    """The supplement arrived: the pause ends and the appointment moves by the office time the dossier waited
    (rule 7). A pause of unknown start (an imported dossier) leaves the appointment where it is."""
    calendar = calendar_for(dossier.unit)

    def pause(locked: Dossier) -> SupplementPause | None:
        return locked.pauses.filter(ended_at__isnull=True).order_by("-id").first()

    def moved(locked: Dossier, when: datetime) -> datetime:
        current = pause(locked)
        if current is None or current.started_at is None:
            return locked.due_at
        return after_pause(calendar, locked.due_at, current.started_at, when)

    def end_pause(locked: Dossier, when: datetime) -> None:
        current = pause(locked)
        if current is not None:
            current.ended_at, current.due_after = when, locked.due_at
            current.save(update_fields=["ended_at", "due_after"])

    return _step(
        actor=actor,
        dossier=dossier,
        action=Action.RECEIVE_SUPPLEMENT,
        at=at,
        changes={"due_at": moved},
        then=end_pause,
    )


def dossier_apologise(
    *, actor: User, dossier: Dossier, reason: str, new_due_at: datetime, at: datetime | None = None
) -> Dossier:
    """Mẫu 04: apologise for the delay and promise a new date, later than the appointment, which does not move
    (the dossier stays late against it). Under the 2025 rules (``RuleSet``) the letter comes at least one
    working day before the appointment and the new date is set only once."""
    if not reason.strip():
        raise ValidationError({"reason": "Ghi rõ lý do chậm trả kết quả."})
    moment = at or _now()
    if new_due_at <= moment:
        raise ValidationError({"new_due_at": "Ngày hẹn lại phải sau thời điểm hiện tại."})
    if new_due_at <= dossier.due_at:
        raise ValidationError(
            {"new_due_at": f"Ngày hẹn lại phải sau ngày hẹn trả {local(dossier.due_at):%H:%M %d/%m/%Y}."}
        )
    rules = rules_for(dossier.received_at)
    if rules.apology_once and dossier.apologised_at is not None:
        raise ValidationError(
            {
                "new_due_at": "Hồ sơ đã được hẹn lại một lần "
                f"(đến {local(dossier.apology_due_at):%H:%M %d/%m/%Y}); theo {rules.legal_source.split(' (')[0]}, "
                "ngày hẹn mới chỉ được đặt một lần."
            }
        )
    if rules.apology_lead_working_days:
        calendar = calendar_for(dossier.unit)
        latest = calendar.add_working_days(local(moment).date(), rules.apology_lead_working_days)
        if latest > local(dossier.due_at).date():
            raise ValidationError(
                {
                    "at": f"Văn bản xin lỗi và đề nghị gia hạn phải lập trước ngày hẹn trả "
                    f"({local(dossier.due_at):%d/%m/%Y}) ít nhất {rules.apology_lead_working_days} ngày làm việc."
                }
            )
    return _step(
        actor=actor,
        dossier=dossier,
        action=Action.APOLOGISE,
        at=at,
        note=reason,
        changes={"apology_due_at": new_due_at, "apologised_at": lambda _, when: when},
    )


def dossier_record_result(
    *,
    actor: User,
    dossier: Dossier,
    result_digitised: bool = False,
    note: str = "",
    at: datetime | None = None,
) -> Dossier:
    return _step(
        actor=actor,
        dossier=dossier,
        action=Action.RECORD_RESULT,
        at=at,
        note=note,
        changes={"result_at": lambda _, when: when, "result_digitised": result_digitised},
    )


def dossier_return_result(
    *, actor: User, dossier: Dossier, electronic: bool = False, note: str = "", at: datetime | None = None
) -> Dossier:
    return _step(
        actor=actor,
        dossier=dossier,
        action=Action.RETURN_RESULT,
        at=at,
        note=note,
        changes={"returned_at": lambda _, when: when, "e_result": electronic},
    )


def _closing(action: Action):
    def close(*, actor: User, dossier: Dossier, reason: str, at: datetime | None = None) -> Dossier:
        if not reason.strip():
            raise ValidationError({"reason": "Ghi rõ lý do."})
        return _step(
            actor=actor,
            dossier=dossier,
            action=action,
            at=at,
            note=reason,
            changes={"closed_at": lambda _, when: when},
        )

    return close


dossier_refuse = _closing(Action.REFUSE)
dossier_stop = _closing(Action.STOP)
dossier_withdraw = _closing(Action.WITHDRAW)


PRINTED_FIELDS = {"mau01": "receipt_printed_at", "mau05": "control_printed_at"}


def note_printed(*, user: User, dossier: Dossier, form: str) -> None:
    """Remember the first time the receipt slip (Mẫu 01) or the control slip (Mẫu 05) was printed.

    Only the staff of the dossier's own units (the unit that decides it and the centre that received it: their
    clerks, officers and heads) print it for the dossier; a leader, a district-wide role or a system
    administrator opening the slip to look at it does not count. Printing again keeps the first time.
    """
    field = PRINTED_FIELDS.get(form)
    own_staff = (
        user.is_active
        and not user.is_superuser
        and user.role in PRINTING_ROLES
        and user.unit_id in (dossier.unit_id, dossier.receiving_unit_id)
    )
    if field is None or not own_staff:
        return
    Dossier.objects.filter(pk=dossier.pk, **{f"{field}__isnull": True}).update(**{field: _now()})


FACTS = ("digitised", "paid_online", "national_account", "portal_synced", "result_digitised", "e_result")


def inapplicable_facts(dossier: Dossier) -> dict[str, str]:
    """The measured facts that do not apply to ``dossier``, each with the reason, in Vietnamese."""
    reasons = {}
    if not dossier.fee:
        reasons["paid_online"] = "Thủ tục này không thu phí, lệ phí: không có thanh toán trực tuyến."
    if dossier.online_level != 2:
        reasons["national_account"] = "Chỉ hồ sơ của thủ tục mức độ 2 mới cần tạo tài khoản DVC quốc gia."
    if dossier.result_at is None:
        reasons["result_digitised"] = reasons["e_result"] = "Hồ sơ chưa có kết quả."
    if dossier.channel == Channel.ONLINE and not rules_for(dossier.received_at).digitise_online:
        reasons["digitised"] = (
            "Hồ sơ nộp trực tuyến đã là hồ sơ điện tử: không phải số hóa (Thông tư 03/2025/TT-VPCP, Điều 5)."
        )
    return reasons


def dossier_update_facts(
    *, actor: User, dossier: Dossier, portal_code: str | None = None, **facts: bool
) -> Dossier:
    """Correct or complete the facts the notice measures after receipt: components digitised later in the day,
    the fee paid online, the citizen's national account, the dossier entered on the provincial portal (and its
    code there), the result digitised or returned electronically.

    Only the unit's own users, and not for a dossier refused at intake or withdrawn (it is counted nowhere).
    A fact that does not apply (online payment without a fee, a national account outside level 2, result
    facts before a result) is refused with the reason. Only the changed fields are saved, so the audit trail
    shows exactly what was corrected, by whom and when.
    """
    unknown = set(facts) - set(FACTS)
    if unknown:
        raise ValueError(f"unknown facts: {sorted(unknown)}")
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        ensure_can_change(actor, locked.unit)
        if locked.state in NOT_COUNTED_STATES:
            raise TransitionError(
                f"Hồ sơ đang ở trạng thái “{STATE_LABELS[State(locked.state)]}”: không cập nhật chỉ tiêu."
            )
        errors = {name: why for name, why in inapplicable_facts(locked).items() if facts.get(name)}
        if portal_code is not None and len(portal_code.strip()) > 64:
            errors["portal_code"] = "Mã hồ sơ trên Cổng DVC tỉnh dài tối đa 64 ký tự."
        if errors:
            raise ValidationError(errors)
        changed = [name for name, value in facts.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, facts[name])
        if portal_code is not None and locked.portal_code != portal_code.strip():
            locked.portal_code = portal_code.strip()
            changed.append("portal_code")
        if changed:
            with acting_as(actor, actor.get_username()):
                locked.save(update_fields=changed)
    return locked
