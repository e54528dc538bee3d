from django import template
from django.conf import settings
from django.utils import translation

from cchc.core.kpi import Period

register = template.Library()


@register.filter
def period_label(period: Period) -> str:
    """The period's own Vietnamese name ("tháng 11/2022", "tuần 45/2022"), or its dates in another language."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return period.label
    if period.start == period.end:
        return f"{period.start:%d/%m/%Y}"
    return f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}"
