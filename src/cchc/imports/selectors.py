"""Reads of the import history and the reconciliation with the portal, always scoped by the user who asks."""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_noop

from cchc.accounts.models import User
from cchc.accounts.scoping import district_wide_only, scoped, visible_units
from cchc.core.calendar import VN_TZ, local
from cchc.core.lifecycle import STATE_LABELS, State
from cchc.dossiers.models import Channel, Dossier, Source
from cchc.imports.models import ImportRun
from cchc.units import selectors as units_selectors
from cchc.units.models import Unit

SCREEN_LIMIT = 500


def import_history(*, user: User) -> QuerySet[ImportRun]:
    """Import runs hold every unit's rows: only the district-wide roles see them (``district_wide_only``)."""
    runs = district_wide_only(ImportRun.objects.select_related("actor", "unit"), user)
    return runs.order_by("-started_at", "-id")


def import_get(*, user: User, pk: int) -> ImportRun:
    try:
        return import_history(user=user).get(pk=pk)
    except ImportRun.DoesNotExist as exc:
        raise Http404("Không tìm thấy lần nhập này.") from exc


def import_progress(*, run: ImportRun) -> dict[str, Any] | None:
    """Rows read so far and the fraction of the file, while an import runs (written by the importer)."""
    if run.status != ImportRun.Status.RUNNING or not run.upload_file:
        return None
    try:
        return json.loads((Path(run.upload_file).parent / "progress.json").read_text())
    except (OSError, ValueError):
        return None


# A district reconciles its own dossiers and those of its offices and communes together.
RECONCILABLE_KINDS = ("district", "office", "commune", "town", "ward")


def reconcilable_units(*, user: User, on: date) -> QuerySet[Unit]:
    """The units ``user`` may reconcile that exist on ``on`` (the period's last day)."""
    return visible_units(user).valid_on(on).filter(kind__in=RECONCILABLE_KINDS).in_order()


def unit_get(*, user: User, code: str, on: date) -> Unit:
    return units_selectors.unit_get(user=user, code=code, on=on)


@dataclass(frozen=True)
class Difference:
    label: str
    register: str
    portal: str


@dataclass
class Disagreement:
    dossier: Dossier
    differences: list[Difference]


@dataclass
class Reconciliation:
    """A unit's dossiers of a period, register against portal export."""

    unit: Unit
    start: date
    end: date
    portal_only: list[Dossier] = field(default_factory=list)
    register_only: list[Dossier] = field(default_factory=list)
    disagreeing: list[Disagreement] = field(default_factory=list)
    deadline_flags: list[Dossier] = field(default_factory=list)
    in_both: int = 0

    @property
    def register_count(self) -> int:
        return self.in_both + len(self.register_only)


# Marked, not translated: the reconciliation workbook prints them in Vietnamese; the screen translates them.
_FLAGS = {
    "paid_online": gettext_noop("Thanh toán trực tuyến"),
    "digitised": gettext_noop("Số hóa hồ sơ"),
    "result_digitised": gettext_noop("Số hóa kết quả"),
    "e_result": gettext_noop("Trả kết quả điện tử"),
    "interagency": gettext_noop("Liên thông"),
    "national_account": gettext_noop("Tài khoản DVC quốc gia"),
}
_DATES = {
    "received_at": gettext_noop("Ngày tiếp nhận"),
    "due_at": gettext_noop("Ngày hẹn trả"),
    "result_at": gettext_noop("Ngày có kết quả"),
    "returned_at": gettext_noop("Ngày trả kết quả"),
}


def _day(value: datetime | None) -> date | None:
    return local(value).date() if value is not None else None


def _shown_day(value: datetime | None) -> str:
    return f"{local(value):%d/%m/%Y}" if value is not None else "—"


def _yes(value: bool) -> str:
    return gettext_noop("Có") if value else gettext_noop("Không")


def differences(dossier: Dossier) -> list[Difference]:
    """Where the portal's record of a register dossier says something else than the register.

    Dates are compared by day (exports often carry no time of day); a column the export lacked (``None``)
    is not compared, except the result and return dates, whose absence on the portal is itself a gap.
    """
    record = dossier.portal_record
    found: list[Difference] = []
    if record.unit_id != dossier.unit_id:
        found.append(Difference(gettext_noop("Đơn vị tiếp nhận"), dossier.unit.name, record.unit.name))
    for name, label in _DATES.items():
        mine, theirs = getattr(dossier, name), getattr(record, name)
        if name == "due_at" and theirs is None:
            continue
        if _day(mine) != _day(theirs):
            found.append(Difference(label, _shown_day(mine), _shown_day(theirs)))
    if record.state != dossier.state:
        found.append(
            Difference(
                gettext_noop("Trạng thái"),
                STATE_LABELS[State(dossier.state)],
                STATE_LABELS[State(record.state)],
            )
        )
    if record.channel and record.channel != dossier.channel:
        found.append(
            Difference(
                gettext_noop("Hình thức nộp"), Channel(dossier.channel).label, Channel(record.channel).label
            )
        )
    if record.online_level is not None and record.online_level != dossier.online_level:
        found.append(Difference(gettext_noop("Mức độ"), str(dossier.online_level), str(record.online_level)))
    if record.fee is not None and record.fee != dossier.fee:
        found.append(
            Difference(
                gettext_noop("Phí, lệ phí"),
                f"{dossier.fee:,}".replace(",", "."),
                f"{record.fee:,}".replace(",", "."),
            )
        )
    for name, label in _FLAGS.items():
        theirs = getattr(record, name)
        if theirs is not None and theirs != getattr(dossier, name):
            found.append(Difference(label, _yes(getattr(dossier, name)), _yes(theirs)))
    return found


def reconciliation(*, user: User, unit: Unit, start: date, end: date) -> Reconciliation:
    """Dossiers received by ``unit`` from ``start`` to ``end`` (inclusive): on the portal only, in the
    register only (in no imported export), in both but disagreeing; and imported dossiers whose portal appointment is
    on another day than the deadline engine's."""
    begin = datetime.combine(start, time.min, tzinfo=VN_TZ)
    finish = datetime.combine(end + timedelta(days=1), time.min, tzinfo=VN_TZ)
    base = (
        scoped(Dossier.objects.select_related("procedure", "unit"), user)
        .filter(Q(unit=unit) | Q(unit__parent=unit), received_at__gte=begin, received_at__lt=finish)
        .order_by("received_at", "id")
    )
    result = Reconciliation(unit=unit, start=start, end=end)
    for dossier in base.filter(source=Source.IMPORT):
        result.portal_only.append(dossier)
        if dossier.computed_due_at is not None and _day(dossier.computed_due_at) != _day(dossier.due_at):
            result.deadline_flags.append(dossier)
    # "On the portal" means seen in an imported export, not the synced tick a clerk may have set by hand.
    result.register_only = list(base.filter(source=Source.COUNTER, portal_record__isnull=True))
    seen = base.filter(source=Source.COUNTER, portal_record__isnull=False).select_related(
        "portal_record", "portal_record__unit"
    )
    for dossier in seen:
        result.in_both += 1
        found = differences(dossier)
        if found:
            result.disagreeing.append(Disagreement(dossier, found))
    return result
