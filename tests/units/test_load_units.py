from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.db.models import F

from cchc.audit.models import AuditEntry
from cchc.units.models import Unit, UnitKind
from tests.sheets import office_workbook

OFFICES = {
    "Văn phòng HĐND và UBND huyện",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Thanh tra huyện",
}


@pytest.mark.django_db
def test_it_loads_the_y_yen_2022_tree():
    call_command("load-units", "y-yen-2022")

    district = Unit.objects.get(kind=UnitKind.DISTRICT)
    assert (district.code, district.name, district.official) == ("360", "Huyện Ý Yên", True)
    assert (
        set(Unit.objects.filter(kind=UnitKind.OFFICE, parent=district).values_list("name", flat=True))
        == OFFICES
    )
    communes = Unit.objects.commune_level().filter(parent=district)
    assert communes.count() == 31
    assert Unit.objects.get(code="13795").name == "Thị trấn Lâm"
    assert Unit.objects.get(code="13795").kind == UnitKind.TOWN
    assert district.parent.name == "Tỉnh Nam Định"
    assert district.valid_to == date(2025, 6, 30)
    assert Unit.objects.get(code="13798").name == "Xã Yên Trung"
    assert Unit.objects.get(code="13888").name == "Xã Yên Trị"
    assert communes.filter(kind=UnitKind.COMMUNE).count() == 30
    assert all(c.official and c.code.isdigit() and len(c.code) == 5 for c in communes)


@pytest.mark.django_db
def test_it_changes_nothing_when_loaded_twice():
    call_command("load-units", "y-yen-2022")
    units_before = list(Unit.objects.order_by("code").values())
    audit_before = AuditEntry.objects.count()

    call_command("load-units", "y-yen-2022")

    assert list(Unit.objects.order_by("code").values()) == units_before
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_it_refuses_a_file_with_a_duplicate_code_and_loads_nothing(tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_text(
        "code,name,kind,parent,official,valid_from,valid_to\n"
        "360,Huyện Ý Yên,district,,1,,\n"
        "13795,Thị trấn Lâm,town,360,1,,\n"
        "13795,Thị trấn Lâm (bản sao),town,360,1,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("load-units", "--file", str(bad))

    assert error.value.returncode == 2
    assert "Dòng 4: mã đơn vị '13795' bị trùng (đã có ở dòng 3)." in str(error.value)
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_an_unknown_parent_and_loads_nothing(tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_text(
        "code,name,kind,parent\n360,Huyện Ý Yên,district,\n13795,Thị trấn Lâm,town,361\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="Dòng 3: đơn vị cấp trên '361' không có"):
        call_command("load-units", "--file", str(bad))
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_an_unknown_province():
    with pytest.raises(CommandError, match="Không có tỉnh mã 99") as error:
        call_command("load-units", "--province", "99")
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_it_loads_a_unit_spreadsheet_with_a_title_block_and_vietnamese_column_names(tmp_path):
    path = office_workbook(
        tmp_path / "don-vi.xlsx",
        title=("DANH SÁCH ĐƠN VỊ HÀNH CHÍNH HUYỆN Ý YÊN", "(đến ngày 30/6/2025)"),
        header=("Mã", "Tên đơn vị", "Loại", "Cấp trên", "Mã chính thức", "Hiệu lực đến"),
        rows=[
            ["360", "Huyện Ý Yên", "district", None, 1, datetime(2025, 6, 30)],
            [13879, "Xã Yên Đồng", "commune", 360, 1, datetime(2025, 6, 30)],
        ],
    )
    call_command("load-units", "--file", str(path))
    commune = Unit.objects.get(code="13879")
    assert (commune.name, commune.parent.code, commune.official, commune.valid_to) == (
        "Xã Yên Đồng",
        "360",
        True,
        date(2025, 6, 30),
    )


@pytest.mark.django_db
def test_it_names_a_bad_line_of_a_unit_spreadsheet_by_its_row(tmp_path):
    path = office_workbook(
        tmp_path / "don-vi.xlsx",
        title=("DANH SÁCH ĐƠN VỊ HÀNH CHÍNH",),
        header=("Mã", "Tên đơn vị", "Loại", "Cấp trên"),
        rows=[["360", "Huyện Ý Yên", "district", None], ["13879", "Xã Yên Đồng", "xã", "360"]],
    )
    with pytest.raises(CommandError) as error:
        call_command("load-units", "--file", str(path))
    assert "Dòng 5: loại đơn vị 'xã' không hợp lệ" in str(error.value)
    assert Unit.objects.count() == 0


def tree() -> list[tuple]:
    """The unit table without its ids: what two loads must agree on."""
    return sorted(
        (
            u.code,
            u.name,
            u.kind,
            u.official,
            u.parent.code if u.parent else None,
            u.parent.valid_from if u.parent else None,
            u.valid_from,
            u.valid_to,
            tuple(sorted((s.code, s.valid_from) for s in u.successors.all())),
        )
        for u in Unit.objects.select_related("parent").prefetch_related("successors")
    )


def the(code: str, on: date) -> Unit:
    return Unit.objects.valid_on(on).get(code=code)


@pytest.mark.django_db
def test_it_loads_ninh_binh_as_it_stands_since_1_july_2025():
    call_command("load-units", "ninh-binh-2025")

    province = Unit.objects.get(code="37")
    assert (province.name, province.kind, province.valid_from, province.valid_to) == (
        "Tỉnh Ninh Bình",
        UnitKind.PROVINCE,
        date(2025, 7, 1),
        None,
    )
    assert Unit.objects.filter(parent=province, kind=UnitKind.WARD).count() == 32
    assert Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).count() == 97
    assert sorted(
        Unit.objects.filter(parent=province, kind=UnitKind.DEPARTMENT).values_list("name", flat=True)
    ) == [
        "Sở Nội vụ tỉnh Ninh Bình",
        "Văn phòng UBND tỉnh Ninh Bình",
    ]
    y_yen = Unit.objects.get(code="13795")
    assert sorted(y_yen.children.values_list("code", "name", "kind")) == [
        ("13795.KT", "Phòng Kinh tế xã Ý Yên", "department"),
        ("13795.TTPV", "Trung tâm Phục vụ hành chính công xã Ý Yên", "centre"),
        ("13795.VHXH", "Phòng Văn hóa - Xã hội xã Ý Yên", "department"),
        ("13795.VP", "Văn phòng HĐND-UBND xã Ý Yên", "department"),
    ]


@pytest.mark.django_db
def test_it_keeps_thi_tran_lam_and_adds_xa_y_yen_under_the_same_code():
    call_command("load-units", "y-yen-2022")
    call_command("load-units", "ninh-binh-2025")

    lam, y_yen = the("13795", date(2025, 6, 30)), the("13795", date(2025, 7, 1))
    assert (lam.name, lam.parent.name, lam.valid_to) == ("Thị trấn Lâm", "Huyện Ý Yên", date(2025, 6, 30))
    assert (y_yen.name, y_yen.parent.name, y_yen.valid_from, y_yen.valid_to) == (
        "Xã Ý Yên",
        "Tỉnh Ninh Bình",
        date(2025, 7, 1),
        None,
    )
    assert list(lam.successors.all()) == [y_yen]
    assert sorted(y_yen.predecessors.values_list("name", flat=True)) == [
        "Thị trấn Lâm",
        "Xã Yên Bằng",  # code 13876, Xã Hồng Quang in the package's list of 30/06/2025
        "Xã Yên Khánh",
        "Xã Yên Phong",
    ]
    assert the("13834", date(2025, 6, 30)).successors.get() == the("13834", date(2025, 7, 1))
    assert the("36", date(2025, 6, 30)).successors.get() == the("37", date(2025, 7, 1))


@pytest.mark.django_db
def test_no_unit_is_its_own_successor():
    call_command("load-units", "y-yen-2022")
    call_command("load-units", "ninh-binh-2025")

    assert not Unit.objects.filter(successors=F("pk")).exists()
    assert Unit.successors.through.objects.count() == 24  # 23 communes of 30/06/2025 and Nam Định


class Undone(Exception):
    pass


@pytest.mark.django_db
def test_the_two_loads_give_the_same_tree_in_either_order_and_again():
    with pytest.raises(Undone), transaction.atomic():
        call_command("load-units", "y-yen-2022")
        call_command("load-units", "ninh-binh-2025")
        first = tree()
        raise Undone
    assert not Unit.objects.exists()

    call_command("load-units", "ninh-binh-2025")
    call_command("load-units", "y-yen-2022")
    assert tree() == first
    audit = AuditEntry.objects.count()
    call_command("load-units", "y-yen-2022")
    call_command("load-units", "ninh-binh-2025")

    assert tree() == first
    assert AuditEntry.objects.count() == audit
    assert len(first) == 45 + 648


@pytest.mark.django_db
def test_province_37_is_the_ninh_binh_2025_tree():
    call_command("load-units", "--province", "37")
    call_command("load-units", "ninh-binh-2025")

    assert Unit.objects.count() == 648


@pytest.mark.django_db
def test_the_2025_load_ends_the_units_a_file_left_open(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,kind,parent\n360,Huyện Ý Yên,district,\n360.TP,Phòng Tư pháp,office,360\n"
        "13795,Thị trấn Lâm,town,360\n",
        encoding="utf-8",
    )
    call_command("load-units", "--file", str(units))
    call_command("load-units", "ninh-binh-2025")

    ended = Unit.objects.filter(valid_from__isnull=True).values_list("code", "valid_to")
    assert sorted(ended) == [
        ("13795", date(2025, 6, 30)),
        ("360", date(2025, 6, 30)),
        ("360.TP", date(2025, 6, 30)),
    ]
    assert the("13795", date(2025, 7, 1)).name == "Xã Ý Yên"


@pytest.mark.django_db
def test_it_refuses_a_file_that_would_give_one_code_two_units_on_one_day(tmp_path):
    call_command("load-units", "y-yen-2022")
    call_command("load-units", "ninh-binh-2025")
    units = tmp_path / "units.csv"
    units.write_text("code,name,kind,parent\n13795,Thị trấn Lâm,town,360\n", encoding="utf-8")
    before = tree()

    with pytest.raises(CommandError) as error:
        call_command("load-units", "--file", str(units))

    assert error.value.returncode == 2
    assert "Dòng 2: mã '13795' trong …–… trùng thời gian hiệu lực với nhiều đơn vị đã có: " in str(
        error.value
    )
    assert tree() == before


@pytest.mark.django_db
def test_the_database_refuses_two_units_with_one_code_on_one_day():
    Unit.objects.create(code="13795", name="Thị trấn Lâm", kind="town", valid_to=date(2025, 6, 30))
    Unit.objects.create(code="13795", name="Xã Ý Yên", kind="commune", valid_from=date(2025, 7, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(code="13795", name="Xã Ý Yên", kind="commune", valid_from=date(2025, 6, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(name="Thị trấn Lâm").update(valid_to=date(2025, 7, 1))
    assert Unit.objects.count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_unit_as_its_own_successor():
    lam = Unit.objects.create(code="13795", name="Thị trấn Lâm", kind="town", valid_to=date(2025, 6, 30))

    with pytest.raises(IntegrityError), transaction.atomic():
        lam.successors.add(lam)
    assert not lam.successors.exists()


HISTORY = (
    "code,name,kind,parent,official,valid_from,valid_to\n"
    "36,Tỉnh Nam Định,province,,1,,2025-06-30\n"
    "360,Huyện Ý Yên,district,36,1,,2025-06-30\n"
    "13795,Thị trấn Lâm,town,360,1,,2025-06-30\n"
    "37,Tỉnh Ninh Bình,province,,1,2025-07-01,\n"
    "13795,Xã Ý Yên,commune,37,1,2025-07-01,\n"
    "13795.VP,Văn phòng HĐND-UBND xã Ý Yên,department,13795,0,2025-07-01,\n"
)


@pytest.mark.django_db
def test_a_unit_file_may_give_one_code_to_two_units_of_different_periods(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(HISTORY, encoding="utf-8")

    call_command("load-units", "--file", str(units))
    call_command("load-units", "--file", str(units))

    assert (the("13795", date(2025, 6, 30)).name, the("13795", date(2025, 6, 30)).parent.name) == (
        "Thị trấn Lâm",
        "Huyện Ý Yên",
    )
    assert (the("13795", date(2025, 7, 1)).name, the("13795", date(2025, 7, 1)).parent.name) == (
        "Xã Ý Yên",
        "Tỉnh Ninh Bình",
    )
    assert the("13795.VP", date(2025, 7, 1)).parent == the("13795", date(2025, 7, 1))
    assert Unit.objects.count() == 6


@pytest.mark.django_db
def test_a_unit_file_may_not_give_one_code_to_two_units_on_one_day(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(HISTORY + "13795,Xã Ý Yên (bản sao),commune,37,1,2026-01-01,\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Dòng 8: mã đơn vị '13795' bị trùng \\(đã có ở dòng 6\\)."):
        call_command("load-units", "--file", str(units))
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_a_file_whose_two_lines_fall_on_one_stored_unit_is_refused(tmp_path):
    open_lam = tmp_path / "open.csv"
    open_lam.write_text("code,name,kind,parent\n13795,Thị trấn Lâm,town,\n", encoding="utf-8")
    call_command("load-units", "--file", str(open_lam))
    units = tmp_path / "units.csv"
    units.write_text(HISTORY, encoding="utf-8")

    with pytest.raises(CommandError, match="trùng thời gian hiệu lực với cả dòng 4; hãy nạp ngày kết thúc"):
        call_command("load-units", "--file", str(units))
    assert Unit.objects.get().valid_to is None


@pytest.mark.django_db
def test_a_file_may_add_a_unit_under_one_already_loaded(tmp_path):
    call_command("load-units", "ninh-binh-2025")
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,kind,parent,official,valid_from,valid_to\n"
        "13795.DK,Điểm tiếp nhận thôn Đông,centre,13795.TTPV,0,2026-01-01,\n",
        encoding="utf-8",
    )

    call_command("load-units", "--file", str(units))

    assert the("13795.DK", date(2026, 1, 1)).parent.name == "Trung tâm Phục vụ hành chính công xã Ý Yên"
