"""Indicator arithmetic and reporting periods. Pure Python: no Django import.

A rate is an exact fraction numerator / denominator until it is shown; a rate whose denominator is 0 is
"không phát sinh" (no data): neither 0% nor 100%, and it neither meets nor misses a target. Roll-ups add
numerators and denominators, never rates.
"""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from cchc.core.calendar import RANGE_TEXT, CalendarError, check_day

NO_DATA = "không phát sinh"


class PeriodError(ValueError):
    """A period the user typed that cannot be read."""


@dataclass(frozen=True)
class Period:
    """Dates ``start``..``end`` inclusive, in Vietnam local time."""

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError("Ngày kết thúc của kỳ phải sau ngày bắt đầu.")

    def days(self) -> int:
        return (self.end - self.start).days + 1


def month(year: int, number: int) -> Period:
    return Period(
        date(year, number, 1), date(year, number, monthrange(year, number)[1]), f"tháng {number:02d}/{year}"
    )


def report_week(day: date, first_weekday: int = 4) -> Period:
    """The report week (default Friday to Thursday) that contains ``day``."""
    start = day - timedelta(days=(day.weekday() - first_weekday) % 7)
    end = start + timedelta(days=6)
    return Period(start, end, f"tuần {start:%d/%m}–{end:%d/%m/%Y}")


def month_to_date(day: date) -> Period:
    return Period(day.replace(day=1), day, f"từ 01/{day:%m/%Y} đến {day:%d/%m/%Y}")


_FORMS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.I), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-W(\d{2})$", re.I), "week"),
    (re.compile(r"^(\d{4}-\d{2}-\d{2})$"), "day"),
    (re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$"), "range"),
    (re.compile(r"^mtd:(\d{4}-\d{2}-\d{2})$", re.I), "mtd"),
    (re.compile(r"^rw:(\d{4}-\d{2}-\d{2})$", re.I), "report_week"),
)
PERIOD_HELP = (
    "năm (2022), quý (2022-Q4), tháng (2022-11), tuần ISO (2022-W45), ngày (2022-11-09), "
    "khoảng (2022-11-01..2022-11-15), lũy kế tháng (mtd:2022-11-11), tuần báo cáo (rw:2022-11-10)"
)


def parse_period(text: str, report_week_start: int = 4) -> Period:
    """Read a period written as one of ``PERIOD_HELP``, lying wholly in the system's range of dates
    (``cchc.core.calendar.FIRST_DAY``..``LAST_DAY``)."""
    text = text.strip()[:60]
    for pattern, kind in _FORMS:
        match = pattern.match(text)
        if not match:
            continue
        try:
            period = _build(kind, match.groups(), report_week_start)
        except OverflowError as exc:  # a week or a report week running past year 9999 or before year 1
            raise PeriodError(f"Kỳ '{text}' nằm ngoài lịch làm việc của hệ thống ({RANGE_TEXT}).") from exc
        except ValueError as exc:
            raise PeriodError(f"Kỳ '{text}' không có thật ({exc}).") from exc
        try:
            check_day(period.start, f"Kỳ '{text}' bắt đầu ngày")
            check_day(period.end, f"Kỳ '{text}' kết thúc ngày")
        except CalendarError as exc:
            raise PeriodError(str(exc)) from exc
        return period
    raise PeriodError(f"Không hiểu kỳ '{text}'. Dùng: {PERIOD_HELP}.")


def _build(kind: str, groups: tuple[str, ...], report_week_start: int) -> Period:
    if kind == "year":
        year = int(groups[0])
        return Period(date(year, 1, 1), date(year, 12, 31), f"năm {year}")
    if kind == "quarter":
        year, quarter = int(groups[0]), int(groups[1])
        first = month(year, quarter * 3 - 2)
        return Period(first.start, month(year, quarter * 3).end, f"quý {quarter}/{year}")
    if kind == "month":
        return month(int(groups[0]), int(groups[1]))
    if kind == "week":
        year, week = int(groups[0]), int(groups[1])
        start = date.fromisocalendar(year, week, 1)
        return Period(start, start + timedelta(days=6), f"tuần {week:02d}/{year}")
    if kind == "day":
        day = date.fromisoformat(groups[0])
        return Period(day, day, f"ngày {day:%d/%m/%Y}")
    if kind == "range":
        start, end = date.fromisoformat(groups[0]), date.fromisoformat(groups[1])
        return Period(start, end, f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}")
    if kind == "mtd":
        return month_to_date(date.fromisoformat(groups[0]))
    return report_week(date.fromisoformat(groups[0]), report_week_start)


@dataclass(frozen=True)
class Figure:
    """A count, or a rate ``numerator / denominator`` kept exact."""

    numerator: int
    denominator: int | None  # None for a count

    @property
    def is_count(self) -> bool:
        return self.denominator is None

    @property
    def rate(self) -> Fraction | None:
        if self.denominator is None:
            return Fraction(self.numerator)
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def value(self) -> Decimal | None:
        """Percent rounded to one decimal (or the count); ``None`` when there is no data."""
        rate = self.rate
        if rate is None:
            return None
        if self.is_count:
            return Decimal(self.numerator)
        exact = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def shown(self) -> str:
        value = self.value
        if value is None:
            return NO_DATA
        return f"{value}".replace(".", ",") + ("" if self.is_count else "%")

    def __add__(self, other: "Figure") -> "Figure":
        if self.is_count != other.is_count:
            raise TypeError("cannot add a count to a rate")
        denominator = None if self.is_count else (self.denominator or 0) + (other.denominator or 0)
        return Figure(self.numerator + other.numerator, denominator)


COMPARISONS = {">=": "≥", "<=": "≤"}


@dataclass(frozen=True)
class Target:
    indicator: str
    comparison: str  # ">=" or "<="
    value: Decimal

    def __post_init__(self) -> None:
        if self.comparison not in COMPARISONS:
            raise ValueError(f"unknown comparison {self.comparison!r}")

    def met(self, figure: Figure) -> bool | None:
        """True/False against the exact rate (in percent, or the count); None when there is no data."""
        rate = figure.rate
        if rate is None:
            return None
        measured = rate if figure.is_count else rate * 100
        target = Fraction(self.value)
        return measured >= target if self.comparison == ">=" else measured <= target

    def shown(self, percent: bool = True) -> str:
        """ "≥ 85%" (or "≤ 0" for a count)."""
        number = f"{self.value.normalize():f}".replace(".", ",")
        return f"{COMPARISONS[self.comparison]} {number}{'%' if percent else ''}"


def gap_points(figure: Figure, target: Target) -> Decimal | None:
    """How many percentage points ``figure`` is short of a ``>=`` target (0 when met); None without data."""
    if figure.rate is None or figure.is_count or target.comparison != ">=":
        return None
    short = Fraction(target.value) - figure.rate * 100
    return max(Decimal(0), Decimal(short.numerator) / Decimal(short.denominator)).quantize(Decimal("0.1"))
