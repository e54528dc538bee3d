"""What the dashboard and the reports show: the KPI engine's rows arranged as a table, a ranking and trends.

Results are cached per (user scope, filters, as-of minute) and forgotten when any dossier is saved (bulk
writers call ``forget``), so that a leader's page stays fast on a million dossiers.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_noop

from cchc.accounts.models import User
from cchc.accounts.scoping import scoped
from cchc.core.calendar import local
from cchc.core.kpi import Figure, Period, Target, report_week
from cchc.dossiers.models import Dossier
from cchc.dossiers.timeline import counted
from cchc.dossiers.timeline import overdue_at as overdue_rule
from cchc.kpis.engine import Row, compute, series
from cchc.kpis.indicators import INDICATORS, Indicator
from cchc.units.models import Unit

DASHBOARD_INDICATORS = [
    "online_rate",
    "online_payment_rate",
    "digitised_rate",
    "e_result_rate",
    "level2_account_rate",
    "level2_result_digitised_rate",
    "portal_sync_rate",
    "slips_printed_rate",
    "level4_rate",
    "interagency_online_rate",
    "on_time_rate",
    "overdue_open",
]
# Marked, not translated: the reports print them in Vietnamese; the screens translate them when shown.
SHORT_NAMES = {
    "online_rate": gettext_noop("Trực tuyến mức 3, 4"),
    "online_payment_rate": gettext_noop("Thanh toán trực tuyến"),
    "digitised_rate": gettext_noop("Số hóa hồ sơ"),
    "e_result_rate": gettext_noop("Kết quả điện tử"),
    "level2_account_rate": gettext_noop("Mức 2: tài khoản DVCQG"),
    "level2_result_digitised_rate": gettext_noop("Mức 2: số hóa kết quả"),
    "portal_sync_rate": gettext_noop("Lên Cổng DVC tỉnh"),
    "slips_printed_rate": gettext_noop("In phiếu 01, 05"),
    "level4_rate": gettext_noop("Mức 4 trực tuyến"),
    "interagency_online_rate": gettext_noop("Liên thông trực tuyến"),
    "on_time_rate": gettext_noop("Đúng hạn"),
    "overdue_open": gettext_noop("Quá hạn (hồ sơ)"),
}
# The board's column headers at 1366 px: short enough for every committed indicator to show at once; the
# full name goes in the header's ``title``.
ABBREVIATIONS = {
    "online_rate": gettext_noop("TT mức 3-4"),
    "online_payment_rate": gettext_noop("Thanh toán TT"),
    "digitised_rate": gettext_noop("Số hóa HS"),
    "e_result_rate": gettext_noop("KQ điện tử"),
    "level2_account_rate": gettext_noop("M2: TK DVCQG"),
    "level2_result_digitised_rate": gettext_noop("M2: số hóa KQ"),
    "portal_sync_rate": gettext_noop("Cổng tỉnh"),
    "slips_printed_rate": gettext_noop("In 01, 05"),
    "level4_rate": gettext_noop("Mức 4"),
    "interagency_online_rate": gettext_noop("Liên thông TT"),
    "on_time_rate": gettext_noop("Đúng hạn"),
    "overdue_open": gettext_noop("Quá hạn"),
}
NEAR_POINTS = Decimal(10)
_VERSION_KEY = "cchc:figures-version"


def forget(**kwargs: Any) -> None:
    """Invalidate every cached figure (call after bulk writes to dossiers)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def fragment_key(*, user: User, parts: list[str]) -> str:
    """A key for cached page fragments: the user's scope, the request's filters, the data version."""
    return _digest([str(_version()), str(user.pk), user.role, str(user.unit_id), *parts])


def _version() -> int:
    return cache.get_or_set(_VERSION_KEY, 1, None)


def status(figure: Figure, target: Target | None) -> str:
    """met / near (within 10 points) / behind / nodata / none (no target)."""
    if figure.rate is None:
        return "nodata"
    if target is None:
        return "none"
    if target.met(figure):
        return "met"
    if not figure.is_count and target.comparison == ">=" and figure.rate * 100 >= target.value - NEAR_POINTS:
        return "near"
    return "behind"


@dataclass
class Cell:
    indicator: Indicator
    figure: Figure
    target: Target | None
    status: str


@dataclass
class UnitRow:
    unit: Unit | None
    cells: list[Cell]
    met: int = 0
    with_target: int = 0
    rank: int | None = None


@dataclass
class Board:
    period: Period
    as_of: datetime
    indicators: list[Indicator]
    rows: list[UnitRow]
    total: UnitRow | None
    ranking: list[UnitRow] = field(default_factory=list)

    def committed(self) -> set[str]:
        """The indicators some unit on the board has a target for (the others are shown on request); every
        indicator when no unit has any target in the period (a period no target set covers yet)."""
        found = {c.indicator.code for r in self.rows for c in r.cells if c.target is not None}
        return found or {i.code for i in self.indicators}

    def behind(self, code: str) -> list[tuple[Unit, Cell]]:
        """Units whose figure misses its target for ``code``, worst first."""
        found = [
            (r.unit, c)
            for r in self.rows
            for c in r.cells
            if c.indicator.code == code and c.status in ("near", "behind")
        ]
        worst_first = INDICATORS[code].is_count
        return sorted(found, key=lambda pair: pair[1].figure.rate or 0, reverse=worst_first)


def arrange(rows: list[Row], period: Period, as_of: datetime, codes: list[str]) -> Board:
    indicators = [INDICATORS[c] for c in codes]
    by_unit: dict[int | None, UnitRow] = {}
    for row in rows:
        key = row.unit.pk if row.unit else None
        unit_row = by_unit.setdefault(key, UnitRow(row.unit, []))
        cell = Cell(row.indicator, row.figure, row.target, status(row.figure, row.target))
        unit_row.cells.append(cell)
        if cell.status in ("met", "near", "behind"):
            unit_row.with_target += 1
            unit_row.met += cell.status == "met"
    total = by_unit.pop(None, None)
    units = sorted(by_unit.values(), key=lambda r: r.unit.order_key)
    communes = sorted(
        (r for r in units if r.unit.is_commune_level), key=lambda r: (-r.met, r.unit.sort_key, r.unit.code)
    )
    previous, rank = None, 0
    for position, unit_row in enumerate(communes, start=1):
        if unit_row.met != previous:
            rank, previous = position, unit_row.met
        unit_row.rank = rank
    return Board(period, as_of, indicators, units, total, communes)


def board(
    *,
    user: User,
    period: Period,
    as_of: datetime,
    known_at: datetime | None = None,
    unit_kinds: list[str] | None = None,
    field: str | None = None,
    codes: list[str] | None = None,
) -> Board:
    """The board of ``period`` as of ``as_of`` with the knowledge of ``known_at`` (default: now, kept fresh by
    the data version in the cache key)."""
    codes = codes or DASHBOARD_INDICATORS
    key = "cchc:board:" + _digest(
        [
            str(_version()),
            str(user.pk),
            user.role,
            str(user.unit_id),
            str(period.start),
            str(period.end),
            as_of.strftime("%Y%m%d%H%M"),
            known_at.isoformat() if known_at else "",
            ",".join(unit_kinds or []),
            field or "",
            ",".join(codes),
        ]
    )
    cached = cache.get(key)
    if cached is None:
        rows = compute(
            user=user,
            period=period,
            as_of=as_of,
            known_at=known_at,
            indicator_codes=codes,
            unit_kinds=unit_kinds,
            field=field,
        )
        cached = arrange(rows, period, as_of, codes)
        cache.set(key, cached, 300)
    return cached


def trends(
    *, user: User, codes: list[str], as_of: datetime, weeks: int = 12, unit_kinds: list[str] | None = None
) -> dict[str, list[tuple[Period, Figure]]]:
    """The roll-up of each of ``codes`` for each of the last ``weeks`` report weeks up to ``as_of``."""
    key = "cchc:trends:" + _digest(
        [
            str(_version()),
            str(user.pk),
            user.role,
            str(user.unit_id),
            ",".join(codes),
            f"{as_of:%Y%m%d%H%M}",
            str(weeks),
            str(unit_kinds),
        ]
    )
    cached = cache.get(key)
    if cached is None:
        last = report_week((as_of - timedelta(microseconds=1)).date())
        periods = [report_week(last.start - timedelta(days=7 * back)) for back in range(weeks - 1, -1, -1)]
        values = series(user=user, periods=periods, as_of=as_of, indicator_codes=codes, unit_kinds=unit_kinds)
        cached = {code: list(zip(periods, values[code], strict=True)) for code in codes}
        cache.set(key, cached, 300)
    return cached


def overdue_at(
    *, user: User, as_of: datetime, known_at: datetime | None = None, limit: int = 50
) -> tuple[list[Dossier], int]:
    """The dossiers overdue at ``as_of`` (the ``limit`` oldest), and how many there are.

    The same rule as the ``overdue_open`` indicator (``cchc.dossiers.timeline``), so the list and count agree;
    only units that exist at ``as_of`` are listed, as on the board (an ended unit's old dossiers are history,
    not a reminder).
    """
    key = "cchc:overdue:" + _digest(
        [
            str(_version()),
            str(user.pk),
            user.role,
            str(user.unit_id),
            f"{as_of:%Y%m%d%H%M}",
            known_at.isoformat() if known_at else "",
            str(limit),
        ]
    )
    cached = cache.get(key)
    if cached is None:
        query = scoped(Dossier.objects.select_related("unit", "procedure"), user)
        query = query.filter(counted(as_of, known_at or timezone.now())).filter(overdue_rule(as_of))
        query = query.filter(unit__in=Unit.objects.valid_on(local(as_of).date()).values("pk"))
        cached = (list(query.order_by("due_at")[:limit]), query.count())
        cache.set(key, cached, 300)
    return cached
