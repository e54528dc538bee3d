"""Lists of dossiers as XLSX workbooks (a clerk's worklist, a dashboard drill-down), in Vietnamese."""

from collections.abc import Callable, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cchc.core.calendar import local
from cchc.core.xlsx import workbook_bytes
from cchc.dossiers.models import Dossier
from cchc.i18n import in_vietnamese

HEADERS = ["STT", "Mã hồ sơ", "Thủ tục", "Người nộp", "Tiếp nhận", "Hẹn trả", "Trạng thái"]
WIDTHS = [6, 22, 60, 28, 17, 17, 18]
MAX_ROWS = 50_000


@in_vietnamese
def dossier_list_xlsx(
    *,
    title: str,
    dossiers: Iterable[Dossier],
    extra: tuple[str, Callable[[Dossier], str]] | None = None,
) -> bytes:
    """``title`` on the first line, then one row per dossier (at most ``MAX_ROWS``); ``extra`` adds a
    column (its header and how to fill it), such as why a dossier falls short of an indicator."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách hồ sơ"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    headers = HEADERS + ([extra[0]] if extra else [])
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, dossier in enumerate(dossiers, start=1):
        if number > MAX_ROWS:
            break
        row = [
            number,
            dossier.code,
            dossier.procedure.name,
            dossier.applicant_name,
            local(dossier.received_at).replace(tzinfo=None),
            local(dossier.due_at).replace(tzinfo=None),
            str(dossier.get_state_display()),
        ]
        sheet.append(row + ([extra[1](dossier)] if extra else []))
    for column, width in zip("ABCDEFGH", WIDTHS + [50], strict=False):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=3, min_col=5, max_col=6):
        for cell in cells:
            cell.number_format = "dd/mm/yyyy hh:mm"
    sheet.freeze_panes = "A3"
    return workbook_bytes(workbook)
