from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.accounts.scoping import scoped, system_user
from cchc.core.calendar import VN_TZ, CalendarError, check_day
from cchc.core.index766 import measured_total, score
from cchc.core.kpi import Figure, PeriodError, parse_period
from cchc.dossiers.models import Dossier
from cchc.kpis.engine import reported_units
from cchc.kpis.index766 import exact, rates
from cchc.units.models import Unit


class Command(BaseCommand):
    help = "Chấm điểm Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) từ dữ liệu hồ sơ."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="ví dụ 2022-11, 2022-Q4, 2022")
        parser.add_argument("--unit", help="mã đơn vị (mặc định: toàn bộ các đơn vị)")
        parser.add_argument("--as-of", help="tính đến 'YYYY-MM-DD HH:MM' (mặc định: bây giờ)")

    def handle(self, *args, period, unit, as_of, **options):
        try:
            chosen = parse_period(period)
            moment = (
                datetime.strptime(as_of, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ) if as_of else timezone.now()
            )
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except ValueError:
            raise CommandError(
                f"Thời điểm '{as_of}' không đúng dạng 'YYYY-MM-DD HH:MM'.", returncode=2
            ) from None
        try:
            check_day(moment.date(), "Thời điểm")
        except CalendarError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        user = system_user()
        units = reported_units(user=user, period=chosen)
        if unit:
            units = units.filter(code=unit)
            if not units.exists():
                raise CommandError(f"Không có đơn vị mã '{unit}' trong kỳ này.", returncode=2)
        dossiers = scoped(Dossier.objects.all(), user).filter(unit__in=units.values("pk"))
        found = rates(dossiers=dossiers, period=chosen, as_of=moment)
        total: dict[str, Figure] = {}
        for figures in found.values():
            for name, figure in figures.items():
                total[name] = total[name] + figure if name in total else figure
        label = Unit.objects.get(code=unit).name if unit else "tất cả đơn vị"
        self.stdout.write(f"Quyết định 766/QĐ-TTg — {label}, {chosen.label}")
        subscores = score(exact(total))
        for sub in subscores:
            points = "–" if sub.points is None else f"{sub.points}".replace(".", ",")
            self.stdout.write(
                f"{sub.criterion.code:<7}{sub.criterion.name[:52]:<54}{points:>7}/{sub.criterion.maximum:<4}{sub.formula}"
            )
        earned, maximum = measured_total(subscores)
        shown = f"{earned}".replace(".", ",")
        self.stdout.write(f"Tổng điểm đo được: {shown}/{maximum} (không tính các tiêu chí “chưa đo được”).")
