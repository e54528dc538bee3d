import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from cchc.ops import partitioning
from cchc.ops.partitioning import DEFAULT, KEY, TABLE, NotPostgres, Plan, Refused, number, spans


class Command(BaseCommand):
    help = (
        "Phân vùng bảng hồ sơ theo tháng trên PostgreSQL (một lần, khi bảng vượt CCHC_PARTITION_MIN_ROWS), "
        "rồi hằng tháng tạo trước phân vùng của các tháng tới."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", action="store_true", help="chỉ in ra việc sẽ làm, không thay đổi gì")
        parser.add_argument(
            "--force",
            action="store_true",
            help="phân vùng cả khi bảng còn dưới ngưỡng CCHC_PARTITION_MIN_ROWS",
        )
        parser.add_argument("--ahead", type=int, default=3, help="số tháng tới có sẵn phân vùng (mặc định 3)")
        parser.add_argument(
            "--monthly",
            action="store_true",
            help="việc hằng tháng: chỉ tạo phân vùng còn thiếu; bảng chưa phân vùng thì không làm gì",
        )
        parser.add_argument(
            "--lock-timeout",
            type=int,
            default=10,
            help="số giây chờ khoá bảng hồ sơ trước khi bỏ cuộc (mặc định 10)",
        )

    def handle(self, *args, plan: bool, force: bool, ahead: int, monthly: bool, lock_timeout: int, **options):
        if not 0 <= ahead <= 24:
            raise CommandError("--ahead phải từ 0 đến 24 tháng.", returncode=2)
        if not 1 <= lock_timeout <= 3600:
            raise CommandError("--lock-timeout phải từ 1 đến 3600 giây.", returncode=2)
        try:
            planned = partitioning.plan(ahead=ahead)
            if plan:
                self._print_plan(planned)
                self.stdout.write("Chưa thay đổi gì (--plan).")
                return
            if monthly and not planned.partitioned:
                self.stdout.write(
                    f"Bảng {TABLE} chưa phân vùng: việc hằng tháng không có gì để làm. Phân vùng lần đầu do "
                    "người vận hành chạy, trong giờ vắng: `cchc partition-dossiers --plan` rồi "
                    "`cchc partition-dossiers`."
                )
                return
            started = time.monotonic()
            done = partitioning.partition(
                ahead=ahead, force=force, lock_timeout=lock_timeout, report=self.stdout.write
            )
        except NotPostgres as refusal:
            raise CommandError(str(refusal), returncode=2) from refusal
        except Refused as refusal:
            raise CommandError(str(refusal)) from refusal
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
                raise CommandError(
                    f"Không lấy được khoá bảng hồ sơ trong {lock_timeout} giây: có giao dịch khác đang dùng "
                    "bảng. Không thay đổi gì; hãy chạy lại lúc vắng hoặc tăng --lock-timeout."
                ) from error
            raise
        seconds = time.monotonic() - started
        if planned.partitioned:
            if done.created:
                self.stdout.write(
                    f"Đã tạo {len(done.created)} phân vùng tháng "
                    f"({', '.join(m.label for m in done.created)})"
                    + (f", chuyển {number(done.moved)} hồ sơ ra khỏi {DEFAULT}" if done.moved else "")
                    + f" trong {seconds:.1f} giây."
                )
            else:
                self.stdout.write(f"Đã có đủ phân vùng đến {ahead} tháng tới; không cần tạo thêm.")
            return
        self.stdout.write(
            f"Đã phân vùng bảng {TABLE}: {number(done.rows)} hồ sơ trong {len(done.created)} phân vùng tháng "
            f"và {DEFAULT}, số hồ sơ trước và sau khớp nhau, trong {seconds:.1f} giây. Chạy lệnh này "
            "hằng tháng (--monthly) để có sẵn phân vùng các tháng tới."
        )

    def _print_plan(self, planned: Plan) -> None:
        write = self.stdout.write
        if planned.partitioned:
            write(
                f"Bảng {TABLE} đã phân vùng theo tháng: {planned.existing} phân vùng tháng"
                + (f" (đến tháng {planned.until.label})" if planned.until else "")
                + f" và {DEFAULT}, khoảng {number(planned.rows)} hồ sơ."
            )
            if not planned.new:
                write("Không cần tạo phân vùng nào.")
            for month in planned.new:
                moved = planned.moved(month)
                write(
                    f"  Sẽ tạo {month.name} ({month.label})"
                    + (f" và chuyển vào đó {number(moved)} hồ sơ đang ở {DEFAULT}." if moved else ".")
                )
            return
        months = [m for m in planned.by_month if planned.by_month[m]]
        span = f", tiếp nhận từ tháng {months[0].label} đến tháng {months[-1].label}" if months else ""
        write(f"Bảng {TABLE} chưa phân vùng: {number(planned.rows)} hồ sơ{span}.")
        minimum = settings.PARTITION_MIN_ROWS
        write(
            f"Ngưỡng CCHC_PARTITION_MIN_ROWS: {number(minimum)} hồ sơ"
            + (
                " — bảng còn dưới ngưỡng: lệnh sẽ từ chối nếu không có --force."
                if planned.rows < minimum
                else " — bảng đã vượt ngưỡng."
            )
        )
        write("Sẽ làm, trong một giao dịch (bảng hồ sơ bị khoá, không ai ghi được, cho đến khi xong):")
        write(
            f"  - tạo {len(planned.new)} phân vùng tháng, từ {planned.new[0].label} đến "
            f"{planned.new[-1].label}, và phân vùng mặc định {DEFAULT};"
        )
        write("  - chép hồ sơ từng tháng (INSERT … SELECT):")
        for month in planned.new:
            if planned.by_month.get(month):
                write(f"      {month.label}  {month.name}  {number(planned.by_month[month])} hồ sơ")
        empty = [m for m in planned.new if not planned.by_month.get(m)]
        if empty:
            write(f"      {len(empty)} phân vùng chưa có hồ sơ ({spans(empty)})")
        write(f"  - {number(planned.to_default)} hồ sơ vào {DEFAULT};")
        write(
            f"  - khoá chính thành (id, received_at); id và mã hồ sơ vẫn duy nhất nhờ bảng {KEY} "
            "(trigger giữ bảng này khớp với hồ sơ); dựng lại các chỉ mục, khoá ngoại, quyền;"
        )
        if planned.references:
            write(
                f"  - chuyển {len(planned.references)} khoá ngoại sang {KEY}: "
                f"{', '.join(r.label for r in planned.references)};"
            )
        write("  - đếm lại hồ sơ trước và sau: sai lệch thì huỷ toàn bộ, bảng giữ nguyên.")
