from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from cchc.accounts.scoping import scoped
from cchc.notices import selectors, services
from cchc.notices.models import Notice
from cchc.units.models import Unit


@require_GET
def notice_list(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notices_of(user=request.user, unread_only=unread_only), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "unread_only": unread_only,
        "digest": selectors.wants_digest(user=request.user),
        "can_remind": services.can_remind_units(request.user),
    }
    return render(request, "notices/list.html", context)


@require_POST
def notice_open(request, pk: int):
    """Mark the notice read, then go to the page it is about."""
    try:
        notice = services.notice_open(user=request.user, notice_id=pk)
    except Notice.DoesNotExist as exc:
        raise Http404("Không tìm thấy thông báo.") from exc
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("notice-list")


@require_POST
def notice_read_all(request):
    count = services.notices_mark_all_read(user=request.user)
    messages.success(
        request,
        gettext("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": count},
    )
    return redirect("notice-list")


@require_POST
def preference(request):
    digest = request.POST.get("digest") == "1"
    services.preference_set(user=request.user, digest=digest)
    messages.success(
        request,
        gettext("Từ nay nhận một thư tổng hợp mỗi ngày.") if digest else gettext("Từ nay nhận từng thư."),
    )
    return redirect("notice-list")


@require_POST
def remind_units(request):
    """The report compiler urges chosen units from the dashboard."""
    if not services.can_remind_units(request.user):
        raise Http404("Không có chức năng này.")
    codes = request.POST.getlist("unit")[:500]
    units = list(scoped(Unit.objects.filter(code__in=codes), request.user, unit_field="pk"))
    try:
        given = services.units_remind(
            actor=request.user, units=units, message=request.POST.get("message", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext("Đã đôn đốc %(units)d đơn vị: %(people)d người nhận.")
            % {"units": len(units), "people": len(given)},
        )
    return redirect("dashboard")


@require_GET
def delivery_log(request):
    """Who was urged about what, when: for the report compiler and the administrator."""
    if not services.can_remind_units(request.user):
        raise Http404("Không có chức năng này.")
    page = Paginator(selectors.deliveries(), 100).get_page(request.GET.get("page"))
    return render(request, "notices/log.html", {"page": page})
