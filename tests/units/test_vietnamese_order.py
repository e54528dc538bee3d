"""Units and people in Vietnamese order on every screen and in every file, on SQLite and PostgreSQL alike.

The expected orders are written by hand (a ă â b c d đ e ê … o ô ơ … u ư …, then the tone of each word):
by raw code points "Xã Yên Bình" would come before "Xã Yên Bằng" and "Xã Yên Đồng" after "Xã Yên Trung"."""

import io
import re
from datetime import date

from docx import Document
from openpyxl import load_workbook

from cchc.accounts.models import Role, User
from cchc.audit.changes import save_changes
from cchc.dossiers.selectors import handlers_of
from cchc.reports.services import weekly_report_make
from cchc.units.models import Unit
from cchc.units.selectors import unit_list
from tests.conftest import PASSWORD
from tests.reports.test_weekly_report import table_rows

COMMUNES = [
    "Xã Yên Bằng",
    "Xã Yên Bình",
    "Xã Yên Chính",
    "Xã Yên Cường",
    "Xã Yên Dương",
    "Xã Yên Đồng",
    "Xã Yên Hồng",
    "Xã Yên Hưng",
    "Xã Yên Khang",
    "Xã Yên Khánh",
    "Xã Yên Lộc",
    "Xã Yên Lợi",
    "Xã Yên Lương",
    "Xã Yên Minh",
    "Xã Yên Mỹ",
    "Xã Yên Nghĩa",
    "Xã Yên Nhân",
    "Xã Yên Ninh",
    "Xã Yên Phong",
    "Xã Yên Phú",
    "Xã Yên Phúc",
    "Xã Yên Phương",
    "Xã Yên Quang",
    "Xã Yên Tân",
    "Xã Yên Thành",
    "Xã Yên Thắng",
    "Xã Yên Thọ",
    "Xã Yên Tiến",
    "Xã Yên Trị",
    "Xã Yên Trung",
]
OFFICES = [
    "Phòng Giáo dục và Đào tạo",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Nội vụ",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Tư pháp",
    "Phòng Văn hóa và Thông tin",
    "Phòng Y tế",
    "Thanh tra huyện",
    "Văn phòng HĐND và UBND huyện",
]
# By kind (commune, office, town), then by name.
REPORTED = [*COMMUNES, *OFFICES, "Thị trấn Lâm"]


def test_it_lists_the_units_in_vietnamese_order(y_yen):
    assert [
        u.name for u in Unit.objects.filter(kind__in=["commune", "office", "town"]).in_order()
    ] == REPORTED


def test_it_sorts_a_renamed_unit_by_its_new_name(y_yen):
    save_changes(y_yen["13888"], {"name": "Xã Yên Ấp"})
    assert [u.name for u in Unit.objects.commune_level().in_order()][:3] == [
        "Xã Yên Ấp",
        "Xã Yên Bằng",
        "Xã Yên Bình",
    ]


def test_the_unit_list_puts_the_district_first_then_its_units_in_order(y_yen, leader):
    names = [u.name for u in unit_list(user=leader)]
    assert names == ["Huyện Ý Yên", *REPORTED]


def test_the_dashboard_rows_and_ranking_are_in_vietnamese_order(client, leader, y_yen):
    client.login(username="hung", password=PASSWORD)
    page = client.get("/dashboard/", {"period": "2022-11", "as_of": "2022-11-30T23:59"}).text
    rows = re.findall(r'<tr data-unit="[^"]+">\s*<th>([^<]+)</th>', page)
    assert rows == REPORTED
    # no dossier: every commune meets none of its targets, a tie broken by name
    ranking = re.findall(r"<li value=\"1\">([^<]+) — ", page.split('class="ranking"')[1])
    assert ranking == ["Thị trấn Lâm", *COMMUNES]


def test_the_friday_report_lists_the_units_in_vietnamese_order(y_yen):
    report = weekly_report_make(actor=None, report_date=date(2022, 11, 11))
    table = table_rows(
        Document(report.docx.open("rb")), "V. Kết quả từng đơn vị (lũy kế tháng) so với chỉ tiêu"
    )
    assert [row[0] for row in table[1:]] == REPORTED
    sheet = load_workbook(io.BytesIO(report.xlsx.open("rb").read()))["Trực tuyến mức 3, 4"]
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == REPORTED


def test_the_people_a_dossier_can_be_handed_to_are_in_vietnamese_order(y_yen, lam_clerk):
    for number, (family, given) in enumerate(
        [("Đặng Văn", "Đức"), ("Trần Thị", "Bình"), ("Nguyễn Văn", "An"), ("Đỗ Thị", "Ánh"), ("Lê Văn", "An")]
    ):
        User.objects.create(
            username=f"cv{number}", unit=y_yen["13795"], role=Role.OFFICER, last_name=family, first_name=given
        )
    handlers = handlers_of(user=lam_clerk, unit=y_yen["13795"])
    assert [u.get_full_name() for u in handlers if u.role == Role.OFFICER] == [
        "Lê Văn An",
        "Nguyễn Văn An",
        "Đỗ Thị Ánh",
        "Trần Thị Bình",
        "Đặng Văn Đức",
    ]


def test_the_admin_lists_and_offers_units_in_vietnamese_order(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/units/unit/", {"kind__exact": "commune", "o": "2"}).text
    assert re.findall(r'<td class="field-unit_name">([^<]+)</td>', page) == COMMUNES
    found = client.get(
        "/admin/autocomplete/",
        {"term": "Yên", "app_label": "units", "model_name": "unit", "field_name": "parent"},
    ).json()
    assert [item["text"] for item in found["results"]] == COMMUNES[:20]  # the first page of the picker
