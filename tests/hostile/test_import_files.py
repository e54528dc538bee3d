"""Hostile portal exports: every one is either refused whole with a Vietnamese reason, or imported with the
bad cells stored as plain text (or reported on their line); never a crash, never half a file."""

import zipfile

import pytest

from cchc.dossiers.models import Dossier
from cchc.procedures.models import Procedure
from tests.hostile import corpus
from tests.imports.conftest import database_state, run_import
from tests.imports.files import HEADER, csv_bytes, row, xlsx_file


def zip_bomb(path, *, megabytes: int = 300):
    """A real workbook whose shared-strings part expands to ``megabytes`` of zeros: a few hundred KB on disk."""
    xlsx_file(path, [row("YT-0001")])
    with zipfile.ZipFile(path) as good:
        parts = {info.filename: good.read(info) for info in good.infolist()}
    parts.pop("xl/sharedStrings.xml", None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            block = b"0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
            member.write(b"</t></si></sst>")
    return path


def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_expanded(tmp_path, birth):
    bomb = zip_bomb(tmp_path / "thang11.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    before = database_state()

    result = run_import(bomb)

    assert result.code == 2
    assert "giải nén" in result.err and "thang11.xlsx" in result.err
    assert database_state() == before


def test_bytes_that_are_no_text_encoding_are_refused(tmp_path, birth):
    garbage = tmp_path / "thang11.csv"
    garbage.write_bytes(b"\xff\xfe\x00\x81\x8d\x8f\x90\x9d" * 5000)
    before = database_state()

    result = run_import(garbage)

    assert result.code == 2 and "thang11.csv" in result.err
    assert database_state() == before


def test_invalid_utf8_inside_an_otherwise_good_csv_is_refused_or_read_never_crashes(tmp_path, birth):
    good = csv_bytes([row("YT-0001"), row("YT-0002")]).encode("utf-8")
    broken = tmp_path / "thang11.csv"
    broken.write_bytes(good.replace(b"YT-0002", b"YT-\xc3\x28\xa0\xa1"))

    result = run_import(broken)

    assert result.code in (0, 2)
    if result.code == 0:
        assert set(Dossier.objects.values_list("code", flat=True)) <= {
            "YT-0001",
            "YT-Ã(\xa0¡",
            "YT-\ufffd(\ufffd\ufffd",
        }
    else:
        assert Dossier.objects.count() == 0


@pytest.mark.parametrize("text", corpus.STORABLE)
def test_hostile_text_in_a_cell_is_stored_as_text_or_refused_on_its_line(tmp_path, birth, text):
    export = xlsx_file(tmp_path / "thang11.xlsx", [row("YT-0001", name=text, procedure=""), row("YT-0002")])

    result = run_import(export)

    assert result.code == 0, result.err
    assert Dossier.objects.filter(code="YT-0002").exists()
    created = Procedure.objects.exclude(code="1.001193")
    assert [p.name for p in created] in ([], [text.strip()], [text])


@pytest.mark.parametrize("text", corpus.SQL + corpus.FORMULAS[:2] + corpus.TRAVERSAL[:1])
def test_hostile_text_as_a_dossier_code_is_kept_exactly_and_the_tables_stay(tmp_path, birth, text):
    export = tmp_path / "thang11.csv"
    export.write_text(csv_bytes([row(text)]), encoding="utf-8")

    result = run_import(export)

    assert result.code == 0, result.err
    assert list(Dossier.objects.values_list("code", flat=True)) == [text]


def test_a_nul_character_refuses_the_csv_whole_as_binary(tmp_path, birth):
    export = tmp_path / "thang11.csv"
    export.write_text(csv_bytes([row("YT-0001"), row("YT\x00-0002")]), encoding="utf-8")
    before = database_state()

    result = run_import(export)

    assert result.code == 2
    assert "không phải tệp văn bản CSV (có byte 0" in result.err
    assert database_state() == before


@pytest.mark.parametrize(
    ("column", "blank"),
    [
        ("Mã hồ sơ", None),
        ("Đơn vị tiếp nhận", None),
        ("Tên thủ tục", "Mã thủ tục"),
        ("Lĩnh vực", "Mã thủ tục"),
    ],
)
def test_an_oversized_cell_is_reported_on_its_line_and_the_rest_imports(tmp_path, birth, column, blank):
    cells = row("YT-0002", name="Thủ tục chưa có trong danh mục")
    cells[HEADER.index(column)] = corpus.OVERSIZED
    if blank:
        cells[HEADER.index(blank)] = ""
    export = tmp_path / "thang11.csv"
    export.write_text(csv_bytes([row("YT-0001"), cells]), encoding="utf-8")

    result = run_import(export)

    assert result.code == 0, result.err
    assert "đọc 2 dòng, thêm 1, cập nhật 0, bỏ qua 0, lỗi 1" in result.out
    assert list(Dossier.objects.values_list("code", flat=True)) == ["YT-0001"]
    assert list(Procedure.objects.values_list("code", flat=True)) == ["1.001193"]
