"""Where mail goes is one setting, CCHC_EMAIL_URL: printed by default, SMTP when given, nothing else accepted."""

import pytest

from cchc.settings import mailer


def test_mail_is_printed_unless_a_server_is_given():
    assert mailer("") == {"BACKEND": "django.core.mail.backends.console.EmailBackend"}


def test_an_smtp_url_gives_the_server_the_account_and_starttls():
    assert mailer("smtp://cchc%40yyen.vn:m%E1%BA%ADt-kh%E1%BA%A9u@mail.namdinh.gov.vn:587?tls=1") == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "mail.namdinh.gov.vn",
            "port": 587,
            "username": "cchc@yyen.vn",
            "password": "mật-khẩu",
            "use_ssl": False,
            "use_tls": True,
            "timeout": 20,
        },
    }


def test_smtps_defaults_to_port_465_with_ssl():
    options = mailer("smtps://mail.namdinh.gov.vn")["OPTIONS"]
    assert (options["port"], options["use_ssl"], options["use_tls"]) == (465, True, False)


@pytest.mark.parametrize(
    "url", ["http://mail.vn", "smtp://", "smtp://mail.vn?tls=yes", "smtp://mail.vn?debug=1"]
)
def test_anything_else_is_refused(url):
    with pytest.raises(ValueError, match="CCHC_EMAIL_URL"):
        mailer(url)
