"""A portal-like export of dossiers, written from the file format alone (docs/import.md), never from cchc.

``export(seed)`` draws a few hundred dossiers of Ý Yên over October–December 2022 with a seeded
``random.Random`` and ``write(rows, path)`` writes them as the provincial portal would: title rows above the
header, header names by their aliases (some in NFD), units written as people write them, dates as real
spreadsheet cells, Excel serial numbers or text, amounts like "2.000 đồng", yes/no as Có/x/1/Không/-/empty.
Every name, word and alias below is written out by hand from the documentation: nothing is imported from the
product, so that a mistake in its tables cannot hide here.

Each row is a dict of cells (column key → the value as it stands in the file) plus, under ``_truth``, what
the row means; ``naive`` reads the written file back and does not use ``_truth``.
"""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

# The units of the bundled Ý Yên 2022 tree that the exports use: code → (name as in the tree, bare name).
UNITS = {
    "13795": ("Thị trấn Lâm", "Lâm"),
    "13798": ("Xã Yên Trung", "Yên Trung"),
    "13801": ("Xã Yên Thành", "Yên Thành"),
    "13804": ("Xã Yên Tân", "Yên Tân"),
    "13807": ("Xã Yên Lợi", "Yên Lợi"),
    "13810": ("Xã Yên Thọ", "Yên Thọ"),
    "13825": ("Xã Yên Bình", "Yên Bình"),
    "13876": ("Xã Yên Bằng", "Yên Bằng"),
    "13879": ("Xã Yên Đồng", "Yên Đồng"),
    "360.TP": ("Phòng Tư pháp", "Tư pháp"),
    "360.TCKH": ("Phòng Tài chính - Kế hoạch", "Tài chính - Kế hoạch"),
    "360.LDTBXH": ("Phòng Lao động - Thương binh và Xã hội", "Lao động - Thương binh và Xã hội"),
}
COMMUNES = ["13795", "13798", "13801", "13807", "13810", "13825", "13876", "13879"]
OFFICES = ["360.TP", "360.TCKH", "360.LDTBXH"]
ONLY_LEVEL_2 = "13804"  # Xã Yên Tân: every dossier of a level-2 procedure, so no online-rate denominator

# Procedures: code, name, field, usual level, fee in đồng, inter-agency (liên thông). Some are in the
# bundled catalogue, some are not (the import creates them).
COMMUNE_PROCEDURES = [
    ("2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", 2, 2000, False),
    ("2.000884", "Chứng thực chữ ký", "Chứng thực", 2, 10000, False),
    ("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", 4, 0, False),
    ("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch", 3, 0, False),
    ("2.000635", "Cấp bản sao Trích lục hộ tịch", "Hộ tịch", 4, 8000, False),
    ("2.001023", "Liên thông đăng ký khai sinh, cấp thẻ BHYT cho trẻ em dưới 6 tuổi", "Hộ tịch", 3, 0, True),
    ("9.900001", "Xác nhận đơn đề nghị hỗ trợ (thủ tục địa phương)", "Bảo trợ xã hội", 3, 15000, False),
]
LEVEL_2_PROCEDURES = [p for p in COMMUNE_PROCEDURES if p[3] == 2]
OFFICE_PROCEDURES = {
    "360.TP": [("2.000806", "Đăng ký kết hôn có yếu tố nước ngoài", "Hộ tịch", 3, 1000000, False)],
    "360.TCKH": [
        ("1.001612", "Đăng ký thành lập hộ kinh doanh", "Hộ kinh doanh", 4, 100000, False),
        ("2.000720", "Đăng ký thay đổi nội dung hộ kinh doanh", "Hộ kinh doanh", 3, 50000, False),
    ],
    "360.LDTBXH": [("9.900002", "Trợ cấp mai táng phí (liên thông)", "Người có công", 3, 0, True)],
}

# Header names: for each column, the names an export may give it (docs/import.md, "the alias table").
HEADERS = {
    "code": ["Mã hồ sơ", "Số hồ sơ"],
    "procedure_code": ["Mã thủ tục", "Mã TTHC"],
    "procedure_name": ["Tên thủ tục", "Thủ tục", "Tên TTHC"],
    "field": ["Lĩnh vực"],
    "level": ["Mức độ", "Mức độ DVC", "Mức độ dịch vụ"],
    "unit": ["Đơn vị tiếp nhận", "Cơ quan tiếp nhận", "Đơn vị"],
    "channel": ["Hình thức nộp", "Kênh nộp", "Hình thức tiếp nhận"],
    "received": ["Ngày tiếp nhận", "Thời gian tiếp nhận", "Ngày nhận"],
    "due": ["Ngày hẹn trả", "Hạn xử lý", "Ngày hẹn trả kết quả"],
    "result": ["Ngày có kết quả", "Ngày hoàn thành", "Ngày kết thúc xử lý"],
    "returned": ["Ngày trả kết quả", "Ngày trả"],
    "state": ["Trạng thái", "Tình trạng"],
    "fee": ["Phí, lệ phí", "Lệ phí", "Phí"],
    "paid_online": ["Thanh toán trực tuyến", "Đã thanh toán trực tuyến"],
    "digitised": ["Số hóa hồ sơ", "Số hoá hồ sơ", "Số hóa thành phần"],
    "result_digitised": ["Số hóa kết quả", "Số hoá kết quả"],
    "e_result": ["Trả kết quả điện tử", "Kết quả điện tử"],
    "interagency": ["Liên thông", "Hồ sơ liên thông"],
    "national_account": ["Tài khoản DVC quốc gia", "Tạo tài khoản DVCQG"],
}
ORDER = [
    "code",
    "procedure_code",
    "procedure_name",
    "field",
    "level",
    "unit",
    "channel",
    "received",
    "due",
    "result",
    "returned",
    "state",
    "fee",
    "paid_online",
    "digitised",
    "result_digitised",
    "e_result",
    "interagency",
    "national_account",
]
STATES = {
    "returned": ["Đã trả kết quả", "Đã trả kết quả - đúng hạn", "Đã trả kết quả (quá hạn)"],
    "result": ["Đã có kết quả", "Hoàn thành", "Đã giải quyết"],
    "open": ["Đang giải quyết", "Đang xử lý", "Chờ xử lý"],
    "received": ["Đã tiếp nhận"],
    "waiting": ["Chờ bổ sung", "Yêu cầu bổ sung"],
    "refused": ["Từ chối tiếp nhận"],
    "stopped": ["Dừng giải quyết", "Dừng xử lý"],
    "withdrawn": ["Rút hồ sơ"],
}
LEVEL_WORDS = {
    2: ["2", "Mức độ 2", "Dịch vụ công"],
    3: ["3", "Mức độ 3", "Một phần"],
    4: ["4", "Mức độ 4", "Toàn trình"],
}
CHANNEL_WORDS = {
    "online": ["Trực tuyến"],
    "in_person": ["Trực tiếp"],
    "postal": ["Bưu chính công ích", "Bưu chính"],
}
YES = ["Có", "x", "X", "1", "Đã"]
NO = ["Không", "-", "", "0", "Chưa"]
FIRST_DAY, LAST_DAY = date(2022, 10, 1), date(2022, 12, 31)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def unit_text(rng: random.Random, code: str) -> str:
    """A unit as an export writes it: its name, with or without its kind, "UBND", the district, or its code."""
    name, bare = UNITS[code]
    if code.startswith("360."):
        forms = [name, bare, f"{name}, huyện Ý Yên"]
    else:
        kind = name[: -len(bare)].strip()
        forms = [name, bare, f"UBND {kind.lower()} {bare}", f"Ủy ban nhân dân {name}, huyện Ý Yên", code]
    text = rng.choice(forms)
    return nfd(text) if rng.random() < 0.1 else text


def _moment(rng: random.Random, day: date, hours: tuple[int, int] = (7, 17)) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(*hours), rng.choice([0, 5, 15, 20, 30, 45, 50]))


def _flag(rng: random.Random, value: bool, xlsx: bool) -> object:
    if xlsx and rng.random() < 0.15:
        return rng.choice([1, True]) if value else rng.choice([0, False, None])
    return rng.choice(YES) if value else rng.choice(NO)


def _fee(rng: random.Random, fee: int, xlsx: bool) -> object:
    if fee == 0:
        return rng.choice(["", "0", "-", "Miễn phí"] + ([None, 0] if xlsx else []))
    dotted = f"{fee:,}".replace(",", ".")
    forms = [f"{dotted} đồng", f"{dotted}đ", dotted, f"{dotted} VNĐ", f"{dotted},00"]
    if xlsx:
        forms.append(fee)
    return rng.choice(forms)


def _date_cell(rng: random.Random, moment: datetime, *, xlsx: bool, date_only: bool = False) -> object:
    """A moment as an export writes it; ``date_only`` writes the day alone, as text (a real date cell without a
    time is read as 00:00 today: see ``test_it_reads_an_appointment_in_a_date_cell_as_the_end_of_that_day``)."""
    if date_only:
        return f"{moment:%d/%m/%Y}"
    pick = rng.random()
    if xlsx and pick < 0.5:
        return moment
    if xlsx and pick < 0.65:
        return (moment - datetime(1899, 12, 30)).total_seconds() / 86400
    if pick < 0.85:
        return f"{moment:%d/%m/%Y %H:%M}"
    if pick < 0.92:
        return f"{moment:%H:%M %d/%m/%Y}"
    if pick < 0.96:
        return f"{moment:%Y-%m-%dT%H:%M:%S}+07:00"
    return f"{moment - timedelta(hours=7):%Y-%m-%dT%H:%M:%S}Z"  # the same moment in UTC


def _dossier(rng: random.Random, number: int, unit: str, procedure: tuple, xlsx: bool) -> dict:
    code, name, field, usual_level, fee, interagency = procedure
    level = usual_level if rng.random() < 0.85 or usual_level == 2 else rng.choice([3, 4])
    online = level in (3, 4) and rng.random() < 0.7
    channel = "online" if online else ("postal" if rng.random() < 0.1 else "in_person")
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    received = _moment(rng, day, (0, 23) if online else (7, 17))
    received_date_only = not online and rng.random() < 0.05
    if received_date_only:
        received = datetime(day.year, day.month, day.day)
    limit = rng.choice([0, 1, 3, 5, 7, 10])
    due_day = received.date() + timedelta(days=limit)
    due_date_only = rng.random() < 0.3 or (limit == 0 and received.hour >= 17)
    due = (
        datetime.combine(due_day, datetime.max.time()).replace(microsecond=0)
        if due_date_only
        else (datetime(due_day.year, due_day.month, due_day.day, 17, 0))
    )
    kind = rng.choices(
        ["returned", "result", "open", "received", "waiting", "refused", "stopped", "withdrawn", "empty"],
        weights=[42, 12, 14, 3, 8, 5, 5, 4, 7],
    )[0]
    result = returned = None
    if kind in ("returned", "result", "empty"):
        late = rng.random() < 0.2
        span = timedelta(days=rng.uniform(0, limit + (4 if late else 0)), hours=rng.uniform(0, 8))
        result = received + span
        result = result.replace(second=0, microsecond=0)
        if kind == "returned" or (kind == "empty" and rng.random() < 0.6):
            returned = result + timedelta(days=rng.choice([0, 0, 1, 2]), hours=rng.choice([0, 1, 3]))
        if kind in ("result", "returned") and rng.random() < 0.05:
            result = returned = None  # the state alone: no date of result
    if kind == "stopped" and rng.random() < 0.5:
        result = received + timedelta(days=rng.randint(0, 3), hours=2)  # the portal's end of handling
    if kind == "empty" and result is None:
        kind = "received"
    state = "" if kind == "empty" else rng.choice(STATES[kind])
    if kind == "empty" and rng.random() < 0.5:
        state = None if xlsx else ""
    fee_paid = fee > 0 and online and rng.random() < 0.6
    has_result = result is not None and kind not in ("stopped",)
    row = {
        "code": f"000.00.{24 + number % 7}.H40-{received:%y%m%d}-{number:04d}",
        "procedure_code": code,
        "procedure_name": name,
        "field": field,
        "level": rng.choice(LEVEL_WORDS[level]) if not xlsx or rng.random() < 0.7 else level,
        "unit": unit_text(rng, unit),
        "channel": rng.choice(CHANNEL_WORDS[channel]),
        "received": _date_cell(rng, received, xlsx=xlsx, date_only=received_date_only),
        "due": _date_cell(rng, due, xlsx=xlsx, date_only=due_date_only),
        "result": None if result is None else _date_cell(rng, result, xlsx=xlsx),
        "returned": None if returned is None else _date_cell(rng, returned, xlsx=xlsx),
        "state": nfd(state) if state and rng.random() < 0.1 else state,
        "fee": _fee(rng, fee, xlsx),
        "paid_online": _flag(rng, fee_paid, xlsx),
        "digitised": _flag(rng, rng.random() < 0.7, xlsx),
        "result_digitised": _flag(rng, has_result and rng.random() < 0.6, xlsx),
        "e_result": _flag(rng, has_result and rng.random() < (0.8 if online else 0.3), xlsx),
        "interagency": _flag(rng, interagency, xlsx),
        "national_account": _flag(rng, level == 2 and rng.random() < 0.5, xlsx),
    }
    row["_truth"] = {
        "unit": unit,
        "kind": kind,
        "level": level,
        "channel": channel,
        "received": received,
        "result": result,
        "returned": returned,
    }
    return row


def special_rows(rng: random.Random, xlsx: bool) -> list[dict]:
    """The rows every export has: dossiers received online at 23:30 on the last day of November (a November
    dossier in local time, 16:30 UTC), of October and of December; rows on the edges of the rules; two
    rows that are errors."""
    rows = []
    for number, (moment, unit) in enumerate(
        [
            (datetime(2022, 11, 30, 23, 30), "13795"),
            (datetime(2022, 10, 31, 23, 30), "13798"),
            (datetime(2022, 12, 31, 23, 30), "13807"),
        ],
        start=9000,
    ):
        row = _dossier(rng, number, unit, COMMUNE_PROCEDURES[2], xlsx)
        row.update(
            code=f"000.00.25.H40-{moment:%y%m%d}-{number:04d}",
            level="Toàn trình",
            channel="Trực tuyến",
            received=f"{moment:%d/%m/%Y %H:%M}",
            due=f"{moment + timedelta(days=3):%d/%m/%Y}",
            result=None,
            returned=None,
            state="Đang giải quyết",
            result_digitised="",
            e_result="",
        )
        row["_truth"].update(
            kind="open", level=4, channel="online", received=moment, result=None, returned=None
        )
        rows.append(row)
    stranger = _dossier(rng, 9100, "13798", COMMUNE_PROCEDURES[0], xlsx)
    stranger["unit"] = "Xã Không Có Thật"  # an unknown unit: an error for the row
    backwards = _dossier(rng, 9101, "13795", COMMUNE_PROCEDURES[1], xlsx)
    backwards.update(  # a result before the receipt: an error for the row
        received="15/11/2022 10:00", due="18/11/2022", result="14/11/2022 09:00", state="Đã có kết quả"
    )
    backwards["_truth"].update(received=datetime(2022, 11, 15, 10, 0), result=None, returned=None)
    return [*rows, *edges(rng, xlsx), stranger, backwards]


EDGES = [
    # unit, received, appointment, result, state: what it shows
    (
        "13795",
        "08/11/2022 08:00",
        "10/11/2022 17:00",
        "10/11/2022 17:00",
        "Đã trả kết quả",
    ),  # on time, to the minute
    ("13798", "08/11/2022 08:00", "10/11/2022 17:00", "10/11/2022 17:01", "Đã trả kết quả"),  # a minute late
    ("13801", "07/11/2022 09:00", "09/11/2022 17:00", "09/11/2022", "Đã có kết quả"),  # a day without a time
    ("13807", "28/11/2022 09:00", "02/12/2022", "30/11/2022 23:59:30", "Đã có kết quả"),  # after 23:59
    ("13810", "18/11/2022 12:00", "22/11/2022", None, "Đang giải quyết"),  # received at "as of" to the minute
    ("13825", "01/12/2022", "05/12/2022", None, "Đang giải quyết"),  # a December receipt without a time
    (
        "13795",
        "14/11/2022 08:00",
        "18/11/2022 12:00",
        None,
        "Đang giải quyết",
    ),  # due at "as of": not yet overdue
]


def _text_moment(text: str) -> datetime:
    return datetime.strptime(
        f"{text} 00:00:00"[:19] if len(text) == 10 else f"{text}:00"[:19], "%d/%m/%Y %H:%M:%S"
    )


def edges(rng: random.Random, xlsx: bool) -> list[dict]:
    rows = []
    for number, (unit, received, due, result, state) in enumerate(EDGES, start=9200):
        row = _dossier(rng, number, unit, COMMUNE_PROCEDURES[3], xlsx)
        day, month, year = received[:10].split("/")
        row.update(
            code=f"000.00.25.H40-{year[2:]}{month}{day}-{number:04d}",
            level="Một phần",
            channel="Trực tuyến",
            received=received,
            due=due,
            result=result,
            returned=result if state == "Đã trả kết quả" else None,
            state=state,
        )
        ended = _text_moment(result) if result else None
        row["_truth"].update(
            level=3,
            channel="online",
            received=_text_moment(received),
            result=ended,
            returned=ended if state == "Đã trả kết quả" else None,
        )
        rows.append(row)
    return rows


def export(seed: int, *, rows: int = 400, xlsx: bool = True) -> list[dict]:
    """The rows of one export: mostly communes, some district offices, and Yên Tân at level 2 only."""
    rng = random.Random(seed)
    drawn = []
    for number in range(1, rows + 1):
        pick = rng.random()
        if pick < 0.72:
            unit = rng.choice(COMMUNES)
            procedure = rng.choice(COMMUNE_PROCEDURES)
        elif pick < 0.8:
            unit, procedure = ONLY_LEVEL_2, rng.choice(LEVEL_2_PROCEDURES)
        else:
            unit = rng.choice(OFFICES)
            procedure = rng.choice(OFFICE_PROCEDURES[unit])
        drawn.append(_dossier(rng, number, unit, procedure, xlsx))
    drawn += special_rows(rng, xlsx)
    rng.shuffle(drawn)
    twin = dict(drawn[10])  # the same row twice: skipped
    # The same code with another state: an error.
    withdrawn = unicodedata.normalize("NFC", drawn[20]["state"] or "") == "Rút hồ sơ"
    other = dict(drawn[20], state="Từ chối tiếp nhận" if withdrawn else "Rút hồ sơ")
    drawn[30:30] = [twin, other]
    return drawn


def as_exported_at(rows: list[dict], moment: datetime) -> list[dict]:
    """The rows as an export taken at ``moment`` shows them: dossiers received by then, a result or a return
    that came later not there yet."""
    shown = []
    for row in rows:
        truth = row["_truth"]
        if truth["received"] >= moment or row["unit"] == "Xã Không Có Thật":
            continue
        if truth["result"] is not None and truth["result"] > moment:
            waiting = sum(map(ord, row["code"])) % 3 != 0  # most of them were waiting for a supplement then
            state = "Chờ bổ sung" if waiting else "Đang giải quyết"
            row = dict(row, result=None, returned=None, state=state, e_result="", result_digitised="")
        elif truth["returned"] is not None and truth["returned"] > moment:
            row = dict(row, returned=None, state="Đã có kết quả")
        shown.append(row)
    return shown


def header(seed: int) -> list[str]:
    """One name per column, drawn among its aliases; one in three written in NFD; a column nobody reads."""
    rng = random.Random(seed * 7919)
    names = []
    for key in ORDER:
        name = rng.choice(HEADERS[key])
        pick = rng.random()
        names.append(nfd(name) if pick < 0.3 else name.upper() if pick < 0.4 else name)
    return ["STT", *names, "Ghi chú"]


TITLE = [
    ["UBND TỈNH NAM ĐỊNH"],
    ["CỔNG DỊCH VỤ CÔNG TỈNH NAM ĐỊNH"],
    ["DANH SÁCH HỒ SƠ TIẾP NHẬN"],
    ["Từ ngày 01/10/2022 đến ngày 31/12/2022"],
    [],
]


def _cells(rows: list[dict]) -> list[list[object]]:
    return [[number, *(row[key] for key in ORDER), ""] for number, row in enumerate(rows, start=1)]


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> str:
    """Text as Vietnamese Windows writes it: letters with their hat or horn, the tone as a combining mark."""
    out = []
    for letter in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", letter)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + tones)
    return "".join(out)


def write(rows: list[dict], path: Path, *, seed: int = 0, encoding: str = "utf-8-sig") -> Path:
    """Write the export as ``.xlsx`` (openpyxl) or ``.csv`` (";" or ",", UTF-8 with BOM or ``encoding``
    ``cp1258``), by the suffix."""
    head = header(seed)
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "Danh sách hồ sơ"
        for line in TITLE:
            sheet.append(line)
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=8)
        sheet.append(head)
        for number, cells in enumerate(_cells(rows)):
            sheet.append(cells)
            if number % 97 == 50:
                sheet.append([])  # an empty row: skipped, not counted
        for line in sheet.iter_rows(min_row=len(TITLE) + 2):
            for cell in line:
                if isinstance(cell.value, datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
        book.save(path)
        return path
    delimiter = ";" if seed % 2 else ","
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=delimiter)
    for line in TITLE:
        writer.writerow(line)
    writer.writerow(head)
    for number, cells in enumerate(_cells(rows)):
        writer.writerow(["" if c is None else c for c in cells])
        if number % 97 == 50:
            writer.writerow([""] * len(cells))  # an empty row: skipped, not counted
    text = stream.getvalue()
    path.write_bytes(windows_1258(text).encode("cp1258") if encoding == "cp1258" else text.encode(encoding))
    return path


def main() -> None:
    """By hand: ``python -m tests.truth.exports 7 /tmp/xuat.xlsx`` writes the export of seed 7."""
    import sys

    seed, target = int(sys.argv[1]), Path(sys.argv[2])
    write(export(seed, xlsx=target.suffix == ".xlsx"), target, seed=seed)


if __name__ == "__main__":
    main()
