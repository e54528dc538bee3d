import pytest

from cchc.core.unitfile import UnitFileError, parse_unit_file
from tests.imports.files import to_cp1258

HEADER = "code,name,kind,parent,official,valid_from,valid_to\n"


def parse(body: str, known: frozenset[str] = frozenset()):
    return parse_unit_file((HEADER + body).encode(), known_codes=known)


def test_it_returns_parents_before_children():
    rows = parse("13795,Thị trấn Lâm,town,360,1,,\n360,Huyện Ý Yên,district,,1,,2025-06-30\n")
    assert [r.code for r in rows] == ["360", "13795"]
    assert rows[1].parent == "360"
    assert rows[0].valid_to.isoformat() == "2025-06-30"


def test_it_refuses_a_duplicate_code_naming_both_lines():
    with pytest.raises(UnitFileError) as error:
        parse(
            "360,Huyện Ý Yên,district,,1,,\n13795,Thị trấn Lâm,town,360,1,,\n13795,Xã Lâm,commune,360,1,,\n"
        )
    assert error.value.problems == ["Dòng 4: mã đơn vị '13795' bị trùng (đã có ở dòng 3)."]


def test_it_refuses_an_unknown_parent_naming_the_line():
    with pytest.raises(UnitFileError) as error:
        parse("13795,Thị trấn Lâm,town,999,1,,\n")
    assert error.value.problems == ["Dòng 2: đơn vị cấp trên '999' không có trong tệp và trong hệ thống."]


def test_it_accepts_a_parent_already_in_the_database():
    rows = parse("13795,Thị trấn Lâm,town,360,1,,\n", known=frozenset({"360"}))
    assert rows[0].parent == "360"


def test_it_lists_every_problem_of_the_file():
    with pytest.raises(UnitFileError) as error:
        parse(",Không mã,commune,,0,,\n1,Một,hamlet,,0,31/02/2022,\n2,Hai,commune,,0,2023-01-01,2022-01-01\n")
    assert error.value.problems == [
        "Dòng 2: thiếu mã đơn vị.",
        "Dòng 3: loại đơn vị 'hamlet' không hợp lệ (chỉ nhận: province, district, office, commune, town, ward, department, centre).",
        "Dòng 3: ngày hiệu lực từ '31/02/2022' không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy.",
        "Dòng 4: ngày hết hiệu lực trước ngày bắt đầu hiệu lực.",
    ]


def test_it_refuses_a_cycle_of_parents():
    with pytest.raises(UnitFileError, match="tạo thành vòng"):
        parse("1,Một,district,2,0,,\n2,Hai,district,1,0,,\n")


def test_it_names_the_columns_it_found_when_required_ones_are_missing():
    with pytest.raises(UnitFileError) as error:
        parse_unit_file("ma,ten\n1,Một\n".encode())
    assert error.value.problems[0].startswith(
        "Không tìm thấy dòng tiêu đề có đủ các cột bắt buộc trong 20 dòng đầu: thiếu kind, parent. "
        "Các cột tìm thấy: ma, ten."
    )


def test_it_reads_a_file_saved_by_excel_in_windows_1258():
    rows = parse_unit_file(to_cp1258(HEADER + "1,Xã Yên Đồng,commune,,1,,\n"))
    assert rows[0].name == "Xã Yên Đồng"


def test_it_refuses_an_empty_file():
    with pytest.raises(UnitFileError, match="không có dòng dữ liệu"):
        parse("")


def test_it_normalises_decomposed_unicode_to_nfc():
    rows = parse("13798,Xa\u0303 Yên Trung,commune,,1,,\n")
    assert rows[0].name == "Xã Yên Trung"
