import csv
from datetime import date
from decimal import Decimal
from importlib import resources
from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from cchc.par import services
from cchc.par.models import Criterion, IndexSet
from cchc.par.setfile import SetFileError, parse_set
from tests.par.conftest import SMALL_SET

HEADER = "Mã,Tên,Điểm tối đa,Hình thức,Cách chấm,Đơn vị chủ trì,Tài liệu kiểm chứng\n"


def bundled(name: str) -> bytes:
    return resources.files("cchc.par").joinpath("data", name).read_bytes()


def problems_of(body: str) -> list[str]:
    with pytest.raises(SetFileError) as error:
        parse_set((HEADER + body).encode())
    return error.value.problems


@pytest.mark.parametrize("name", ["commune-2022.csv", "office-2022.csv"])
def test_the_shipped_sets_are_valid_and_worth_100_points(name):
    rows = parse_set(bundled(name))
    assert sum(row.max_score for row in rows if "." not in row.code) == Decimal(100)


def test_the_shipped_commune_set_says_it_is_illustrative():
    text = bundled("commune-2022.csv").decode()
    assert "MINH HỌA" in text.splitlines()[0]


def test_a_set_whose_childrens_maxima_do_not_add_up_is_refused_naming_the_criterion():
    problems = problems_of(
        "1,Chỉ đạo,100,tự đánh giá,,,\n"
        "1.1,Kế hoạch,40,tự đánh giá,có/không,VP,KH\n"
        "1.2,Báo cáo,50,tự đánh giá,thủ công,VP,BC\n"
    )
    assert problems == [
        "Tiêu chí 1: tổng điểm tối đa của các tiêu chí con (1.1, 1.2) là 90, khác điểm tối đa 100."
    ]


def test_every_problem_is_named_by_its_code():
    problems = problems_of(
        "1,Chỉ đạo,60,tự đánh giá,,,\n"
        "1.1,Kế hoạch,60,tự đánh giá,chấm đại,VP,KH\n"
        "1.1,Kế hoạch lần hai,10,tự đánh giá,có/không,VP,KH\n"
        "2.3,Mồ côi,40,tự đánh giá,có/không,VP,KH\n"
        "3,Tài chính,abc,tự chấm,thủ công,VP,\n"
    )
    assert "Tiêu chí 1.1: mã bị trùng (dòng 3 và dòng 4)." in problems
    assert "Tiêu chí 2.3: không có tiêu chí cha '2' trong bộ chỉ số." in problems
    assert any(p.startswith("Tiêu chí 1.1: cách chấm 'chấm đại' không hiểu được") for p in problems)
    assert any(p.startswith("Tiêu chí 3: điểm tối đa 'abc' phải là số dương") for p in problems)


def test_a_tier_above_the_maximum_and_a_total_not_100_are_refused():
    problems = problems_of("1,Một cửa,90,tự đánh giá,bậc ≥90%=95; ≥70%=50,VP,Số liệu\n")
    assert problems == [
        "Tiêu chí 1: điểm bậc 95 vượt quá điểm tối đa 90.",
        "Tổng điểm tối đa của các lĩnh vực là 90, phải là 100.",
    ]


def test_columns_are_found_by_name_in_any_order_and_case():
    data = (
        "ghi chú,TÀI LIỆU KIỂM CHỨNG,cach cham,Tên,Mã,Điểm tối đa,hình thức,Đơn vị chủ trì\n"
        "minh họa,KH,có/không,Kế hoạch,1,100,tự đánh giá,VP\n"
    )
    [row] = parse_set(data.encode())
    assert (row.code, row.rule, row.max_score, row.note) == ("1", "có/không", Decimal(100), "minh họa")


def test_a_missing_column_is_named():
    with pytest.raises(SetFileError) as error:
        parse_set("Mã,Tên,Điểm tối đa\n1,Kế hoạch,100\n".encode())
    assert "thiếu Hình thức, Cách chấm, Đơn vị chủ trì, Tài liệu kiểm chứng." in error.value.problems[0]


def test_a_set_is_read_from_an_xlsx_file():
    workbook = Workbook()
    sheet = workbook.active
    for line in SMALL_SET.strip().splitlines():
        sheet.append(next(csv.reader([line])))
    buffer = BytesIO()
    workbook.save(buffer)
    rows = parse_set(buffer.getvalue(), filename="bo-chi-so.xlsx")
    assert [row.code for row in rows] == ["1", "1.1", "1.2", "2", "2.1", "3"]


def test_the_command_loads_a_set_as_a_new_version(db, tmp_path):
    path = tmp_path / "bo.csv"
    path.write_bytes(bundled("commune-2022.csv"))
    args = [str(path), "--name", "Bộ chỉ số CCHC cấp xã năm 2022", "--unit-kind", "commune", "--year", "2022"]
    call_command("par-load-set", *args)
    call_command("par-load-set", *args)
    first, second = IndexSet.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.criteria.count() == 51
    field_3 = Criterion.objects.get(index_set=first, code="3")
    assert field_3.max_score == Decimal(22)
    assert not field_3.is_leaf
    assert Criterion.objects.get(index_set=first, code="3.2.2").parent.code == "3.2"


def test_the_command_refuses_a_bad_set_whole_with_exit_code_2(db, tmp_path):
    path = tmp_path / "bo.csv"
    path.write_text(HEADER + "1,Chỉ đạo,100,tự đánh giá,,,\n1.1,Kế hoạch,40,tự đánh giá,có/không,VP,KH\n")
    with pytest.raises(CommandError) as error:
        call_command("par-load-set", str(path), "--name", "Sai", "--unit-kind", "commune", "--year", "2022")
    assert error.value.returncode == 2
    assert "Tiêu chí 1: tổng điểm tối đa của các tiêu chí con (1.1) là 40, khác điểm tối đa 100." in str(
        error.value
    )
    assert not IndexSet.objects.exists()
    assert not Criterion.objects.exists()


def test_a_set_built_in_the_admin_gets_its_tree_from_the_codes_when_a_campaign_opens(appraiser, y_yen):
    index_set = IndexSet.objects.create(name="Bộ soạn tay", kind="office", year=2023)
    for position, (code, points, rule) in enumerate(
        [("1", 60, ""), ("1.1", 60, "có/không"), ("2", 40, "tỷ lệ")]
    ):
        Criterion.objects.create(
            index_set=index_set, code=code, position=position, name=f"Mục {code}", max_score=points, rule=rule
        )
    services.campaign_open(
        user=appraiser,
        name="Năm 2023",
        year=2023,
        index_sets=[index_set],
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        self_assessment_due=date(2023, 12, 15),
        appraisal_due=date(2023, 12, 25),
        results_published_on=date(2023, 12, 30),
        units=[y_yen["360.TP"]],
    )
    one, one_one, two = index_set.criteria.order_by("position")
    assert (one.is_leaf, one_one.parent_id, one_one.is_leaf, two.is_leaf) == (False, one.pk, True, True)
    assert sorted(index_set.assessments.get().scores.values_list("criterion__code", flat=True)) == [
        "1.1",
        "2",
    ]


def test_a_campaign_refuses_a_set_built_wrongly_in_the_admin(appraiser, y_yen):
    index_set = IndexSet.objects.create(name="Bộ sai", kind="office", year=2023)
    Criterion.objects.create(index_set=index_set, code="1", name="Mục 1", max_score=90, rule="có/không")
    with pytest.raises(services.ParError, match="Tổng điểm tối đa của các lĩnh vực là 90, phải là 100."):
        services.campaign_open(
            user=appraiser,
            name="Năm 2023",
            year=2023,
            index_sets=[index_set],
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            self_assessment_due=date(2023, 12, 15),
            appraisal_due=date(2023, 12, 25),
            results_published_on=date(2023, 12, 30),
        )
    assert not index_set.assessments.exists()
