"""The language menu names each language in itself, whichever language the screen speaks."""

import unicodedata

import pytest
from django.conf import settings


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_menu_names_each_language_in_itself(client, db, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = unicodedata.normalize("NFC", client.get("/accounts/login/").text)

    assert '<option value="vi" lang="vi"' in page and ">Tiếng Việt</option>" in page
    assert '<option value="en" lang="en"' in page and ">English</option>" in page
    assert "Tiếng Anh" not in page
