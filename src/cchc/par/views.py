"""PAR index screens: parse input, call one service or selector, render. Records of another unit answer 404."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.par import exports, selectors, services, storage
from cchc.par.forms import AppraiseForm, EvidenceForm, ReturnForm, SelfScoreForm
from cchc.par.models import SetKind, Status
from cchc.par.services import ParError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def home(request):
    user = request.user
    context = {
        "reminders": selectors.reminders(user=user, today=timezone.localdate()),
        "assessments": selectors.my_assessments(user=user),
        "campaigns": selectors.campaign_list(user=user) if user.is_district_wide else [],
        "awaiting": selectors.awaiting_appraisal(user=user) if services.can_appraise(user) else [],
    }
    return render(request, "par/home.html", context)


@require_GET
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    sections = _ranking_sections(request.user, campaign)
    assessments = list(selectors.assessment_list(user=request.user, campaign=campaign))
    context = {
        "campaign": campaign,
        "assessments": assessments,
        "sections": sections,
        "ranks_visible": selectors.ranks_visible(user=request.user, campaign=campaign),
        "can_publish": services.can_appraise(request.user) and campaign.published_at is None,
        "unappraised": [a for a in assessments if a.status != Status.APPRAISED],
    }
    return render(request, "par/campaign_detail.html", context)


@require_POST
def campaign_publish(request, pk: int):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    services.ensure_can_appraise(request.user)
    _run(
        request,
        lambda: services.campaign_publish(
            user=request.user, campaign=campaign, reason=request.POST.get("reason", "")
        ),
        _("Đã công bố kết quả: các đơn vị thấy thứ hạng của mình; điểm và trạng thái không sửa được nữa."),
    )
    return redirect("par-campaign", pk=pk)


def _ranking_sections(user, campaign):
    sections = []
    for index_set in campaign.index_sets.order_by("kind"):
        heading = SetKind(index_set.kind).label
        sections.append((heading, selectors.ranking(user=user, campaign=campaign, index_set=index_set)))
    return sections


@require_GET
def campaign_export(request, pk: int, fmt: str):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    sections = _ranking_sections(request.user, campaign)
    today = timezone.localdate()
    name = f"xep-hang-chi-so-cchc-{campaign.year}"
    if fmt == "docx":
        content = exports.ranking_docx(campaign=campaign, sections=sections, today=today)
        return _download(content, DOCX, f"{name}.docx")
    content = exports.ranking_xlsx(campaign=campaign, sections=sections, today=today)
    return _download(content, XLSX, f"{name}.xlsx")


@require_GET
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    context = {
        "assessment": assessment,
        "result": selectors.result_with_rank(user=request.user, assessment=assessment),
        "can_self": services.can_self_assess(request.user, assessment) and assessment.is_editable,
        "can_appraise": services.can_appraise(request.user) and assessment.status == "submitted",
        "return_form": ReturnForm(),
        "lacking": services.evidence_missing(assessment=assessment),
    }
    return render(request, "par/assessment_detail.html", context)


@require_GET
def assessment_export(request, pk: int, fmt: str):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    result = selectors.assessment_result(assessment=assessment)
    name = f"chi-so-cchc-{assessment.campaign.year}-{assessment.unit.code}"
    if fmt == "docx":
        return _download(exports.assessment_docx(result), DOCX, f"{name}.docx")
    return _download(exports.assessment_xlsx(result), XLSX, f"{name}.xlsx")


def _run(request, action, success: str) -> bool:
    try:
        action()
    except ParError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


@require_POST
def assessment_submit(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    _run(
        request,
        lambda: services.assessment_submit(
            user=request.user, assessment=assessment, reason=request.POST.get("reason", "")
        ),
        _("Đã gửi bản tự đánh giá để Phòng Nội vụ thẩm định."),
    )
    return redirect("par-assessment", pk=pk)


@require_POST
def assessment_refresh(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    _run(
        request,
        lambda: services.measures_refresh(user=request.user, assessment=assessment),
        _("Đã cập nhật các tiêu chí chấm tự động từ số liệu hồ sơ."),
    )
    return redirect("par-assessment", pk=pk)


@require_POST
def assessment_return(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Phải ghi ý kiến để đơn vị biết cần chỉnh sửa gì."))
        return redirect("par-assessment", pk=pk)
    _run(
        request,
        lambda: services.assessment_return(
            user=request.user, assessment=assessment, comment=form.cleaned_data["comment"]
        ),
        _("Đã trả lại bản tự đánh giá để đơn vị chỉnh sửa."),
    )
    return redirect("par-assessment", pk=pk)


@require_POST
def assessment_finalize(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    _run(
        request,
        lambda: services.assessment_finalize(user=request.user, assessment=assessment),
        _("Đã hoàn thành thẩm định; các điểm chưa xem xét được giữ nguyên."),
    )
    return redirect("par-assessment", pk=pk)


@require_http_methods(["GET", "POST"])
def criterion_detail(request, pk: int, code: str):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    score = selectors.score_get(user=request.user, assessment=assessment, code=code)
    criterion = score.criterion
    can_self = (
        services.can_self_assess(request.user, assessment)
        and assessment.is_editable
        and not criterion.is_automatic
        and criterion.method == "self"
    )
    initial = {"explanation": score.explanation}
    if score.self_input is not None:
        initial["value"] = (
            ("1" if score.self_input else "0")
            if criterion.parsed_rule.input_kind == "yes_no"
            else str(score.self_input).replace(".", ",")
        )
    form = SelfScoreForm(criterion=criterion, initial=initial)
    if request.method == "POST":
        form = SelfScoreForm(request.POST, criterion=criterion)
        if _save_self_score(request, score, form):
            messages.success(request, _("Đã lưu điểm tiêu chí %(code)s.") % {"code": criterion.code})
            return redirect("par-criterion", pk=pk, code=code)
    return _criterion_page(request, assessment, score, form=form, can_self=can_self)


def _self_form(score, data=None) -> SelfScoreForm:
    """The self-score form of one criterion on the field page (prefixed: many on one page)."""
    criterion = score.criterion
    initial = {"explanation": score.explanation}
    if score.self_input is not None:
        initial["value"] = (
            ("1" if score.self_input else "0")
            if criterion.parsed_rule.input_kind == "yes_no"
            else str(score.self_input).replace(".", ",")
        )
    return SelfScoreForm(data, criterion=criterion, initial=initial, prefix=f"c{score.pk}")


def _self_scorable(user, assessment, criterion) -> bool:
    return (
        services.can_self_assess(user, assessment)
        and assessment.is_editable
        and not criterion.is_automatic
        and criterion.method == "self"
    )


def _field_items(request, sheet):
    assessment = sheet.result.assessment
    return [
        (
            row,
            _self_form(row.score)
            if row.score and _self_scorable(request.user, assessment, row.criterion)
            else None,
        )
        for row in sheet.rows
    ]


@require_GET
def field_detail(request, pk: int, code: str):
    """Score a whole field on one page: every criterion with its allowed values, saved one by one inline."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    sheet = selectors.field_sheet(assessment=assessment, code=code)
    context = {"assessment": assessment, "sheet": sheet, "items": _field_items(request, sheet)}
    return render(request, "par/field_detail.html", context)


@require_POST
def score_inline(request, pk: int, code: str):
    """Save one criterion's self-score from the field page: HTMX gets the criterion back with the field's
    running totals; without JavaScript the field page is shown again."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    score = selectors.score_get(user=request.user, assessment=assessment, code=code)
    if not _self_scorable(request.user, assessment, score.criterion):
        raise Http404("Tiêu chí này không tự chấm được.")
    form = _self_form(score, request.POST)
    saved = _save_self_score(request, score, form)
    field_code = _field_code(score.criterion)
    if not request.htmx:
        if saved:
            messages.success(request, _("Đã lưu điểm tiêu chí %(code)s.") % {"code": code})
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(reverse("par-field", kwargs={"pk": pk, "code": field_code}) + f"#c-{code}")
    sheet = selectors.field_sheet(assessment=assessment, code=field_code)
    row = next(r for r in sheet.rows if r.criterion.code == code)
    context = {
        "assessment": assessment,
        "sheet": sheet,
        "row": row,
        "form": _self_form(row.score) if saved else form,
        "saved": saved,
        "oob": True,
    }
    return render(request, "par/partials/field_criterion.html", context)


def _field_code(criterion) -> str:
    while criterion.parent_id is not None:
        criterion = criterion.parent
    return criterion.code


def _criterion_page(
    request,
    assessment,
    score,
    *,
    form=None,
    evidence_form=None,
    appraise_form=None,
    can_self=None,
    status=200,
):
    criterion = score.criterion
    if can_self is None:
        can_self = (
            services.can_self_assess(request.user, assessment)
            and assessment.is_editable
            and not criterion.is_automatic
            and criterion.method == "self"
        )
    context = {
        "assessment": assessment,
        "score": score,
        "criterion": criterion,
        "rule": criterion.parsed_rule,
        "form": form,
        "can_self": can_self,
        "can_upload": services.can_self_assess(request.user, assessment) and assessment.is_editable,
        "can_appraise": services.can_appraise(request.user) and assessment.status == "submitted",
        "evidence_form": evidence_form or EvidenceForm(),
        "appraise_form": appraise_form or AppraiseForm(),
        "evidence": selectors.score_evidence(user=request.user, score=score),
        "history": selectors.score_history(user=request.user, score=score),
        "drill": _drill_links(assessment, criterion) if criterion.is_automatic else {},
    }
    return render(request, "par/criterion_detail.html", context, status=status)


def _drill_links(assessment, criterion) -> dict[str, str]:
    """The dossiers behind an automatic criterion: the dashboard's drill-down over the campaign's period, as
    of the period's last instant, exactly as ``cchc.par.measures`` measured it."""
    campaign = assessment.campaign
    query = {
        "unit": assessment.unit.code,
        "indicator": criterion.indicator,
        "period": f"{campaign.period_start:%Y-%m-%d}..{campaign.period_end:%Y-%m-%d}",
        "as_of": f"{campaign.period_end:%Y-%m-%d}T23:59:59.999999",
    }
    base = reverse("dashboard-drill")
    return {
        part: f"{base}?{urlencode({**query, 'part': part})}"
        for part in ("missing", "numerator", "denominator")
    }


@require_POST
def evidence_upload(request, pk: int, code: str):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    score = selectors.score_get(user=request.user, assessment=assessment, code=code)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.evidence_add(
                user=request.user, score=score, name=upload.name, size=upload.size, data_file=upload
            )
        except ParError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                _("Đã tải lên tài liệu kiểm chứng “%(name)s”.") % {"name": storage.clean_name(upload.name)},
            )
            return redirect("par-criterion", pk=pk, code=code)
    return _criterion_page(
        request, assessment, score, form=_score_form(score), evidence_form=form, status=400
    )


def _score_form(score):
    return SelfScoreForm(criterion=score.criterion, initial={"explanation": score.explanation})


@require_GET
def evidence_download(request, pk: int):
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    try:
        path = storage.path_of(evidence.stored_name)
        handle = open(path, "rb")  # noqa: SIM115 — FileResponse closes it
    except (storage.EvidenceRefused, OSError) as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=storage.CONTENT_TYPES[evidence.kind],
    )


@require_POST
def evidence_withdraw(request, pk: int):
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    score = evidence.score
    _run(
        request,
        lambda: services.evidence_withdraw(user=request.user, evidence=evidence),
        _("Đã rút tài liệu “%(name)s”.") % {"name": evidence.original_name},
    )
    return redirect("par-criterion", pk=score.assessment_id, code=score.criterion.code)


@require_POST
def score_appraise(request, pk: int, code: str):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    score = selectors.score_get(user=request.user, assessment=assessment, code=code)
    form = AppraiseForm(request.POST)
    if form.is_valid():
        try:
            services.score_appraise(
                user=request.user,
                score=score,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ParError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Đã ghi kết quả thẩm định tiêu chí %(code)s.") % {"code": score.criterion.code}
            )
            return redirect(reverse("par-assessment", kwargs={"pk": pk}) + f"#c-{code}")
    return _criterion_page(
        request, assessment, score, form=_score_form(score), appraise_form=form, status=400
    )


@require_GET
def index_set_list(request):
    return render(request, "par/index_set_list.html", {"index_sets": selectors.index_set_list()})


@require_GET
def index_set_detail(request, pk: int):
    index_set = selectors.index_set_get(pk=pk)
    context = {"index_set": index_set, "criteria": selectors.index_set_criteria(index_set=index_set)}
    return render(request, "par/index_set_detail.html", context)


def _save_self_score(request, score, form) -> bool:
    """Save the unit's own score from a valid form; a refusal of the scoring rules goes next to the value."""
    if not form.is_valid():
        return False
    try:
        services.score_self(
            user=request.user,
            score=score,
            value=form.cleaned_data["value"],
            explanation=form.cleaned_data["explanation"],
        )
    except ParError as exc:
        form.add_error("value", str(exc))
        return False
    return True
