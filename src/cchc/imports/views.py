"""Import screens: parse input, call one service or selector, render. Another unit's import answers 404."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc.fields import DateTextError, read_day
from cchc.imports import selectors, services
from cchc.imports.exports import XLSX_TYPE, reconciliation_xlsx


@require_http_methods(["GET", "POST"])
def import_home(request):
    """Upload an export (administrator, report compiler) and the history of imports."""
    allowed = services.can_import(request.user)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied("Bạn không có quyền nhập hồ sơ.")
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Chọn tệp xuất từ Cổng DVC tỉnh (.xlsx, .xls hoặc .csv)."))
            return redirect("import-home")
        try:
            run = services.import_upload(actor=request.user, upload=upload)
        except services.ImportRefused as error:
            messages.error(request, str(error))
            return redirect("import-home")
        return redirect("import-detail", pk=run.pk)
    services.reap_interrupted()
    context = {"can_import": allowed, "runs": selectors.import_history(user=request.user)[:100]}
    return render(request, "imports/import_home.html", context)


@require_GET
def import_detail(request, pk: int):
    """One import: its progress while it runs (HTMX polling), then its summary and error workbook."""
    services.reap_interrupted()
    run = selectors.import_get(user=request.user, pk=pk)
    context = {"run": run, "progress": selectors.import_progress(run=run)}
    if request.htmx:
        return render(request, "imports/partials/run_status.html", context)
    return render(request, "imports/import_detail.html", context)


@require_GET
def import_errors(request, pk: int):
    run = selectors.import_get(user=request.user, pk=pk)
    path = Path(run.error_file) if run.error_file else None
    if path is None or not path.is_file():
        raise Http404("Không có bảng tính lỗi.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{Path(run.file_name).stem}-loi.xlsx",
        content_type=XLSX_TYPE,
    )


@require_GET
def reconciliation(request):
    """Register against portal for a unit and a period, as a screen or (``?format=xlsx``) a workbook."""
    today = timezone.localdate()
    status = 200
    try:
        start = read_day(request.GET.get("from")) or today.replace(day=1)
        end = read_day(request.GET.get("to")) or today
    except DateTextError as error:
        messages.error(request, str(error))
        start, end, status = today.replace(day=1), today, 400
    units = selectors.reconcilable_units(user=request.user, on=end)
    if code := request.GET.get("unit"):
        unit = selectors.unit_get(user=request.user, code=code, on=end)
    else:  # the district (or the user's own unit) as it stands at the period's end, if it does then
        unit = next((u for u in units if u.kind == "district"), None) or next(
            (u for u in units if u.pk == request.user.unit_id), None
        )
    if unit is not None and unit.kind not in selectors.RECONCILABLE_KINDS:
        unit = None
    result = selectors.reconciliation(user=request.user, unit=unit, start=start, end=end) if unit else None
    if result is not None and status == 200 and request.GET.get("format") == "xlsx":
        response = HttpResponse(reconciliation_xlsx(result), content_type=XLSX_TYPE)
        name = f"doi-chieu-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {
        "units": units,
        "unit": unit,
        "start": start,
        "end": end,
        "result": result,
        "limit": selectors.SCREEN_LIMIT,
    }
    return render(request, "imports/reconciliation.html", context, status=status)
