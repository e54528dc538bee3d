from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from cchc.accounts.models import Role
from cchc.accounts.scoping import seat
from cchc.core.calendar import CalendarError, local
from cchc.core.kpi import PeriodError, month_to_date, parse_period
from cchc.dossiers.book import XLSX_TYPE
from cchc.dossiers.exports import dossier_list_xlsx
from cchc.fields import (
    DAY_PATTERN,
    MOMENT_PATTERN,
    DateTextError,
    read_day,
    read_moment,
    show_day,
    show_moment,
)
from cchc.i18n import in_vietnamese
from cchc.kpis import shortfalls
from cchc.kpis.engine import drill, intake_for_others
from cchc.kpis.history import lineage
from cchc.kpis.indicators import INDICATORS
from cchc.procedures.models import Procedure
from cchc.reports import charts, figures, periods, revisions, services
from cchc.reports.models import Report
from cchc.units.models import TWO_TIERS_FROM
from cchc.units.selectors import last_day, unit_get

KIND_FILTERS = {"": None, "commune": ["commune", "town", "ward"], "office": ["office"]}
REPORT_ROLES = {Role.ADMIN, Role.REPORT_COMPILER}


def _filters(request):
    """The board's filters: the as-of moment (dd/mm/yyyy hh:mm), the period (a choice of the picker, a range
    of two days, or a period code from a link), the kind of unit and the procedure field. A refused date says
    why (a message), the defaults are shown and the page answers 400."""
    now = timezone.now()
    refused = False
    try:
        as_of = read_moment(request.GET.get("as_of")) or now
    except DateTextError as error:
        messages.error(request, str(error))
        as_of, refused = now, True
    today = local(as_of).date()
    period_text = request.GET.get("period") or f"mtd:{today:%Y-%m-%d}"
    choice = request.GET.get("choice", "")
    if choice == "range":
        try:
            start, end = read_day(request.GET.get("from")), read_day(request.GET.get("to"))
        except DateTextError as error:
            messages.error(request, str(error))
            refused = True
        else:
            if start and end:
                period_text = periods.range_code(start, end)
            else:
                messages.error(request, gettext("Khoảng ngày cần cả ngày bắt đầu và ngày kết thúc."))
    elif code := periods.choice_code(choice, today):
        period_text = code
    try:
        period = parse_period(period_text)
    except PeriodError as error:
        messages.error(request, str(error))
        period_text = f"mtd:{today:%Y-%m-%d}"
        period = month_to_date(today)
        refused = True
    kind = request.GET.get("kind", "")
    field = request.GET.get("field") or None
    return period_text, period, as_of, kind if kind in KIND_FILTERS else "", field, 400 if refused else 200


@require_GET
def dashboard(request):
    period_text, period, as_of, kind, field, status = _filters(request)
    board = figures.board(
        user=request.user, period=period, as_of=as_of, unit_kinds=KIND_FILTERS[kind], field=field
    )
    overdue, overdue_count = figures.overdue_at(user=request.user, as_of=as_of, limit=30)
    committed = board.committed()
    columns = [
        (i, figures.SHORT_NAMES[i.code], figures.ABBREVIATIONS[i.code], i.code in committed)
        for i in board.indicators
    ]
    context = {
        "board": board,
        "columns": columns,
        "table": [(row, list(zip(row.cells, columns, strict=True))) for row in board.rows],
        "total_cells": list(zip(board.total.cells, columns, strict=True)) if board.total else [],
        "optional_count": sum(i.code not in committed for i in board.indicators),
        "period_text": period_text,
        "as_of_text": f"{local(as_of):%Y-%m-%dT%H:%M}",
        "as_of_shown": show_moment(as_of),
        "choices": periods.CHOICES,
        "choice": periods.choice_of(period_text, local(as_of).date()),
        "period_from": show_day(period.start),
        "period_to": show_day(period.end),
        "day_pattern": DAY_PATTERN,
        "moment_pattern": MOMENT_PATTERN,
        # The trend charts load with the filters in force: the defaults, when a typed one was refused.
        "trends_query": request.GET.urlencode()
        if status == 200
        else urlencode(
            {
                "period": period_text,
                "as_of": f"{local(as_of):%Y-%m-%dT%H:%M}",
                "kind": kind,
                "field": field or "",
            }
        ),
        "kind": kind,
        "field": field or "",
        "fields": Procedure.objects.values_list("field", flat=True).distinct().order_by("field"),
        "overdue": overdue,
        "overdue_count": overdue_count,
        "intake_for_others": intake_for_others(user=request.user, period=period, as_of=as_of),
        "fragment_key": figures.fragment_key(
            user=request.user, parts=[request.GET.urlencode(), as_of.isoformat()]
        ),
        "can_report": request.user.is_superuser or request.user.role in REPORT_ROLES,
        "missing_friday": services.weekly_report_missing() if _may_read_reports(request.user) else None,
        "three_tiers": period.end < TWO_TIERS_FROM,
        "last_day": None if board.rows else last_day(user=request.user, before=period.start),
    }
    return render(request, "reports/dashboard.html", context, status=status)


TREND_CODES = ["online_rate", "online_payment_rate", "digitised_rate", "e_result_rate"]


@require_GET
def dashboard_trends(request):
    """HTMX: the weekly trend charts, loaded after the page (they take a query of their own)."""
    _, period, as_of, kind, field, status = _filters(request)
    board = figures.board(
        user=request.user, period=period, as_of=as_of, unit_kinds=KIND_FILTERS[kind], field=field
    )
    weekly = figures.trends(user=request.user, codes=TREND_CODES, as_of=as_of, unit_kinds=KIND_FILTERS[kind])
    charts_svg = []
    for code in TREND_CODES:
        target = next(
            (c.target.value for r in board.rows for c in r.cells if c.indicator.code == code and c.target),
            None,
        )
        # Every text in the SVG is escaped by trend_svg.
        title = gettext(figures.SHORT_NAMES[code])
        charts_svg.append(mark_safe(charts.trend_svg(weekly[code], target, title)))  # noqa: S308
    first_day = min(week.start for points in weekly.values() for week, _ in points)
    own = seat(request.user)
    merged_from = lineage(own) if own and first_day < TWO_TIERS_FROM <= local(as_of).date() else []
    return render(
        request,
        "reports/partials/trends.html",
        {"trends": charts_svg, "merged_from": merged_from},
        status=status,
    )


DRILL_LIMIT = 500


@in_vietnamese
def _drill_xlsx(unit, indicator, period, part, dossiers, why):
    """The drill-down's dossiers as a workbook, in Vietnamese like every download."""
    label = {
        "missing": shortfalls.MISSING_LABELS.get(indicator.code, indicator.numerator_label),
        "numerator": indicator.numerator_label,
        "denominator": indicator.denominator_label,
    }[part]
    title = f"{unit.name} — {indicator.name}, {period.label}: {label[:1].lower()}{label[1:]}"
    extra = ("Vì sao chưa đạt", lambda d: shortfalls.shortfall(indicator, d)) if why else None
    content = dossier_list_xlsx(title=title, dossiers=dossiers, extra=extra)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = f"ho-so-{unit.code}-{indicator.code}-{part}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def dashboard_drill(request):
    period_text, period, as_of, _, _, status = _filters(request)
    unit = unit_get(user=request.user, code=request.GET.get("unit", ""), on=period.end)
    indicator = INDICATORS.get(request.GET.get("indicator", ""))
    part = request.GET.get("part", "missing")
    if indicator is None or part not in ("missing", "numerator", "denominator"):
        raise Http404("Không có chỉ số này.")
    dossiers = drill(user=request.user, unit=unit, indicator=indicator, period=period, as_of=as_of, part=part)
    dossiers = dossiers.order_by("received_at", "id")
    why = part == "missing" and indicator.code in shortfalls.MISSING_LABELS
    if request.GET.get("format") == "xlsx":
        return _drill_xlsx(unit, indicator, period, part, dossiers, why)
    listed = list(dossiers[:DRILL_LIMIT])
    for dossier in listed if why else []:
        dossier.shortfall = shortfalls.shortfall(indicator, dossier)
    context = {
        "unit": unit,
        "indicator": indicator,
        "part": part,
        "why": why,
        "missing_label": shortfalls.MISSING_LABELS.get(indicator.code, indicator.numerator_label),
        "period": period,
        "period_text": period_text,
        "as_of_text": request.GET.get("as_of", ""),
        "count": dossiers.count(),
        "dossiers": listed,
        "limit": DRILL_LIMIT,
    }
    return render(request, "reports/drill.html", context, status=status)


def _may_read_reports(user) -> bool:
    return user.is_district_wide or user.role == Role.UNIT_HEAD


@require_GET
def report_list(request):
    if not _may_read_reports(request.user):
        raise Http404("Không tìm thấy trang.")
    reports = Report.objects.select_related("created_by")[:100]
    context = {
        "reports": reports,
        "can_report": request.user.is_superuser or request.user.role in REPORT_ROLES,
        "missing_friday": services.weekly_report_missing(),
    }
    return render(request, "reports/report_list.html", context)


@require_POST
def report_make(request):
    if not (request.user.is_superuser or request.user.role in REPORT_ROLES):
        raise Http404("Không có chức năng này.")
    try:
        day = read_day(request.POST.get("date"))
    except DateTextError as error:
        messages.error(request, str(error))
        return redirect("report-list")
    if day is None:
        messages.error(request, gettext("Chưa nhập ngày báo cáo (dd/mm/yyyy)."))
        return redirect("report-list")
    kind = request.POST.get("kind", "weekly")
    maker = services.weekly_report_make if kind == "weekly" else services.monthly_report_make
    try:
        report = maker(actor=request.user, report_date=day)
    except CalendarError as error:  # a day after today
        messages.error(request, str(error))
        return redirect("report-list")
    messages.success(request, gettext("Đã lập %(title)s.") % {"title": report.title})
    return redirect("report-list")


@require_GET
def report_file(request, pk: int, kind: str):
    report = _report(request, pk)
    file = {"docx": report.docx, "xlsx": report.xlsx, "pdf": report.pdf}.get(kind)
    if not file:
        raise Http404("Không có tệp này.")
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


@require_GET
def report_revisions(request, pk: int):
    """What moved in an archived report's figures since it was issued (the same report computed now)."""
    report = _report(request, pk)
    now = timezone.now()
    found = services.report_revisions(report=report, known_at=now)
    covered = report.report_date - timedelta(days=1)  # a day of the period the report covers
    keys = {c.unit_code for c in found} - {revisions.DISTRICT}
    names = {key: unit.name for key in keys if (unit := revisions.unit_of_key(key, covered=covered))}
    boards = revisions.BOARDS[report.kind]
    rows = [
        {
            "board": gettext(boards[change.board]),
            "unit": names.get(
                change.unit_code,
                gettext("Toàn huyện") if change.unit_code == revisions.DISTRICT else change.unit_code,
            ),
            "indicator": gettext(INDICATORS[change.indicator].name)
            if change.indicator in INDICATORS
            else change.indicator,
            "change": change,
        }
        for change in found
    ]
    return render(request, "reports/revisions.html", {"report": report, "now": now, "rows": rows})


def _report(request, pk: int) -> Report:
    """District reports are read by the district-wide roles; a unit's own users see the report list too."""
    if not _may_read_reports(request.user):
        raise Http404("Không tìm thấy báo cáo.")
    try:
        return Report.objects.get(pk=pk)
    except Report.DoesNotExist as exc:
        raise Http404("Không tìm thấy báo cáo.") from exc
