"""The documented normalisation of every text input (docs/security.md), told one rule at a time."""

from cchc.core.text import clean, fold, nul_problem


def test_it_composes_decomposed_vietnamese():
    assert clean("Nguye\u0302\u0303n Va\u0306n A\u0300nh") == "Nguyễn Văn Ành"


def test_it_turns_words_shift_enter_into_a_space_in_a_one_line_field():
    assert clean("Nguyễn Văn\x0bAn") == "Nguyễn Văn An"


def test_it_keeps_every_kind_of_line_break_as_one_newline_where_lines_are_allowed():
    text = "một\r\nhai\rba\nbốn\x0bnăm\x0csáu\x85bảy\u2028tám\u2029chín\x1cmười"

    assert clean(text, lines=True) == "một\nhai\nba\nbốn\nnăm\nsáu\nbảy\ntám\nchín\nmười"
    assert clean(text) == "một hai ba bốn năm sáu bảy tám chín mười"


def test_it_turns_a_tab_into_a_space():
    assert clean("Thôn\t1", lines=True) == "Thôn 1"


def test_it_drops_the_other_controls_and_the_noncharacters():
    assert clean("A\x01\x08\x0e\x1b\x1f\x7f\x80\x9fB\ufffe\uffffC") == "ABC"


def test_it_drops_bidi_embeddings_overrides_isolates_marks_and_zero_width_spaces():
    assert clean("Lê\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200bThị") == "LêThị"
    assert clean("Thị\u200c\u200d\u200e\u200f Bình") == "Thị Bình"


def test_it_trims_both_ends_and_nothing_inside():
    assert clean("  \n Tổ 5  &  6 \x0b ") == "Tổ 5  &  6"
    assert clean(" \n dòng 1\n\n dòng 2 \n", lines=True) == "dòng 1\n\n dòng 2"


def test_it_leaves_markup_and_formulas_to_the_writers():
    assert clean("<w:p>{{ x }} =1+2 & @A") == "<w:p>{{ x }} =1+2 & @A"


def test_it_refuses_a_file_with_a_zero_byte():
    assert nul_problem(b"code,name\n1,A\x00B\n") == (
        "tệp có byte 0 (ký tự NUL): không phải tệp văn bản CSV, có thể là tệp nhị phân"
    )
    assert nul_problem("code,name\n1,Lâm\n".encode()) is None


def test_it_still_folds_case_diacritics_and_spacing():
    assert fold("CHỨNG  THỰC Đất") == "chung thuc dat"
