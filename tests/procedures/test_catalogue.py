from datetime import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from cchc.procedures.models import Procedure
from cchc.units.models import Unit
from tests.sheets import office_workbook

HEADER = "code,name,field,level,office,limit_kind,limit_amount,cutoff,online_level,fee,interagency,agencies,components,verified,source,note\n"


def test_the_bundled_catalogue_loads_once(y_yen):
    call_command("load-procedures")
    count = Procedure.objects.count()
    assert count >= 40
    certification = Procedure.objects.get(code="2.000815")
    assert (certification.level, certification.limit_kind, f"{certification.cutoff:%H:%M}") == (
        "commune",
        "same_day",
        "15:00",
    )
    assert certification.components.count() == 2
    assert Procedure.objects.handled_by(Unit.objects.get(code="13795")).count() > 20
    assert Procedure.objects.handled_by(Unit.objects.get(code="360.KTHT")).exists()

    call_command("load-procedures")
    assert Procedure.objects.count() == count


def test_a_catalogue_with_bad_lines_is_refused_whole(y_yen, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "1.000001,Thủ tục A,Hộ tịch,commune,,days,3,,4,0,0,,,0,,\n"
        + "1.000001,Thủ tục B,Hộ tịch,commune,,days,3,,4,0,0,,,0,,\n"
        + "1.000002,Thủ tục C,Xây dựng,district,360.XX,weeks,-1,,5,abc,0,,Tờ khai|1,0,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("load-procedures", str(path))
    message = str(error.value)
    assert error.value.returncode == 2
    assert "Dòng 3: mã thủ tục '1.000001' bị trùng (đã có ở dòng 2)." in message
    assert "Dòng 4: không có phòng chuyên môn mã '360.XX'." in message
    assert "Dòng 4: loại thời hạn 'weeks' phải là days, hours hoặc same_day." in message
    assert "Dòng 4: mức độ DVC phải là 2, 3 hoặc 4." in message
    assert "Dòng 4: phí, lệ phí 'abc' không phải số nguyên." in message
    assert "Dòng 4: thành phần hồ sơ 'Tờ khai|1' phải có dạng" in message
    assert Procedure.objects.count() == 0


def test_a_catalogue_loads_from_a_spreadsheet(y_yen, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        ["1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", "commune", None, "days", 1, None, 4, 0, 0]
    )
    workbook.save(tmp_path / "catalogue.xlsx")
    call_command("load-procedures", str(tmp_path / "catalogue.xlsx"))
    assert Procedure.objects.get(code="1.001193").limit_amount == 1


def test_a_garbage_file_named_xlsx_is_refused(y_yen, tmp_path):
    (tmp_path / "fake.xlsx").write_bytes(b"not a workbook" * 100)
    with pytest.raises(CommandError, match="không phải bảng tính Excel"):
        call_command("load-procedures", str(tmp_path / "fake.xlsx"))


CATALOGUE_TITLE = ("DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA UBND CẤP XÃ",)
CATALOGUE_HEADER = (
    "Mã thủ tục",
    "Tên thủ tục",
    "LĨNH VỰC",
    "Cấp thực hiện",
    "Loại thời hạn",
    "Thời hạn giải quyết",
    "Giờ chốt",
    "Mức độ DVC",
    "Phí, lệ phí",
)


def test_a_catalogue_spreadsheet_with_a_title_block_and_a_merged_field_loads(y_yen, tmp_path):
    # "Hộ tịch" is written once, in a cell merged down beside both procedures (rows 4 and 5)
    rows = [
        ["1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", "commune", "same_day", 0, time(15, 0), 4, 0],
        ["1.000894", "Thủ tục đăng ký kết hôn", None, "commune", "days", 3, None, 3, 0],
    ]
    path = office_workbook(
        tmp_path / "danh-muc.xlsx",
        title=CATALOGUE_TITLE,
        header=CATALOGUE_HEADER,
        rows=rows,
        merges=["C4:C5"],
    )
    call_command("load-procedures", str(path))
    loaded = Procedure.objects.order_by("code")
    assert [(p.code, p.field, p.limit_kind, p.limit_amount, p.online_level) for p in loaded] == [
        ("1.000894", "Hộ tịch", "days", 3, 3),
        ("1.001193", "Hộ tịch", "same_day", 0, 4),
    ]
    assert f"{Procedure.objects.get(code='1.001193').cutoff:%H:%M}" == "15:00"


def test_a_bad_line_of_a_catalogue_spreadsheet_is_named_by_its_row(y_yen, tmp_path):
    rows = [
        ["1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", "commune", "same_day", 0, "15:00", 4, 0],
        ["1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch", "xã", "days", 3, None, 3, 0],
    ]
    path = office_workbook(tmp_path / "sai.xlsx", title=CATALOGUE_TITLE, header=CATALOGUE_HEADER, rows=rows)
    with pytest.raises(CommandError) as error:
        call_command("load-procedures", str(path))
    assert "Dòng 5: cấp thực hiện 'xã' phải là commune hoặc district." in str(error.value)
    assert Procedure.objects.count() == 0
