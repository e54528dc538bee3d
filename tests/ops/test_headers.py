"""Security headers on every page, and a CSP that allows exactly the inline handlers the templates hold."""

import base64
import hashlib
import re
from pathlib import Path

from django.conf import settings

import cchc

TEMPLATES = Path(cchc.__file__).parent


def test_the_login_page_carries_the_security_headers(client, db):
    response = client.get("/accounts/login/")
    assert response.headers["Content-Security-Policy"] == (
        "default-src 'self'; "
        "script-src 'self' 'unsafe-hashes' 'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY=' "
        "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_every_inline_handler_in_the_templates_is_allowed_by_hash():
    handlers = set()
    for template in TEMPLATES.rglob("templates/**/*.html"):
        handlers |= set(re.findall(r'\son[a-z]+="([^"]*)"', template.read_text(encoding="utf-8")))
    allowed = {
        f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'" for code in handlers
    }
    assert handlers == {"this.form.submit()", "window.print()"}
    assert allowed <= set(settings.SECURE_CSP["script-src"])


def test_no_template_holds_an_inline_script():
    for template in TEMPLATES.rglob("templates/**/*.html"):
        for tag in re.findall(r"<script[^>]*>", template.read_text(encoding="utf-8")):
            assert " src=" in tag, f"{template}: {tag}"
