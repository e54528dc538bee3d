"""The indicators the notice measures, each a numerator and a denominator defined as filters over dossiers.

A dossier is in period P for an indicator when the indicator's date (receipt or result), in local time, falls in
P and not after the "as of" moment; dossiers refused at intake or withdrawn (by the "as of" moment) are never
counted; a dossier recorded in cchc after the "as of" moment is not counted, so that a report re-run later
says what it said then. ``overdue_open`` is a count: dossiers open at "as of" whose appointment has passed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q

from cchc.core.lifecycle import NOT_COUNTED_STATES

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

INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in [
        Indicator(
            "online_rate",
            "Tỷ lệ hồ sơ trực tuyến (DVC mức độ 3, 4)",
            RECEIVED,
            Q(online_level__in=[3, 4]),
            Q(channel="online"),
            "hồ sơ nộp trực tuyến",
            "hồ sơ của thủ tục mức độ 3, 4",
        ),
        Indicator(
            "online_payment_rate",
            "Tỷ lệ thanh toán trực tuyến",
            RECEIVED,
            Q(fee__gt=0),
            Q(paid_online=True),
            "hồ sơ thanh toán trực tuyến",
            "hồ sơ có phí, lệ phí",
        ),
        Indicator(
            "digitised_rate",
            "Tỷ lệ số hóa hồ sơ",
            RECEIVED,
            _ALL,
            Q(digitised=True),
            "hồ sơ đã số hóa thành phần",
            "tất cả hồ sơ",
        ),
        Indicator(
            "e_result_rate",
            "Tỷ lệ trả kết quả điện tử",
            RESULT,
            _HAS_RESULT,
            Q(e_result=True),
            "hồ sơ trả kết quả điện tử",
            "hồ sơ có kết quả",
        ),
        Indicator(
            "on_time_rate",
            "Tỷ lệ giải quyết đúng hạn",
            RESULT,
            _HAS_RESULT,
            Q(result_at__lte=F("due_at")),
            "hồ sơ có kết quả không muộn hơn hẹn trả",
            "hồ sơ có kết quả",
        ),
        Indicator("overdue_open", "Số hồ sơ quá hạn chưa giải quyết", OPEN, None, _ALL, "hồ sơ quá hạn"),
        Indicator(
            "portal_sync_rate",
            "Tỷ lệ hồ sơ cập nhật lên Cổng DVC tỉnh",
            RECEIVED,
            _ALL,
            Q(portal_synced=True),
            "hồ sơ đã có trên Cổng DVC tỉnh",
            "tất cả hồ sơ",
        ),
        Indicator(
            "level2_account_rate",
            "Tỷ lệ hồ sơ mức độ 2 có tài khoản DVC quốc gia",
            RECEIVED,
            Q(online_level=2),
            Q(national_account=True),
            "hồ sơ đã tạo tài khoản",
            "hồ sơ của thủ tục mức độ 2",
        ),
        Indicator(
            "level2_result_digitised_rate",
            "Tỷ lệ hồ sơ mức độ 2 số hóa kết quả",
            RESULT,
            Q(online_level=2) & _HAS_RESULT,
            Q(result_digitised=True),
            "hồ sơ số hóa kết quả",
            "hồ sơ mức độ 2 có kết quả",
        ),
        Indicator(
            "level4_rate",
            "Tỷ lệ hồ sơ DVC mức độ 4 nộp trực tuyến",
            RECEIVED,
            _ALL,
            Q(online_level=4, channel="online"),
            "hồ sơ mức độ 4 nộp trực tuyến",
            "tất cả hồ sơ",
        ),
        Indicator(
            "interagency_online_rate",
            "Tỷ lệ hồ sơ liên thông nộp trực tuyến",
            RECEIVED,
            Q(interagency=True),
            Q(channel="online"),
            "hồ sơ liên thông nộp trực tuyến",
            "hồ sơ liên thông",
        ),
    ]
}


def counted(as_of: datetime) -> Q:
    """Dossiers that exist for a report made at ``as_of``."""
    withdrawn = Q(state__in=NOT_COUNTED_STATES) & Q(closed_at__lte=as_of)
    return Q(recorded_at__lte=as_of) & ~withdrawn


def in_window(date: str, start: datetime, end: datetime, as_of: datetime) -> Q:
    """The indicator's date in [start, end) and not after ``as_of``; for OPEN, open and overdue at ``as_of``."""
    if date == RECEIVED:
        return Q(received_at__gte=start, received_at__lt=end, received_at__lte=as_of)
    if date == RESULT:
        return Q(result_at__gte=start, result_at__lt=end, result_at__lte=as_of)
    still_open = (Q(result_at__isnull=True) | Q(result_at__gt=as_of)) & (
        Q(closed_at__isnull=True) | Q(closed_at__gt=as_of)
    )
    return Q(received_at__lte=as_of, due_at__lt=as_of) & still_open
