"""Vietnamese text: the one normalisation every input goes through; folding, so that "Chứng thực",
"chung thuc" and "CHỨNG  THỰC" match; Vietnamese order."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Line breaks as Word, Excel, old Macs and Unicode write them: CR LF, CR, LF, vertical tab (Word's Shift+Enter),
# form feed, the file/group/record separators, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Every other control (C0, DEL, C1), the zero-width spaces and joiners and the left/right marks, the bidi
# embeddings, overrides and isolates, and the two noncharacters
# XML cannot carry.
_DROPPED = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def clean(text: str, *, lines: bool = False) -> str:
    """The documented normalisation (docs/security.md) of text a person or a file gives cchc.

    1. Unicode NFC (decomposed Vietnamese tone marks are composed).
    2. A line break of any kind becomes ``\\n`` in a field that allows lines (``lines=True``: a request, a
       note, a reason, an explanation) and a space in a one-line field (a name, an address); a tab becomes
       a space.
    3. Every other control character (C0, DEL, C1), every zero-width space, joiner or direction mark
       (U+200B–U+200F) and every bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) is
       removed, with U+FFFE and U+FFFF.
    4. Spaces and line breaks at both ends are removed.

    A NUL never reaches this function from a person or a portal export: the forms refuse it next to the field
    and a CSV file holding a zero byte is refused whole. Writers call it again on what is stored, so a row
    saved before this rule (Word's Shift+Enter in a name) still prints.
    """
    text = _BREAKS.sub("\n" if lines else " ", unicodedata.normalize("NFC", text))
    return _DROPPED.sub("", text.replace("\t", " ")).strip()


def nul_problem(data: bytes) -> str | None:
    """Why a file read as CSV text is refused whole, in Vietnamese: it holds a zero byte (NUL), which no text
    file has and no field may hold (the same rule as the forms'); None when it has none."""
    if b"\x00" in data:
        return "tệp có byte 0 (ký tự NUL): không phải tệp văn bản CSV, có thể là tệp nhị phân"
    return None


def fold(text: str) -> str:
    """Lower case, without diacritics (đ → d), single spaces: the key used to compare Vietnamese text."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare).strip().lower()


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
