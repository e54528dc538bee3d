"""Every shape of export the command must read, or refuse whole with nothing written."""

import os
import unicodedata
from datetime import datetime

from cchc.core.calendar import VN_TZ
from cchc.dossiers.models import Dossier
from cchc.imports.models import ImportRun
from tests.imports.conftest import database_state, run_import
from tests.imports.files import HEADER, csv_bytes, row, to_cp1258, xls_file, xlsx_file


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def test_it_imports_an_xlsx_with_a_title_and_the_header_on_row_7(tmp_path, birth):
    path = xlsx_file(
        tmp_path / "ds.xlsx",
        [
            row(
                "YT-0001",
                received=datetime(2022, 11, 2, 8, 30),
                due=datetime(2022, 11, 7, 8, 30),
                result=datetime(2022, 11, 4, 10, 0),
                returned="04/11/2022 15:00",
                state="Đã trả kết quả",
                paid="x",
                digitised="Có",
                result_digitised=1,
                e_result="Không",
            ),
            row(
                "YT-0002",
                unit="Yên Trung",
                received="03/11/2022 09:15",
                due="08/11/2022",
                state="Chờ bổ sung",
            ),
        ],
    )

    result = run_import(path)

    assert result.code == 0, result.err
    assert result.out.strip() == "ds.xlsx: đọc 2 dòng, thêm 2, cập nhật 0, bỏ qua 0, lỗi 0"
    first, second = Dossier.objects.order_by("code")
    assert (first.unit.code, first.procedure.code, first.source, first.state) == (
        "13798",
        "1.001193",
        "import",
        "returned",
    )
    assert (first.received_at, first.due_at) == (vn(2022, 11, 2, 8, 30), vn(2022, 11, 7, 8, 30))
    assert (first.result_at, first.returned_at) == (vn(2022, 11, 4, 10, 0), vn(2022, 11, 4, 15, 0))
    assert (first.paid_online, first.digitised, first.result_digitised, first.e_result) == (
        True,
        True,
        True,
        False,
    )
    assert (first.channel, first.online_level, first.portal_synced, first.portal_code) == (
        "online",
        4,
        True,
        "YT-0001",
    )
    # The portal's appointment is kept; the engine's (3 working days: Thu 3, Fri 4, Mon 7) beside it.
    assert first.computed_due_at == vn(2022, 11, 7, 8, 30)
    assert second.state == "supplement_requested"
    assert second.due_at == vn(2022, 11, 8, 23, 59, 59)
    assert second.computed_due_at == vn(2022, 11, 8, 9, 15)


def test_it_imports_text_dates_from_a_utf8_csv(tmp_path, birth):
    path = tmp_path / "ds.csv"
    path.write_text(csv_bytes([row("YT-0001", received="2022-11-02 08:30", result="03/11/2022 16:45")]))

    result = run_import(path)

    assert "thêm 1" in result.out
    dossier = Dossier.objects.get()
    assert (dossier.received_at, dossier.result_at) == (vn(2022, 11, 2, 8, 30), vn(2022, 11, 3, 16, 45))
    assert dossier.state == "in_progress"


def test_it_imports_nfd_headers_and_both_spellings_of_hoa(tmp_path, birth):
    header = [unicodedata.normalize("NFD", h) for h in HEADER]
    header[15] = unicodedata.normalize("NFD", "Số hoá hồ sơ")
    header[16] = "SO HOA KET QUA"
    path = xlsx_file(tmp_path / "nfd.xlsx", [row(digitised="x", result_digitised="x")], header=header)

    result = run_import(path)

    assert "thêm 1" in result.out
    assert Dossier.objects.filter(digitised=True, result_digitised=True).count() == 1


def test_it_imports_a_windows_1258_csv(tmp_path, birth):
    path = tmp_path / "cp1258.csv"
    path.write_bytes(to_cp1258(csv_bytes([row("YT-0001", unit="Xã Yên Trung", state="Đã tiếp nhận")])))

    result = run_import(path)

    assert "thêm 1" in result.out, result.err
    dossier = Dossier.objects.get()
    assert (dossier.unit.name, dossier.state) == ("Xã Yên Trung", "received")
    assert ImportRun.objects.get().encoding == "cp1258"


def test_it_refuses_an_empty_file_and_writes_nothing(tmp_path, birth):
    path = tmp_path / "trong.csv"
    path.write_bytes(b"")
    before = database_state()

    result = run_import(path)

    assert result.code == 2
    assert "trong.csv trống (0 byte)" in result.err
    assert database_state() == before
    assert ImportRun.objects.get().status == "refused"


def test_it_imports_nothing_from_a_file_of_only_a_header(tmp_path, birth):
    before = database_state()[:3]

    result = run_import(xlsx_file(tmp_path / "tieude.xlsx", []))

    assert result.code == 0
    assert result.out.strip() == "tieude.xlsx: đọc 0 dòng, thêm 0, cập nhật 0, bỏ qua 0, lỗi 0"
    assert database_state()[:3] == before


def test_it_refuses_a_file_without_the_required_columns_naming_what_it_found(tmp_path, birth):
    header = ["STT", "Số hồ sơ", "Tên người nộp", "Ngày nộp", "Trạng thái"]
    path = xlsx_file(tmp_path / "thieu.xlsx", [[1, "A", "Lan", "02/11/2022", "Đang xử lý"]], header=header)
    before = database_state()

    result = run_import(path)

    assert result.code == 2
    assert "thiếu Đơn vị tiếp nhận, Ngày tiếp nhận" in result.err
    assert "Các cột tìm thấy: STT, Số hồ sơ, Tên người nộp, Ngày nộp, Trạng thái" in result.err
    assert database_state() == before


def test_it_imports_a_real_xls_with_excel_dates_and_text_dates(tmp_path, birth):
    path = xls_file(
        tmp_path / "thang11.xls",
        [
            row(
                "YT-0001",
                received=datetime(2022, 11, 2, 8, 30),
                due=datetime(2022, 11, 7, 8, 30),
                result=datetime(2022, 11, 4, 10, 0),
                returned="04/11/2022 15:00",
                state="Đã trả kết quả",
                paid="x",
            ),
            row(
                "YT-0002",
                unit="Yên Trung",
                received="03/11/2022 09:15",
                due="08/11/2022",
                state="Chờ bổ sung",
            ),
            row("YT-0003", unit="Xã Không Có"),
        ],
    )
    assert path.read_bytes()[:8] == bytes.fromhex(
        "d0cf11e0a1b11ae1"
    )  # an OLE2 compound file, as Excel 97–2003

    result = run_import(path)

    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "thang11.xls: đọc 3 dòng, thêm 2, cập nhật 0, bỏ qua 0, lỗi 1"
    first, second = Dossier.objects.order_by("code")
    assert (first.unit.code, first.state, first.paid_online) == ("13798", "returned", True)
    assert (first.received_at, first.due_at) == (vn(2022, 11, 2, 8, 30), vn(2022, 11, 7, 8, 30))
    assert (first.result_at, first.returned_at) == (vn(2022, 11, 4, 10, 0), vn(2022, 11, 4, 15, 0))
    assert (second.received_at, second.state) == (vn(2022, 11, 3, 9, 15), "supplement_requested")
    assert ImportRun.objects.get().header_row == 7


def test_it_refuses_a_damaged_xls_and_writes_nothing(tmp_path, birth):
    good = xls_file(tmp_path / "tot.xls", [row("YT-0001")]).read_bytes()
    damaged = tmp_path / "hong.xls"
    damaged.write_bytes(good[:1024] + os.urandom(len(good) - 1024))
    before = database_state()

    result = run_import(damaged)

    assert result.code == 2
    assert "Tệp hong.xls không phải bảng tính .xls đọc được" in result.err
    assert database_state() == before


def test_it_refuses_a_10_mb_garbage_file_named_xlsx(tmp_path, birth):
    path = tmp_path / "rac.xlsx"
    path.write_bytes(os.urandom(10 * 1024 * 1024))
    before = database_state()

    result = run_import(path)

    assert result.code == 2
    assert "rac.xlsx không phải bảng tính Excel đọc được" in result.err
    assert database_state() == before


def test_it_refuses_a_csv_broken_half_way_and_keeps_nothing_of_its_first_half(tmp_path, birth):
    good = csv_bytes([row(f"YT-{n:05d}") for n in range(3000)]).encode()
    path = tmp_path / "hong.csv"
    path.write_bytes(good + b"YT-99999,\xff\xfe broken\r\n")
    before = database_state()

    result = run_import(path)

    assert result.code == 2
    assert "hỏng giữa chừng" in result.err
    assert database_state() == before


def test_it_goes_on_with_the_next_file_after_a_refusal_and_exits_2(tmp_path, birth):
    bad = tmp_path / "rac.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    good = xlsx_file(tmp_path / "ds.xlsx", [row()])

    result = run_import(bad, good)

    assert result.code == 2
    assert "ds.xlsx: đọc 1 dòng, thêm 1" in result.out
    assert "1/2 tệp bị từ chối" in result.err
    assert Dossier.objects.count() == 1
