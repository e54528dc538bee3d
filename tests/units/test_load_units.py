from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
def test_it_loads_a_province_from_the_current_list_and_links_the_merged_communes():
    call_command("load-units", "y-yen-2022")
    call_command("load-units", "--province", "37")

    province = Unit.objects.get(code="37")
    assert province.kind == UnitKind.PROVINCE
    assert province.name == "Tỉnh Ninh Bình"
    assert Unit.objects.filter(parent=province).count() > 100
    lam = Unit.objects.get(code="13795")
    assert lam.successors.count() == 1
    assert lam.successors.get().parent == province


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
