from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cchc.core.calendar import VN_TZ, TimeLimit, WorkCalendar, appointment, local

CALENDAR = WorkCalendar()

days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
moments = st.builds(
    lambda day, minute: datetime.combine(day, time()).replace(tzinfo=VN_TZ) + timedelta(minutes=minute),
    days,
    st.integers(min_value=0, max_value=24 * 60 - 1),
)
limits = st.one_of(
    st.builds(TimeLimit.days, st.integers(min_value=1, max_value=60)),
    st.builds(TimeLimit.hours, st.integers(min_value=1, max_value=80)),
    st.builds(TimeLimit.same_day, st.sampled_from([time(10, 0), time(15, 0), time(16, 30)])),
)


@given(moments, limits)
def test_the_appointment_is_never_before_receipt(received, limit):
    assert appointment(CALENDAR, received, limit) > received


@given(moments, limits)
def test_the_appointment_is_on_a_working_day_within_office_hours(received, limit):
    due = local(appointment(CALENDAR, received, limit))
    assert CALENDAR.is_working_day(due.date())
    assert CALENDAR.hours.opening < due.time() <= CALENDAR.hours.closing or (
        limit.kind == "days" and due.time() == CALENDAR.hours.opening
    )


@given(days, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_adding_n_then_m_working_days_equals_adding_n_plus_m(day, n, m):
    assert CALENDAR.add_working_days(CALENDAR.add_working_days(day, n), m) == CALENDAR.add_working_days(
        day, n + m
    )


@given(moments, st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=40))
def test_adding_n_then_m_working_hours_equals_adding_n_plus_m(received, n, m):
    first = appointment(CALENDAR, received, TimeLimit.hours(n))
    assert appointment(CALENDAR, first, TimeLimit.hours(m)) == appointment(
        CALENDAR, received, TimeLimit.hours(n + m)
    )
