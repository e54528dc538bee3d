"""Vietnamese text: the one normalisation every input goes through, and folding, so that "Chứng thực",
"chung thuc" and "CHỨNG  THỰC" match."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Line breaks as Word, Excel, old Macs and Unicode write them: CR LF, CR, LF, vertical tab (Word's Shift+Enter),
# form feed, the file/group/record separators, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Every other control (C0, DEL, C1), the bidi embeddings, overrides and isolates, and the two noncharacters
# XML cannot carry.
_DROPPED = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean(text: str, *, lines: bool = False) -> str:
    """The documented normalisation (docs/security.md) of text a person or a file gives cchc.

    1. Unicode NFC (decomposed Vietnamese tone marks are composed).
    2. A line break of any kind becomes ``\\n`` in a field that allows lines (``lines=True``: a request, a
       note, a reason, an explanation) and a space in a one-line field (a name, an address); a tab becomes
       a space.
    3. Every other control character (C0, DEL, C1) and every bidi embedding, override or isolate
       (U+202A–U+202E, U+2066–U+2069) is removed, with U+FFFE and U+FFFF.
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
