"""The service-quality index of Decision 766/QĐ-TTg (2022), from what dossier data can measure.

The national portal scores a unit on 100 points in six groups. This module computes the groups that the
register's figures measure and marks the others "chưa đo được" rather than guessing them. Thresholds are the
ones described in the domain notes (check against the Decision's annex before relying on them):
below its threshold a group scores rate × max ÷ threshold; at or above it, the full maximum.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    maximum: int
    indicator: str | None  # the KPI it is measured from; None when dossier data cannot measure it
    threshold: Fraction  # the rate that earns full points
    note: str


GROUPS = (
    Group(
        "transparency",
        "Công khai, minh bạch",
        18,
        None,
        Fraction(1),
        "đo trên Cổng DVC quốc gia, chưa đo được",
    ),
    Group("progress", "Tiến độ giải quyết", 20, "on_time_rate", Fraction(1), "tỷ lệ hồ sơ đúng hạn"),
    Group(
        "online", "Dịch vụ công trực tuyến", 12, "online_rate", Fraction(1, 2), "đủ điểm khi ≥ 50% (check)"
    ),
    Group(
        "payment",
        "Thanh toán trực tuyến",
        10,
        "online_payment_rate",
        Fraction(1, 2),
        "đủ điểm khi ≥ 50% (check)",
    ),
    Group(
        "satisfaction",
        "Mức độ hài lòng",
        18,
        "on_time_rate",
        Fraction(1),
        "100% − (tỷ lệ quá hạn + tỷ lệ phản ánh); chỉ tính phần quá hạn, chưa có dữ liệu phản ánh",
    ),
    Group("digitisation", "Số hóa hồ sơ", 22, "digitised_rate", Fraction(4, 5), "đủ điểm khi ≥ 80% (check)"),
)


@dataclass(frozen=True)
class SubScore:
    group: Group
    rate: Fraction | None  # the measured rate; None: no data or not measurable
    points: Decimal | None
    formula: str


def _points(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _pct(rate: Fraction) -> str:
    return f"{(Decimal(rate.numerator * 100) / Decimal(rate.denominator)).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def score(rates: dict[str, Fraction | None]) -> list[SubScore]:
    """Sub-scores from the exact rates of the KPI engine (``None``: không phát sinh)."""
    result = []
    for group in GROUPS:
        if group.indicator is None:
            result.append(SubScore(group, None, None, group.note))
            continue
        rate = rates.get(group.indicator)
        if rate is None:
            result.append(SubScore(group, None, None, "không phát sinh hồ sơ để tính"))
            continue
        if group.code == "satisfaction":
            late = 1 - rate
            points = _points((1 - late) * group.maximum)
            formula = f"(100% − {_pct(late)} quá hạn) × {group.maximum}"
        elif rate >= group.threshold:
            points = _points(Fraction(group.maximum))
            formula = f"{_pct(rate)} ≥ {_pct(group.threshold)} → {group.maximum}"
        else:
            points = _points(rate * group.maximum / group.threshold)
            formula = f"{_pct(rate)} × {group.maximum} ÷ {_pct(group.threshold)}"
        result.append(SubScore(group, rate, points, formula))
    return result


def measured_total(subscores: list[SubScore]) -> tuple[Decimal, int]:
    """Points earned and the maximum of the groups that could be measured."""
    measured = [s for s in subscores if s.points is not None]
    return sum((s.points for s in measured), Decimal(0)), sum(s.group.maximum for s in measured)
