"""An index set as the Office of Home Affairs sends it: a spreadsheet with a title block, header names in
any spelling, field rows that only group their criteria (no method, no rule), merged cells. Loaded through
the command, as an appraiser would."""

import unicodedata

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.par.models import IndexSet
from tests.sheets import office_workbook, office_workbook_xls

TITLE = (
    "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ NĂM 2022",
    "(Kèm theo Quyết định số 15/QĐ-UBND ngày 10/12/2022 của UBND huyện Ý Yên)",
)
HEADER = (
    "Mã",
    "Tên tiêu chí",
    unicodedata.normalize("NFD", "Điểm tối đa"),
    "HÌNH THỨC",
    "Cách chấm điểm",
    "Chỉ số đo",
    "Đơn vị chủ trì",
    unicodedata.normalize("NFD", "Tài liệu kiểm chứng"),
)
FIELD_1 = ["1", "Công tác chỉ đạo, điều hành CCHC", 40, None, None, None, None, None]
PLAN = ["1.1", "Ban hành kế hoạch CCHC năm", 10, "Tự đánh giá", "có/không", None, "Văn phòng", "Kế hoạch"]
REPORTS = ["1.2", "Báo cáo CCHC đầy đủ", 30, "tự đánh giá", "thủ công", None, "Văn phòng", "Các báo cáo"]
FIELD_2 = ["2", "Thủ tục hành chính", 40, None, None, None, None, None]
ON_TIME = [
    "2.1",
    "Hồ sơ giải quyết đúng hạn",
    40,
    "tự đánh giá",
    "bậc ≥90%=40; ≥70%=20",
    "on_time_rate",
    "Bộ phận Một cửa",
    "Số liệu hồ sơ",
]
FIELD_3 = ["3", "Mức độ hài lòng", 20, None, None, None, None, None]
SURVEY_1 = ["3.1", "Hài lòng về thủ tục", 10, "điều tra xã hội học", None, None, "Phòng Nội vụ", "Phiếu"]
SURVEY_2 = ["3.2", "Hài lòng về công chức", 10, None, None, None, "Phòng Nội vụ", "Phiếu"]
SET = [FIELD_1, PLAN, REPORTS, FIELD_2, ON_TIME, FIELD_3, SURVEY_1, SURVEY_2]


def load(path):
    call_command(
        "par-load-set",
        str(path),
        "--name",
        "Bộ chỉ số cấp xã 2022",
        "--unit-kind",
        "commune",
        "--year",
        "2022",
    )


def refused(path) -> str:
    with pytest.raises(CommandError) as error:
        load(path)
    assert error.value.returncode == 2
    assert IndexSet.objects.count() == 0
    return str(error.value)


def test_it_loads_a_set_with_a_title_block_and_group_rows(db, tmp_path, capsys):
    # "điều tra xã hội học" is written once, in a cell merged down over 3.1 and 3.2 (rows 11 and 12)
    path = office_workbook(
        tmp_path / "bo-chi-so.xlsx", title=TITLE, header=HEADER, rows=SET, merges=["D11:D12"]
    )
    load(path)
    assert "8 mục, 5 tiêu chí được chấm trực tiếp" in capsys.readouterr().out
    criteria = IndexSet.objects.get().criteria.order_by("position")
    assert [(c.code, c.method, c.is_leaf) for c in criteria] == [
        ("1", "self", False),
        ("1.1", "self", True),
        ("1.2", "self", True),
        ("2", "self", False),
        ("2.1", "self", True),
        ("3", "survey", False),
        ("3.1", "survey", True),
        ("3.2", "survey", True),
    ]


def test_it_loads_the_same_set_saved_as_an_old_excel_file(db, tmp_path):
    rows = [*SET[:-1], [*SURVEY_2[:3], "điều tra xã hội học", *SURVEY_2[4:]]]
    load(office_workbook_xls(tmp_path / "bo-chi-so.xls", title=TITLE, header=HEADER, rows=rows))
    criteria = IndexSet.objects.get().criteria
    assert sorted(criteria.filter(is_leaf=False).values_list("code", "method")) == [
        ("1", "self"),
        ("2", "self"),
        ("3", "survey"),
    ]


def test_it_still_refuses_a_set_whose_maxima_do_not_add_up_naming_the_criterion(db, tmp_path):
    short = [*REPORTS[:2], 20, *REPORTS[3:]]
    rows = [FIELD_1, PLAN, short, FIELD_2, ON_TIME, FIELD_3, SURVEY_1, [*SURVEY_2[:3], "điều tra xã hội học"]]
    message = refused(office_workbook(tmp_path / "sai-tong.xlsx", title=TITLE, header=HEADER, rows=rows))
    assert message.splitlines()[1:] == [
        "Tiêu chí 1: tổng điểm tối đa của các tiêu chí con (1.1, 1.2) là 30, khác điểm tối đa 40."
    ]


def test_it_still_refuses_an_orphan_criterion(db, tmp_path):
    rows = [FIELD_1, PLAN, REPORTS, FIELD_2, ON_TIME, SURVEY_1]
    message = refused(office_workbook(tmp_path / "mo-coi.xlsx", title=TITLE, header=HEADER, rows=rows))
    assert "Tiêu chí 3.1: không có tiêu chí cha '3' trong bộ chỉ số." in message.splitlines()


def test_it_refuses_a_criterion_without_a_method(db, tmp_path):
    rows = [FIELD_1, [*PLAN[:3], None, *PLAN[4:]], REPORTS, FIELD_2, ON_TIME, FIELD_3, SURVEY_1, SURVEY_2]
    message = refused(office_workbook(tmp_path / "thieu.xlsx", title=TITLE, header=HEADER, rows=rows))
    assert "Tiêu chí 1.1: thiếu hình thức (tự đánh giá hoặc điều tra xã hội học)." in message.splitlines()


def test_it_names_a_bad_code_by_its_line_in_the_spreadsheet(db, tmp_path):
    rows = [FIELD_1, PLAN, REPORTS, ["2", *FIELD_2[1:]], ["2.a", *ON_TIME[1:]]]
    message = refused(office_workbook(tmp_path / "ma-sai.xlsx", title=TITLE, header=HEADER, rows=rows))
    assert "Dòng 9: mã '2.a' không đúng dạng (ví dụ 1, 1.2, 1.2.3)." in message.splitlines()


def test_it_reads_a_criterion_written_over_two_merged_rows_as_one(db, tmp_path):
    # 1.2 fills rows 7 and 8: every one of its cells is merged down over the two rows
    rows = [FIELD_1, PLAN, REPORTS, [None] * 8, FIELD_2, ON_TIME, FIELD_3, SURVEY_1, SURVEY_2]
    merges = [f"{column}7:{column}8" for column in "ABCDEFGH"] + ["D12:D13"]
    load(office_workbook(tmp_path / "gop.xlsx", title=TITLE, header=HEADER, rows=rows, merges=merges))
    assert IndexSet.objects.get().criteria.count() == 8


def test_it_refuses_a_spreadsheet_without_the_header_in_its_first_twenty_rows(db, tmp_path):
    title = [f"Dòng tiêu đề {n}" for n in range(1, 21)]
    message = refused(office_workbook(tmp_path / "xa.xlsx", title=title, header=HEADER, rows=SET))
    assert "Không tìm thấy dòng tiêu đề có đủ các cột bắt buộc trong 20 dòng đầu" in message
