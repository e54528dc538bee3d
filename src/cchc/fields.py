"""Dates and moments on the screens: typed and shown dd/mm/yyyy and dd/mm/yyyy hh:mm (24-hour), whatever the
browser's locale.

Native ``<input type="date">`` and ``type="datetime-local"`` show the browser's own order (mm/dd/yyyy and
AM/PM in an en-US browser), so the screens use text inputs with a pattern and a placeholder, read here by one
parser: ``cchc.core.tabular.parse_moment``, the one the imports use. Links and older bookmarks written
yyyy-mm-dd or yyyy-mm-ddThh:mm are still read.
"""

import unicodedata
from datetime import date, datetime

from django import forms
from django.utils.translation import gettext as _

from cchc.core.calendar import CalendarError, check_day, local
from cchc.core.tabular import CellError, parse_moment

DAY_PLACEHOLDER = "dd/mm/yyyy"
MOMENT_PLACEHOLDER = "dd/mm/yyyy hh:mm"
DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"
MOMENT_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}( \d{1,2}:\d{2})?|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?"
MAX_LENGTH = 32


class DateTextError(ValueError):
    """A date or moment that cannot be read; its message says what to type, in the screen's language."""


def _parsed(text: str | None, example: str) -> tuple[datetime, bool] | None:
    cleaned = unicodedata.normalize("NFC", text or "").strip()
    if not cleaned:
        return None
    if len(cleaned) > MAX_LENGTH or not cleaned.isprintable():
        raise DateTextError(_("Ngày giờ không đọc được: cần dạng %(example)s.") % {"example": example})
    try:
        parsed = parse_moment(cleaned)
    except CellError:
        raise DateTextError(
            _("Không đọc được “%(text)s”: cần dạng %(example)s.") % {"text": cleaned, "example": example}
        ) from None
    try:
        check_day(parsed[0].date())
    except CalendarError as error:  # the one accepted range of dates (cchc.core.calendar)
        raise DateTextError(str(error)) from None
    return parsed


def read_moment(text: str | None) -> datetime | None:
    """A local moment typed dd/mm/yyyy hh:mm (a day alone is its midnight); ``None`` when left empty."""
    parsed = _parsed(text, "dd/mm/yyyy hh:mm (09/11/2022 14:30)")
    return parsed[0] if parsed else None


def read_day(text: str | None) -> date | None:
    """A day typed dd/mm/yyyy; ``None`` when left empty. A time of day is refused."""
    parsed = _parsed(text, "dd/mm/yyyy (09/11/2022)")
    if parsed is None:
        return None
    moment, has_time = parsed
    if has_time:
        raise DateTextError(_("Chỉ cần ngày, dạng dd/mm/yyyy (09/11/2022)."))
    return moment.date()


def show_moment(value: datetime | None) -> str:
    return f"{local(value):%d/%m/%Y %H:%M}" if value else ""


def show_day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _attrs(placeholder: str, pattern: str) -> dict[str, str]:
    return {"placeholder": placeholder, "pattern": pattern, "autocomplete": "off", "inputmode": "numeric"}


class MomentField(forms.CharField):
    """A moment typed dd/mm/yyyy hh:mm; cleans to an aware datetime in Vietnam time, or ``None``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs=_attrs(MOMENT_PLACEHOLDER, MOMENT_PATTERN)))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return show_moment(value) if isinstance(value, datetime) else value

    def clean(self, value):
        text = super().clean(value)
        try:
            return read_moment(text)
        except DateTextError as error:
            raise forms.ValidationError(str(error)) from None


class DayField(forms.CharField):
    """A day typed dd/mm/yyyy; cleans to a date, or ``None``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs=_attrs(DAY_PLACEHOLDER, DAY_PATTERN)))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return show_day(value) if isinstance(value, date) else value

    def clean(self, value):
        text = super().clean(value)
        try:
            return read_day(text)
        except DateTextError as error:
            raise forms.ValidationError(str(error)) from None
