from datetime import date, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.audit.models import AuditEntry
from cchc.workcalendar.models import CalendarOverride, OfficeHoursSetting


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_prints_the_appointment_across_tet_2023():
    assert run("deadline", "--received", "2023-01-19 09:00", "--days", "3") == "2023-01-31 09:00\n"


@pytest.mark.django_db
def test_it_prints_same_day_and_hour_limits():
    assert (
        run("deadline", "--received", "2022-11-09 15:01", "--same-day", "--cutoff", "15:00")
        == "2022-11-10 17:00\n"
    )
    assert run("deadline", "--received", "2022-11-09 16:00", "--hours", "4") == "2022-11-10 10:30\n"


def test_it_uses_the_units_own_day_off_and_hours(y_yen):
    lam = y_yen["13795"]
    CalendarOverride.objects.create(
        day=date(2022, 11, 10), is_working_day=False, unit=lam, notice="QĐ 12/UBND"
    )
    OfficeHoursSetting.objects.create(unit=lam, morning_start=time(7, 0), morning_end=time(11, 0))

    assert (
        run("deadline", "--received", "2022-11-09 09:00", "--days", "1", "--unit", "13795")
        == "2022-11-11 09:00\n"
    )
    assert (
        run("deadline", "--received", "2022-11-09 06:50", "--days", "1", "--unit", "13795")
        == "2022-11-11 07:00\n"
    )
    assert (
        run("deadline", "--received", "2022-11-09 09:00", "--days", "1", "--unit", "13798")
        == "2022-11-10 09:00\n"
    )


def test_a_district_wide_day_off_applies_to_every_unit_and_is_audited(y_yen):
    CalendarOverride.objects.create(
        day=date(2022, 11, 10), is_working_day=False, notice="Thông báo 45/TB-UBND"
    )

    assert (
        run("deadline", "--received", "2022-11-09 09:00", "--days", "1", "--unit", "13798")
        == "2022-11-11 09:00\n"
    )
    assert AuditEntry.objects.filter(model="workcalendar.CalendarOverride", action="create").count() == 1


def test_a_units_working_day_wins_over_a_district_day_off(y_yen):
    CalendarOverride.objects.create(
        day=date(2022, 11, 10), is_working_day=False, notice="Thông báo 45/TB-UBND"
    )
    CalendarOverride.objects.create(
        day=date(2022, 11, 10), is_working_day=True, unit=y_yen["13795"], notice="Trực tiếp nhận"
    )
    assert (
        run("deadline", "--received", "2022-11-09 09:00", "--days", "1", "--unit", "13795")
        == "2022-11-10 09:00\n"
    )


@pytest.mark.django_db
def test_it_lists_the_2024_calendar():
    output = run("calendar", "--year", "2024")
    assert "  2024-04-29 Thứ Hai\n" in output
    assert output.endswith("Ngày cuối tuần làm việc năm 2024:\n  2024-05-04 Thứ Bảy\n")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "2023-01-19 09:00", "--days", "-1"], "Thời hạn giải quyết không được âm."),
        (["--received", "19-01-2023", "--days", "1"], "không đúng dạng 'YYYY-MM-DD HH:MM'"),
        (
            ["--received", "2023-01-19 09:00", "--days", "1", "--unit", "99999"],
            "Không có đơn vị mã '99999' vào ngày",
        ),
        (
            ["--received", "2023-01-19 09:00", "--same-day", "--cutoff", "3pm"],
            "Giờ chốt '3pm' không đúng dạng HH:MM.",
        ),
        (["--received", "1990-01-19 09:00", "--days", "1"], "nằm ngoài lịch làm việc"),
    ],
)
def test_bad_input_is_refused_with_exit_code_2(args, message):
    with pytest.raises(CommandError) as error:
        call_command("deadline", *args)
    assert error.value.returncode == 2
    assert message in str(error.value)
