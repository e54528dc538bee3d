"""Portal exports written by the tests themselves, in every shape the import must read."""

import csv
import io
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEADER = [
    "STT",
    "Mã hồ sơ",
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Mức độ",
    "Đơn vị tiếp nhận",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Trạng thái",
    "Phí, lệ phí",
    "Thanh toán trực tuyến",
    "Số hóa hồ sơ",
    "Số hóa kết quả",
    "Trả kết quả điện tử",
    "Liên thông",
    "Tài khoản DVC quốc gia",
]
TITLE = [
    "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH",
    "DANH SÁCH HỒ SƠ TIẾP NHẬN",
    "Từ ngày 01/11/2022 đến ngày 30/11/2022",
]


def xlsx_file(
    path: Path, rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER, title_rows: int = 6
) -> Path:
    """An export as the portal writes it: merged title cells above, the header on row ``title_rows + 1``."""
    book = Workbook()
    sheet = book.active
    for number in range(1, title_rows + 1):
        text = TITLE[number - 1] if number <= len(TITLE) else None
        sheet.cell(row=number, column=1, value=text)
        if text:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(header))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def xls_file(
    path: Path, rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER, title_rows: int = 6
) -> Path:
    """The same export in the old Excel format (BIFF8, .xls) that the portal still offers: merged title rows,
    the header on row ``title_rows + 1``, dates as real Excel dates where the row gives a datetime."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sach")
    moment = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    for number in range(title_rows):
        if number < len(TITLE):
            sheet.write_merge(number, number, 0, len(header) - 1, TITLE[number])
    for column, name in enumerate(header):
        sheet.write(title_rows, column, name)
    for offset, cells in enumerate(rows, start=title_rows + 1):
        for column, cell in enumerate(cells):
            if isinstance(cell, datetime):
                sheet.write(offset, column, cell, moment)
            elif cell is not None:
                sheet.write(offset, column, cell)
    book.save(str(path))
    return path


def csv_bytes(rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["DANH SÁCH HỒ SƠ"])
    writer.writerow([])
    writer.writerow(list(header))
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue()


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed, tone marks combining."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        tones = "".join(c for c in decomposed if c in _TONES)
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def row(code: str = "000.00.25.H40-221102-0001", **values: Any) -> list[Any]:
    """One data row in ``HEADER`` order; anything not given is empty."""
    defaults = {
        "Mã hồ sơ": code,
        "Mã thủ tục": "1.001193",
        "Tên thủ tục": "Thủ tục đăng ký khai sinh",
        "Lĩnh vực": "Hộ tịch",
        "Mức độ": "Toàn trình",
        "Đơn vị tiếp nhận": "UBND xã Yên Trung",
        "Hình thức nộp": "Trực tuyến",
        "Ngày tiếp nhận": "02/11/2022 08:30",
        "Ngày hẹn trả": "07/11/2022 08:30",
        "Trạng thái": "Đang xử lý",
        "Phí, lệ phí": "0",
    }
    names = {
        "procedure": "Mã thủ tục",
        "unit": "Đơn vị tiếp nhận",
        "received": "Ngày tiếp nhận",
        "due": "Ngày hẹn trả",
        "result": "Ngày có kết quả",
        "returned": "Ngày trả kết quả",
        "state": "Trạng thái",
        "fee": "Phí, lệ phí",
        "paid": "Thanh toán trực tuyến",
        "digitised": "Số hóa hồ sơ",
        "result_digitised": "Số hóa kết quả",
        "e_result": "Trả kết quả điện tử",
        "channel": "Hình thức nộp",
        "level": "Mức độ",
        "name": "Tên thủ tục",
    }
    for key, value in values.items():
        defaults[names[key]] = value
    return [defaults.get(column) for column in HEADER]
