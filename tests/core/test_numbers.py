"""Numbers typed by a person or read from a file: bounded before any arithmetic, refused in Vietnamese."""

import time
from decimal import Decimal

import pytest

from cchc.core.numbers import NumberError, parse_decimal, parse_integer


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), (" 1 000 ", Decimal(1000)), ("-3", Decimal(-3))],
)
def test_it_reads_numbers_as_vietnamese_users_write_them(text, expected):
    assert parse_decimal(text) == expected


def test_it_takes_a_percent_sign_only_where_the_caller_allows_it():
    assert parse_decimal("85,5%", percent=True) == Decimal("85.5")
    with pytest.raises(NumberError, match="không phải là số"):
        parse_decimal("85,5%")


@pytest.mark.parametrize("text", ["1e30000000", "1E3", "inf", "NaN", "0x10", "1,2,3", "", "--1", "9" * 16])
def test_it_refuses_exponents_and_what_is_not_a_plain_number(text):
    with pytest.raises(NumberError, match="Điểm: .* không phải là số"):
        parse_decimal(text, label="Điểm")


def test_it_refuses_a_huge_number_in_well_under_a_second():
    started = time.monotonic()
    for text in ("1e30000000", "9" * 100_000, "1" + "0" * 5000 + ",5"):
        with pytest.raises(NumberError):
            parse_decimal(text)
    assert time.monotonic() - started < 0.1


def test_it_refuses_spreadsheet_numbers_that_are_not_finite_or_too_large():
    assert parse_decimal(2.5) == Decimal("2.5")
    for value in (float("inf"), float("nan"), 1e300, 10**20):
        with pytest.raises(NumberError, match="không phải là số trong khoảng cho phép"):
            parse_decimal(value)


def test_it_names_the_range_a_number_must_lie_in():
    with pytest.raises(NumberError, match="Số bộ: “100” phải từ 1 đến 99."):
        parse_integer("100", label="Số bộ", minimum=1, maximum=99)
    with pytest.raises(NumberError, match="Tỷ lệ: “100,5” phải không quá 100."):
        parse_decimal("100,5", label="Tỷ lệ", maximum=100)


def test_it_refuses_a_fraction_where_a_whole_number_is_wanted_and_too_many_decimals():
    assert parse_integer("12,0") == 12
    with pytest.raises(NumberError, match="phải là số nguyên"):
        parse_integer("12,5")
    with pytest.raises(NumberError, match="có quá 2 chữ số thập phân"):
        parse_decimal("1,234", places=2)
