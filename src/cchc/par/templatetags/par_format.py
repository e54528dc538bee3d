from decimal import Decimal
from fractions import Fraction

from django import template

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
