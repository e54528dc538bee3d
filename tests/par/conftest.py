"""PAR personas and a small index set whose figures are easy to compute by hand.

The small set (100 points): field 1 "Chỉ đạo, điều hành" = 1.1 yes/no (10) + 1.2 manual (30); field 2 "Thủ tục
hành chính" = 2.1 tiered on the on-time rate (40: ≥90% → 40, ≥70% → 20); field 3 a survey (20).
"""

from datetime import date
from fractions import Fraction

import pytest

from cchc.accounts.models import Role
from cchc.par import measures, services
from cchc.par.models import Assessment, Score
from cchc.par.setfile import parse_set
from tests.conftest import make_user

SMALL_SET = """Mã,Tên,Điểm tối đa,Hình thức,Cách chấm,Chỉ số đo,Đơn vị chủ trì,Tài liệu kiểm chứng
1,"Chỉ đạo, điều hành",40,tự đánh giá,,,,
1.1,Ban hành kế hoạch CCHC năm,10,tự đánh giá,có/không,,Văn phòng - Thống kê,Kế hoạch CCHC
1.2,Báo cáo CCHC đầy đủ,30,tự đánh giá,thủ công,,Văn phòng - Thống kê,Các báo cáo
2,Thủ tục hành chính,40,tự đánh giá,,,,
2.1,Hồ sơ giải quyết đúng hạn,40,tự đánh giá,bậc ≥90%=40; ≥70%=20,on_time_rate,Bộ phận Một cửa,Số liệu hồ sơ
3,Mức độ hài lòng,20,điều tra xã hội học,,,Phòng Nội vụ,Kết quả điều tra
"""


@pytest.fixture
def appraiser(y_yen):
    """Hoa, PAR appraiser of the Office of Home Affairs."""
    return make_user("hoa", y_yen["360.NV"], Role.PAR_APPRAISER)


@pytest.fixture
def lam_head(y_yen):
    """Dũng, chairman of Thị trấn Lâm."""
    return make_user("dung", y_yen["13795"], Role.UNIT_HEAD)


@pytest.fixture
def small_set(y_yen):
    return services.index_set_load(
        rows=parse_set(SMALL_SET.encode()),
        name="Bộ chỉ số thử",
        kind="commune",
        year=2022,
        actor_label="test",
    )


@pytest.fixture
def on_time(monkeypatch):
    """The KPI engine measures 17 of 20 dossiers on time (85%) for every unit; tests may change ``rates``."""
    rates: dict[str, Fraction | None] = {}

    def fake(*, unit, indicator, start, end):
        return measures.Measure(available=True, rate=rates.get(unit.code, Fraction(17, 20)))

    monkeypatch.setattr(measures, "measure", fake)
    return rates


@pytest.fixture
def campaign(appraiser, small_set, y_yen):
    return services.campaign_open(
        user=appraiser,
        name="Đánh giá chỉ số CCHC năm 2022",
        year=2022,
        index_sets=[small_set],
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        self_assessment_due=date(2022, 12, 15),
        appraisal_due=date(2022, 12, 25),
        results_published_on=date(2022, 12, 30),
        units=[y_yen["13795"], y_yen["13798"], y_yen["13801"]],
    )


def assessment_of(campaign, code: str) -> Assessment:
    return Assessment.objects.select_related("unit", "campaign").get(campaign=campaign, unit__code=code)


def score_of(assessment: Assessment, code: str) -> Score:
    return Score.objects.select_related("criterion", "assessment__unit").get(
        assessment=assessment, criterion__code=code
    )


PAPER_EVIDENCE = "Tài liệu kiểm chứng nộp bản giấy cho Phòng Nội vụ"


def fill_and_submit(user, assessment, *, plan: bool, reports) -> Assessment:
    services.score_self(user=user, score=score_of(assessment, "1.1"), value=plan, explanation="KH số 12")
    services.score_self(user=user, score=score_of(assessment, "1.2"), value=reports, explanation="4 báo cáo")
    return services.assessment_submit(user=user, assessment=assessment, reason=PAPER_EVIDENCE)
