from decimal import Decimal
from fractions import Fraction

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from cchc.core import scoring
from cchc.core.scoring import fmt

register = template.Library()


@register.filter
def points(value) -> str:
    """Points in Vietnamese notation (decimal comma), "—" when not given."""
    if value is None or value == "":
        return "—"
    return fmt(value if isinstance(value, Decimal) else Fraction(value))


@register.filter
def percent(value) -> str:
    """A percentage (already × 100) with two decimals at most and a decimal comma."""
    if value is None:
        return "—"
    return f"{fmt(Fraction(value))}%"


@register.filter
def rate_percent(value: str) -> str:
    """A measured rate stored as "17/20" shown as "85%"."""
    if not value:
        return "—"
    return f"{fmt(Fraction(value) * 100)}%"


@register.filter
def indent(depth: int) -> str:
    return f"{(depth - 1) * 1.2:.1f}rem"


@register.filter
def rule_text(rule: scoring.Rule) -> str:
    """How a criterion is scored, in the screen's language (``describe()`` holds the Vietnamese wording)."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return rule.describe()
    if isinstance(rule, scoring.YesNo):
        return gettext("Có: điểm tối đa; Không: 0 điểm")
    if isinstance(rule, scoring.Tiered):
        tiers = "; ".join(
            gettext("từ %(rate)s%%: %(points)s điểm") % {"rate": fmt(t * 100), "points": fmt(p)}
            for t, p in rule.tiers
        )
        return gettext("Theo bậc tỷ lệ — %(tiers)s; thấp hơn: 0 điểm") % {"tiers": tiers}
    if isinstance(rule, scoring.Proportional):
        if rule.full_at == 1:
            return gettext("Tỷ lệ thuận: điểm tối đa × tỷ lệ đạt được")
        return gettext("Tỷ lệ thuận, đạt điểm tối đa khi tỷ lệ từ %(rate)s%%") % {
            "rate": fmt(rule.full_at * 100)
        }
    if isinstance(rule, scoring.Deduction):
        return gettext("Trừ %(points)s điểm mỗi lần, thấp nhất 0 điểm") % {"points": fmt(rule.per_item)}
    return gettext("Chấm điểm trực tiếp trong khoảng từ 0 đến điểm tối đa")
