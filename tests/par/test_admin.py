import pytest

from tests.conftest import PASSWORD


@pytest.mark.parametrize("model", ["indexset", "campaign", "assessment", "scoreevent", "evidence"])
def test_the_admin_lists_open(client, admin_user, campaign, model):
    client.login(username="quan", password=PASSWORD)
    assert client.get(f"/admin/par/{model}/").status_code == 200


def test_a_frozen_set_cannot_be_edited_in_the_admin(client, admin_user, campaign, small_set):
    client.login(username="quan", password=PASSWORD)
    page = client.get(f"/admin/par/indexset/{small_set.pk}/change/")
    assert page.status_code == 200
    assert 'name="name"' not in page.text
    assert client.get("/admin/par/campaign/add/").status_code == 403
