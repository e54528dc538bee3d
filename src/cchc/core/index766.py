"""The service-quality index of Decision 766/QĐ-TTg (signed 23/6/2022), as the National Public Service Portal
scores it, from what the register's data can measure. Pure Python: no Django import.

Source: Quyết định 766/QĐ-TTg ngày 23/6/2022 phê duyệt Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng
phục vụ người dân, doanh nghiệp trong thực hiện TTHC, DVC theo thời gian thực trên môi trường điện tử, Phụ lục:
six groups, 100 points (the sub-criteria and maxima below, as DOMAIN.md records them from the annex).

Scoring rule (the annex's "đạt ngưỡng"): a measured sub-criterion earns its full maximum when its rate reaches
its threshold, and ``rate × maximum ÷ threshold`` below it — 80% for dossiers on time, digitised and returned
electronically, 50% for the share of full-online dossiers, 90% for satisfaction. A sub-criterion the register
cannot measure (what the national portal measures on its own: publication of procedures, the national
portal's sync, complaint handling, certified copies, reuse, the personal data store, the population database)
is "chưa đo được": it earns no points and is left out of the measured maximum, never guessed. A threshold this
module could not read from the annex is marked (check).

The rates come from ``cchc.kpis.index766`` (how each is counted: docs/indicators.md, "Decision 766").
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NOT_MEASURED = "chưa đo được"
NO_DATA = "không phát sinh hồ sơ để tính"


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    maximum: int


@dataclass(frozen=True)
class Criterion:
    group: Group
    code: str
    name: str
    maximum: int
    rate: str | None  # the rate it is measured from (``cchc.kpis.index766.RATES``); None: not measurable here
    threshold: Fraction = Fraction(1)
    note: str = ""


CKMB = Group("CKMB", "Công khai, minh bạch", 18)
TDGQ = Group("TDGQ", "Tiến độ giải quyết", 20)
CLGQ = Group("CLGQ", "Dịch vụ công trực tuyến", 12)
TTTT = Group("TTTT", "Thanh toán trực tuyến", 10)
MDHL = Group("MDHL", "Mức độ hài lòng", 18)
MDSH = Group("MDSH", "Số hóa hồ sơ", 22)
GROUPS = (CKMB, TDGQ, CLGQ, TTTT, MDHL, MDSH)

CRITERIA = (
    Criterion(CKMB, "CKMB1", "TTHC được công bố, công khai đúng hạn", 6, None),
    Criterion(CKMB, "CKMB2", "TTHC được cập nhật, công khai đúng hạn", 4, None),
    Criterion(CKMB, "CKMB3", "TTHC được công khai đầy đủ", 2, None),
    Criterion(CKMB, "CKMB4", "Hồ sơ được đồng bộ lên Cổng DVC quốc gia", 6, None),
    Criterion(TDGQ, "TDGQ1", "Hồ sơ giải quyết đúng hạn", 20, "on_time", Fraction(4, 5)),
    Criterion(CLGQ, "CLGQ1", "Hồ sơ trực tuyến toàn trình", 12, "full_online", Fraction(1, 2)),
    Criterion(
        TTTT,
        "TTTT1",
        "Hồ sơ thanh toán trực tuyến",
        10,
        "online_payment",
        Fraction(1, 2),
        "ngưỡng 50% (check)",
    ),
    Criterion(MDHL, "MDHL1", "Phản ánh, kiến nghị được xử lý đúng hạn", 6, None),
    Criterion(MDHL, "MDHL2", "Hài lòng về giải quyết phản ánh, kiến nghị", 6, None),
    Criterion(MDHL, "MDHL3", "Hài lòng về tiếp nhận, giải quyết TTHC", 6, "satisfaction", Fraction(9, 10)),
    Criterion(MDSH, "MDSH1", "Hồ sơ trả kết quả điện tử", 6, "e_result", Fraction(4, 5)),
    Criterion(MDSH, "MDSH2", "Hồ sơ được số hóa", 4, "digitised", Fraction(4, 5)),
    Criterion(MDSH, "MDSH3", "Cấp bản sao điện tử có giá trị pháp lý", 2, None),
    Criterion(MDSH, "MDSH4", "Tái sử dụng kết quả số hóa", 2, None),
    Criterion(MDSH, "MDSH5", "Kho dữ liệu cá nhân trên Cổng DVC quốc gia", 4, None),
    Criterion(MDSH, "MDSH6", "Hồ sơ khai thác Cơ sở dữ liệu quốc gia về dân cư", 2, None),
    Criterion(MDSH, "MDSH7", "TTHC kết nối Cơ sở dữ liệu quốc gia về dân cư", 2, None),
)


@dataclass(frozen=True)
class SubScore:
    criterion: Criterion
    rate: Fraction | None  # the measured rate; None: no data or not measurable
    points: Decimal | None
    formula: str


def _points(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _pct(rate: Fraction) -> str:
    exact = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
    return f"{exact.quantize(Decimal('0.1'), ROUND_HALF_UP)}%".replace(".", ",")


def satisfaction(*, on_time: Fraction | None, satisfied: Fraction | None) -> Fraction | None:
    """MDHL3, satisfaction with reception and handling: 100% − (late share + "not satisfied" share), never < 0.

    The annex's rule (DOMAIN.md): satisfaction = 100% − (late % + % of dossiers with a complaint or dislike).
    The late share is 1 − the on-time rate of this index; the dislike share is 1 − ``satisfaction_rate`` (the
    citizens' ratings, "Hài lòng" and "Bình thường" counting as satisfied, as the national portal counts them).
    ``None`` (không phát sinh) when no dossier was rated: without a rating the part is not guessed.
    """
    if satisfied is None:
        return None
    late = 1 - on_time if on_time is not None else Fraction(0)
    return max(Fraction(0), 1 - late - (1 - satisfied))


def score(rates: dict[str, Fraction | None]) -> list[SubScore]:
    """Every sub-criterion's points from the exact rates (``None``: không phát sinh; missing: not measured)."""
    result = []
    for criterion in CRITERIA:
        if criterion.rate is None or criterion.rate not in rates:
            result.append(SubScore(criterion, None, None, NOT_MEASURED))
            continue
        rate = rates[criterion.rate]
        if rate is None:
            result.append(SubScore(criterion, None, None, NO_DATA))
            continue
        if rate >= criterion.threshold:
            points = _points(Fraction(criterion.maximum))
            formula = f"{_pct(rate)} ≥ {_pct(criterion.threshold)} → {criterion.maximum}"
        else:
            points = _points(rate * criterion.maximum / criterion.threshold)
            formula = f"{_pct(rate)} × {criterion.maximum} ÷ {_pct(criterion.threshold)}"
        result.append(SubScore(criterion, rate, points, formula))
    return result


def group_points(subscores: list[SubScore]) -> dict[str, tuple[Decimal | None, int]]:
    """{group code: (points of its measured sub-criteria or None when none was measured, its maximum)}."""
    totals: dict[str, tuple[Decimal | None, int]] = {}
    for group in GROUPS:
        measured = [s.points for s in subscores if s.criterion.group == group and s.points is not None]
        totals[group.code] = (sum(measured, Decimal(0)) if measured else None, group.maximum)
    return totals


def measured_total(subscores: list[SubScore]) -> tuple[Decimal, int]:
    """Points earned and the maximum of the sub-criteria that could be measured."""
    measured = [s for s in subscores if s.points is not None]
    return sum((s.points for s in measured), Decimal(0)), sum(s.criterion.maximum for s in measured)
