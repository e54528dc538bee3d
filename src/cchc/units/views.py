from datetime import date

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cchc.units import selectors
from cchc.units.models import TWO_TIERS_FROM


@require_GET
def home(request):
    if request.user.is_district_wide or request.user.unit is None:
        return redirect("dashboard")
    return redirect("register-home")


def _day(request) -> date | None:
    """The day asked for with ``?on=yyyy-mm-dd``; None when absent or malformed."""
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return None


@require_GET
def unit_list(request):
    """The units of one day: today unless ``?on=`` names another (a day before 1/7/2025 is said so)."""
    on = _day(request) or timezone.localdate()
    units = selectors.unit_list(user=request.user, on=on)
    context = {
        "units": units,
        "on": on,
        "three_tiers": on < TWO_TIERS_FROM,
        "last_day": None if units else selectors.last_day(user=request.user, before=on),
    }
    return render(request, "units/unit_list.html", context)


@require_GET
def unit_detail(request, code: str):
    unit = selectors.unit_get(user=request.user, code=code, on=_day(request))
    context = {
        "unit": unit,
        "staff": selectors.unit_staff(user=request.user, unit=unit),
        "children": selectors.unit_list(user=request.user).filter(parent=unit),
        "successors": unit.successors.all(),
        "predecessors": unit.predecessors.all(),
    }
    return render(request, "units/unit_detail.html", context)
