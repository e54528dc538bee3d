"""The dossier page a clerk works on: destructive steps look and ask like it, fees in Vietnamese thousands,
the hand-over goes to the first handling officer unless the clerk picks another."""

import re

import pytest

from tests.conftest import PASSWORD, make_user
from tests.dossiers.test_receive import receive


@pytest.fixture
def page(client, lam_clerk, lam_officer, y_yen, certification):
    make_user("an", y_yen["13795"], "clerk")
    dossier = receive(lam_clerk, y_yen["13795"], certification, when="2022-11-09 09:00")
    client.login(username=lam_clerk.username, password=PASSWORD)
    return client.get(f"/dossiers/{dossier.code}/").text


def test_it_shows_the_fee_with_a_dot_between_thousands(page):
    assert "2.000 đồng" in page


def test_refusing_and_withdrawing_look_destructive_and_ask_first(page):
    refuse = re.search(r'<button type="submit" class="danger" data-confirm="([^"]+)">Từ chối</button>', page)
    withdraw = re.search(
        r'<button type="submit" class="danger" data-confirm="([^"]+)">Rút hồ sơ</button>', page
    )
    assert refuse and "không thể hoàn tác" in refuse.group(1)
    assert withdraw and "rút hồ sơ 13795-221109-0001" in withdraw.group(1)
    assert '<button type="submit">Chuyển</button>' in page


def test_the_hand_over_defaults_to_the_first_officer_and_names_the_other_agency_short(page, lam_officer):
    assert f'<option value="{lam_officer.pk}" selected>' in page
    assert '<option value="">Cơ quan khác (liên thông)</option>' in page
