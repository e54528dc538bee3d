"""Why a dossier falls short of an indicator: the words the drill-down shows next to each dossier it lists
as missing (in the denominator, not in the numerator of ``cchc.kpis.indicators``), and the heading of that
list. The reasons read the same facts the numerators test, dossier by dossier."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cchc.core.calendar import local
from cchc.dossiers.models import Dossier
from cchc.kpis.indicators import Indicator

MISSING_LABELS = {
    "online_rate": gettext_noop("Hồ sơ không nộp trực tuyến"),
    "online_payment_rate": gettext_noop("Hồ sơ chưa thanh toán trực tuyến"),
    "digitised_rate": gettext_noop("Hồ sơ chưa số hóa thành phần"),
    "e_result_rate": gettext_noop("Hồ sơ không trả kết quả điện tử"),
    "on_time_rate": gettext_noop("Hồ sơ có kết quả muộn hơn hẹn trả"),
    "portal_sync_rate": gettext_noop("Hồ sơ chưa có trên Cổng DVC tỉnh"),
    "level2_account_rate": gettext_noop("Hồ sơ chưa tạo tài khoản DVC quốc gia"),
    "level2_result_digitised_rate": gettext_noop("Hồ sơ chưa số hóa kết quả"),
    "level4_rate": gettext_noop("Hồ sơ không phải mức độ 4 nộp trực tuyến"),
    "slips_printed_rate": gettext_noop("Hồ sơ chưa in đủ Mẫu 01 và Mẫu 05"),
    "interagency_online_rate": gettext_noop("Hồ sơ liên thông không nộp trực tuyến"),
}


def _moment(value) -> str:
    return f"{local(value):%H:%M %d/%m/%Y}"


def shortfall(indicator: Indicator, dossier: Dossier) -> str:
    """Why ``dossier`` is not in the numerator of ``indicator``, in the screen's language."""
    code = indicator.code
    if code in ("online_rate", "interagency_online_rate"):
        return _("nộp %(channel)s") % {"channel": str(dossier.get_channel_display()).lower()}
    if code == "online_payment_rate":
        return _("phí %(fee)s đồng, chưa thanh toán trực tuyến") % {
            "fee": f"{dossier.fee:,}".replace(",", ".")
        }
    if code == "digitised_rate":
        return _("chưa số hóa thành phần hồ sơ")
    if code == "e_result_rate":
        return _("trả kết quả bản giấy")
    if code == "on_time_rate":
        return _("có kết quả %(result)s, hẹn trả %(due)s") % {
            "result": _moment(dossier.result_at),
            "due": _moment(dossier.due_at),
        }
    if code == "portal_sync_rate":
        return _("chưa cập nhật lên Cổng DVC tỉnh")
    if code == "level2_account_rate":
        return _("chưa tạo tài khoản DVC quốc gia cho người nộp")
    if code == "level2_result_digitised_rate":
        return _("kết quả chưa số hóa")
    if code == "level4_rate":
        if dossier.online_level != 4:
            return _("thủ tục mức độ %(level)s") % {"level": dossier.online_level}
        return _("mức độ 4 nhưng nộp %(channel)s") % {"channel": str(dossier.get_channel_display()).lower()}
    if code == "slips_printed_rate":
        missing = [
            name
            for name, printed in (("01", dossier.receipt_printed_at), ("05", dossier.control_printed_at))
            if not printed
        ]
        return _("chưa in Mẫu %(forms)s") % {"forms": ", ".join(missing)}
    return ""
