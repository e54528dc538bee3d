"""Numbers on the screens written the Vietnamese way, whatever the screen's language."""

from django import template

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Whole đồng with a dot between thousands: 30000 → "30.000" (the unit, "đồng", is the template's)."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".")
