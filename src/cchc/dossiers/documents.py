"""The official forms of a dossier: print-ready HTML, DOCX, and PDF where possible.

Forms are templates of the rule set in force on the dossier's date of receipt (``cchc.core.calendar.rules_for``):
Circular 01/2018/TT-VPCP's five forms for dossiers received until 30/6/2025, Circular 03/2025/TT-VPCP's (Phụ
lục I) from 1/7/2025. HTML lives in ``templates/forms/<rule set>/<form>.html``, Word in
``dossiers/docx/<rule set>/<form>.docx`` (docxtpl, built by ``tools/make_docx_forms.py``). A form is known by a
key that stays the same across rule sets (``mau01`` the receipt, ``mau05`` the control slip…); its number and
title are the rule set's. A rule set that lacks a template for one of its forms is a fault for the
administrator (``FormMissing``): no other rule set's paper is ever printed in its place.

The 2025 forms carry the circular's numbers and titles; their wording follows the 2018 forms adapted to the
2025 rules (the centre that receives, one extension, the notice of stopping) and is to be checked against the
text of Phụ lục I (check).
"""

import io
import logging
import shutil
import subprocess
import tempfile
from datetime import datetime
from importlib import resources
from pathlib import Path

import segno
from django.http import HttpRequest
from django.template import Template, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext_noop

from cchc.core.calendar import RuleSet, local, rules_for
from cchc.core.text import clean
from cchc.dossiers.models import Dossier
from cchc.i18n import in_vietnamese
from cchc.public.links import status_address
from cchc.units.models import UnitKind

logger = logging.getLogger(__name__)

# {rule set: {form key: (number, title)}}, in the order the forms are listed on the dossier page.
FORMS: dict[str, dict[str, tuple[str, str]]] = {
    "2018": {
        "mau01": ("Mẫu 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "mau02": ("Mẫu 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "mau03": ("Mẫu 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "mau04": ("Mẫu 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        "mau05": ("Mẫu 05", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    },
    "2025": {
        "mau01": ("Mẫu số 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "mau02": ("Mẫu số 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "mau03": ("Mẫu số 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "mau04": ("Mẫu số 04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        "stop": ("Mẫu số 05", "Thông báo dừng giải quyết hồ sơ"),
        "mau05": ("Mẫu số 06", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    },
}
FORM_KEYS = frozenset(key for forms in FORMS.values() for key in forms)
# The short names the dossier page links by, translated on an English screen (the papers never are).
SCREEN_LABELS: dict[str, dict[str, str]] = {
    "2018": {
        "mau01": gettext_noop("Mẫu 01 — Giấy tiếp nhận và hẹn trả kết quả"),
        "mau02": gettext_noop("Mẫu 02 — Phiếu yêu cầu bổ sung"),
        "mau03": gettext_noop("Mẫu 03 — Phiếu từ chối"),
        "mau04": gettext_noop("Mẫu 04 — Phiếu xin lỗi và hẹn lại"),
        "mau05": gettext_noop("Mẫu 05 — Phiếu kiểm soát quá trình giải quyết"),
    },
    "2025": {
        "mau01": gettext_noop("Mẫu số 01 — Giấy tiếp nhận và hẹn trả kết quả"),
        "mau02": gettext_noop("Mẫu số 02 — Phiếu yêu cầu bổ sung"),
        "mau03": gettext_noop("Mẫu số 03 — Phiếu từ chối"),
        "mau04": gettext_noop("Mẫu số 04 — Văn bản xin lỗi và đề nghị gia hạn"),
        "stop": gettext_noop("Mẫu số 05 — Thông báo dừng giải quyết"),
        "mau05": gettext_noop("Mẫu số 06 — Phiếu kiểm soát quá trình giải quyết"),
    },
}
TIMING_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


class FormMissing(RuntimeError):
    """A form of the rule set in force has no template: the administrator must add it."""


def forms_of(dossier: Dossier) -> dict[str, tuple[str, str]]:
    """The forms of the rule set in force on the dossier's receipt: {key: (number, title)}."""
    return FORMS[rules_for(dossier.received_at).name]


def printable(dossier: Dossier) -> list[tuple[str, str, str, str]]:
    """(key, number, title, screen label) of the forms this dossier has: the receipt and the control slip
    always, the others once the step they record happened."""
    has = {
        "mau01": True,
        "mau02": dossier.supplement_count > 0,
        "mau03": dossier.state == "refused",
        "mau04": dossier.apology_due_at is not None,
        "stop": dossier.state == "stopped",
        "mau05": True,
    }
    rule_set = rules_for(dossier.received_at).name
    return [
        (key, number, title, SCREEN_LABELS[rule_set][key])
        for key, (number, title) in FORMS[rule_set].items()
        if has[key]
    ]


def _missing(rules: RuleSet, form: str, kind: str) -> FormMissing:
    number, title = FORMS[rules.name][form]
    logger.error("form template missing: rule set %s, %s (%s)", rules.name, form, kind)
    return FormMissing(
        f"Chưa có mẫu {number} “{title}” ({kind}) của bộ quy định {rules.legal_source.split(' (')[0]}: "
        "báo quản trị hệ thống bổ sung mẫu; không in phiếu của bộ quy định khác thay thế."
    )


def html_template(dossier: Dossier, form: str) -> Template:
    rules = rules_for(dossier.received_at)
    try:
        return get_template(f"forms/{rules.name}/{form}.html")
    except TemplateDoesNotExist:
        raise _missing(rules, form, "HTML") from None


def docx_template(dossier: Dossier, form: str) -> bytes:
    rules = rules_for(dossier.received_at)
    path = resources.files("cchc.dossiers").joinpath("docx", rules.name, f"{form}.docx")
    if not path.is_file():
        raise _missing(rules, form, "DOCX")
    return path.read_bytes()


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    moment = local(moment)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def _issuing_body(dossier: Dossier, rules: RuleSet) -> tuple[str, str]:
    """(superior body, issuing body) in capitals, as Decree 30/2020/NĐ-CP writes them.

    Until 30/6/2025: ("UBND HUYỆN Ý YÊN", "UBND XÃ YÊN TRUNG") or ("UBND HUYỆN Ý YÊN", "PHÒNG TƯ PHÁP"). From
    1/7/2025 there is no district: a commune's People's Committee is ("ỦY BAN NHÂN DÂN", "XÃ Ý YÊN"), its centre
    or department ("UBND XÃ Ý YÊN", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"), a provincial body ("UBND TỈNH NINH
    BÌNH", its name); a district never appears.
    """
    unit, parent = dossier.unit, dossier.unit.parent
    if rules.name == "2018":
        if unit.is_commune_level:
            return (f"UBND {parent.name}".upper() if parent else "", f"UBND {unit.name}".upper())
        return (f"UBND {parent.name}".upper() if parent else "", unit.name.upper())
    if unit.is_commune_level:
        return ("ỦY BAN NHÂN DÂN", unit.name.upper())
    if parent is not None and (parent.is_commune_level or parent.kind == UnitKind.PROVINCE):
        return (f"UBND {parent.name}".upper(), unit.name.upper())
    return ("", unit.name.upper())


def _place(dossier: Dossier, rules: RuleSet) -> str:
    """The place of the date line: the district (2018), the commune itself or the province (2025)."""
    unit = dossier.unit
    if rules.name != "2018" and unit.is_commune_level:
        seat = unit
    elif rules.name != "2018" and unit.parent is not None and unit.parent.is_commune_level:
        seat = unit.parent
    else:
        seat = unit.parent or unit
    for prefix in ("Tỉnh ", "Thành phố ", "Huyện ", "Thị xã ", "Xã ", "Phường ", "Thị trấn "):
        if seat.name.startswith(prefix):
            return seat.name[len(prefix) :]
    return seat.name


def qr_code(text: str) -> segno.QRCode:
    """A standard QR code, never a Micro QR (which phones and common readers cannot read)."""
    return segno.make_qr(text, error="m")


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(text).save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


@in_vietnamese
def context(dossier: Dossier, form: str) -> dict:
    """Plain values for both the HTML and the DOCX templates of ``form``."""
    rules = rules_for(dossier.received_at)
    superior, body = _issuing_body(dossier, rules)
    number, title = FORMS[rules.name][form]
    events = list(dossier.events.select_related("actor", "recipient"))
    supplement = next((e for e in reversed(events) if e.action == "request_supplement"), None)
    closing = next((e for e in reversed(events) if e.action in ("refuse", "stop", "withdraw")), None)
    stopped = next((e for e in reversed(events) if e.action == "stop"), None)
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
    place = _place(dossier, rules)
    receiving = dossier.receiving_unit or dossier.unit
    if rules.name == "2018":
        receiver, return_place = (
            f"Bộ phận tiếp nhận và trả kết quả {dossier.unit.name}",
            f"Bộ phận Một cửa {dossier.unit.name}",
        )
    else:
        receiver = (
            f"Trung tâm Phục vụ hành chính công {receiving.name}"
            if receiving.is_commune_level
            else receiving.name
        )
        return_place = receiver
    # The receipt slip is dated the day of receipt; the other forms the day they are issued.
    today = local(dossier.received_at if form == "mau01" else timezone.now())
    return {
        "title": title,
        "number": number,
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
        "apologised": _when(dossier.apologised_at),
        "stop_reason": stopped.note if stopped else "",
        "stopped": _when(stopped.at) if stopped else "",
        "receiver": receiver,
        "return_place": return_place,
        "blank_rows": range(max(3, 8 - len(rows))),
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
def render_docx(dossier: Dossier, form: str, *, request: HttpRequest | None = None) -> bytes:
    """The form as Word. Every value is text only: docxtpl escapes it (``autoescape``), so ``&``, ``<`` or a
    fragment of WordprocessingML typed by a citizen print as typed and add nothing to the document; a line
    break in a note becomes a line break. The templates insert no raw XML (no ``{{r …}}``/``{{p …}}``)."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    document = DocxTemplate(io.BytesIO(docx_template(dossier, form)))
    values = _printable(context(dossier, form))
    qr = qr_png(status_address(dossier.code, request))  # the citizen's status page (cchc.public)
    values["qr"] = InlineImage(document, io.BytesIO(qr), width=Mm(20))
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
