"""The address behind the QR code of a receipt: this server's status page of one dossier, with a signed token.

The token is an HMAC-SHA256 of the dossier code (``django.core.signing`` with the salt below, keyed by the
secret key), not the database id: nobody can make the token of a code they do not hold a receipt for, and a
token opens only its own dossier. It never expires by itself, because the paper receipt lives as long as the
dossier; the page stops answering ``settings.PUBLIC_STATUS_AFTER_END`` after the dossier ended
(``cchc.public.selectors``). Changing the secret key voids every printed QR code.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import constant_time_compare

SALT = "cchc.public.dossier-status"
DEFAULT_BASE = "http://127.0.0.1:8000"


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, algorithm="sha256")


def token_for(code: str) -> str:
    return _signer().signature(code)


def token_matches(code: str, token: str) -> bool:
    return constant_time_compare(token_for(code), token)


def status_address(code: str, request: HttpRequest | None = None) -> str:
    """The absolute address of the status page: ``CCHC_PUBLIC_URL``, else the request's, else 127.0.0.1:8000."""
    path = reverse("public-status", kwargs={"code": code, "token": token_for(code)})
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return DEFAULT_BASE + path
