from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cchc.core.calendar import FIRST_YEAR, LAST_YEAR, CalendarError
from cchc.units.selectors import unit_at
from cchc.workcalendar.selectors import calendar_for

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


class Command(BaseCommand):
    help = "Liệt kê các ngày thường được nghỉ và các ngày cuối tuần phải làm việc của một năm."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--unit", help="mã đơn vị, là đơn vị mang mã đó ngày 31/12 của năm (tính cả ngày nghỉ riêng)"
        )

    def handle(self, *args, year, unit, **options):
        if not FIRST_YEAR <= year < LAST_YEAR:
            raise CommandError(f"Năm phải trong khoảng {FIRST_YEAR}–{LAST_YEAR - 1}.", returncode=2)
        calendar_unit = None
        if unit is not None:
            calendar_unit = unit_at(unit, on=date(year, 12, 31))
            if calendar_unit is None:
                raise CommandError(f"Không có đơn vị mã '{unit}' vào ngày 31/12/{year}.", returncode=2)
        try:
            calendar = calendar_for(calendar_unit)
            self.stdout.write(f"Ngày nghỉ (thứ Hai – thứ Sáu) năm {year}:")
            for day in calendar.non_working_weekdays(year):
                self.stdout.write(f"  {day:%Y-%m-%d} {WEEKDAYS[day.weekday()]}")
            self.stdout.write(f"Ngày cuối tuần làm việc năm {year}:")
            for day in calendar.working_weekend_days(year):
                self.stdout.write(f"  {day:%Y-%m-%d} {WEEKDAYS[day.weekday()]}")
        except CalendarError as exc:
            raise CommandError(str(exc), returncode=2) from exc
