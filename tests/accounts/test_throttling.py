"""Login throttling: five wrong passwords lock a user name for fifteen minutes; twenty lock an address."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from cchc.accounts.models import LoginFailure
from cchc.accounts.throttling import client_address, prune_failures
from cchc.audit.models import AuditEntry
from tests.conftest import PASSWORD

LOCKED_NAME = "Tài khoản này tạm thời bị khoá đăng nhập vì nhập sai mật khẩu nhiều lần."
LOCKED_ADDRESS = "Máy của bạn tạm thời bị chặn đăng nhập vì có quá nhiều lần đăng nhập sai."
WRONG = "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime(2022, 11, 2, 1, 0, tzinfo=UTC), tick=False)
    return time_machine


def login(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times: int, username: str = "huong", address: str = "203.0.113.7") -> None:
    for _ in range(times):
        login(client, username, "sai-mat-khau", address)


def test_it_says_wrong_password_for_the_first_four_failures(client, lam_clerk, clock):
    fail(client, 3)
    response = login(client, "huong", "sai-mat-khau")
    assert WRONG in response.text
    assert LOCKED_NAME not in response.text


def test_it_locks_the_user_name_at_the_fifth_failure(client, lam_clerk, clock):
    fail(client, 4)
    response = login(client, "huong", "sai-mat-khau")
    assert LOCKED_NAME in response.text
    assert "Vui lòng thử lại sau 15 phút" in response.text


def test_the_right_password_is_refused_during_the_lock(client, lam_clerk, clock):
    fail(client, 5)
    clock.shift(timedelta(minutes=10))
    response = login(client, "huong", PASSWORD)
    assert response.status_code == 200
    assert "Vui lòng thử lại sau 5 phút" in response.text
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_fifteen_minutes_after_the_fifth_failure(client, lam_clerk, clock):
    fail(client, 5)
    clock.shift(timedelta(minutes=10))
    login(client, "huong", PASSWORD)  # refused and not counted: it does not lengthen the lock
    clock.shift(timedelta(minutes=5, seconds=1))
    response = login(client, "huong", PASSWORD)
    assert response.status_code == 302


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(client, lam_clerk, clock):
    fail(client, 4)
    clock.shift(timedelta(minutes=16))
    fail(client, 1)
    assert login(client, "huong", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count_of_its_user_name(client, lam_clerk, clock):
    fail(client, 4)
    clock.shift(timedelta(minutes=1))
    assert login(client, "huong", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    clock.shift(timedelta(minutes=1))
    fail(client, 4)
    assert login(client, "huong", PASSWORD).status_code == 302


def test_the_user_name_is_locked_whatever_its_letter_case(client, lam_clerk, clock):
    for name in ["huong", "Huong", "HUONG", " huong", "hUONG"]:
        login(client, name, "sai-mat-khau")
    assert LOCKED_NAME in login(client, "huong", PASSWORD).text


def test_a_lock_on_one_user_name_leaves_the_others_free(client, lam_clerk, yen_trung_clerk, clock):
    fail(client, 5, username="huong")
    assert login(client, "thu", PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_lock_the_address(client, lam_clerk, clock):
    for number in range(20):
        login(client, f"khach{number}", "sai-mat-khau", address="198.51.100.9")
    response = login(client, "huong", PASSWORD, address="198.51.100.9")
    assert LOCKED_ADDRESS in response.text
    assert login(client, "huong", PASSWORD, address="198.51.100.10").status_code == 302


def test_each_failure_is_kept_with_its_time_and_address(client, lam_clerk, clock):
    login(client, "Huong", "sai-mat-khau", address="203.0.113.7")
    failure = LoginFailure.objects.get()
    assert (failure.at, failure.username, failure.address) == (
        datetime(2022, 11, 2, 1, 0, tzinfo=UTC),
        "huong",
        "203.0.113.7",
    )


def test_the_admin_login_is_locked_too(client, admin_user, clock):
    for _ in range(5):
        client.post("/admin/login/", {"username": "quan", "password": "sai-mat-khau"})
    client.post("/admin/login/", {"username": "quan", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_the_proxy_header_is_trusted_only_when_configured(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    settings.CLIENT_ADDRESS_HEADER = None
    assert client_address(request) == "127.0.0.1"
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    assert client_address(request) == "203.0.113.7"


def test_pruning_removes_failures_past_the_retention_and_writes_it_in_the_audit_trail(db):
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    for age in (timedelta(days=400), timedelta(days=366), timedelta(days=364), timedelta(minutes=1)):
        LoginFailure.objects.create(at=now - age, username="huong", address="10.0.0.7")

    removed = prune_failures(keep=timedelta(days=365), now=now)

    assert removed == 2
    assert sorted(now - f.at for f in LoginFailure.objects.all()) == [
        timedelta(minutes=1),
        timedelta(days=364),
    ]
    entry = AuditEntry.objects.get(model="accounts.LoginFailure")
    assert (entry.action, entry.changes["removed"]) == ("delete", 2)
    assert entry.object_repr == "Xoá 2 lần đăng nhập sai trước 25/11/2025 03:00"


def test_pruning_nothing_writes_nothing(db):
    assert prune_failures(keep=timedelta(days=365)) == 0
    assert not AuditEntry.objects.filter(model="accounts.LoginFailure").exists()


def test_a_retention_shorter_than_the_lock_is_refused_and_removes_nothing(db):
    LoginFailure.objects.create(at=datetime(2026, 11, 25, 3, 0, tzinfo=UTC), username="huong")

    with pytest.raises(CommandError, match="Thời gian lưu phải dài hơn") as refused:
        call_command("prune-login-failures", "--days", "0")

    assert refused.value.returncode == 2
    assert LoginFailure.objects.count() == 1
