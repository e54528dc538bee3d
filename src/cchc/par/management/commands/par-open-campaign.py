from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from cchc.audit.trail import acting_as
from cchc.core.calendar import FIRST_DAY, LAST_DAY, CalendarError, parse_day
from cchc.par.models import IndexSet
from cchc.par.services import ParError, campaign_open


def _day(text: str) -> date:
    try:
        return parse_day(text)
    except CalendarError as exc:
        raise CommandError(str(exc), returncode=2) from exc


class Command(BaseCommand):
    help = (
        "Mở đợt đánh giá chỉ số CCHC của một năm: khóa các bộ chỉ số và tạo bản tự đánh giá trống cho mọi "
        "đơn vị thuộc loại mà bộ chỉ số áp dụng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--name", required=True, help="tên đợt đánh giá")
        parser.add_argument(
            "--set", dest="sets", type=int, action="append", required=True, help="mã bộ chỉ số"
        )
        parser.add_argument("--self-due", required=True, help="hạn tự đánh giá (yyyy-mm-dd)")
        parser.add_argument("--appraisal-due", required=True, help="hạn thẩm định (yyyy-mm-dd)")
        parser.add_argument("--published", required=True, help="ngày công bố kết quả (yyyy-mm-dd)")
        parser.add_argument("--as", dest="username", required=True, help="tài khoản Phòng Nội vụ mở đợt")

    def handle(self, *args, year, name, sets, self_due, appraisal_due, published, username, **options):
        if not FIRST_DAY.year <= year <= LAST_DAY.year:
            raise CommandError(f"Năm phải trong khoảng {FIRST_DAY.year}–{LAST_DAY.year}.", returncode=2)
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản '{username}'.", returncode=2)
        index_sets = list(IndexSet.objects.filter(pk__in=sets))
        missing = sorted(set(sets) - {s.pk for s in index_sets})
        if missing:
            raise CommandError(f"Không có bộ chỉ số mã {', '.join(map(str, missing))}.", returncode=2)
        try:
            with acting_as(user):
                campaign = campaign_open(
                    user=user,
                    name=name,
                    year=year,
                    index_sets=index_sets,
                    period_start=date(year, 1, 1),
                    period_end=date(year, 12, 31),
                    self_assessment_due=_day(self_due),
                    appraisal_due=_day(appraisal_due),
                    results_published_on=_day(published),
                )
        except (ParError, PermissionDenied) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Đã mở {campaign}: {campaign.assessments.count()} đơn vị.")
