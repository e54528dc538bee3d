"""The citizen's pages (no login): the status page behind the receipt's QR code, the look-up, the rating;
and the staff's: the counter's rating kiosk and the unit head's list of "not satisfied" answers."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.accounts.models import Role
from cchc.accounts.throttling import client_address
from cchc.core.calendar import local
from cchc.core.kpi import PeriodError, month_to_date, parse_period
from cchc.dossiers import selectors as dossier_selectors
from cchc.kpis.engine import bounds, compute
from cchc.public import selectors, services
from cchc.public.forms import LookupForm, RatingForm
from cchc.public.links import token_for

SATISFACTION_CODES = ["satisfaction_rate", "rating_coverage_rate"]
CODE = re.compile(r"[\w.\-]+")


def not_found() -> HttpResponse:
    """One answer for every dossier the page will not show: unknown code, wrong token, expired page.

    The body carries nothing of the request (no CSRF token, no address), so that all of them are equal.
    """
    return HttpResponse(render_to_string("public/not_found.html"), status=404)


@login_not_required
@require_GET
def status(request, code: str, token: str):
    dossier = selectors.dossier_for_status(code=code, token=token)
    if dossier is None:
        return not_found()
    context = {"status": selectors.public_status(dossier), "token": token, "form": RatingForm()}
    return render(request, "public/status.html", context)


@login_not_required
@require_POST
def rate(request, code: str, token: str):
    dossier = selectors.dossier_for_status(code=code, token=token)
    if dossier is None:
        return not_found()
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_record(dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
        return redirect("public-status", code=code, token=token)
    context = {"status": selectors.public_status(dossier), "token": token, "form": form}
    return render(request, "public/status.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def lookup(request):
    """Code + the last four digits of the applicant's phone → the status page; failures throttled per address."""
    form = LookupForm(request.POST or None)
    if request.method == "POST":
        address = client_address(request)
        until = services.lookup_locked_until(address=address)
        if until is not None:
            form.is_valid()
            form.add_error(
                None,
                _("Ông/bà đã tra cứu sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút.")
                % {"minutes": services.minutes_left(until)},
            )
            return render(request, "public/lookup.html", {"form": form}, status=429)
        if form.is_valid():
            dossier = selectors.dossier_for_lookup(
                code=form.cleaned_data["code"], phone_end=form.cleaned_data["phone_end"]
            )
            if dossier is not None:
                return redirect("public-status", code=dossier.code, token=token_for(dossier.code))
            services.lookup_failed(address=address)
            form.add_error(None, _("Không tìm thấy hồ sơ có mã và số điện thoại này."))
    return render(request, "public/lookup.html", {"form": form})


def _kiosk_allowed(user) -> None:
    if not (user.is_superuser or user.role in services.KIOSK_ROLES):
        raise PermissionDenied(_("Chỉ công chức Bộ phận Một cửa mở được máy đánh giá."))


@require_GET
def kiosk_start(request):
    """The blank kiosk: the clerk types (or scans) the code of the dossier just returned."""
    _kiosk_allowed(request.user)
    code = request.GET.get("code", "").strip()
    if code and len(code) <= 64 and CODE.fullmatch(code):
        return redirect("kiosk-rate", code=code)
    if code:
        messages.error(request, _("Mã hồ sơ không đúng."))
    return render(request, "public/kiosk_start.html")


@require_http_methods(["GET", "POST"])
def kiosk_rate(request, code: str):
    """The citizen rates at the counter; afterwards the tablet goes back to the blank kiosk."""
    _kiosk_allowed(request.user)
    dossier = dossier_selectors.dossier_get(user=request.user, code=code)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_record(dossier=dossier, kiosk_clerk=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            raise Http404(str(error)) from None
        else:
            messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
        return redirect("kiosk-start")
    status = selectors.public_status(dossier)
    return render(request, "public/kiosk_rate.html", {"status": status, "form": form})


@require_GET
def dissatisfied(request):
    """The unit head's list: the "not satisfied" answers given in the period on his unit's dossiers, and the
    unit's satisfaction figures of the period (dated by the result, as every result-based indicator)."""
    user = request.user
    if not (user.is_district_wide or user.role == Role.UNIT_HEAD):
        raise PermissionDenied(_("Trang này dành cho lãnh đạo đơn vị."))
    now = timezone.now()
    period_text = request.GET.get("period") or f"mtd:{local(now):%Y-%m-%d}"
    try:
        period = parse_period(period_text)
    except PeriodError as error:
        messages.error(request, str(error))
        period_text, period = f"mtd:{local(now):%Y-%m-%d}", month_to_date(local(now).date())
    start, end = bounds(period)
    unit = None if user.is_district_wide else user.unit
    rows = compute(user=user, period=period, as_of=now, unit=unit, indicator_codes=SATISFACTION_CODES)
    context = {
        "period_text": period_text,
        "period": period,
        "rows": [r for r in rows if unit is None or r.unit == unit],
        "ratings": selectors.dissatisfied(user=user, start=start, end=end)[:200],
    }
    return render(request, "public/dissatisfied.html", context)
