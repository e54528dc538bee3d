"""An import run holds every unit's rows: only the district-wide roles see runs, their error workbooks and
their uploads, even a clerk of the unit the compiler works in does not (``scoping.district_wide_only``)."""

import pytest

from cchc.accounts.models import Role
from cchc.imports.selectors import import_history
from cchc.imports.services import import_file
from tests.conftest import PASSWORD, make_user
from tests.imports.files import row, xlsx_file
from tests.par.conftest import appraiser  # noqa: F401


@pytest.fixture
def run(compiler, birth, tmp_path):
    rows = [row("YT-0001"), row("YT-0002", unit="Xã Không Có")]
    return import_file(actor=compiler, path=xlsx_file(tmp_path / "thang11.xlsx", rows))


@pytest.fixture
def vhtt_clerk(y_yen):
    """Mai, One-Stop clerk of Phòng Văn hóa và Thông tin, the compiler's own office."""
    return make_user("mai", y_yen["360.VHTT"], Role.CLERK)


def test_it_answers_404_to_a_clerk_of_the_compilers_own_office_for_the_run_and_its_workbook(
    client, run, vhtt_clerk
):
    assert client.login(username=vhtt_clerk.username, password=PASSWORD)

    assert client.get(f"/imports/{run.pk}/").status_code == 404
    assert client.get(f"/imports/{run.pk}/errors.xlsx").status_code == 404
    assert "thang11.xlsx" not in client.get("/imports/").content.decode()
    assert list(import_history(user=vhtt_clerk)) == []


def test_it_shows_no_run_to_the_head_of_that_office_either(run, y_yen):
    head = make_user("thanh", y_yen["360.VHTT"], Role.UNIT_HEAD)

    assert list(import_history(user=head)) == []


@pytest.mark.parametrize("persona", ["leader", "appraiser", "compiler", "admin_user"])
def test_it_shows_the_run_and_its_workbook_to_the_district_wide_roles(client, run, persona, request):
    user = request.getfixturevalue(persona)
    assert client.login(username=user.username, password=PASSWORD)

    assert client.get(f"/imports/{run.pk}/").status_code == 200
    assert client.get(f"/imports/{run.pk}/errors.xlsx").status_code == 200
    assert list(import_history(user=user)) == [run]
