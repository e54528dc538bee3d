"""The indicators the notice measures, each a numerator and a denominator defined as filters over dossiers.

A dossier is in period P for an indicator when the indicator's date (receipt or result), in local time, falls in
P and not after the "as of" moment, and it is counted at all (``cchc.dossiers.timeline.counted``: recorded by
the "known at" moment, never refused at intake, not withdrawn by "as of"). ``overdue_open`` is a count: the
dossiers overdue at "as of" (``cchc.dossiers.timeline.overdue_at``). The rules in words: docs/indicators.md.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import F, Q
from django.utils.translation import gettext_noop

from cchc.core.calendar import RULE_SETS, VN_TZ
from cchc.core.lifecycle import State
from cchc.dossiers.timeline import overdue_at

RECEIVED, RESULT, OPEN = "received", "result", "open"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    date: str  # RECEIVED, RESULT or OPEN
    denominator: Q | None  # None for a count
    numerator: Q
    numerator_label: str
    denominator_label: str = ""

    @property
    def is_count(self) -> bool:
        return self.denominator is None


_ALL = Q()
_HAS_RESULT = Q(result_at__isnull=False)
# From 1/7/2025 a dossier submitted online is electronic already and is not asked to be digitised (Circular
# 03/2025/TT-VPCP, Art. 5; ``RuleSet.digitise_online``): it leaves the digitisation rate's denominator.
_ONLINE_NOT_DIGITISED_FROM = next(r.valid_from for r in RULE_SETS if not r.digitise_online)
_MUST_BE_DIGITISED = ~Q(
    channel="online", received_at__gte=datetime.combine(_ONLINE_NOT_DIGITISED_FROM, time(0), tzinfo=VN_TZ)
)

INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in [
        Indicator(
            "online_rate",
            gettext_noop("Tỷ lệ hồ sơ trực tuyến (DVC mức độ 3, 4)"),
            RECEIVED,
            Q(online_level__in=[3, 4]),
            Q(channel="online"),
            gettext_noop("hồ sơ nộp trực tuyến"),
            gettext_noop("hồ sơ của thủ tục mức độ 3, 4"),
        ),
        Indicator(
            "online_payment_rate",
            gettext_noop("Tỷ lệ thanh toán trực tuyến"),
            RECEIVED,
            Q(fee__gt=0),
            Q(paid_online=True),
            gettext_noop("hồ sơ thanh toán trực tuyến"),
            gettext_noop("hồ sơ có phí, lệ phí"),
        ),
        Indicator(
            "digitised_rate",
            gettext_noop("Tỷ lệ số hóa hồ sơ"),
            RECEIVED,
            _MUST_BE_DIGITISED,
            Q(digitised=True),
            gettext_noop("hồ sơ đã số hóa thành phần"),
            gettext_noop("tất cả hồ sơ"),
        ),
        Indicator(
            "e_result_rate",
            gettext_noop("Tỷ lệ trả kết quả điện tử"),
            RESULT,
            _HAS_RESULT,
            Q(e_result=True),
            gettext_noop("hồ sơ trả kết quả điện tử"),
            gettext_noop("hồ sơ có kết quả"),
        ),
        Indicator(
            "on_time_rate",
            gettext_noop("Tỷ lệ giải quyết đúng hạn"),
            RESULT,
            _HAS_RESULT,
            Q(result_at__lte=F("due_at")),
            gettext_noop("hồ sơ có kết quả không muộn hơn hẹn trả"),
            gettext_noop("hồ sơ có kết quả"),
        ),
        Indicator(
            "overdue_open",
            gettext_noop("Số hồ sơ quá hạn chưa giải quyết"),
            OPEN,
            None,
            _ALL,
            gettext_noop("hồ sơ quá hạn"),
        ),
        Indicator(
            "portal_sync_rate",
            gettext_noop("Tỷ lệ hồ sơ cập nhật lên Cổng DVC tỉnh"),
            RECEIVED,
            _ALL,
            Q(portal_synced=True),
            gettext_noop("hồ sơ đã có trên Cổng DVC tỉnh"),
            gettext_noop("tất cả hồ sơ"),
        ),
        Indicator(
            "level2_account_rate",
            gettext_noop("Tỷ lệ hồ sơ mức độ 2 có tài khoản DVC quốc gia"),
            RECEIVED,
            Q(online_level=2),
            Q(national_account=True),
            gettext_noop("hồ sơ đã tạo tài khoản"),
            gettext_noop("hồ sơ của thủ tục mức độ 2"),
        ),
        Indicator(
            "level2_result_digitised_rate",
            gettext_noop("Tỷ lệ hồ sơ mức độ 2 số hóa kết quả"),
            RESULT,
            Q(online_level=2) & _HAS_RESULT,
            Q(result_digitised=True),
            gettext_noop("hồ sơ số hóa kết quả"),
            gettext_noop("hồ sơ mức độ 2 có kết quả"),
        ),
        Indicator(
            "level4_rate",
            gettext_noop("Tỷ lệ hồ sơ DVC mức độ 4 nộp trực tuyến"),
            RECEIVED,
            _ALL,
            Q(online_level=4, channel="online"),
            gettext_noop("hồ sơ mức độ 4 nộp trực tuyến"),
            gettext_noop("tất cả hồ sơ"),
        ),
        Indicator(
            "slips_printed_rate",
            gettext_noop("Tỷ lệ hồ sơ đã in giấy tiếp nhận và phiếu kiểm soát"),
            RECEIVED,
            Q(source="counter"),
            Q(receipt_printed_at__isnull=False, control_printed_at__isnull=False),
            gettext_noop("hồ sơ đã in cả Mẫu 01 và Mẫu 05"),
            gettext_noop("hồ sơ tiếp nhận tại Bộ phận Một cửa"),
        ),
        Indicator(
            "interagency_online_rate",
            gettext_noop("Tỷ lệ hồ sơ liên thông nộp trực tuyến"),
            RECEIVED,
            Q(interagency=True),
            Q(channel="online"),
            gettext_noop("hồ sơ liên thông nộp trực tuyến"),
            gettext_noop("hồ sơ liên thông"),
        ),
        Indicator(
            "satisfaction_rate",
            gettext_noop("Tỷ lệ người dân hài lòng"),
            RESULT,
            _HAS_RESULT & Q(rating__isnull=False),
            Q(rating__score__in=["satisfied", "normal"]),
            gettext_noop("đánh giá Hài lòng hoặc Bình thường"),
            gettext_noop("hồ sơ được đánh giá"),
        ),
        Indicator(
            "rating_coverage_rate",
            gettext_noop("Tỷ lệ hồ sơ được người dân đánh giá"),
            RESULT,
            _HAS_RESULT & Q(returned_at__isnull=False),
            Q(rating__isnull=False),
            gettext_noop("hồ sơ được đánh giá"),
            gettext_noop("hồ sơ đã trả kết quả"),
        ),
    ]
}


def in_window(date: str, start: datetime, end: datetime, as_of: datetime) -> Q:
    """The indicator's date in [start, end) and not after ``as_of``; for OPEN, overdue at ``as_of``.

    A stopped dossier is never counted as a result, whatever date the portal gives it.
    """
    if date == RECEIVED:
        return Q(received_at__gte=start, received_at__lt=end, received_at__lte=as_of)
    if date == RESULT:
        return Q(result_at__gte=start, result_at__lt=end, result_at__lte=as_of) & ~Q(state=State.STOPPED)
    return overdue_at(as_of)
