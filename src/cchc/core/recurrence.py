"""When a recurring job was last due: daily, on a weekday, or on a day of the month, at a local time of day.

``last_slot`` is the latest moment at or before ``now`` the job was due; a job that has no run for that moment
is due now, which is how a run missed while the server was down (Friday 08:00) happens once when it is back
(Saturday 09:00): earlier missed moments are not run again, only the latest.
"""

from datetime import date, datetime, time, timedelta, tzinfo


def _month_back(day: date) -> date:
    """The same day of the previous month (days 1–28 only, so it always exists)."""
    return day.replace(year=day.year - 1, month=12) if day.month == 1 else day.replace(month=day.month - 1)


def last_slot(
    *,
    now: datetime,
    zone: tzinfo,
    at: time,
    weekday: int | None = None,
    day_of_month: int | None = None,
) -> datetime:
    """The latest moment ≤ ``now`` (in ``zone``) at time ``at`` on a day that matches: every day when neither
    ``weekday`` (0 = Monday) nor ``day_of_month`` (1–28) is given."""
    if day_of_month is not None and not 1 <= day_of_month <= 28:
        raise ValueError("day_of_month must be between 1 and 28")
    local = now.astimezone(zone)
    day = local.date()
    if weekday is not None:
        day -= timedelta(days=(day.weekday() - weekday) % 7)
    elif day_of_month is not None:
        day = (
            day.replace(day=day_of_month)
            if day.day >= day_of_month
            else _month_back(day).replace(day=day_of_month)
        )
    slot = datetime.combine(day, at, tzinfo=zone)
    if slot <= local:
        return slot
    if weekday is not None:
        return slot - timedelta(days=7)
    if day_of_month is not None:
        return datetime.combine(_month_back(day), at, tzinfo=zone)
    return slot - timedelta(days=1)
