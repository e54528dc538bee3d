"""Numbers read from a person or a file, bounded before any arithmetic. Pure Python: no Django import.

The rules, in one place:

1. **Written numbers** are digits with at most one decimal mark, a comma or a dot (Vietnamese write ``12,5``),
   an optional leading minus, spaces anywhere (``1 000``) and, where the caller allows it, a trailing ``%``.
   There is no exponent (``1e3``), no ``inf`` or ``nan``: nobody writes them, and ``1e30000000`` made exact
   costs tens of seconds of CPU (a ``Fraction`` of a thirty-million-digit integer).
2. **Bounds**: at most ``MAX_CHARS`` characters are looked at, at most ``MAX_DIGITS`` digits before the mark
   and ``MAX_PLACES`` after it. Spreadsheet cells that are already numbers must be finite and within
   ±10^``MAX_DIGITS``. Every caller then states its own range; outside it the message names the field and
   the range, in Vietnamese.
3. **Whole numbers** (counts, days, amounts in đồng) are read by ``parse_integer``: a decimal part is refused
   unless it is zero; the caller's thousands grouping (``50.000``) is the caller's to remove first.
"""

import math
import re
from decimal import Decimal

MAX_CHARS = 40
MAX_DIGITS = 15
MAX_PLACES = 6
_WRITTEN = re.compile(rf"-?(\d{{1,{MAX_DIGITS}}})(?:[.,](\d{{0,{MAX_PLACES}}}))?")
_LIMIT = 10**MAX_DIGITS


class NumberError(ValueError):
    """A number that cannot be read or is out of its range; the message is Vietnamese and names the field."""


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_CHARS else f"{text[:MAX_CHARS]}…"


def parse_decimal(
    value: object,
    *,
    label: str = "Giá trị",
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
    places: int = MAX_PLACES,
    percent: bool = False,
) -> Decimal:
    """A written number (rule 1) or a spreadsheet number, within [minimum, maximum] and ``places`` decimals."""
    if isinstance(value, bool):
        raise NumberError(f"{label}: “{value}” không phải là số.")
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) >= _LIMIT:
            raise NumberError(f"{label}: “{_shown(value)}” không phải là số trong khoảng cho phép.")
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        number = _written(str(value if value is not None else ""), label, percent)
    if number != round(number, places):
        raise NumberError(f"{label}: “{_shown(value)}” có quá {places} chữ số thập phân.")
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise NumberError(f"{label}: “{_shown(value)}” phải {_range(minimum, maximum)}.")
    return number


def parse_integer(
    value: object, *, label: str = "Giá trị", minimum: int | None = None, maximum: int | None = None
) -> int:
    """A whole number (rule 3), within [minimum, maximum]."""
    number = parse_decimal(value, label=label, minimum=minimum, maximum=maximum)
    if number != number.to_integral_value():
        raise NumberError(f"{label}: “{_shown(value)}” phải là số nguyên.")
    return int(number)


def _written(text: str, label: str, percent: bool) -> Decimal:
    if len(text) > MAX_CHARS:
        raise NumberError(f"{label}: “{_shown(text)}” dài quá {MAX_CHARS} ký tự, không phải là số.")
    cleaned = "".join(text.split())
    if percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    match = _WRITTEN.fullmatch(cleaned)
    if match is None:
        raise NumberError(
            f"{label}: “{_shown(text)}” không phải là số (chỉ gồm chữ số và một dấu thập phân, "
            f"tối đa {MAX_DIGITS} chữ số phần nguyên và {MAX_PLACES} chữ số thập phân)."
        )
    return Decimal(cleaned.replace(",", ".").rstrip("."))


def _range(minimum: Decimal | int | None, maximum: Decimal | int | None) -> str:
    def shown(number: Decimal | int) -> str:
        return f"{Decimal(number).normalize():f}".replace(".", ",")

    if minimum is not None and maximum is not None:
        return f"từ {shown(minimum)} đến {shown(maximum)}"
    if minimum is not None:
        return f"từ {shown(minimum)} trở lên"
    return f"không quá {shown(maximum)}"
