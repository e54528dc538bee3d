"""``/favicon.ico``: browsers ask for it on every first visit; it answers without a login."""


def test_it_answers_the_icon_without_a_login(client, db):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Content-Type"]) == (200, "image/x-icon")
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_every_page_links_the_icon(client, db):
    assert '<link rel="icon" href="/static/cchc/favicon.ico"' in client.get("/accounts/login/").text
