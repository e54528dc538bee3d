"""What an import writes: new dossiers, updates with their audit, register dossiers marked synced."""

from datetime import datetime

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from cchc.audit.models import AuditEntry
from cchc.core.calendar import VN_TZ
from cchc.dossiers.models import Dossier
from cchc.dossiers.services import dossier_receive
from cchc.imports.models import ColumnAlias, ImportRun, PortalRecord
from cchc.imports.services import import_file
from cchc.procedures.models import Procedure
from tests.imports.conftest import database_state, run_import
from tests.imports.files import csv_bytes, row, xlsx_file


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def test_it_yields_the_same_database_when_the_same_file_is_imported_twice(tmp_path, birth):
    rows = [
        row("YT-0001", state="Đã trả kết quả", result="03/11/2022 10:00", returned="03/11/2022 15:00"),
        row("YT-0002", procedure="9.999999", name="Thủ tục chưa có trong danh mục"),
        row("YT-0003", unit="Thị trấn Lâm", fee="50.000 đồng"),
    ]
    path = xlsx_file(tmp_path / "ds.xlsx", rows)
    run_import(path)
    first = database_state()

    again = run_import(path)

    assert again.out.strip() == "ds.xlsx: đọc 3 dòng, thêm 0, cập nhật 0, bỏ qua 3, lỗi 0"
    dossiers, records, procedures, audit, digest = database_state()
    # Only the import's own audit entry is new: no dossier changed.
    assert (dossiers, records, procedures, digest) == (first[0], first[1], first[2], first[4])
    assert audit == first[3] + 1


def test_it_leaves_one_audit_entry_per_import(tmp_path, birth):
    path = xlsx_file(tmp_path / "ds.xlsx", [row("YT-0001"), row("YT-0002")])

    run_import(path)

    entry = AuditEntry.objects.get(model="dossiers.Dossier")
    assert entry.object_pk == "*"
    assert entry.actor_label == "lệnh import-dossiers"
    assert entry.changes["added"] == 2 and entry.changes["file"] == "ds.xlsx"


def test_it_updates_a_dossier_with_newer_data_and_audits_the_change(tmp_path, birth):
    run_import(xlsx_file(tmp_path / "t1.xlsx", [row("YT-0001", state="Đang xử lý")]))
    newer = row("YT-0001", state="Đã trả kết quả", result="04/11/2022 10:00", returned="04/11/2022 15:30")

    result = run_import(xlsx_file(tmp_path / "t2.xlsx", [newer]))

    assert "cập nhật 1" in result.out
    dossier = Dossier.objects.get()
    assert (dossier.state, dossier.result_at) == ("returned", vn(2022, 11, 4, 10, 0))
    entry = AuditEntry.objects.get(model="dossiers.Dossier", object_pk=str(dossier.pk))
    assert entry.action == "update"
    assert entry.changes["state"] == ["in_progress", "returned"]
    assert entry.changes["result_at"] == [None, "2022-11-04T10:00:00+07:00"]
    assert set(entry.changes) == {"state", "result_at", "returned_at"}


def test_it_creates_a_procedure_for_an_unknown_code(tmp_path, y_yen):
    run_import(
        xlsx_file(tmp_path / "ds.xlsx", [row(procedure="2.000000", name="Thủ tục mới", level="Một phần")])
    )

    procedure = Procedure.objects.get(code="2.000000")
    assert (procedure.name, procedure.field, procedure.level) == ("Thủ tục mới", "Hộ tịch", "commune")
    assert (procedure.from_import, procedure.online_level) == (True, 3)
    dossier = Dossier.objects.get()
    assert dossier.procedure == procedure
    # No time limit is known for it: the portal's appointment stands alone.
    assert dossier.computed_due_at is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Xã Yên Trung", "13798"),
        ("UBND xã Yên Trung", "13798"),
        ("Ủy ban nhân dân xã Yên Trung", "13798"),
        ("yen trung", "13798"),
        ("13798", "13798"),
        ("UBND Thị trấn Lâm, huyện Ý Yên", "13795"),
        ("Phòng Tư pháp", "360.TP"),
        ("Tư pháp", "360.TP"),
    ],
)
def test_it_matches_units_by_name_or_code(tmp_path, birth, text, code):
    run_import(xlsx_file(tmp_path / "ds.xlsx", [row(unit=text)]))

    assert Dossier.objects.get().unit.code == code


def test_it_writes_bad_rows_with_their_reason_to_the_error_workbook(tmp_path, birth):
    rows = [
        row("YT-0001"),
        row("YT-0002", unit="Xã Không Có"),
        row("YT-0003", received="31/02/2022"),
        row("YT-0004", received="05/11/2022 08:00", result="04/11/2022 10:00", state="Đã có kết quả"),
        row("YT-0005", unit="@SUM(1)", state="Đã lưu trữ"),
    ]
    path = xlsx_file(tmp_path / "ds.xlsx", rows)

    result = run_import(path)

    assert "đọc 5 dòng, thêm 1, cập nhật 0, bỏ qua 0, lỗi 4" in result.out
    assert f"Bảng tính lỗi: {tmp_path / 'ds.loi.xlsx'}" in result.out
    sheet = openpyxl.load_workbook(tmp_path / "ds.loi.xlsx").active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][:4] == ("Dòng trong tệp", "Lý do", "STT", "Mã hồ sơ")
    assert [(line[0], line[1]) for line in lines[1:]] == [
        (9, "Đơn vị tiếp nhận không nhận ra: “Xã Không Có”."),
        (10, "Ngày tiếp nhận: ngày không có thật “31/02/2022”"),
        (11, "Ngày có kết quả (04/11/2022 10:00) trước Ngày tiếp nhận (05/11/2022 08:00)"),
        (12, "Trạng thái: trạng thái không nhận ra “Đã lưu trữ”"),
    ]
    assert lines[2][3] == "YT-0003"
    # A cell that a spreadsheet would take for a formula comes back quoted, as text.
    assert lines[4][8] == "'@SUM(1)"
    assert Dossier.objects.count() == 1


def test_it_skips_an_identical_duplicate_and_refuses_a_conflicting_one(tmp_path, birth):
    rows = [row("YT-0001"), row("YT-0001"), row("YT-0001", state="Đã tiếp nhận")]

    result = run_import(xlsx_file(tmp_path / "ds.xlsx", rows))

    assert "đọc 3 dòng, thêm 1, cập nhật 0, bỏ qua 1, lỗi 1" in result.out
    sheet = openpyxl.load_workbook(tmp_path / "ds.loi.xlsx").active
    assert sheet.cell(row=2, column=2).value == "Mã hồ sơ YT-0001 đã có ở dòng 8 với nội dung khác."
    assert Dossier.objects.get().state == "in_progress"


@time_machine.travel(datetime(2022, 11, 10, 9, 0, tzinfo=VN_TZ), tick=False)
def test_it_marks_a_register_dossier_synced_without_rewriting_it(tmp_path, birth, y_yen, admin_user):
    dossier = dossier_receive(
        actor=admin_user,
        unit=y_yen["13798"],
        procedure=birth,
        applicant_name="Nguyễn Thị Lan",
        received_at=vn(2022, 11, 2, 8, 30),
    )
    portal = row(dossier.code, received="02/11/2022 08:30", due="08/11/2022 08:30", paid="x")

    result = run_import(xlsx_file(tmp_path / "ds.xlsx", [portal]))

    assert "thêm 0, cập nhật 1" in result.out
    dossier.refresh_from_db()
    assert (dossier.source, dossier.portal_synced, dossier.portal_code) == ("counter", True, dossier.code)
    assert dossier.due_at == vn(2022, 11, 7, 8, 30)
    record = PortalRecord.objects.get(dossier=dossier)
    assert (record.due_at, record.paid_online, record.state) == (vn(2022, 11, 8, 8, 30), True, "in_progress")
    entry = AuditEntry.objects.filter(model="dossiers.Dossier", object_pk=str(dossier.pk)).first()
    assert entry.changes == {"portal_synced": [False, True], "portal_code": ["", dossier.code]}
    again = run_import(xlsx_file(tmp_path / "ds2.xlsx", [portal]))
    assert "cập nhật 0, bỏ qua 1" in again.out


def test_it_recognises_a_column_by_an_administrators_alias(tmp_path, birth):
    ColumnAlias.objects.create(alias="Số biên nhận", column="code")
    header = ["Số biên nhận", "Đơn vị", "Ngày nhận", "Mã TTHC", "Hạn xử lý"]
    path = xlsx_file(
        tmp_path / "ds.xlsx", [["BN-1", "Yên Trung", "02/11/2022", "1.001193", "07/11/2022"]], header=header
    )

    run_import(path)

    assert Dossier.objects.get().code == "BN-1"


def test_it_lets_only_the_administrator_and_the_report_compiler_import(tmp_path, birth, lam_clerk, leader):
    path = xlsx_file(tmp_path / "ds.xlsx", [row()])
    for user in (lam_clerk, leader):
        with pytest.raises(PermissionDenied, match="Chỉ quản trị hệ thống và cán bộ tổng hợp báo cáo"):
            import_file(actor=user, path=path)
    assert (Dossier.objects.count(), ImportRun.objects.count()) == (0, 0)


def test_it_records_who_imported_and_what_came_of_it(tmp_path, birth, compiler):
    path = tmp_path / "ds.csv"
    path.write_text(csv_bytes([row("YT-0001"), row("YT-0002", unit="?")]), encoding="utf-8")

    run = import_file(actor=compiler, path=path)

    run.refresh_from_db()
    assert (run.actor, run.unit.code, run.file_name, run.status) == (compiler, "360.VHTT", "ds.csv", "done")
    assert (run.rows_read, run.added, run.updated, run.skipped, run.errors) == (2, 1, 0, 0, 1)
    assert (run.header_row, run.encoding) == (3, "utf-8")
    assert run.summary == "đọc 2 dòng, thêm 1, cập nhật 0, bỏ qua 0, lỗi 1"
    assert AuditEntry.objects.get(model="dossiers.Dossier").actor == compiler


def test_the_command_refuses_an_unknown_user(tmp_path, birth):
    result = run_import(xlsx_file(tmp_path / "ds.xlsx", [row()]), "--user", "khong-co")

    assert result.code == 2
    assert "Không có người dùng “khong-co”" in result.err
