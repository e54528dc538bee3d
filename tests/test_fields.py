"""Dates and moments typed on the screens: dd/mm/yyyy and dd/mm/yyyy hh:mm, 24-hour, whatever the browser."""

from datetime import date, datetime

import pytest

from cchc.core.calendar import VN_TZ
from cchc.fields import DateTextError, MomentField, read_day, read_moment


def test_it_reads_a_moment_typed_day_first_in_24_hours():
    assert read_moment("09/11/2022 14:30") == datetime(2022, 11, 9, 14, 30, tzinfo=VN_TZ)


def test_it_still_reads_the_iso_moments_of_links():
    assert read_moment("2022-11-30T23:59") == datetime(2022, 11, 30, 23, 59, tzinfo=VN_TZ)


def test_it_reads_a_day_and_refuses_a_time_where_only_a_day_is_asked():
    assert read_day("1/12/2022") == date(2022, 12, 1)
    with pytest.raises(DateTextError, match="Chỉ cần ngày, dạng dd/mm/yyyy"):
        read_day("01/12/2022 08:00")


def test_an_empty_box_is_no_date():
    assert read_moment("  ") is None and read_day(None) is None


@pytest.mark.parametrize("text", ["11/30/2022 02:30 PM", "30/11/2022 25:00", "31/02/2022", "hôm qua"])
def test_it_names_what_to_type_for_a_date_it_cannot_read(text):
    with pytest.raises(DateTextError, match="cần dạng dd/mm/yyyy hh:mm"):
        read_moment(text)


@pytest.mark.parametrize("text", ["09/11/2022\x0014:30", "9" * 40])
def test_it_refuses_control_characters_and_overlong_text(text):
    with pytest.raises(DateTextError):
        read_moment(text)


def test_the_form_field_shows_a_moment_the_way_it_reads_it():
    field = MomentField(required=False)
    assert field.prepare_value(datetime(2022, 11, 9, 14, 30, tzinfo=VN_TZ)) == "09/11/2022 14:30"
    assert field.widget.attrs["placeholder"] == "dd/mm/yyyy hh:mm"
    assert field.clean("09/11/2022 14:30") == datetime(2022, 11, 9, 14, 30, tzinfo=VN_TZ)
