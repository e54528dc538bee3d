"""With English chosen, every screen a user clicks through speaks English, except the data (names of units,
people, procedures, criteria) and the official Vietnamese documents, which are only linked from the screens.

The check: take the page's visible text, remove the data values the test put in, and no word with a
Vietnamese-only letter (ă â đ ê ô ơ ư, a tone mark) may be left.
"""

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.conf import settings

from cchc.core.lifecycle import ACTION_LABELS, STATE_LABELS
from cchc.dossiers.labels import LIFECYCLE_LABELS
from cchc.dossiers.services import dossier_hand_over
from cchc.units.models import Unit
from tests.conftest import PASSWORD
from tests.dossiers.test_lifecycle import at
from tests.dossiers.test_receive import receive

VIETNAMESE_ONLY = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300\u0301\u0303\u0309\u0323]")


class _Text(HTMLParser):
    """The text a user reads: text nodes outside script and style, and the placeholders of inputs."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        placeholder = dict(attrs).get("placeholder")
        if placeholder:
            self.parts.append(placeholder)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def vietnamese_left(page: str, data: list[str]) -> list[str]:
    """Words with a Vietnamese-only letter once the data values are taken out (the language menu's own
    "Tiếng Việt" included, which names the other language in itself)."""
    parser = _Text()
    parser.feed(page)
    text = " \n ".join(parser.parts)
    for value in sorted([*data, "Tiếng Việt"], key=len, reverse=True):
        text = text.replace(value, " ")
    words = unicodedata.normalize("NFD", text).split()
    return [unicodedata.normalize("NFC", w) for w in words if VIETNAMESE_ONLY.search(w)]


def english(client, user) -> None:
    client.login(username=user.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def unit_names() -> list[str]:
    return list(Unit.objects.values_list("name", flat=True))


@pytest.fixture
def lam_dossier(lam_clerk, lam_officer, y_yen, birth):
    dossier = receive(
        lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00", applicant_address="Thôn Đông"
    )
    return dossier_hand_over(
        actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at("2022-11-09 10:00")
    )


def test_it_marks_every_lifecycle_label_for_translation():
    assert set(LIFECYCLE_LABELS) == set(STATE_LABELS.values()) | set(ACTION_LABELS.values())


def test_a_clerk_reads_the_one_stop_shop_in_english(client, lam_clerk, lam_dossier, birth):
    english(client, lam_clerk)
    # The receipt step's recipient is stored as text ("Bộ phận Một cửa"): data, like the names.
    data = [*unit_names(), birth.name, "Nguyễn Văn An", "Thôn Đông", "Hương", "Tùng", "Bộ phận Một cửa"]

    home = client.get("/dossiers/").text
    assert "One-Stop Shop — Thị trấn Lâm" in home
    assert "Receive a dossier" in home and "Due soon" in home
    assert vietnamese_left(home, data) == []

    new = client.get("/dossiers/new/").text
    assert "Applicant&#x27;s full name" in new and "Receive and compute the due date" in new
    assert vietnamese_left(new, data) == []

    page = client.get(f"/dossiers/{lam_dossier.code}/").text
    assert "Processing history" in page and "Hand-over" in page and "In progress" in page
    assert "Form 01 — Receipt and appointment slip" in page
    assert vietnamese_left(page, data) == []

    book = client.get("/dossiers/book/?from=2022-11-01&to=2022-11-30").text
    assert "Dossier tracking book (Form 06)" in book
    assert vietnamese_left(book, data) == []


def test_the_printed_forms_and_the_tracking_book_stay_vietnamese(client, lam_clerk, lam_dossier):
    english(client, lam_clerk)
    form = client.get(f"/dossiers/{lam_dossier.code}/forms/mau05/").text
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ" in form
    assert "Chuyển xử lý" in form and "Hand-over" not in form
