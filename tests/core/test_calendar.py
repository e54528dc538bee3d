"""Deadlines checked by hand against the official holiday schedules (see the comment on each case)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cchc.core.calendar import (
    VN_TZ,
    CalendarError,
    OfficeHours,
    OpenStatus,
    TimeLimit,
    Timing,
    WorkCalendar,
    appointment,
    open_status,
    result_timing,
    rules_for,
)

NATIONAL = WorkCalendar()


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


def due(received: str, limit: TimeLimit, calendar: WorkCalendar = NATIONAL, pauses=()) -> str:
    return f"{appointment(calendar, at(received), limit, pauses=[(at(a), at(b)) for a, b in pauses]):%Y-%m-%d %H:%M}"


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        # Tết 2023: off Fri 20/1 – Thu 26/1; working again Fri 27/1.
        ("2023-01-19 09:00", 3, "2023-01-31 09:00"),
        # Tết 2024: off Thu 8/2 – Wed 14/2.
        ("2024-02-07 14:00", 2, "2024-02-16 14:00"),
        # Tết 2025: off Mon 27/1 – Fri 31/1.
        ("2025-01-24 16:00", 1, "2025-02-03 16:00"),
        # Tết 2026: off Mon 16/2 – Fri 20/2.
        ("2026-02-13 08:00", 5, "2026-02-27 08:00"),
        # 30/4–1/5 2024: Mon 29/4 off in exchange for Sat 4/5, worked.
        ("2024-04-26 10:00", 3, "2024-05-04 10:00"),
        # 30/4–1/5 2025: Fri 2/5 off in exchange for Sat 26/4, worked.
        ("2025-04-25 09:00", 1, "2025-04-26 09:00"),
        ("2025-04-29 10:00", 1, "2025-05-05 10:00"),
        # 2/9/2023 falls on Saturday: off Fri 1/9, Sat 2/9 and Mon 4/9 in lieu.
        ("2023-08-31 15:00", 1, "2023-09-05 15:00"),
        # 2/9/2024: off Mon 2/9 and Tue 3/9.
        ("2024-08-30 10:00", 1, "2024-09-04 10:00"),
        # 2/9/2026: off Mon 31/8 (for Sat 22/8, worked), Tue 1/9, Wed 2/9.
        ("2026-08-28 10:00", 1, "2026-09-03 10:00"),
        ("2026-08-21 09:00", 1, "2026-08-22 09:00"),
        # An ordinary week: Mon + 5 working days is the next Monday.
        ("2022-11-07 09:00", 5, "2022-11-14 09:00"),
    ],
)
def test_it_counts_working_days_across_holidays(received, days, expected):
    assert due(received, TimeLimit.days(days)) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Saturday 5/11/2022 is not a working day: counted from Mon 7/11 07:30.
        ("2022-11-05 10:00", "2022-11-09 07:30"),
        # After closing on Wed: received Thu 07:30, so Thu is not counted: Fri, Mon.
        ("2022-11-09 17:30", "2022-11-14 07:30"),
        # Before opening: from the opening the same day.
        ("2022-11-09 06:45", "2022-11-11 07:30"),
        # During the lunch break: from the afternoon opening.
        ("2022-11-09 12:00", "2022-11-11 13:30"),
        # During Tết 2023: from Fri 27/1 07:30.
        ("2023-01-21 10:00", "2023-01-31 07:30"),
    ],
)
def test_a_receipt_outside_office_hours_counts_from_the_next_opening(received, expected):
    assert due(received, TimeLimit.days(2)) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2022-11-09 14:59", "2022-11-09 17:00"),
        ("2022-11-09 15:00", "2022-11-09 17:00"),
        ("2022-11-09 15:01", "2022-11-10 17:00"),
        ("2022-11-11 16:00", "2022-11-14 17:00"),
        ("2022-11-12 09:00", "2022-11-14 17:00"),
        ("2023-01-19 15:30", "2023-01-27 17:00"),
    ],
)
def test_same_day_procedures_follow_the_cutoff(received, expected):
    assert due(received, TimeLimit.same_day(time(15, 0))) == expected


def test_an_earlier_cutoff_sends_the_dossier_to_the_next_day():
    assert due("2022-11-09 11:00", TimeLimit.same_day(time(10, 30))) == "2022-11-10 17:00"


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        ("2022-11-09 16:00", 4, "2022-11-10 10:30"),  # 1 h today + 3 h from 07:30
        ("2022-11-09 16:00", 8, "2022-11-10 16:30"),  # 1 h + 4 h morning + 3 h afternoon
        ("2022-11-09 07:30", 4, "2022-11-09 11:30"),  # a whole morning ends at 11:30, not 13:30
        ("2022-11-09 07:30", 7, "2022-11-09 16:30"),
        ("2022-11-11 15:00", 3, "2022-11-14 08:30"),  # Fri 2 h, Mon 1 h
    ],
)
def test_working_hours_count_only_office_time(received, hours, expected):
    assert due(received, TimeLimit.hours(hours)) == expected


def test_a_whole_day_of_hours_ends_at_closing_not_at_the_next_opening():
    assert due("2022-11-09 07:30", TimeLimit.hours(7)) == "2022-11-09 16:30"
    assert f"{NATIONAL.moment_at(NATIONAL.office_minutes(at('2022-11-09 07:30')) + 450):%Y-%m-%d %H:%M}" == (
        "2022-11-09 17:00"
    )


def test_the_supplement_wait_moves_the_appointment_by_the_office_time_it_took():
    # Due Mon 14/11 09:00; waiting Tue 8/11 10:00 → Thu 10/11 10:00 = two working days.
    assert (
        due("2022-11-07 09:00", TimeLimit.days(5), pauses=[("2022-11-08 10:00", "2022-11-10 10:00")])
        == "2022-11-16 09:00"
    )


def test_a_supplement_wait_over_a_weekend_counts_only_office_hours():
    # Fri 16:00–17:00 and Mon 07:30–08:30: two office hours.
    assert (
        due("2022-11-07 09:00", TimeLimit.days(5), pauses=[("2022-11-11 16:00", "2022-11-14 08:30")])
        == "2022-11-14 11:00"
    )


def test_two_supplement_waits_add_up():
    pauses = [("2022-11-08 07:30", "2022-11-08 11:30"), ("2022-11-09 13:30", "2022-11-09 17:00")]
    assert due("2022-11-07 09:00", TimeLimit.days(5), pauses=pauses) == "2022-11-15 09:00"


def test_a_local_day_off_and_a_local_working_day_override_the_national_calendar():
    calendar = WorkCalendar(
        days_off=frozenset({date(2022, 11, 8)}), working_days=frozenset({date(2022, 11, 12)})
    )
    # Tue 8/11 off, Sat 12/11 worked: Mon + 5 = Wed 9, Thu 10, Fri 11, Sat 12, Mon 14.
    assert due("2022-11-07 09:00", TimeLimit.days(5), calendar=calendar) == "2022-11-14 09:00"
    assert due("2022-11-07 09:00", TimeLimit.days(4), calendar=calendar) == "2022-11-12 09:00"


def test_office_hours_may_differ_per_unit():
    summer = WorkCalendar(hours=OfficeHours(((time(7, 0), time(11, 30)), (time(14, 0), time(17, 0)))))
    assert due("2022-11-09 06:50", TimeLimit.days(1), calendar=summer) == "2022-11-10 07:00"
    assert due("2022-11-09 09:00", TimeLimit.same_day(), calendar=summer) == "2022-11-09 17:00"


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("2022-11-11 16:00", Timing.EARLY),
        ("2022-11-14 08:00", Timing.ON_TIME),
        ("2022-11-14 09:00", Timing.ON_TIME),
        ("2022-11-14 09:01", Timing.LATE),
        ("2022-11-15 07:30", Timing.LATE),
    ],
)
def test_a_result_is_early_on_time_or_late(result, expected):
    assert result_timing(at(result), at("2022-11-14 09:00")) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2022-11-10 09:00", OpenStatus.IN_TIME),
        ("2022-11-11 09:00", OpenStatus.DUE_SOON),  # Fri: Mon 14/11 is one working day away
        ("2022-11-14 09:00", OpenStatus.DUE_SOON),
        ("2022-11-14 09:01", OpenStatus.OVERDUE),
    ],
)
def test_an_open_dossier_is_in_time_due_soon_or_overdue(now, expected):
    assert open_status(NATIONAL, at(now), at("2022-11-14 09:00")) == expected


def test_the_rule_set_is_chosen_by_the_date_of_receipt():
    assert rules_for(at("2025-06-30 16:00")).name == "2018"
    assert rules_for(at("2025-07-01 07:30")).name == "2025"


def test_the_calendar_lists_2024_days_off_and_worked_saturdays():
    assert NATIONAL.non_working_weekdays(2024) == [
        date(2024, 1, 1),
        *[date(2024, 2, d) for d in (8, 9, 12, 13, 14)],
        date(2024, 4, 18),
        date(2024, 4, 29),
        date(2024, 4, 30),
        date(2024, 5, 1),
        date(2024, 9, 2),
        date(2024, 9, 3),
    ]
    assert NATIONAL.working_weekend_days(2024) == [date(2024, 5, 4)]


def test_it_refuses_a_negative_limit():
    with pytest.raises(CalendarError, match="không được âm"):
        TimeLimit.days(-1)


def test_it_refuses_a_date_outside_the_calendar():
    with pytest.raises(CalendarError, match="ngoài lịch làm việc"):
        appointment(NATIONAL, at("1999-01-04 09:00"), TimeLimit.days(1))


def test_it_takes_utc_times_as_the_same_instant():
    # 02:00 UTC is 09:00 in Vietnam.
    received = datetime(2022, 11, 7, 2, 0, tzinfo=ZoneInfo("UTC"))
    assert (
        f"{appointment(NATIONAL, received, TimeLimit.days(5)):%Y-%m-%d %H:%M %z}" == "2022-11-14 09:00 +0700"
    )
