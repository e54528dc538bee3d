import csv
import json
import sys
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.accounts.scoping import system_user
from cchc.core.calendar import VN_TZ, CalendarError, check_day
from cchc.core.kpi import PeriodError, parse_period
from cchc.kpis import history
from cchc.kpis.engine import UnknownIndicator, compute
from cchc.kpis.output import records
from cchc.units.selectors import unit_at

FIELDS = [
    "unit_code",
    "unit_name",
    "unit_valid_from",
    "unit_valid_to",
    "indicator",
    "numerator",
    "denominator",
    "value",
    "target",
    "comparison",
    "met",
]


class Command(BaseCommand):
    help = (
        "Tính các chỉ số (tỷ lệ trực tuyến, thanh toán, số hóa…) theo đơn vị và kỳ, so với chỉ tiêu cam kết."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", required=True, help="ví dụ 2022-11, 2022-W45, mtd:2022-11-11, rw:2022-11-10"
        )
        parser.add_argument(
            "--unit",
            help="mã đơn vị, là đơn vị mang mã đó vào ngày cuối kỳ (mặc định: mọi đơn vị và tổng hợp)",
        )
        parser.add_argument(
            "--as-of", help="tính đến thời điểm 'YYYY-MM-DD HH:MM' giờ Việt Nam (mặc định: bây giờ)"
        )
        parser.add_argument(
            "--known-at",
            help="chỉ tính hồ sơ đã ghi vào hệ thống đến thời điểm 'YYYY-MM-DD HH:MM' (mặc định: bây giờ)",
        )
        parser.add_argument("--indicator", action="append", help="chỉ tính chỉ số này (có thể lặp lại)")
        parser.add_argument(
            "--merged",
            action="store_true",
            help="với --unit: cộng thêm số liệu của các đơn vị đã hợp nhất vào đơn vị đó (gộp từ …)",
        )
        parser.add_argument("--format", choices=["json", "csv", "table"], default="table")

    def handle(self, *args, period, unit, as_of, known_at, indicator, format, merged, **options):
        try:
            chosen_period = parse_period(period)
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        moment = _moment(as_of, "Thời điểm") if as_of else timezone.now()
        knowledge = _moment(known_at, "Thời điểm ghi nhận") if known_at else None
        chosen_unit = None
        if unit:
            chosen_unit = unit_at(unit, on=chosen_period.end)
            if chosen_unit is None:
                raise CommandError(
                    f"Không có đơn vị mã '{unit}' vào ngày {chosen_period.end:%d/%m/%Y} (cuối kỳ).",
                    returncode=2,
                )
        if merged and chosen_unit is None:
            raise CommandError("--merged cần --unit: số liệu gộp là của một đơn vị.", returncode=2)
        query = {
            "user": system_user(),
            "period": chosen_period,
            "as_of": moment,
            "known_at": knowledge,
            "indicator_codes": indicator,
        }
        try:
            if merged:
                rows, contributed = history.merged(unit=chosen_unit, **query)
            else:
                rows, contributed = compute(unit=chosen_unit, **query), []
        except UnknownIndicator as exc:
            raise CommandError(str(exc), returncode=2) from exc
        data = history.merged_records(rows, chosen_unit, contributed) if merged else records(rows)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        elif format == "csv":
            writer = csv.DictWriter(sys.stdout, FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(data)
        else:
            self._table(rows, chosen_period.label, moment)
            if contributed:
                self.stdout.write(f"Số liệu của {history.merged_name(chosen_unit, contributed)}.")

    def _table(self, rows, label, moment) -> None:
        self.stdout.write(f"Kỳ: {label} — tính đến {timezone.localtime(moment):%H:%M %d/%m/%Y}")
        codes = list(dict.fromkeys(r.indicator.code for r in rows))
        self.stdout.write(f"{'đơn vị':<34}" + "".join(f"{c[:14]:>16}" for c in codes))
        line: list[str] = []
        current = object()
        for row in rows:
            if row.unit != current:
                if line:
                    self.stdout.write("".join(line))
                current = row.unit
                name = row.unit.name if row.unit else "TỔNG HỢP"
                line = [f"{name[:33]:<34}"]
            mark = {True: "✓", False: "✗", None: " "}[row.met] if row.target else " "
            shown = "–" if row.figure.value is None else row.figure.shown()
            line.append(f"{shown + mark:>16}")
        if line:
            self.stdout.write("".join(line))
        self.stdout.write("– : không phát sinh; ✓ đạt, ✗ chưa đạt chỉ tiêu cam kết.")


def _moment(text: str, label: str) -> datetime:
    """A moment typed as 'YYYY-MM-DD HH:MM', Vietnam time, within the accepted range; exit 2 otherwise."""
    try:
        moment = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)
    except ValueError:
        raise CommandError(f"Thời điểm '{text}' không đúng dạng 'YYYY-MM-DD HH:MM'.", returncode=2) from None
    try:
        check_day(moment.date(), label)
    except CalendarError as exc:
        raise CommandError(str(exc), returncode=2) from exc
    return moment
