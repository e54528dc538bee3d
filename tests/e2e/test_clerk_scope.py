from tests.conftest import PASSWORD


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_clerk_sees_his_unit_and_cannot_open_another_commune(page, screenshot, lam_clerk, yen_trung_clerk):
    log_in(page, "huong")

    page.wait_for_url("**/dossiers/")
    page.goto("/units/13795/")
    assert page.get_by_test_id("unit-name").inner_text() == "Thị trấn Lâm"
    assert "Công chức Bộ phận Một cửa" in page.get_by_test_id("who").inner_text()
    screenshot("clerk-home")

    response = page.goto("/units/13798/")
    assert response.status == 404
    assert "Không tìm thấy trang" in page.content()
    assert "Xã Yên Trung" not in page.content()
    screenshot("clerk-other-commune-404")


def test_a_wrong_password_shows_the_reason_in_vietnamese(page, lam_clerk):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("huong")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "mật khẩu chính xác" in page.get_by_role("alert").inner_text()
