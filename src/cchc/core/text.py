"""Vietnamese text: folding, so that "Chứng thực", "chung thuc" and "CHỨNG  THỰC" match; Vietnamese order."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, without diacritics (đ → d), single spaces: the key used to compare Vietnamese text."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare).strip().lower()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


# --- Vietnamese order --------------------------------------------------------------------------------------

_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_CODE = {letter: f"{10 + rank:02d}" for rank, letter in enumerate(_ALPHABET)}
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_TONE_RANK = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_WORDS = re.compile(r"[0-9]+|(?:[^\W\d_]|[\u0300-\u036f])+")  # letters with their combining marks
_WORD_END = "00"
_NUMBER = "01"


def vn_sort_key(text: str) -> str:
    """A key that sorts Vietnamese text in Vietnamese dictionary order, as a string of digits.

    The order, from the Unicode CLDR collation for Vietnamese (``common/collation/vi.xml``, "standard": ``&a<ă<â
    &d<đ &e<ê &o<ô<ơ &u<ư`` and the tone marks ``&◌̀<<◌̉<<◌̃<<◌́<<◌̣``), compared word by word (syllable by
    syllable) as Vietnamese dictionaries do (Hoàng Phê, *Từ điển tiếng Việt*, Viện Ngôn ngữ học):

    - letters: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z) — the 29 letters of
      the Vietnamese alphabet, the four foreign ones in their Latin places; upper and lower case alike;
    - within a word, the letters first, then the tone: none, huyền, hỏi, ngã, sắc, nặng
      (ma < mà < mả < mã < má < mạ < mác), wherever the tone mark is written (hoà = hòa);
    - a shorter word before a longer one that starts with it (Phú < Phúc), a word before the next word;
    - numbers before words and by their value (Phường 2 < Phường 10 < Phường A); spaces and punctuation
      only separate words.

    The key is made of digits only, so that every database compares it the same way, byte by byte or by its
    collation: it can be stored and ordered by (``Unit.sort_key``) on SQLite and PostgreSQL alike. A change
    to this order needs a data migration that recomputes the stored keys.
    """
    parts: list[str] = []
    for word in _WORDS.findall(unicodedata.normalize("NFD", text.casefold())):
        if word.isdigit():
            digits = word.lstrip("0") or "0"
            parts.append(f"{_NUMBER}{min(len(digits), 99):02d}{digits}")
            continue
        letters: list[str] = []
        tone = "0"
        for char in word:
            if char in _TONE_RANK:
                tone = tone if tone != "0" else _TONE_RANK[char]
            elif letters and (letters[-1], char) in _MODIFIED:
                letters[-1] = _MODIFIED[letters[-1], char]
            elif char in _LETTER_CODE:
                letters.append(char)
        if letters:
            parts.append("".join(_LETTER_CODE[letter] for letter in letters) + _WORD_END + tone)
    return "".join(parts)


def vn_person_key(family: str, given: str) -> tuple[str, str]:
    """A person in Vietnamese order: by given name (tên), then by family and middle names (họ đệm).

    "Lê Văn An" < "Nguyễn Văn An" < "Trần Thị Bình": the way staff and class lists are ordered in Viet Nam.
    """
    return vn_sort_key(given), vn_sort_key(family)
