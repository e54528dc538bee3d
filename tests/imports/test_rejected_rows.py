"""Only accepted rows create anything: a rejected row adds no procedure to the catalogue; a receipt after the
moment of the import, or a date outside the system's range, is a row error."""

import openpyxl
import time_machine

from cchc.dossiers.models import Dossier
from cchc.imports.models import ImportRun
from cchc.procedures.models import Procedure
from tests.imports.conftest import run_import
from tests.imports.files import row, xlsx_file


def reasons() -> list[str]:
    book = openpyxl.load_workbook(ImportRun.objects.latest("pk").error_file, read_only=True)
    return [cells[1] for cells in book.active.iter_rows(min_row=2, values_only=True)]


def test_it_leaves_no_procedure_of_a_rejected_row_behind(tmp_path, birth):
    rows = [
        row("YT-0001", procedure="9.000001", name="Thủ tục của dòng lỗi", due=None),
        row("YT-0002", procedure="9.000002", name="Thủ tục của dòng tốt"),
    ]

    result = run_import(xlsx_file(tmp_path / "ds.xlsx", rows))

    assert result.out.splitlines()[0].strip() == "ds.xlsx: đọc 2 dòng, thêm 1, cập nhật 0, bỏ qua 0, lỗi 1"
    assert sorted(Procedure.objects.values_list("code", flat=True)) == ["1.001193", "9.000002"]
    assert reasons() == ["Thiếu Ngày hẹn trả, và thủ tục chưa có thời hạn giải quyết để tính ngày hẹn."]


def test_it_creates_a_procedure_named_first_by_a_rejected_row_with_the_first_accepted_one(tmp_path, birth):
    rows = [
        row("YT-0001", procedure="9.000003", name="Thủ tục mới", due=None),
        row("YT-0002", procedure="9.000003", name="Thủ tục mới"),
    ]

    run_import(xlsx_file(tmp_path / "ds.xlsx", rows))

    created = Procedure.objects.get(code="9.000003")
    assert list(Dossier.objects.filter(procedure=created).values_list("code", flat=True)) == ["YT-0002"]


@time_machine.travel("2022-11-10 09:00 +0700", tick=False)
def test_it_makes_a_row_received_after_the_import_a_row_error_that_creates_nothing(tmp_path, birth):
    rows = [
        row("YT-0001", procedure="9.000004", received="01/03/2030 08:00", due="05/03/2030 08:00"),
        row("YT-0002", received="10/11/2022 09:30", due="15/11/2022 09:30"),
    ]

    result = run_import(xlsx_file(tmp_path / "ds.xlsx", rows))

    assert result.out.splitlines()[0].strip() == "ds.xlsx: đọc 2 dòng, thêm 0, cập nhật 0, bỏ qua 0, lỗi 2"
    assert reasons() == [
        "Ngày tiếp nhận ở tương lai (01/03/2030 08:00)",
        "Ngày tiếp nhận ở tương lai (10/11/2022 09:30)",
    ]
    assert Dossier.objects.count() == 0
    assert not Procedure.objects.filter(code="9.000004").exists()


def test_it_makes_a_date_outside_the_systems_range_a_row_error(tmp_path, birth):
    rows = [row("YT-0001", received="01/01/2000 08:00", due="31/12/9999")]

    run_import(xlsx_file(tmp_path / "ds.xlsx", rows))

    assert reasons() == [
        "Ngày tiếp nhận 01/01/2000 nằm ngoài lịch làm việc của hệ thống (01/01/2010–31/12/2039); "
        "Ngày hẹn trả 31/12/9999 nằm ngoài lịch làm việc của hệ thống (01/01/2010–31/12/2039)"
    ]
    assert Dossier.objects.count() == 0
