from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError

from cchc.core.calendar import CalendarError, TimeLimit, appointment, check_day
from cchc.units.selectors import unit_at
from cchc.workcalendar.selectors import calendar_for


def _received(text: str) -> datetime:
    for pattern in ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"):
        try:
            moment = datetime.strptime(text, pattern)
        except ValueError:
            continue
        try:
            check_day(moment.date(), "Thời điểm tiếp nhận")
        except CalendarError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        return moment
    raise CommandError(
        f"Thời điểm tiếp nhận '{text}' không đúng dạng 'YYYY-MM-DD HH:MM' hoặc 'dd/mm/yyyy HH:MM'.",
        returncode=2,
    )


def _cutoff(text: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise CommandError(f"Giờ chốt '{text}' không đúng dạng HH:MM.", returncode=2) from None


class Command(BaseCommand):
    help = "Tính ngày hẹn trả kết quả theo ngày làm việc, giờ làm việc, hoặc trong ngày có giờ chốt."

    def add_arguments(self, parser):
        parser.add_argument(
            "--received", required=True, help="thời điểm tiếp nhận, giờ Việt Nam: 'YYYY-MM-DD HH:MM'"
        )
        limit = parser.add_mutually_exclusive_group(required=True)
        limit.add_argument("--days", type=int, help="số ngày làm việc")
        limit.add_argument("--hours", type=int, help="số giờ làm việc")
        limit.add_argument("--same-day", action="store_true", help="giải quyết trong ngày")
        parser.add_argument(
            "--cutoff", default="15:00", help="giờ chốt cho thủ tục trong ngày (mặc định 15:00)"
        )
        parser.add_argument("--unit", help="mã đơn vị (dùng giờ làm việc và ngày nghỉ riêng của đơn vị)")

    def handle(self, *args, received, days, hours, same_day, cutoff, unit, **options):
        received_at = _received(received)
        calendar_unit = None
        if unit is not None:
            calendar_unit = unit_at(unit, on=received_at.date())
            if calendar_unit is None:
                raise CommandError(
                    f"Không có đơn vị mã '{unit}' vào ngày tiếp nhận {received_at:%d/%m/%Y}.", returncode=2
                )
        try:
            if days is not None:
                limit = TimeLimit.days(days)
            elif hours is not None:
                limit = TimeLimit.hours(hours)
            else:
                limit = TimeLimit.same_day(_cutoff(cutoff))
            due = appointment(calendar_for(calendar_unit), received_at, limit)
        except CalendarError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"{due:%Y-%m-%d %H:%M}")
