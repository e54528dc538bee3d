"""Looking a dossier up by its code and the last four digits of the applicant's phone; guessing is throttled."""

from datetime import timedelta

from cchc.public.models import LookupFailure
from tests.public.conftest import page_of

NOT_FOUND = "Không tìm thấy hồ sơ có mã và số điện thoại này."
LOCKED = "Ông/bà đã tra cứu sai nhiều lần. Vui lòng thử lại sau"


def look_up(client, code: str, digits: str, address: str = "198.51.100.20"):
    return client.post("/status/", {"code": code, "phone_end": digits}, REMOTE_ADDR=address)


def test_the_code_and_the_last_four_digits_open_the_status_page(client, received):
    response = look_up(client, " 13795-221109-0001 ", "5678")
    assert response.status_code == 302
    assert response.url == page_of(received)


def test_a_wrong_phone_and_an_unknown_code_get_the_same_answer(client, received):
    wrong_phone = look_up(client, "13795-221109-0001", "5679")
    unknown_code = look_up(client, "13795-221109-0002", "5678")
    assert NOT_FOUND in wrong_phone.text
    assert NOT_FOUND in unknown_code.text
    assert LookupFailure.objects.count() == 2


def test_a_dossier_without_a_phone_cannot_be_looked_up(client, lam_clerk, lam, birth):
    from tests.dossiers.test_receive import receive

    receive(lam_clerk, lam, birth, when="2022-11-09 09:00")
    assert NOT_FOUND in look_up(client, "13795-221109-0001", "0000").text


def test_it_asks_for_exactly_four_digits_and_counts_no_failure(client, received):
    response = look_up(client, "13795-221109-0001", "56a8")
    assert "Nhập đúng 4 chữ số." in response.text
    assert LookupFailure.objects.count() == 0


def test_the_tenth_failure_locks_the_address_even_for_the_right_digits(client, received):
    for digits in range(1000, 1010):
        look_up(client, "13795-221109-0001", str(digits))
    response = look_up(client, "13795-221109-0001", "5678")
    assert response.status_code == 429
    assert f"{LOCKED} 15 phút." in response.text
    assert LookupFailure.objects.count() == 10  # refused during the lock: not counted


def test_another_address_is_not_locked(client, received):
    for digits in range(1000, 1010):
        look_up(client, "13795-221109-0001", str(digits))
    assert look_up(client, "13795-221109-0001", "5678", address="198.51.100.21").status_code == 302


def test_the_lock_ends_fifteen_minutes_after_the_tenth_failure(client, received, time_machine):
    for digits in range(1000, 1010):
        look_up(client, "13795-221109-0001", str(digits))
    time_machine.shift(timedelta(minutes=14))
    assert f"{LOCKED} 1 phút." in look_up(client, "13795-221109-0001", "5678").text
    time_machine.shift(timedelta(minutes=1))
    assert look_up(client, "13795-221109-0001", "5678").status_code == 302
