from datetime import datetime, timedelta

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from cchc.accounts.models import Role
from cchc.accounts.scoping import seat
from cchc.core.calendar import VN_TZ, local
from cchc.core.kpi import PERIOD_HELP, PeriodError, month_to_date, parse_period
from cchc.kpis.engine import drill
from cchc.kpis.history import lineage
from cchc.kpis.indicators import INDICATORS
from cchc.procedures.models import Procedure
from cchc.reports import charts, figures, revisions, services
from cchc.reports.models import Report
from cchc.units.models import TWO_TIERS_FROM
from cchc.units.selectors import last_day, unit_get

KIND_FILTERS = {"": None, "commune": ["commune", "town", "ward"], "office": ["office"]}
REPORT_ROLES = {Role.ADMIN, Role.REPORT_COMPILER}


def _filters(request):
    now = timezone.now()
    as_of = now
    if text := request.GET.get("as_of"):
        try:
            as_of = datetime.fromisoformat(text).replace(tzinfo=VN_TZ)
        except ValueError:
            messages.error(
                request,
                gettext("Thời điểm '%(text)s' không đúng dạng YYYY-MM-DDTHH:MM; dùng hiện tại.")
                % {"text": text},
            )
    period_text = request.GET.get("period") or f"mtd:{local(as_of):%Y-%m-%d}"
    try:
        period = parse_period(period_text)
    except PeriodError as error:
        messages.error(request, str(error))
        period_text = f"mtd:{local(as_of):%Y-%m-%d}"
        period = month_to_date(local(as_of).date())
    kind = request.GET.get("kind", "")
    return period_text, period, as_of, kind if kind in KIND_FILTERS else "", request.GET.get("field") or None


@require_GET
def dashboard(request):
    period_text, period, as_of, kind, field = _filters(request)
    board = figures.board(
        user=request.user, period=period, as_of=as_of, unit_kinds=KIND_FILTERS[kind], field=field
    )
    overdue, overdue_count = figures.overdue_at(user=request.user, as_of=as_of, limit=30)
    context = {
        "board": board,
        "columns": [(i, figures.SHORT_NAMES[i.code]) for i in board.indicators],
        "period_text": period_text,
        "as_of_text": f"{local(as_of):%Y-%m-%dT%H:%M}",
        "kind": kind,
        "field": field or "",
        "fields": Procedure.objects.values_list("field", flat=True).distinct().order_by("field"),
        "overdue": overdue,
        "overdue_count": overdue_count,
        "fragment_key": figures.fragment_key(
            user=request.user, parts=[request.GET.urlencode(), as_of.isoformat()]
        ),
        "period_help": gettext(PERIOD_HELP),  # its English is in the catalogue under the Vietnamese text
        "can_report": request.user.is_superuser or request.user.role in REPORT_ROLES,
        "missing_friday": services.weekly_report_missing() if _may_read_reports(request.user) else None,
        "three_tiers": period.end < TWO_TIERS_FROM,
        "last_day": None if board.rows else last_day(user=request.user, before=period.start),
    }
    return render(request, "reports/dashboard.html", context)


TREND_CODES = ["online_rate", "online_payment_rate", "digitised_rate", "e_result_rate"]


@require_GET
def dashboard_trends(request):
    """HTMX: the weekly trend charts, loaded after the page (they take a query of their own)."""
    _, period, as_of, kind, field = _filters(request)
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
    return render(request, "reports/partials/trends.html", {"trends": charts_svg, "merged_from": merged_from})


@require_GET
def dashboard_drill(request):
    period_text, period, as_of, _, _ = _filters(request)
    unit = unit_get(user=request.user, code=request.GET.get("unit", ""), on=period.end)
    indicator = INDICATORS.get(request.GET.get("indicator", ""))
    part = request.GET.get("part", "missing")
    if indicator is None or part not in ("missing", "numerator", "denominator"):
        raise Http404("Không có chỉ số này.")
    dossiers = drill(user=request.user, unit=unit, indicator=indicator, period=period, as_of=as_of, part=part)
    context = {
        "unit": unit,
        "indicator": indicator,
        "part": part,
        "period": period,
        "period_text": period_text,
        "as_of_text": request.GET.get("as_of", ""),
        "count": dossiers.count(),
        "dossiers": dossiers.order_by("received_at")[:500],
    }
    return render(request, "reports/drill.html", context)


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
        day = datetime.strptime(request.POST.get("date", ""), "%Y-%m-%d").date()
    except ValueError:
        messages.error(request, gettext("Ngày báo cáo không đúng dạng yyyy-mm-dd."))
        return redirect("report-list")
    kind = request.POST.get("kind", "weekly")
    maker = services.weekly_report_make if kind == "weekly" else services.monthly_report_make
    report = maker(actor=request.user, report_date=day)
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
    found = services.report_revisions(report=report, as_of=now)
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
