import os
import subprocess
import sys

from tests.conftest import PASSWORD


def test_the_login_page_is_in_vietnamese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.text
    assert "Đăng nhập" in response.text
    assert "Tên đăng nhập" in response.text


def test_a_wrong_password_is_refused_in_vietnamese(client, lam_clerk):
    response = client.post("/accounts/login/", {"username": "huong", "password": "sai"})
    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in response.text


def test_a_clerk_logs_in_and_out(client, lam_clerk):
    response = client.post("/accounts/login/", {"username": "huong", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/dossiers/"
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/units/13795/").status_code == 302


def test_a_user_changes_his_password(client, lam_clerk):
    client.login(username="huong", password=PASSWORD)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Mot-cua-2022!", "new_password2": "Mot-cua-2022!"},
    )
    assert response.status_code == 302
    lam_clerk.refresh_from_db()
    assert lam_clerk.check_password("Mot-cua-2022!")


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "CCHC_DEBUG": "0",
        "CCHC_SECURE": "1",
        "CCHC_SECRET_KEY": "k" * 20 + "-production-like-secret-key-0123456789-abcdefghij",
        "CCHC_VAR_DIR": str(tmp_path),
        "CCHC_ALLOWED_HOSTS": "cchc.yyen.namdinh.gov.vn",
    }
    result = subprocess.run(
        [sys.executable, "-m", "cchc.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_english_browser_still_gets_vietnamese(client, db):
    response = client.get("/accounts/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in response.text


def test_the_stylesheet_and_htmx_are_served_locally(client, db):
    page = client.get("/accounts/login/").text
    assert "http://" not in page and "https://" not in page
    assert client.get("/static/cchc/cchc.css").status_code == 200
    assert client.get("/static/cchc/vendor/htmx-2.0.11.min.js").status_code == 200


def test_a_user_may_switch_to_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text
    assert "Username" in response.text
