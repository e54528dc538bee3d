"""A birth registration at Thị trấn Lâm, followed by its applicant from the receipt's QR code.

Time stands at Wed 16/11/2022 10:00: received Wed 9/11 09:00 (due Mon 14/11 09:00), handed over, result
Thu 10/11 15:00, returned Fri 11/11 08:30.
"""

import pytest
from django.conf import settings
from django.utils import translation

from cchc.accounts.models import Role
from cchc.dossiers import services
from cchc.public.links import token_for
from tests.conftest import make_user
from tests.dossiers.test_lifecycle import at
from tests.dossiers.test_receive import receive

APPLICANT = {
    "applicant_name": "Trần Thị Bình",
    "applicant_id_number": "036190004567",
    "applicant_phone": "0912 345 678",
    "applicant_email": "binh.tran@example.vn",
    "applicant_address": "Thôn Đông, Thị trấn Lâm",
}


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(at("2022-11-16 10:00"), tick=False)


@pytest.fixture(autouse=True)
def vietnamese_afterwards():
    """A request in English leaves English active in the test's thread; the next tests expect Vietnamese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def lam(y_yen):
    unit = y_yen["13795"]
    unit.phone = "0228 3820 123"
    unit.save(update_fields=["phone"])
    return unit


@pytest.fixture
def received(lam_clerk, lam, birth):
    return receive(lam_clerk, lam, birth, when="2022-11-09 09:00", **APPLICANT)


@pytest.fixture
def returned(received, lam_clerk, lam):
    officer = make_user("tung", lam, Role.OFFICER)
    dossier = services.dossier_hand_over(
        actor=lam_clerk, dossier=received, recipient=officer, at=at("2022-11-09 09:10")
    )
    dossier = services.dossier_record_result(actor=officer, dossier=dossier, at=at("2022-11-10 15:00"))
    return services.dossier_return_result(actor=lam_clerk, dossier=dossier, at=at("2022-11-11 08:30"))


def page_of(dossier) -> str:
    return f"/status/{dossier.code}/{token_for(dossier.code)}/"
