from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cchc.units import selectors


@require_GET
def home(request):
    if request.user.is_district_wide or request.user.unit is None:
        return redirect("dashboard")
    return redirect("register-home")


@require_GET
def unit_list(request):
    return render(request, "units/unit_list.html", {"units": selectors.unit_list(user=request.user)})


@require_GET
def unit_detail(request, code: str):
    unit = selectors.unit_get(user=request.user, code=code)
    context = {
        "unit": unit,
        "staff": selectors.unit_staff(user=request.user, unit=unit),
        "children": selectors.unit_list(user=request.user).filter(parent=unit),
        "successors": unit.successors.all(),
    }
    return render(request, "units/unit_detail.html", context)
