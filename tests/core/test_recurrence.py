from datetime import datetime, time

from cchc.core.calendar import VN_TZ
from cchc.core.recurrence import last_slot


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


def test_it_gives_this_fridays_slot_once_it_has_passed():
    # Fri 25/11/2022 08:00, asked at 09:00 the same day and on Saturday.
    assert last_slot(now=at("2022-11-25 09:00"), zone=VN_TZ, at=time(8), weekday=4) == at("2022-11-25 08:00")
    assert last_slot(now=at("2022-11-26 09:00"), zone=VN_TZ, at=time(8), weekday=4) == at("2022-11-25 08:00")


def test_it_gives_last_weeks_friday_before_eight_on_friday():
    assert last_slot(now=at("2022-11-25 07:59"), zone=VN_TZ, at=time(8), weekday=4) == at("2022-11-18 08:00")


def test_a_daily_slot_is_yesterdays_before_its_time():
    assert last_slot(now=at("2022-11-24 07:00"), zone=VN_TZ, at=time(7, 30)) == at("2022-11-23 07:30")
    assert last_slot(now=at("2022-11-24 07:30"), zone=VN_TZ, at=time(7, 30)) == at("2022-11-24 07:30")


def test_a_monthly_slot_goes_back_to_last_month_and_across_the_year():
    assert last_slot(now=at("2022-11-24 08:00"), zone=VN_TZ, at=time(3), day_of_month=1) == at(
        "2022-11-01 03:00"
    )
    assert last_slot(now=at("2023-01-01 02:00"), zone=VN_TZ, at=time(3), day_of_month=1) == at(
        "2022-12-01 03:00"
    )
    assert last_slot(now=at("2023-01-10 02:00"), zone=VN_TZ, at=time(3), day_of_month=15) == at(
        "2022-12-15 03:00"
    )


def test_a_moment_given_in_utc_is_read_in_local_time():
    # 01:30 UTC on Fri 25/11 is 08:30 in Vietnam: the Friday 08:00 slot has passed.
    utc = datetime.fromisoformat("2022-11-25T01:30:00+00:00")
    assert last_slot(now=utc, zone=VN_TZ, at=time(8), weekday=4) == at("2022-11-25 08:00")
