"""Vietnamese text folding, so that "Chứng thực", "chung thuc" and "CHỨNG  THỰC" match."""

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
