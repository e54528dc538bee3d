"""A unit head hears mid-month and on Thursdays which committed targets his unit misses; the compiler and the
leaders hear of the Friday report and of the units behind two weeks running; units hear of PAR deadlines."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from cchc.kpis.models import Target, TargetSet
from cchc.notices.models import Notice
from cchc.notices.services import remind
from cchc.par import services as par_services
from cchc.reports.services import weekly_report_make
from tests.dossiers.test_receive import receive
from tests.notices.conftest import at
from tests.par.conftest import appraiser, assessment_of, campaign, fill_and_submit, on_time, small_set  # noqa: F401


def commit_online_target(kind: str) -> None:
    target_set = TargetSet.objects.create(
        name=f"Chỉ tiêu thử — {kind}",
        unit_kind=kind,
        valid_from=date(2022, 11, 1),
        valid_to=date(2022, 12, 31),
    )
    Target.objects.create(target_set=target_set, indicator="online_rate", comparison=">=", value=85)


def told(kind: str) -> list[tuple[str, str]]:
    return sorted(Notice.objects.filter(kind=kind).values_list("recipient__username", "subject"))


@pytest.fixture
def lam_below_target(birth_dossier):
    """Lâm's one November dossier of a level-4 procedure came in person: online rate 0 of 1, target 85%."""
    commit_online_target("town")


def test_a_unit_head_hears_on_thursday_which_targets_his_unit_misses_and_by_how_much(lam_below_target, dung):
    remind(at=at("2022-11-24 08:00"))  # Thursday
    remind(at=at("2022-11-24 09:00"))

    assert told("below_target") == [("dung", "Thị trấn Lâm: 1 chỉ tiêu chưa đạt (tính đến 24/11/2022)")]
    notice = Notice.objects.get(kind="below_target")
    assert notice.body.splitlines()[:3] == [
        "Thị trấn Lâm chưa đạt 1 chỉ tiêu đã cam kết, số liệu từ 01/11 đến 08:00 24/11/2022:",
        "- Tỷ lệ hồ sơ trực tuyến (DVC mức độ 3, 4): 0,0% (chỉ tiêu ≥ 85%), thiếu 85,0 điểm %.",
        "  Hồ sơ cần xử lý: /dashboard/drill/?unit=13795&indicator=online_rate&part=missing&period=mtd%3A2022-11-24",
    ]
    assert (
        notice.link
        == "/dashboard/drill/?unit=13795&indicator=online_rate&part=missing&period=mtd%3A2022-11-24"
    )
    to_dung = [m for m in mail.outbox if m.to == ["dung@yyen.example.vn"]]
    assert [m.subject for m in to_dung] == ["Thị trấn Lâm: 1 chỉ tiêu chưa đạt (tính đến 24/11/2022)"]


def test_the_unit_head_hears_on_the_fifteenth_but_not_on_other_weekdays(lam_below_target, dung):
    remind(at=at("2022-11-14 08:00"))  # Monday 14
    remind(at=at("2022-11-16 08:00"))  # Wednesday 16
    assert told("below_target") == []

    remind(at=at("2022-11-15 08:00"))  # Tuesday 15, mid-month
    assert told("below_target") == [("dung", "Thị trấn Lâm: 1 chỉ tiêu chưa đạt (tính đến 15/11/2022)")]


def test_the_compiler_and_the_leaders_hear_of_the_friday_report_and_the_units_behind_two_weeks(
    huong, yen_trung_clerk, y_yen, birth, van, hung
):
    commit_online_target("town")
    commit_online_target("commune")
    lam, yen_trung = y_yen["13795"], y_yen["13798"]
    for clerk, unit, when in [
        (huong, lam, "2022-11-15 09:00"),  # week 11–17/11
        (huong, lam, "2022-11-21 09:00"),  # week 18–24/11
        (yen_trung_clerk, yen_trung, "2022-11-21 09:00"),  # this week only
    ]:
        with time_machine.travel(at(when), tick=False):
            receive(clerk, unit, birth, when=when)

    with time_machine.travel(at("2022-11-25 08:00"), tick=False):
        weekly_report_make(actor=None, report_date=date(2022, 11, 25))
        weekly_report_make(actor=None, report_date=date(2022, 11, 25))  # issued again: nobody told twice

    assert told("friday_summary") == [
        ("hung", "Báo cáo thứ Sáu ngày 25/11/2022 đã lập"),
        ("van", "Báo cáo thứ Sáu ngày 25/11/2022 đã lập"),
    ]
    summary = Notice.objects.filter(kind="friday_summary").first().body
    assert "Đơn vị chưa đạt đủ chỉ tiêu từ đầu tháng: 2 (Xã Yên Trung, Thị trấn Lâm)."
    assert "Hồ sơ đang quá hạn: 3." in summary
    assert told("behind_two_weeks") == [
        ("hung", "1 đơn vị chưa đạt chỉ tiêu hai tuần liền (báo cáo ngày 25/11/2022)"),
        ("van", "1 đơn vị chưa đạt chỉ tiêu hai tuần liền (báo cáo ngày 25/11/2022)"),
    ]
    assert Notice.objects.filter(kind="behind_two_weeks").first().body.splitlines()[1:2] == ["- Thị trấn Lâm"]
    assert sorted(m.subject for m in mail.outbox if m.to == ["van@yyen.example.vn"]) == [
        "1 đơn vị chưa đạt chỉ tiêu hai tuần liền (báo cáo ngày 25/11/2022)",
        "Báo cáo thứ Sáu ngày 25/11/2022 đã lập",
    ]


def test_a_unit_hears_three_days_before_its_par_self_assessment_closes(campaign, dung):  # noqa: F811
    remind(at=at("2022-12-09 08:00"))  # Friday, six days before 15/12
    assert told("par_due") == []

    remind(at=at("2022-12-12 08:00"))
    remind(at=at("2022-12-13 08:00"))
    assert told("par_due") == [("dung", "Tự đánh giá chỉ số CCHC: hạn 15/12/2022 (còn 3 ngày)")]


def test_a_unit_hears_that_its_par_self_assessment_was_returned(campaign, dung, appraiser, on_time):  # noqa: F811
    lam = assessment_of(campaign, "13795")
    with time_machine.travel(at("2022-12-01 09:00"), tick=False):
        fill_and_submit(dung, lam, plan=True, reports=25)
    par_services.assessment_return(user=appraiser, assessment=lam, comment="Thiếu kế hoạch CCHC đã ký")

    remind(at=at("2022-12-02 08:00"))
    remind(at=at("2022-12-02 09:00"))

    assert told("par_returned") == [
        ("dung", "Bản tự đánh giá chỉ số CCHC bị trả lại để chỉnh sửa (Thị trấn Lâm)")
    ]
    assert "Ý kiến: Thiếu kế hoạch CCHC đã ký" in Notice.objects.get(kind="par_returned").body
