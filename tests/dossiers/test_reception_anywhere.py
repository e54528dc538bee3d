"""Reception regardless of administrative boundary (Decree 118/2025/NĐ-CP): Xã Ý Yên's centre receives a
dossier that Xã Vũ Dương decides. Both see it; it counts for Vũ Dương; Ý Yên's intake for others shows it."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from cchc.accounts.models import Role
from cchc.accounts.scoping import system_user
from cchc.core.calendar import VN_TZ
from cchc.core.kpi import parse_period
from cchc.dossiers.services import dossier_receive
from cchc.kpis.engine import compute, intake_for_others
from cchc.units.models import Unit
from tests.conftest import PASSWORD, make_user


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


@pytest.fixture
def ninh_binh(db):
    start = date(2025, 7, 1)
    province = Unit.objects.create(code="P37", name="Tỉnh Ninh Bình", kind="province", valid_from=start)
    units = {"province": province}
    for key, name in (("y_yen", "Xã Ý Yên"), ("vu_duong", "Xã Vũ Dương"), ("tan_minh", "Xã Tân Minh")):
        units[key] = Unit.objects.create(
            code=f"P37.{key}", name=name, kind="commune", parent=province, valid_from=start
        )
    other = Unit.objects.create(code="P01", name="Thành phố Hà Nội", kind="province", valid_from=start)
    units["elsewhere"] = Unit.objects.create(
        code="P01.x", name="Phường Ba Đình", kind="ward", parent=other, valid_from=start
    )
    return units


def receive(clerk, unit, procedure, when="2026-11-10 09:00", receiving_unit=None):
    return dossier_receive(
        actor=clerk,
        unit=unit,
        receiving_unit=receiving_unit,
        procedure=procedure,
        applicant_name="Trần Thị Bình",
        received_at=at(when),
    )


def test_a_centre_receives_for_another_commune_of_the_province(client, ninh_binh, birth):
    y_yen_clerk = make_user("yyen.motcua", ninh_binh["y_yen"], Role.CLERK)
    vu_duong_clerk = make_user("vuduong.motcua", ninh_binh["vu_duong"], Role.CLERK)
    tan_minh_clerk = make_user("tanminh.motcua", ninh_binh["tan_minh"], Role.CLERK)
    dossier = receive(y_yen_clerk, ninh_binh["vu_duong"], birth, receiving_unit=ninh_binh["y_yen"])
    assert (dossier.unit, dossier.receiving_unit) == (ninh_binh["vu_duong"], ninh_binh["y_yen"])
    assert dossier.code.startswith("P37.y_yen-261110-")  # the receiving agency's code and sequence

    for clerk, status in ((y_yen_clerk, 200), (vu_duong_clerk, 200), (tan_minh_clerk, 404)):
        client.force_login(clerk)
        assert client.get(f"/dossiers/{dossier.code}/").status_code == status
    client.force_login(vu_duong_clerk)
    assert "Xã Ý Yên" in client.get(f"/dossiers/{dossier.code}/").text

    period = parse_period("2026-11")
    rows = compute(
        user=system_user(), period=period, as_of=at("2026-11-30 23:59"), indicator_codes=["digitised_rate"]
    )
    denominators = {r.unit.name: r.figure.denominator for r in rows if r.unit}
    assert (denominators["Xã Vũ Dương"], denominators["Xã Ý Yên"]) == (1, 0)
    intake = intake_for_others(user=system_user(), period=period, as_of=at("2026-11-30 23:59"))
    assert [(unit.name, count) for unit, count in intake] == [("Xã Ý Yên", 1)]


def test_the_leader_sees_each_centres_intake_for_others_on_the_dashboard(client, ninh_binh, birth):
    y_yen_clerk = make_user("yyen.motcua", ninh_binh["y_yen"], Role.CLERK)
    receive(y_yen_clerk, ninh_binh["vu_duong"], birth, receiving_unit=ninh_binh["y_yen"])
    leader = make_user("tinh.lanhdao", ninh_binh["province"], Role.DISTRICT_LEADER)
    assert client.login(username=leader.username, password=PASSWORD)
    page = client.get("/dashboard/?period=2026-11&as_of=2026-11-30T23:59").text
    section = page.split('data-testid="intake-for-others"')[1]
    assert "Xã Ý Yên" in section and ">1<" in section


def test_the_registration_form_offers_the_communes_of_the_province(client, ninh_binh, birth):
    y_yen_clerk = make_user("yyen.motcua", ninh_binh["y_yen"], Role.CLERK)
    client.force_login(y_yen_clerk)
    page = client.get("/dossiers/new/").text
    assert 'name="decided_by"' in page
    assert "Xã Vũ Dương" in page and "Phường Ba Đình" not in page


def test_another_province_or_a_dossier_before_july_2025_is_refused(ninh_binh, birth, y_yen):
    y_yen_clerk = make_user("yyen.motcua", ninh_binh["y_yen"], Role.CLERK)
    with pytest.raises(ValidationError, match="không cùng tỉnh"):
        receive(y_yen_clerk, ninh_binh["elsewhere"], birth, receiving_unit=ninh_binh["y_yen"])
    lam_clerk = make_user("lam.motcua", y_yen["13795"], Role.CLERK)
    with pytest.raises(ValidationError, match="chỉ do chính đơn vị giải quyết tiếp nhận"):
        receive(lam_clerk, y_yen["13798"], birth, when="2022-11-10 09:00", receiving_unit=y_yen["13795"])
