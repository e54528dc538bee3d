"""Every page of every demo role fits an office laptop (1366×768) and a phone (390×844): the page never
scrolls sideways. The screenshots (``fit-<width>-<login>-<page>.png``) are kept as test artefacts."""

from datetime import datetime

import pytest
from django.core.management import call_command

from cchc.accounts.management.commands.demo import DEMO_PASSWORD
from cchc.accounts.models import User
from cchc.core.calendar import VN_TZ
from cchc.dossiers.models import Dossier
from cchc.dossiers.services import dossier_receive
from cchc.par.models import Assessment
from cchc.procedures.models import Procedure
from tests.e2e.conftest import SCREENSHOTS

VIEWPORTS = [{"width": 1366, "height": 768}, {"width": 390, "height": 844}]
NOVEMBER = "period=2022-11&as_of=2022-11-30T23:59"


@pytest.fixture
def demo(transactional_db):
    """The demo of October–November 2022, and a dossier of Thị trấn Lâm received on its last day (every step
    open; the town ended on 30/06/2025, so nothing is received there now)."""
    call_command("demo", "--dossiers", "600", "--start", "2022-10-01", "--end", "2022-11-30")
    clerk = User.objects.get(username="lam.motcua")
    procedure = Procedure.objects.handled_by(clerk.unit).filter(fee__gt=0).order_by("code").first()
    return dossier_receive(
        actor=clerk,
        unit=clerk.unit,
        procedure=procedure,
        applicant_name="Nguyễn Thị Phương Thảo",
        applicant_address="Xóm 3, Thị trấn Lâm, huyện Ý Yên, tỉnh Nam Định",
        received_at=datetime(2025, 6, 30, 9, 0, tzinfo=VN_TZ),
    )


def _pages(login: str, open_dossier: Dossier) -> dict[str, str]:
    drill = f"/dashboard/drill/?unit=13795&indicator=online_payment_rate&{NOVEMBER}&part=missing"
    assessment = Assessment.objects.filter(unit__code="13795").first()
    campaign = f"/par/campaigns/{assessment.campaign_id}/"
    clerk = {
        "register": "/dossiers/",
        "all-dossiers": "/dossiers/?list=all",
        "new-dossier": "/dossiers/new/",
        "dossier": f"/dossiers/{open_dossier.code}/",
        "book": "/dossiers/book/?from=2022-11-01&to=2022-11-30",
        "dashboard": f"/dashboard/?{NOVEMBER}",
        "par": "/par/",
        "par-assessment": f"/par/assessments/{assessment.pk}/",
        "par-field": f"/par/assessments/{assessment.pk}/fields/3/",
    }
    head = {**clerk, "reports": "/dashboard/reports/", "drill": drill}
    head.pop("new-dossier")
    district = {
        "dashboard": f"/dashboard/?{NOVEMBER}",
        "drill": drill,
        "reports": "/dashboard/reports/",
        "par": "/par/",
        "par-assessment": f"/par/assessments/{assessment.pk}/",
        "par-campaign": campaign,
        "units": "/units/",
    }
    compiler = {**district, "imports": "/imports/", "reconciliation": "/imports/reconciliation/"}
    return {
        "lam.motcua": clerk,
        "lam.chuyenvien": clerk,
        "lam.chutich": head,
        "tuphap.motcua": {"register": "/dossiers/", "new-dossier": "/dossiers/new/"},
        "lanhdao": district,
        "noivu": district,
        "vhtt": compiler,
        "quantri": {**compiler, "admin": "/admin/"},
    }[login]


def _log_in(page, login: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_it_fits_every_page_of_every_role_in_a_laptop_and_a_phone(page, demo):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    overflowing = []
    for login in [
        "lam.motcua",
        "lam.chuyenvien",
        "lam.chutich",
        "tuphap.motcua",
        "lanhdao",
        "noivu",
        "vhtt",
        "quantri",
    ]:
        page.context.clear_cookies()
        _log_in(page, login)
        for viewport in VIEWPORTS:
            page.set_viewport_size(viewport)
            for name, url in _pages(login, demo).items():
                response = page.goto(url)
                assert response.status == 200, (login, url, response.status)
                page.wait_for_load_state("networkidle")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    overflowing.append(f"{login} {name} at {viewport['width']}: {width}px")
                shot = SCREENSHOTS / f"fit-{viewport['width']}-{login}-{name}.png"
                page.screenshot(path=str(shot), full_page=True)
    assert not overflowing, "\n".join(overflowing)
