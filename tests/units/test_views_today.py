"""Pages open on today's units: Ninh Bình's 129 communes and wards; the Ý Yên of 2022 is a period away."""

from datetime import datetime

import pytest
import time_machine

from cchc.accounts.models import Role
from cchc.core.calendar import VN_TZ
from tests.conftest import PASSWORD, make_user
from tests.par.conftest import appraiser, campaign, small_set  # noqa: F401

TODAY = datetime(2026, 12, 2, 9, 0, tzinfo=VN_TZ)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def province_leader(ninh_binh):
    """Thanh, vice-chairman of the provincial People's Committee, seated in its office."""
    return make_user("thanh", ninh_binh["37.VP"], Role.DISTRICT_LEADER)


def board_units(client, **query) -> list[str]:
    return [row.unit.name for row in client.get("/dashboard/", query).context["board"].rows]


def test_the_province_leaders_dashboard_today_shows_the_129_communes_and_wards(client, province_leader):
    client.login(username="thanh", password=PASSWORD)

    names = board_units(client)

    assert len(names) == 129
    assert "Xã Ý Yên" in names and "Thị trấn Lâm" not in names


def test_the_2022_district_board_is_one_period_away_and_says_so(client, province_leader):
    client.login(username="thanh", password=PASSWORD)

    response = client.get("/dashboard/", {"period": "2022-11"})

    names = [row.unit.name for row in response.context["board"].rows]
    assert len(names) == 31 + 12
    assert "Thị trấn Lâm" in names and "Xã Ý Yên" not in names
    assert "Kỳ trước ngày 01/07/2025: các đơn vị như khi đó" in response.text


def test_the_2022_leaders_dashboard_today_says_his_units_have_ended(client, leader, ninh_binh):
    client.login(username="hung", password=PASSWORD)

    response = client.get("/dashboard/")

    assert response.context["board"].rows == []
    assert "ngày hoạt động cuối cùng: 30/06/2025" in response.text
    assert 'href="?period=2025-06"' in response.text


def test_the_unit_list_shows_todays_units_and_a_day_before_the_merger_says_so(client, province_leader):
    client.login(username="thanh", password=PASSWORD)

    today = client.get("/units/")
    before = client.get("/units/?on=2022-11-30")

    assert {u.name for u in today.context["units"]} >= {"Tỉnh Ninh Bình", "Xã Ý Yên"}
    assert "Thị trấn Lâm" not in {u.name for u in today.context["units"]}
    assert {u.name for u in before.context["units"]} >= {"Tỉnh Nam Định", "Huyện Ý Yên", "Thị trấn Lâm"}
    assert "Các đơn vị ngày 30/11/2022, trước khi bỏ cấp huyện (01/07/2025)." in before.text


def test_a_2022_campaign_reminds_no_one_today(client, campaign, lam_clerk):  # noqa: F811
    client.login(username="huong", password=PASSWORD)

    assert client.get("/par/").context["reminders"] == []


def test_the_overdue_list_holds_only_units_that_exist(client, admin_user, ninh_binh, birth, lam_clerk):
    from tests.kpis.test_engine import dossier

    dossier(admin_user.unit.children.get(code="13795"), received="2022-11-10 09:00")
    dossier(ninh_binh["13795"], received="2026-11-10 09:00")
    client.login(username=admin_user.username, password=PASSWORD)

    overdue = client.get("/dashboard/").context["overdue"]

    assert [d.unit.name for d in overdue] == ["Xã Ý Yên"]


def test_a_successors_trend_across_1_july_2025_says_what_it_sums(client, ninh_binh):
    make_user("yyen.chutich", ninh_binh["13795"], Role.UNIT_HEAD)
    client.login(username="yyen.chutich", password=PASSWORD)

    across = client.get("/dashboard/trends/", {"as_of": "2025-08-15T00:00"}).context["merged_from"]
    today = client.get("/dashboard/trends/").context["merged_from"]

    assert [u.name for u in across] == ["Thị trấn Lâm", "Xã Yên Khánh", "Xã Yên Phong", "Xã Yên Bằng"]
    assert today == []
