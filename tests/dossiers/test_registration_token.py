"""A citizen gets one code per visit: the registration form carries a one-time token, and sending the form
again (a double click, a reload, a resend) lands on the dossier the first sending registered."""

import re
import threading
from datetime import datetime

import pytest
from django.db import connection, connections

from cchc.core.calendar import VN_TZ
from cchc.dossiers.models import Dossier
from cchc.dossiers.services import AlreadyRegistered, dossier_receive
from tests.conftest import PASSWORD
from tests.dossiers.test_views import form_data


def token_of(page: str) -> str:
    return re.search(r'name="registration_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def clerk(client, lam_clerk):
    assert client.login(username=lam_clerk.username, password=PASSWORD)
    return client


def test_it_registers_one_dossier_when_the_form_is_sent_three_times(clerk, birth):
    token = token_of(clerk.get("/dossiers/new/").content.decode())
    data = form_data(birth, registration_token=token)

    answers = [clerk.post("/dossiers/new/", data) for _ in range(3)]

    assert [(a.status_code, a.url) for a in answers] == [(302, "/dossiers/13795-221109-0001/")] * 3
    assert list(Dossier.objects.values_list("code", flat=True)) == ["13795-221109-0001"]
    repeat = clerk.get(answers[2].url).content.decode()
    assert "Hồ sơ này đã được tiếp nhận với mã 13795-221109-0001; không tạo hồ sơ mới." in repeat


def test_it_gives_each_form_shown_its_own_token(clerk, birth):
    first = token_of(clerk.get("/dossiers/new/").content.decode())
    second = token_of(clerk.get("/dossiers/new/").content.decode())

    clerk.post("/dossiers/new/", form_data(birth, registration_token=first))
    clerk.post("/dossiers/new/", form_data(birth, registration_token=second))

    assert first != second
    assert Dossier.objects.count() == 2


def test_it_keeps_the_token_of_a_refused_form_and_registers_once_when_corrected(clerk, birth):
    token = token_of(clerk.get("/dossiers/new/").content.decode())

    refused = clerk.post("/dossiers/new/", form_data(birth, applicant_name="", registration_token=token))
    corrected = clerk.post("/dossiers/new/", form_data(birth, registration_token=token))

    assert refused.status_code == 200 and token_of(refused.content.decode()) == token
    assert corrected.status_code == 302
    assert Dossier.objects.count() == 1


def test_it_refuses_a_forged_token_and_saves_nothing(clerk, birth):
    response = clerk.post("/dossiers/new/", form_data(birth, registration_token="<script>"))

    assert response.status_code == 200
    assert "Mã phiếu tiếp nhận không hợp lệ; hãy mở lại trang tiếp nhận hồ sơ." in response.content.decode()
    assert Dossier.objects.count() == 0


def test_it_marks_the_form_to_disable_its_button_while_sending(clerk):
    page = clerk.get("/dossiers/new/").content.decode()

    assert re.search(r"<form [^>]*data-once", page)
    assert 'src="/static/cchc/cchc.js"' in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need a server database")
@pytest.mark.django_db(transaction=True)
def test_it_registers_one_dossier_for_five_concurrent_sendings_of_one_form(lam_clerk, y_yen, birth):
    start = threading.Barrier(5)
    codes: list[str] = []
    errors: list[Exception] = []

    def send() -> None:
        try:
            start.wait()
            dossier = dossier_receive(
                actor=lam_clerk,
                unit=y_yen["13795"],
                procedure=birth,
                applicant_name="Trần Thị Bình",
                received_at=datetime(2022, 11, 9, 9, 30, tzinfo=VN_TZ),
                registration_token="mot-lan-duy-nhat-0001",
            )
            codes.append(dossier.code)
        except AlreadyRegistered as repeat:
            codes.append(repeat.code)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert codes == ["13795-221109-0001"] * 5
    assert Dossier.objects.count() == 1
