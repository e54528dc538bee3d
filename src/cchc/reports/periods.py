"""The period picker of the dashboard: named choices (this week, last report week, this month…) and a custom
range of two days, each written as the period code ``cchc.core.kpi.parse_period`` reads, so that links,
the command line and the picker mean the same period."""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from cchc.core.kpi import report_week

CHOICES = [
    ("week", _("Tuần này")),
    ("report_week", _("Tuần báo cáo vừa qua")),
    ("month", _("Tháng này")),
    ("last_month", _("Tháng trước")),
    ("quarter", _("Quý này")),
    ("year", _("Năm nay")),
    ("range", _("Khoảng ngày…")),
]


def choice_code(choice: str, today: date) -> str | None:
    """The period code of a named choice on ``today``; ``None`` for the custom range or an unknown choice."""
    if choice == "week":
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    if choice == "report_week":
        return f"rw:{report_week(today).start - timedelta(days=1):%Y-%m-%d}"
    if choice == "month":
        return f"mtd:{today:%Y-%m-%d}"
    if choice == "last_month":
        return f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"
    if choice == "quarter":
        return f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    if choice == "year":
        return f"{today.year}"
    return None


def range_code(start: date, end: date) -> str:
    return f"{start:%Y-%m-%d}..{end:%Y-%m-%d}"


def choice_of(code: str, today: date) -> str:
    """Which named choice ``code`` is on ``today`` (the picker shows it selected), else the custom range."""
    return next((choice for choice, _label in CHOICES if choice_code(choice, today) == code), "range")
