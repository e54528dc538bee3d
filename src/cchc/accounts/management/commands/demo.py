"""Deterministic demo content of both worlds: Ý Yên in 2022 (a district of Nam Định) and Ninh Bình since
1 July 2025 (two tiers, 129 communes and wards), with one login per role and unit kind in each."""

from datetime import date, datetime, timedelta
from importlib import resources

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cchc.accounts.models import Role, User
from cchc.accounts.services import user_ensure
from cchc.audit.trail import acting_as
from cchc.core.calendar import CalendarError, check_day
from cchc.dossiers.demo import generate
from cchc.dossiers.models import Dossier
from cchc.kpis.services import bundled_targets, targets_load
from cchc.par.demo import fill as fill_par
from cchc.par.models import Campaign
from cchc.par.services import campaign_open, index_set_load
from cchc.par.setfile import parse_set
from cchc.procedures.services import bundled_catalogue, catalogue_load, read_rows
from cchc.reports.models import Report
from cchc.reports.services import weekly_report_make
from cchc.units.models import TWO_TIERS_FROM, Unit
from cchc.units.selectors import unit_at
from cchc.units.services import BUNDLED_PROVINCES, bundled_tree, province_load, unit_file_load

DEMO_PASSWORD = "cchc-demo-2022"

IN_2022, IN_2026 = date(2022, 11, 1), date(2026, 1, 1)
# (username, unit code, a day the unit exists: codes are reused, role, last name, first name)
DEMO_USERS = [
    ("quantri", "360", IN_2022, Role.ADMIN, "Trần Văn", "Quản"),
    ("lanhdao", "360", IN_2022, Role.DISTRICT_LEADER, "Nguyễn Văn", "Hùng"),
    ("noivu", "360.NV", IN_2022, Role.PAR_APPRAISER, "Phạm Thị", "Hoa"),
    ("vhtt", "360.VHTT", IN_2022, Role.REPORT_COMPILER, "Lê Văn", "Thành"),
    ("tuphap.truongphong", "360.TP", IN_2022, Role.UNIT_HEAD, "Đỗ Văn", "Bình"),
    ("tuphap.motcua", "360.TP", IN_2022, Role.CLERK, "Vũ Thị", "Lan"),
    ("tuphap.chuyenvien", "360.TP", IN_2022, Role.OFFICER, "Hoàng Văn", "Nam"),
    ("lam.chutich", "13795", IN_2022, Role.UNIT_HEAD, "Trịnh Văn", "Dũng"),
    ("lam.motcua", "13795", IN_2022, Role.CLERK, "Mai Thị", "Hương"),
    ("lam.chuyenvien", "13795", IN_2022, Role.OFFICER, "Đinh Văn", "Tùng"),
    ("yentrung.chutich", "13798", IN_2022, Role.UNIT_HEAD, "Bùi Văn", "Khoa"),
    ("yentrung.motcua", "13798", IN_2022, Role.CLERK, "Ngô Thị", "Thu"),
    ("yentrung.chuyenvien", "13798", IN_2022, Role.OFFICER, "Phan Văn", "Long"),
    ("ninhbinh.lanhdao", "37", IN_2026, Role.DISTRICT_LEADER, "Phạm Văn", "Quang"),
    ("ninhbinh.tonghop", "37.VP", IN_2026, Role.REPORT_COMPILER, "Đặng Thị", "Mai"),
    ("ninhbinh.noivu", "37.SNV", IN_2026, Role.PAR_APPRAISER, "Vũ Văn", "Hải"),
    ("yyen.chutich", "13795", IN_2026, Role.UNIT_HEAD, "Nguyễn Văn", "Thắng"),
    ("yyen.motcua", "13795", IN_2026, Role.CLERK, "Trần Thị", "Hạnh"),
    ("yyen.chuyenvien", "13795", IN_2026, Role.OFFICER, "Lê Văn", "Phúc"),
]


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: huyện Ý Yên năm 2022 và tỉnh Ninh Bình từ 01/07/2025 (đơn vị, danh mục thủ tục, "
        "người dùng mẫu) và (--dossiers N) hồ sơ mẫu, thêm N/4 hồ sơ năm 2026 của 7 xã kế thừa Ý Yên. "
        "Chạy lại không thay đổi gì; hồ sơ mẫu chỉ được sinh khi chưa có hồ sơ nào."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=0, help="số hồ sơ mẫu cần sinh (ví dụ 200000)")
        parser.add_argument(
            "--start", type=date.fromisoformat, default=date(2022, 7, 1), help="từ ngày (yyyy-mm-dd)"
        )
        parser.add_argument(
            "--end", type=date.fromisoformat, default=date(2022, 12, 31), help="đến ngày (yyyy-mm-dd)"
        )
        parser.add_argument("--seed", type=int, default=2022)

    def _par_campaign(self) -> str:
        """The shipped (illustrative) 2022 index sets and a 2022 assessment, once."""
        if Campaign.objects.exists():
            return "Đợt đánh giá chỉ số CCHC: đã có."
        sets = []
        for kind, file, label in (
            ("commune", "commune-2022.csv", "cấp xã"),
            ("office", "office-2022.csv", "phòng chuyên môn"),
        ):
            data = resources.files("cchc.par").joinpath("data", file).read_bytes()
            sets.append(
                index_set_load(
                    rows=parse_set(data, filename=file),
                    name=f"Bộ chỉ số CCHC {label} năm 2022 (minh họa)",
                    kind=kind,
                    year=2022,
                    actor_label="lệnh demo",
                )
            )
        appraiser = User.objects.get(username="noivu")
        campaign = campaign_open(
            user=appraiser,
            name="Xác định chỉ số CCHC năm 2022",
            year=2022,
            index_sets=sets,
            period_start=date(2022, 1, 1),
            period_end=date(2022, 12, 31),
            self_assessment_due=date(2022, 12, 15),
            appraisal_due=date(2022, 12, 25),
            results_published_on=date(2022, 12, 31),
        )
        filled = fill_par(campaign=campaign, appraiser=appraiser, admin=User.objects.get(username="quantri"))
        return (
            "Đợt đánh giá chỉ số CCHC năm 2022: đã mở (bộ chỉ số minh họa); "
            f"{filled} xã, thị trấn đã tự đánh giá (đủ các trạng thái, để xem thử)."
        )

    def _weekly_report(self, end: date) -> str:
        """One weekly report of the demo data (its last Friday), so that the reports list is not empty."""
        if Report.objects.exists():
            return "Báo cáo tuần: đã có."
        friday = end - timedelta(days=(end.weekday() - 4) % 7)
        report = weekly_report_make(actor=None, report_date=friday)
        return f"Đã lập {report.title}."

    def handle(self, *args, dossiers, start, end, seed, **options):
        if dossiers < 0 or end < start:
            raise CommandError("Số hồ sơ phải ≥ 0 và ngày kết thúc không trước ngày bắt đầu.", returncode=2)
        try:
            check_day(start, "Từ ngày")
            check_day(end, "Đến ngày")
        except CalendarError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        result = unit_file_load(data=bundled_tree("y-yen-2022"), actor_label="lệnh demo")
        self.stdout.write(f"Đơn vị (Ý Yên 2022): {result}.")
        result = province_load(province_code=BUNDLED_PROVINCES["ninh-binh-2025"], actor_label="lệnh demo")
        self.stdout.write(f"Đơn vị (Ninh Bình từ 01/07/2025): {result}.")
        catalogue = catalogue_load(
            rows=read_rows(data=bundled_catalogue(), name="catalogue.csv"), actor_label="lệnh demo"
        )
        self.stdout.write(f"Thủ tục: {catalogue}.")
        targets = targets_load(data=bundled_targets("notice-2022"), actor_label="lệnh demo")
        self.stdout.write(f"Chỉ tiêu cam kết: {targets} mới hoặc thay đổi.")
        units = {(code, on): unit_at(code, on=on) for _, code, on, *_ in DEMO_USERS}
        with transaction.atomic(), acting_as(None, label="lệnh demo"):
            for username, code, on, role, last_name, first_name in DEMO_USERS:
                user_ensure(
                    username=username,
                    unit=units[code, on],
                    role=role,
                    first_name=first_name,
                    last_name=last_name,
                    password=DEMO_PASSWORD,
                )
        if dossiers and Dossier.objects.exists():
            self.stdout.write(f"Đã có {Dossier.objects.count()} hồ sơ: không sinh thêm hồ sơ mẫu.")
        elif dossiers:
            now = timezone.now()
            written = generate(count=dossiers, start=start, end=end, seed=seed, now=now)
            self.stdout.write(f"Đã sinh {written} hồ sơ mẫu từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}.")
            self.stdout.write(self._successors_2026(count=dossiers // 4, seed=seed, now=now))
            self.stdout.write(self._weekly_report(end))
        self.stdout.write(self._par_campaign())  # after the dossiers: the automatic criteria measure them
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, code, on, role, _, _ in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role.label} — {units[code, on].name}")

    def _successors_2026(self, *, count: int, seed: int, now: datetime) -> str:
        """Dossiers of 2026 for the seven communes that succeeded Ý Yên's on 1/7/2025 (a quarter as many)."""
        start, end = date(2026, 1, 1), min(date(2026, 12, 31), timezone.localdate(now))
        if end < start:
            return "Chưa đến năm 2026: không sinh hồ sơ của các xã kế thừa."
        successors = list(
            Unit.objects.filter(predecessors__parent__code="360", valid_from=TWO_TIERS_FROM)
            .distinct()
            .order_by("code")
        )
        written = generate(count=count, start=start, end=end, seed=seed + 1, now=now, units=successors)
        names = ", ".join(u.name for u in successors)
        return f"Đã sinh {written} hồ sơ mẫu năm 2026 của {len(successors)} xã kế thừa Ý Yên ({names})."
