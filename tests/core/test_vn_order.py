"""Vietnamese order: every expected list below was put in order by hand from the rules of
``cchc.core.text.vn_sort_key`` (alphabet a ă â b c d đ e ê … o ô ơ … u ư …, then the tone of each word)."""

import random
import unicodedata

from cchc.core.text import vn_person_key, vn_sort_key

# The 30 communes of Ý Yên without "Xã Yên", in Vietnamese order.
COMMUNES = [
    "Bằng",
    "Bình",
    "Chính",
    "Cường",
    "Dương",
    "Đồng",
    "Hồng",
    "Hưng",
    "Khang",
    "Khánh",
    "Lộc",
    "Lợi",
    "Lương",
    "Minh",
    "Mỹ",
    "Nghĩa",
    "Nhân",
    "Ninh",
    "Phong",
    "Phú",
    "Phúc",
    "Phương",
    "Quang",
    "Tân",
    "Thành",
    "Thắng",
    "Thọ",
    "Tiến",
    "Trị",
    "Trung",
]


def in_order(names: list[str]) -> list[str]:
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    return sorted(shuffled, key=vn_sort_key)


def test_it_puts_the_communes_of_y_yen_in_dictionary_order():
    assert in_order([f"Xã Yên {name}" for name in reversed(COMMUNES)]) == [
        f"Xã Yên {name}" for name in COMMUNES
    ]


def test_it_puts_yen_bang_before_yen_binh_and_yen_dong_after_yen_duong():
    assert in_order(["Yên Trung", "Yên Đồng", "Yên Bình", "Yên Dương", "Yên Bằng"]) == [
        "Yên Bằng",
        "Yên Bình",
        "Yên Dương",
        "Yên Đồng",
        "Yên Trung",
    ]


def test_it_orders_the_letters_of_the_vietnamese_alphabet():
    assert in_order(["ư", "u", "ơ", "ô", "o", "ê", "e", "đ", "d", "â", "ă", "a", "b"]) == [
        "a",
        "ă",
        "â",
        "b",
        "d",
        "đ",
        "e",
        "ê",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
    ]


def test_it_orders_the_tones_none_huyen_hoi_nga_sac_nang_after_the_letters():
    assert in_order(["mác", "mạ", "má", "mã", "mả", "mà", "ma"]) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
        "mác",
    ]


def test_it_compares_word_by_word():
    assert in_order(["Yến Anh", "Yên Bình", "Yên"]) == ["Yên", "Yên Bình", "Yến Anh"]


def test_it_ignores_case_the_unicode_form_and_where_the_tone_mark_sits():
    assert (
        vn_sort_key("Hoà Bình")
        == vn_sort_key("HÒA BÌNH")
        == vn_sort_key(unicodedata.normalize("NFD", "hòa bình"))
    )


def test_it_orders_numbers_by_their_value_and_before_words():
    assert in_order(["Phường 10", "Phường A", "Phường 2", "Phường 02B"]) == [
        "Phường 2",
        "Phường 02B",
        "Phường 10",
        "Phường A",
    ]


def test_it_is_made_of_digits_only_so_that_every_database_orders_it_alike():
    assert vn_sort_key("Xã Yên Đồng (cũ) - 2025").isdigit()


def test_it_orders_people_by_given_name_then_by_family_and_middle_names():
    people = [
        ("Đặng Văn", "Đức"),
        ("Trần Thị", "Bình"),
        ("Nguyễn Văn", "An"),
        ("Phạm Thị", "Dung"),
        ("Đỗ Thị", "Ánh"),
        ("Lê Văn", "An"),
    ]
    assert [f"{family} {given}" for family, given in sorted(people, key=lambda p: vn_person_key(*p))] == [
        "Lê Văn An",
        "Nguyễn Văn An",
        "Đỗ Thị Ánh",
        "Trần Thị Bình",
        "Phạm Thị Dung",
        "Đặng Văn Đức",
    ]
