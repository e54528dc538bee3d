"""Roles in two tiers: the province's and a commune's leaders, compilers and appraisers reach their tree, and a
record is judged by the tree of its date (a 2022 dossier of Thị trấn Lâm lies under Huyện Ý Yên)."""

import pytest
from django.core.exceptions import PermissionDenied

from cchc.accounts.models import Role
from cchc.accounts.scoping import ensure_can_change, scoped, visible_units
from cchc.dossiers.models import Dossier
from tests.conftest import make_user
from tests.kpis.test_engine import dossier


def names(user) -> set[str]:
    return set(visible_units(user).values_list("name", flat=True))


def test_the_province_compiler_reaches_every_commune_and_the_2022_district_through_nam_dinh(ninh_binh, y_yen):
    compiler = make_user("tonghop", ninh_binh["37.VP"], Role.REPORT_COMPILER)

    seen = names(compiler)

    assert len(visible_units(compiler).filter(kind__in=["commune", "ward"], valid_from__isnull=False)) == 129
    assert {"Tỉnh Ninh Bình", "Xã Ý Yên", "Trung tâm Phục vụ hành chính công xã Ý Yên"} <= seen
    assert {"Tỉnh Nam Định", "Huyện Ý Yên", "Phòng Tư pháp", "Thị trấn Lâm", "Xã Yên Trung"} <= seen


def test_the_appraiser_of_the_department_of_home_affairs_reaches_the_province(ninh_binh):
    appraiser = make_user("noivu.tinh", ninh_binh["37.SNV"], Role.PAR_APPRAISER)

    assert "Phường Hoa Lư" in names(appraiser)


def test_the_2022_district_leader_does_not_reach_the_communes_of_2025(leader, ninh_binh):
    seen = names(leader)

    assert "Thị trấn Lâm" in seen and "Phòng Tư pháp" in seen
    assert "Xã Ý Yên" not in seen and "Tỉnh Ninh Bình" not in seen and "Tỉnh Nam Định" not in seen


def test_a_communes_office_reaches_its_commune_its_departments_and_what_it_was_formed_from(ninh_binh):
    office = make_user("yyen.vanphong", ninh_binh["13795.VP"], Role.REPORT_COMPILER)

    assert names(office) == {
        "Xã Ý Yên",
        "Văn phòng HĐND-UBND xã Ý Yên",
        "Phòng Kinh tế xã Ý Yên",
        "Phòng Văn hóa - Xã hội xã Ý Yên",
        "Trung tâm Phục vụ hành chính công xã Ý Yên",
        "Thị trấn Lâm",
        "Xã Yên Khánh",
        "Xã Yên Phong",
        "Xã Yên Bằng",
    }


def test_a_communes_chairman_reaches_his_commune_and_changes_only_its_records(ninh_binh, y_yen):
    chairman = make_user("yyen.chutich", ninh_binh["13795"], Role.UNIT_HEAD)

    assert "Trung tâm Phục vụ hành chính công xã Ý Yên" in names(chairman)
    assert "Xã Tân Minh" not in names(chairman)
    ensure_can_change(chairman, ninh_binh["13795"])
    with pytest.raises(PermissionDenied):
        ensure_can_change(chairman, y_yen["13795"])


def test_a_communes_clerk_sees_his_own_unit_only(ninh_binh):
    clerk = make_user("yyen.motcua", ninh_binh["13795"], Role.CLERK)

    assert names(clerk) == {"Xã Ý Yên"}


def test_a_dossier_is_judged_by_the_tree_of_its_date(leader, ninh_binh, y_yen):
    old = dossier(y_yen["13795"], received="2022-11-10 09:00")
    new = dossier(ninh_binh["13795"], received="2026-11-10 09:00")
    province_leader = make_user("lanhdao.tinh", ninh_binh["37"], Role.DISTRICT_LEADER)
    chairman = make_user("yyen.chutich", ninh_binh["13795"], Role.UNIT_HEAD)

    assert set(scoped(Dossier.objects.all(), leader)) == {old}
    assert set(scoped(Dossier.objects.all(), province_leader)) == {old, new}
    assert set(scoped(Dossier.objects.all(), chairman)) == {old, new}
