"""The official forms of a dossier (Circular 01/2018/TT-VPCP): print-ready HTML, DOCX, and PDF where possible.

Forms are templates, chosen by the rule set in force on the dossier's date of receipt
(``cchc.core.calendar.rules_for``): HTML in ``templates/forms/<rule set>/<form>.html`` and Word in
``dossiers/docx/<rule set>/<form>.docx`` (docxtpl). Adding the forms of a new rule set means adding its
folder of templates. While a rule set has no template of its own for a form, the newest earlier one is used
and the document says so.
"""

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

import segno
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from cchc.core.calendar import RULE_SETS, local, rules_for
from cchc.core.text import clean
from cchc.dossiers.models import Dossier
from cchc.i18n import in_vietnamese

FORMS = {
    "mau01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "mau02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "mau03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "mau04": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "mau05": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
}
TIMING_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


@dataclass(frozen=True)
class Chosen:
    rule_set: str
    fallback_from: str | None


def _rule_sets_from(day: datetime) -> list[str]:
    current = rules_for(day).name
    names = [r.name for r in RULE_SETS]
    return list(reversed(names[: names.index(current) + 1]))


def html_template(dossier: Dossier, form: str):
    candidates = _rule_sets_from(dossier.received_at)
    for name in candidates:
        try:
            return get_template(f"forms/{name}/{form}.html"), Chosen(
                name, None if name == candidates[0] else candidates[0]
            )
        except TemplateDoesNotExist:
            continue
    raise TemplateDoesNotExist(form)


def docx_template(dossier: Dossier, form: str) -> tuple[bytes, Chosen]:
    candidates = _rule_sets_from(dossier.received_at)
    folder = resources.files("cchc.dossiers").joinpath("docx")
    for name in candidates:
        path = folder.joinpath(name, f"{form}.docx")
        if path.is_file():
            return path.read_bytes(), Chosen(name, None if name == candidates[0] else candidates[0])
    raise FileNotFoundError(form)


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    moment = local(moment)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def _issuing_body(dossier: Dossier) -> tuple[str, str]:
    """(superior body, issuing body) in capitals, e.g. ("UBND HUYỆN Ý YÊN", "UBND XÃ YÊN TRUNG")."""
    unit = dossier.unit
    if unit.is_commune_level:
        return (f"UBND {unit.parent.name}".upper() if unit.parent else "", f"UBND {unit.name}".upper())
    parent = unit.parent.name if unit.parent else ""
    return (f"UBND {parent}".upper(), unit.name.upper())


def qr_png(code: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


@in_vietnamese
def context(dossier: Dossier, form: str) -> dict:
    """Plain values for both the HTML and the DOCX templates of ``form``."""
    superior, body = _issuing_body(dossier)
    events = list(dossier.events.select_related("actor", "recipient"))
    supplement = next((e for e in reversed(events) if e.action == "request_supplement"), None)
    closing = next((e for e in reversed(events) if e.action in ("refuse", "stop", "withdraw")), None)
    apology = next((e for e in reversed(events) if e.action == "apologise"), None)
    rows = []
    for previous, event in zip(events, events[1:], strict=False):
        rows.append(
            {
                "from_label": previous.recipient_label or "Bộ phận Một cửa",
                "to_label": event.recipient_label or (str(event.actor) if event.actor else ""),
                "step": event.get_action_display(),
                "handed": _when(event.at),
                "handed_by": event.actor.get_full_name() if event.actor else "",
                "received_by": event.recipient.get_full_name() if event.recipient else event.recipient_label,
                "result": TIMING_LABELS[event.timing.value] if event.timing else "—",
                "note": event.note,
            }
        )
    place = (dossier.unit.parent or dossier.unit).name.replace("Huyện ", "").replace("Tỉnh ", "")
    # The receipt slip is dated the day of receipt; the other forms the day they are issued.
    today = local(dossier.received_at if form == "mau01" else timezone.now())
    return {
        "title": FORMS[form],
        "superior": superior,
        "body": body,
        "place": place,
        "date_line": f"{place}, ngày {today:%d} tháng {today:%m} năm {today:%Y}",
        "code": dossier.code,
        "unit": dossier.unit.name,
        "procedure": dossier.procedure.name,
        "procedure_code": dossier.procedure.code,
        "time_limit": dossier.procedure.time_limit_label,
        "applicant": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "request": dossier.request or dossier.procedure.name,
        "sets": dossier.sets,
        "received": _when(dossier.received_at),
        "due": _when(dossier.due_at),
        "new_due": _when(dossier.apology_due_at),
        "fee": f"{dossier.fee:,}".replace(",", ".") + " đồng" if dossier.fee else "Không",
        "components": [
            {"position": c.position, "name": c.name, "originals": c.originals, "copies": c.copies}
            for c in dossier.components.all()
        ],
        "rows": rows,
        "clerk": dossier.created_by.get_full_name() if dossier.created_by else "",
        "supplement_reason": supplement.note if supplement else "",
        "closing_reason": closing.note if closing else "",
        "apology_reason": apology.note if apology else "",
        "return_place": f"Bộ phận Một cửa {dossier.unit.name}",
    }


def _printable(value):
    """The context's text as the Word form may carry it: ``clean`` again, keeping lines, because rows saved
    before the normalisation may hold control characters that XML cannot."""
    if isinstance(value, str):
        return clean(value, lines=True)
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    return value


@in_vietnamese
def render_docx(dossier: Dossier, form: str) -> bytes:
    """The form as Word. Every value is text only: docxtpl escapes it (``autoescape``), so ``&``, ``<`` or a
    fragment of WordprocessingML typed by a citizen print as typed and add nothing to the document; a line
    break in a note becomes a line break. The templates insert no raw XML (no ``{{r …}}``/``{{p …}}``)."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    template_bytes, chosen = docx_template(dossier, form)
    document = DocxTemplate(io.BytesIO(template_bytes))
    values = _printable(context(dossier, form))
    values["qr"] = InlineImage(document, io.BytesIO(qr_png(dossier.code)), width=Mm(22))
    values["fallback_note"] = (
        f"(Dùng mẫu của bộ quy định {chosen.rule_set}; chưa có mẫu riêng của bộ quy định {chosen.fallback_from}.)"
        if chosen.fallback_from
        else ""
    )
    document.render(values, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert with LibreOffice (headless); ``RuntimeError`` when it is not installed or fails."""
    converter = pdf_converter()
    if converter is None:
        raise RuntimeError("Máy chủ chưa cài LibreOffice nên không xuất được PDF; hãy tải DOCX.")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "form.docx"
        source.write_bytes(docx)
        command = [converter, "--headless", f"-env:UserInstallation=file://{folder}/profile"]
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, our own file
                [*command, "--convert-to", "pdf", "--outdir", folder, str(source)],
                check=True,
                capture_output=True,
                timeout=180,
            )
            return (Path(folder) / "form.pdf").read_bytes()
        except (subprocess.SubprocessError, OSError) as exc:
            raise RuntimeError("LibreOffice không chuyển được tài liệu sang PDF; hãy tải DOCX.") from exc
