from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.accounts.models import User
from cchc.accounts.scoping import can_change, get_scoped_or_404
from cchc.core.calendar import local
from cchc.core.lifecycle import NOT_COUNTED_STATES, Action, TransitionError, allowed_actions
from cchc.dossiers import documents, selectors, services
from cchc.dossiers.book import DOCX_TYPE, XLSX_TYPE, book_rows, tracking_book_docx, tracking_book_xlsx
from cchc.dossiers.exports import dossier_list_xlsx
from cchc.dossiers.forms import ActionForm, FactsForm, ReceiveForm, WorklistForm
from cchc.fields import DateTextError, read_day
from cchc.i18n import in_vietnamese
from cchc.par.selectors import reminders as par_reminders
from cchc.procedures.models import Procedure
from cchc.public.links import status_address


def _own_unit(request):
    if request.user.unit is None:
        raise Http404("Tài khoản chưa gắn với đơn vị.")
    return request.user.unit


WORKLIST_LABELS = {
    "overdue": gettext_lazy("Quá hạn"),
    "due_soon": gettext_lazy("Sắp đến hạn"),
    "in_progress": gettext_lazy("Đang giải quyết"),
    "supplement": gettext_lazy("Chờ bổ sung"),
    "result_ready": gettext_lazy("Có kết quả, chưa trả"),
    "today": gettext_lazy("Tiếp nhận hôm nay"),
    "all": gettext_lazy("Tất cả hồ sơ"),
}
PAGE_SIZE = 50


@in_vietnamese
def _worklist_title(unit, name: str, now) -> str:
    """The title of an exported worklist: a download is in Vietnamese whatever the screen speaks."""
    return f"{unit.name} — {WORKLIST_LABELS[name]} ({local(now):%H:%M %d/%m/%Y})"


@require_GET
def register_home(request):
    """The clerk's page: worklists by state with their true counts (overdue first), filters, paging, export."""
    unit = _own_unit(request)
    form = WorklistForm(request.GET or None, procedures=Procedure.objects.handled_by(unit))
    form.is_valid()
    data = {key: value for key, value in getattr(form, "cleaned_data", {}).items() if key not in form.errors}
    filters = selectors.WorklistFilters(
        procedure_id=data["procedure"].pk if data.get("procedure") else None,
        state=data.get("state", ""),
        received_from=data.get("received_from"),
        received_to=data.get("received_to"),
        text=data.get("q", ""),
    )
    name = request.GET.get("list", "")
    if name not in selectors.WORKLISTS:
        name = "all" if filters != selectors.WorklistFilters() else "overdue"
    now = timezone.now()
    rows = selectors.worklist(user=request.user, unit=unit, name=name, filters=filters, now=now)
    if request.GET.get("format") == "xlsx":
        title = _worklist_title(unit, name, now)
        response = HttpResponse(dossier_list_xlsx(title=title, dossiers=rows), content_type=XLSX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="ho-so-{unit.code}-{name}-{local(now):%Y%m%d}.xlsx"'
        )
        return response
    counts = selectors.worklist_counts(user=request.user, unit=unit, filters=filters, now=now)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("list", None)
    ended = unit is not None and unit.valid_to is not None and unit.valid_to < local(now).date()
    context = {
        "unit": unit,
        "ended_on": unit.valid_to + timedelta(days=1) if ended else None,
        "successors": unit.successors.all() if ended else [],
        "form": form,
        "worklist": name,
        "worklists": [(key, label, counts[key]) for key, label in WORKLIST_LABELS.items()],
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "filters_query": query.urlencode(),
        "can_receive": can_change(request.user, unit) and request.user.role in services.RECEIVING_ROLES,
        "reminders": par_reminders(user=request.user, today=local(now).date()),
    }
    if request.htmx:
        return render(request, "dossiers/partials/worklist.html", context)
    return render(request, "dossiers/register_home.html", context)


@require_GET
def procedure_options(request):
    """HTMX: the unit's procedures matching the typed text (code or name, with or without diacritics)."""
    unit = _own_unit(request)
    procedures = Procedure.objects.handled_by(unit).search(request.GET.get("q", ""))[:30]
    return render(request, "dossiers/partials/procedure_options.html", {"procedures": procedures})


@require_http_methods(["GET", "POST"])
def dossier_new(request):
    unit = _own_unit(request)
    procedures = Procedure.objects.handled_by(unit)
    deciding = services.deciding_units(unit=unit, on=local(timezone.now()).date())
    form = ReceiveForm(request.POST or None, procedures=procedures, deciding_units=deciding)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = services.dossier_receive(
                actor=request.user,
                unit=data.get("decided_by") or unit,
                receiving_unit=unit,
                procedure=data["procedure"],
                applicant_name=data["applicant_name"],
                applicant_id_number=data["applicant_id_number"],
                applicant_phone=data["applicant_phone"],
                applicant_email=data["applicant_email"],
                applicant_address=data["applicant_address"],
                request=data["request"],
                channel=data["channel"],
                sets=data["sets"],
                received_at=data["received_at"],
                digitised=data["digitised"],
                paid_online=data["paid_online"],
                national_account=data["national_account"],
                portal_synced=data["portal_synced"],
                portal_code=data["portal_code"],
                registration_token=data["registration_token"],
            )
        except services.AlreadyRegistered as repeat:
            messages.info(
                request,
                _("Hồ sơ này đã được tiếp nhận với mã %(code)s; không tạo hồ sơ mới.")
                % {"code": repeat.code},
            )
            return redirect("dossier-detail", code=repeat.code)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        except (TransitionError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã tiếp nhận hồ sơ %(code)s, hẹn trả %(due)s.")
                % {"code": dossier.code, "due": f"{local(dossier.due_at):%H:%M %d/%m/%Y}"},
            )
            return redirect("dossier-detail", code=dossier.code)
    selected = form["procedure"].value()
    return render(
        request,
        "dossiers/dossier_new.html",
        {"form": form, "unit": unit, "procedures": procedures[:30], "selected": str(selected or "")},
    )


@require_GET
def dossier_detail(request, code: str):
    dossier = selectors.dossier_get(user=request.user, code=code)
    role = "admin" if request.user.is_superuser else request.user.role
    actions = allowed_actions(dossier.state, role) if can_change(request.user, dossier.unit) else []
    may_change = can_change(request.user, dossier.unit) and dossier.state not in NOT_COUNTED_STATES
    handlers = list(selectors.handlers_of(user=request.user, unit=dossier.unit))
    context = {
        "dossier": dossier,
        "facts_form": FactsForm(dossier=dossier) if may_change else None,
        "events": dossier.events.select_related("actor", "recipient"),
        "components": dossier.components.all(),
        "actions": actions,
        "handlers": handlers,
        "default_recipient": next(
            (h for h in handlers if h.role == "officer"), handlers[0] if handlers else None
        ),
        "overdue": selectors.is_overdue(dossier=dossier),
        "pauses": dossier.pauses.all(),
        "forms": documents.printable(dossier),
        "action_form": ActionForm(),
    }
    return render(request, "dossiers/dossier_detail.html", context)


ACTIONS = {
    Action.HAND_OVER: lambda user, dossier, form: services.dossier_hand_over(
        actor=user,
        dossier=dossier,
        recipient=get_scoped_or_404(User.objects.all(), user, pk=form["recipient"])
        if form["recipient"]
        else None,
        agency=form["agency"],
        note=form["reason"],
        at=form["at"],
    ),
    Action.REQUEST_SUPPLEMENT: lambda user, dossier, form: services.dossier_request_supplement(
        actor=user, dossier=dossier, reason=form["reason"], at=form["at"]
    ),
    Action.RECEIVE_SUPPLEMENT: lambda user, dossier, form: services.dossier_receive_supplement(
        actor=user, dossier=dossier, at=form["at"]
    ),
    Action.APOLOGISE: lambda user, dossier, form: services.dossier_apologise(
        actor=user,
        dossier=dossier,
        reason=form["reason"],
        new_due_at=form["new_due_at"] or timezone.now(),
        at=form["at"],
    ),
    Action.RECORD_RESULT: lambda user, dossier, form: services.dossier_record_result(
        actor=user, dossier=dossier, result_digitised=form["flag"], note=form["reason"], at=form["at"]
    ),
    Action.RETURN_RESULT: lambda user, dossier, form: services.dossier_return_result(
        actor=user, dossier=dossier, electronic=form["flag"], note=form["reason"], at=form["at"]
    ),
    Action.REFUSE: lambda user, dossier, form: services.dossier_refuse(
        actor=user, dossier=dossier, reason=form["reason"], at=form["at"]
    ),
    Action.STOP: lambda user, dossier, form: services.dossier_stop(
        actor=user, dossier=dossier, reason=form["reason"], at=form["at"]
    ),
    Action.WITHDRAW: lambda user, dossier, form: services.dossier_withdraw(
        actor=user, dossier=dossier, reason=form["reason"], at=form["at"]
    ),
}


@require_POST
def dossier_act(request, code: str, action: str):
    dossier = selectors.dossier_get(user=request.user, code=code)
    try:
        handler = ACTIONS[Action(action)]
    except (ValueError, KeyError):
        raise Http404("Không có thao tác này.") from None
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.problems())
        return redirect("dossier-detail", code=code)
    try:
        handler(request.user, dossier, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (TransitionError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã cập nhật hồ sơ."))
    return redirect("dossier-detail", code=code)


@require_POST
def dossier_facts(request, code: str):
    """Complete or correct the measured facts of a dossier (digitised, paid online, on the portal…)."""
    dossier = selectors.dossier_get(user=request.user, code=code)
    form = FactsForm(request.POST, dossier=dossier)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("dossier-detail", code=code)
    data = dict(form.cleaned_data)
    portal_code = data.pop("portal_code")
    try:
        services.dossier_update_facts(actor=request.user, dossier=dossier, portal_code=portal_code, **data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (TransitionError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã cập nhật chỉ tiêu của hồ sơ."))
    return redirect("dossier-detail", code=code)


def _form_name(dossier, form: str) -> str:
    """The form asked for, if the rule set of the dossier's receipt has it (404 otherwise)."""
    if form not in documents.forms_of(dossier):
        raise Http404("Không có mẫu phiếu này.")
    return form


def _form_missing(error: documents.FormMissing) -> HttpResponse:
    return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")


@require_GET
@in_vietnamese
def dossier_form(request, code: str, form: str):
    dossier = selectors.dossier_get(user=request.user, code=code)
    try:
        template = documents.html_template(dossier, _form_name(dossier, form))
    except documents.FormMissing as error:
        return _form_missing(error)
    context = {
        "f": documents.context(dossier, form),
        "qr_uri": documents.qr_code(status_address(dossier.code, request)).svg_data_uri(scale=4, border=2),
    }
    services.note_printed(user=request.user, dossier=dossier, form=form)
    return HttpResponse(template.render(context, request))


@require_GET
def dossier_form_docx(request, code: str, form: str):
    dossier = selectors.dossier_get(user=request.user, code=code)
    try:
        content = documents.render_docx(dossier, _form_name(dossier, form), request=request)
    except documents.FormMissing as error:
        return _form_missing(error)
    services.note_printed(user=request.user, dossier=dossier, form=form)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{form}-{dossier.code}.docx"'
    return response


@require_GET
def dossier_form_pdf(request, code: str, form: str):
    dossier = selectors.dossier_get(user=request.user, code=code)
    try:
        content = documents.docx_to_pdf(
            documents.render_docx(dossier, _form_name(dossier, form), request=request)
        )
    except documents.FormMissing as error:
        return _form_missing(error)
    except RuntimeError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    services.note_printed(user=request.user, dossier=dossier, form=form)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{form}-{dossier.code}.pdf"'
    return response


@require_GET
def tracking_book(request):
    """Mẫu 06 for the user's unit and a date range (default: this month), as HTML or XLSX."""
    unit = _own_unit(request)
    today = local(timezone.now()).date()
    status = 200
    try:
        start = read_day(request.GET.get("from")) or today.replace(day=1)
        end = read_day(request.GET.get("to")) or today
    except DateTextError as error:
        messages.error(request, str(error))
        start, end, status = today.replace(day=1), today, 400
    if end < start:
        messages.error(request, _("Ngày kết thúc phải sau ngày bắt đầu."))
        end = start
    rows = selectors.tracking_book(user=request.user, unit=unit, start=start, end=end)
    wanted = request.GET.get("format") if status == 200 else None
    if wanted == "xlsx":
        response = HttpResponse(
            tracking_book_xlsx(unit=unit, start=start, end=end, dossiers=rows), content_type=XLSX_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="so-theo-doi-{unit.code}-{start}-{end}.xlsx"'
        return response
    if wanted == "docx":
        response = HttpResponse(
            tracking_book_docx(unit=unit, start=start, end=end, dossiers=rows), content_type=DOCX_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="so-theo-doi-{unit.code}-{start}-{end}.docx"'
        return response
    return render(
        request,
        "dossiers/tracking_book.html",
        {"unit": unit, "start": start, "end": end, "rows": book_rows(rows)},
        status=status,
    )
