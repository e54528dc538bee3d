import os
import unicodedata
import zipfile
from datetime import date, datetime

import pytest

from cchc.core.calendar import VN_TZ
from cchc.core.lifecycle import State
from cchc.core.tabular import (
    CellError,
    TableError,
    alias_table,
    find_header,
    header_key,
    open_export,
    parse_amount,
    parse_channel,
    parse_date,
    parse_flag,
    parse_level,
    parse_moment,
    parse_row,
    parse_state,
)
from tests.imports.files import HEADER, csv_bytes, row, to_cp1258, xlsx_file

ALIASES = alias_table()


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


# --- Header names --------------------------------------------------------------------------------------


def test_it_matches_nfd_and_nfc_headers():
    assert header_key(unicodedata.normalize("NFD", "Mã hồ sơ")) == header_key("Mã hồ sơ") == "mahoso"


def test_it_matches_both_spellings_of_hoa():
    assert ALIASES[header_key("Số hoá hồ sơ")] == ALIASES[header_key("Số hóa hồ sơ")] == "digitised"


def test_it_ignores_case_spacing_and_punctuation():
    assert ALIASES[header_key("  PHÍ ,  LỆ-PHÍ ")] == "fee"
    assert ALIASES[header_key("Ngày   hẹn trả\n")] == "due_at"


def test_it_accepts_every_alias_of_the_issue():
    expected = {
        "Số hồ sơ": "code",
        "Ma ho so": "code",
        "Mã TTHC": "procedure_code",
        "Tên TTHC": "procedure_name",
        "Thủ tục": "procedure_name",
        "Mức độ DVC": "level",
        "Mức độ dịch vụ": "level",
        "Cơ quan tiếp nhận": "unit",
        "Đơn vị": "unit",
        "Kênh nộp": "channel",
        "Hình thức tiếp nhận": "channel",
        "Thời gian tiếp nhận": "received_at",
        "Ngày nhận": "received_at",
        "Hạn xử lý": "due_at",
        "Ngày hẹn trả kết quả": "due_at",
        "Ngày hoàn thành": "result_at",
        "Ngày kết thúc xử lý": "result_at",
        "Ngày trả": "returned_at",
        "Tình trạng": "state",
        "Lệ phí": "fee",
        "Phí": "fee",
        "Đã thanh toán trực tuyến": "paid_online",
        "Số hóa thành phần": "digitised",
        "Số hoá kết quả": "result_digitised",
        "Kết quả điện tử": "e_result",
        "Hồ sơ liên thông": "interagency",
        "Tạo tài khoản DVCQG": "national_account",
    }
    assert {name: ALIASES[header_key(name)] for name in expected} == expected


def test_it_takes_an_administrators_alias():
    aliases = alias_table({"Số biên nhận": "code"})
    assert aliases[header_key("so bien nhan")] == "code"


def test_it_refuses_an_alias_to_an_unknown_column():
    with pytest.raises(ValueError, match="không tồn tại"):
        alias_table({"Số biên nhận": "serial"})


# --- Finding the header --------------------------------------------------------------------------------


def test_it_finds_the_header_under_a_title():
    rows = [["BÁO CÁO"], [], ["Từ ngày 01/11/2022"], [], [], [], HEADER, ["1", "A"]]
    header, data = find_header(iter(rows), ALIASES)
    assert header.row_number == 7
    assert header.columns["code"] == 1 and header.columns["unit"] == 6
    assert list(data) == [(8, ["1", "A"])]


def test_it_keeps_the_first_of_two_columns_with_the_same_meaning():
    header, _ = find_header(iter([["Mã hồ sơ", "Đơn vị", "Ngày nhận", "Phí", "Lệ phí"]]), ALIASES)
    assert header.columns["fee"] == 3
    assert header.ignored == ["Lệ phí"]


def test_it_names_the_missing_and_the_found_columns():
    with pytest.raises(TableError) as error:
        find_header(iter([["Tiêu đề"], ["Mã hồ sơ", "Tên người nộp", "Ngày nộp"]]), ALIASES)
    message = str(error.value)
    assert "thiếu Đơn vị tiếp nhận, Ngày tiếp nhận" in message
    assert "Các cột tìm thấy: Mã hồ sơ, Tên người nộp, Ngày nộp" in message


def test_it_does_not_look_past_row_twenty():
    rows = [[f"dòng {n}"] for n in range(20)] + [["Mã hồ sơ", "Đơn vị", "Ngày nhận"]]
    with pytest.raises(TableError, match="20 dòng đầu"):
        find_header(iter(rows), ALIASES)


def test_it_calls_a_file_without_any_value_empty():
    with pytest.raises(TableError, match="Tệp trống"):
        find_header(iter([[], [None, ""]]), ALIASES)


# --- Dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("02/11/2022", vn(2022, 11, 2), False),
        ("2/11/2022 8:05", vn(2022, 11, 2, 8, 5), True),
        ("02/11/2022 08:05:30", vn(2022, 11, 2, 8, 5, 30), True),
        ("02-11-2022 14:00", vn(2022, 11, 2, 14, 0), True),
        ("08:30 02/11/2022", vn(2022, 11, 2, 8, 30), True),
        ("08 giờ 30", None, None),
        ("2022-11-02", vn(2022, 11, 2), False),
        ("2022-11-02 08:30:00", vn(2022, 11, 2, 8, 30), True),
        ("2022-11-02T01:30:00+00:00", vn(2022, 11, 2, 8, 30), True),
    ],
)
def test_it_reads_dates_as_vietnam_local_time(text, expected, has_time):
    if expected is None:
        with pytest.raises(CellError, match="ngày không đọc được"):
            parse_moment(text)
    else:
        assert parse_moment(text) == (expected, has_time)


def test_it_reads_spreadsheet_date_cells_and_serial_numbers():
    assert parse_moment(datetime(2022, 11, 2, 8, 30)) == (vn(2022, 11, 2, 8, 30), True)
    assert parse_moment(date(2022, 11, 2)) == (vn(2022, 11, 2), False)
    # 44867 is 02/11/2022 in Excel's 1900 date system; .5 is noon.
    assert parse_moment(44867.5) == (vn(2022, 11, 2, 12, 0), True)


def test_it_reads_an_appointment_without_time_as_the_end_of_that_day():
    assert parse_date("05/11/2022", end_of_day=True) == vn(2022, 11, 5, 23, 59, 59)
    assert parse_date("05/11/2022 10:00", end_of_day=True) == vn(2022, 11, 5, 10, 0)


def test_it_refuses_a_date_that_does_not_exist():
    with pytest.raises(CellError, match="ngày không có thật “31/02/2022”"):
        parse_moment("31/02/2022")


def test_it_leaves_an_empty_date_empty():
    assert parse_moment(None) is None
    assert parse_moment("   ") is None


# --- Amounts, yes/no, states, levels, channels ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50.000", 50000),
        ("50.000 đồng", 50000),
        ("50.000đ", 50000),
        ("50.000 VNĐ", 50000),
        ("1.500.000", 1500000),
        ("50,000", 50000),
        ("50.000,00", 50000),
        ("2000", 2000),
        (2000, 2000),
        (2000.0, 2000),
        ("", 0),
        (None, 0),
        ("0", 0),
        ("Miễn phí", 0),
        ("-", 0),
    ],
)
def test_it_reads_vietnamese_amounts(value, expected):
    assert parse_amount(value) == expected


@pytest.mark.parametrize("value", ["50.5", "năm mươi nghìn", -1, "50.000,50", "5.00.000"])
def test_it_refuses_amounts_it_cannot_read(value):
    with pytest.raises(CellError):
        parse_amount(value)


@pytest.mark.parametrize("value", ["Có", "có", "CÓ", "x", "X", "1", 1, True, "True", "true", "Đã"])
def test_it_reads_yes(value):
    assert parse_flag(value) is True


@pytest.mark.parametrize("value", ["Không", "không", "0", 0, False, "False", "", None, "Chưa"])
def test_it_reads_no(value):
    assert parse_flag(value) is False


def test_it_refuses_a_yes_no_cell_it_cannot_read():
    with pytest.raises(CellError, match="không phải Có/Không “Có lẽ”"):
        parse_flag("Có lẽ")


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Đã trả kết quả", State.RETURNED),
        ("Đã trả kết quả - Đúng hạn", State.RETURNED),
        ("ĐÃ TRẢ KẾT QUẢ (trước hạn)", State.RETURNED),
        ("Đã có kết quả", State.RESULT_READY),
        ("Hoàn thành", State.RESULT_READY),
        ("Đã giải quyết", State.RESULT_READY),
        ("Đang xử lý", State.IN_PROGRESS),
        ("Đang giải quyết", State.IN_PROGRESS),
        ("Đã tiếp nhận", State.RECEIVED),
        ("Chờ bổ sung", State.SUPPLEMENT_REQUESTED),
        ("Yêu cầu bổ sung", State.SUPPLEMENT_REQUESTED),
        ("Từ chối tiếp nhận", State.REFUSED),
        ("Rút hồ sơ", State.WITHDRAWN),
        ("Dừng xử lý", State.STOPPED),
        ("Dừng giải quyết", State.STOPPED),
        (unicodedata.normalize("NFD", "Đang xử lý"), State.IN_PROGRESS),
    ],
)
def test_it_maps_portal_states(text, state):
    assert parse_state(text) == state


def test_it_refuses_an_unknown_state():
    with pytest.raises(CellError, match="trạng thái không nhận ra “Đã lưu trữ”"):
        parse_state("Đã lưu trữ")


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (2, 2),
        ("3", 3),
        (4.0, 4),
        ("Mức độ 3", 3),
        ("Toàn trình", 4),
        ("DVC trực tuyến toàn trình", 4),
        ("Một phần", 3),
        ("Dịch vụ công", 2),
        ("", None),
    ],
)
def test_it_reads_online_levels(value, level):
    assert parse_level(value) == level


def test_it_refuses_an_unknown_level():
    with pytest.raises(CellError, match="mức độ không nhận ra “5”"):
        parse_level("5")


@pytest.mark.parametrize(
    ("value", "channel"),
    [
        ("Trực tiếp", "in_person"),
        ("Trực tuyến", "online"),
        ("Nộp trực tuyến", "online"),
        ("Bưu chính", "postal"),
        ("Bưu chính công ích", "postal"),
        ("", None),
    ],
)
def test_it_reads_channels(value, channel):
    assert parse_channel(value) == channel


# --- Rows ----------------------------------------------------------------------------------------------

COLUMNS = {
    "code": 0,
    "unit": 1,
    "received_at": 2,
    "due_at": 3,
    "result_at": 4,
    "returned_at": 5,
    "state": 6,
    "fee": 7,
}


def test_it_reads_a_row():
    parsed = parse_row(
        8, ["A-1", " Xã Yên Trung ", "02/11/2022 08:30", "05/11/2022", "", "", "", "50.000 đồng"], COLUMNS
    )
    assert (parsed.line, parsed.code, parsed.unit) == (8, "A-1", "Xã Yên Trung")
    assert parsed.received_at == vn(2022, 11, 2, 8, 30)
    assert parsed.due_at == vn(2022, 11, 5, 23, 59, 59)
    assert parsed.result_at is None
    assert parsed.state == State.RECEIVED
    assert parsed.fee == 50000


def test_it_infers_the_state_from_the_dates():
    cells = ["A-1", "Lâm", "02/11/2022 08:30", "", "03/11/2022 10:00", "", ""]
    assert parse_row(2, cells, COLUMNS).state == State.RESULT_READY
    cells[5] = "03/11/2022 15:00"
    assert parse_row(2, cells, COLUMNS).state == State.RETURNED


def test_it_calls_a_result_with_a_return_date_returned():
    cells = ["A-1", "Lâm", "02/11/2022 08:30", "", "03/11/2022", "04/11/2022", "Hoàn thành"]
    assert parse_row(2, cells, COLUMNS).state == State.RETURNED


def test_it_refuses_a_result_before_receipt():
    cells = ["A-1", "Lâm", "02/11/2022 08:30", "", "01/11/2022 10:00", "", "Đã có kết quả"]
    with pytest.raises(CellError, match=r"Ngày có kết quả \(01/11/2022 10:00\) trước Ngày tiếp nhận"):
        parse_row(2, cells, COLUMNS)


def test_it_compares_by_day_when_a_date_has_no_time():
    cells = ["A-1", "Lâm", "02/11/2022 08:30", "", "02/11/2022", "", "Đã có kết quả"]
    assert parse_row(2, cells, COLUMNS).result_at == vn(2022, 11, 2)


def test_it_lists_every_problem_of_a_row():
    cells = ["", "", "32/13/2022", "", "", "", "Lưu kho", "nhiều"]
    with pytest.raises(CellError) as error:
        parse_row(2, cells, COLUMNS)
    assert str(error.value) == (
        "Mã hồ sơ: trống; Đơn vị tiếp nhận: trống; Ngày tiếp nhận: ngày không có thật “32/13/2022”; "
        "Trạng thái: trạng thái không nhận ra “Lưu kho”; Phí, lệ phí: số tiền không đọc được “nhiều”"
    )


def test_it_keeps_absent_columns_absent():
    parsed = parse_row(2, ["A-1", "Lâm", "02/11/2022"], {"code": 0, "unit": 1, "received_at": 2})
    assert (parsed.fee, parsed.online_level, parsed.channel, parsed.flags) == (None, None, None, {})


# --- Files ---------------------------------------------------------------------------------------------


def _read(path, **kwargs):
    export = open_export(path, ALIASES, **kwargs)
    try:
        return export, [(line, list(cells)) for line, cells in export.rows]
    finally:
        export.close()


def test_it_reads_an_xlsx_with_merged_title_cells_and_the_header_on_row_7(tmp_path):
    path = xlsx_file(tmp_path / "ds.xlsx", [row("A-1", received=datetime(2022, 11, 2, 8, 30))])
    export, rows = _read(path)
    assert export.header.row_number == 7
    assert [line for line, _ in rows] == [8]
    assert rows[0][1][1] == "A-1"
    assert rows[0][1][8] == datetime(2022, 11, 2, 8, 30)


def test_it_reads_nfd_headers_in_an_xlsx(tmp_path):
    header = [unicodedata.normalize("NFD", h) for h in HEADER]
    export, _ = _read(xlsx_file(tmp_path / "nfd.xlsx", [row()], header=header))
    assert export.header.columns["code"] == 1 and export.header.columns["digitised"] == 15


def test_it_reads_utf8_csv_with_a_bom(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_bytes([row("A-1")]).encode())
    export, rows = _read(path)
    assert (export.encoding, export.header.row_number, rows[0][1][1]) == ("utf-8-sig", 3, "A-1")


def test_it_detects_a_windows_1258_csv(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(to_cp1258(csv_bytes([row("A-1", state="Đã trả kết quả")])))
    export, rows = _read(path)
    assert export.encoding == "cp1258"
    assert rows[0][1][12] == "Đã trả kết quả"
    assert unicodedata.is_normalized("NFC", rows[0][1][6])


def test_it_reads_a_semicolon_csv(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(csv_bytes([row("A-1")], delimiter=";"), encoding="utf-8")
    _, rows = _read(path)
    assert rows[0][1][1] == "A-1"


def test_it_refuses_a_garbage_file_named_xlsx(tmp_path):
    path = tmp_path / "rac.xlsx"
    path.write_bytes(os.urandom(10 * 1024 * 1024))
    with pytest.raises(TableError, match="không phải bảng tính Excel đọc được"):
        open_export(path, ALIASES)


def test_it_refuses_a_broken_zip_named_xlsx(tmp_path):
    path = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "không phải bảng tính")
    with pytest.raises(TableError, match="không phải bảng tính .xlsx đọc được"):
        open_export(path, ALIASES)


def test_it_refuses_an_empty_file(tmp_path):
    path = tmp_path / "trong.csv"
    path.write_bytes(b"")
    with pytest.raises(TableError, match=r"trống \(0 byte\)"):
        open_export(path, ALIASES)


def test_it_refuses_a_binary_file_named_csv(tmp_path):
    path = tmp_path / "nhiphan.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(TableError, match="không phải tệp văn bản CSV"):
        open_export(path, ALIASES)


def test_it_refuses_an_unsupported_extension(tmp_path):
    path = tmp_path / "ds.ods"
    path.write_text("Mã hồ sơ")
    with pytest.raises(TableError, match="chỉ nhận .xlsx, .xls và .csv"):
        open_export(path, ALIASES)


def test_it_reads_a_file_of_only_a_header_as_no_rows(tmp_path):
    _, rows = _read(xlsx_file(tmp_path / "ds.xlsx", []))
    assert rows == []


def test_it_refuses_a_damaged_xls(tmp_path):
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096))
    with pytest.raises(TableError, match="không phải bảng tính .xls đọc được"):
        open_export(path, ALIASES)
