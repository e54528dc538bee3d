"""PAR index scoring rules, totals and ranking, in exact arithmetic (no Django import).

A criterion of an index set (bộ chỉ số CCHC) is scored by one of five rules, written in the column
``Cách chấm`` of the set's spreadsheet (case and diacritics as written below, decimals with a comma or a dot):

- ``thủ công`` — manual: the assessor gives points within [0, maximum].
- ``có/không`` — yes/no: the maximum when the task was done, 0 otherwise.
- ``bậc ≥90%=2; ≥70%=1`` — tiered by a rate: the score of the highest threshold the rate reaches (a rate
  exactly on a threshold reaches it), 0 below the lowest threshold.
- ``tỷ lệ`` or ``tỷ lệ đủ 80%`` — proportional: maximum × rate, or maximum × rate / 80% capped at the
  maximum when the full score is reached at a rate below 100%.
- ``trừ 0,5/lần`` — deduction: maximum minus 0.5 per item (violation, late report…), never below 0.

These are the rule kinds of the PAR index methodology (Quyết định 876/QĐ-BNV ngày 10/11/2022 of the Ministry
of Home Affairs for the provincial index, mirrored by the provinces' sets for districts, offices and
communes). Rates are fractions in [0, 1]; scores are ``Fraction``; ``to_points`` rounds a score half up to
two decimals for storage, so that totals add up the stored points exactly.
"""

import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from cchc.core import numbers

COMMITMENT = Fraction(80, 100)  # the district's commitment: at least 80% of the maximum (notice, order 1)


class RuleError(ValueError):
    """A rule written wrongly in an index set (the message is Vietnamese and names what is wrong)."""


class ScoringError(ValueError):
    """An input a rule cannot score (out of range, wrong type); the message is Vietnamese."""


def _num(text: str) -> Fraction:
    try:
        return Fraction(numbers.parse_decimal(text, label="số trong cách chấm"))
    except numbers.NumberError as exc:
        raise RuleError(str(exc)) from exc


def fmt(value: Fraction | Decimal | int) -> str:
    """Vietnamese display of a number: decimal comma, at most two decimals, no trailing zeros."""
    points = to_points(Fraction(value)) if not isinstance(value, Decimal) else value
    text = f"{points:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def to_points(value: Fraction) -> Decimal:
    """Round a non-negative score half up to two decimals (the precision scores are stored and shown in)."""
    if value < 0:
        raise ScoringError("Điểm không được âm.")
    hundredths = (value * 100 + Fraction(1, 2)).__floor__()
    return Decimal(hundredths).scaleb(-2)


def _check_rate(rate: Fraction) -> None:
    if not 0 <= rate <= 1:
        raise ScoringError("Tỷ lệ phải từ 0% đến 100%.")


@dataclass(frozen=True)
class Manual:
    """Points given by hand within [0, maximum]."""

    kind = "manual"
    input_kind = "points"

    def score(self, value: Fraction, maximum: Fraction) -> Fraction:
        value = Fraction(value)
        if not 0 <= value <= maximum:
            raise ScoringError(f"Điểm phải từ 0 đến {fmt(maximum)}.")
        return value

    def problems(self, maximum: Fraction) -> list[str]:
        return []

    def describe(self) -> str:
        return "Chấm điểm trực tiếp trong khoảng từ 0 đến điểm tối đa"


@dataclass(frozen=True)
class YesNo:
    """The maximum when done (yes), 0 when not."""

    kind = "yes_no"
    input_kind = "yes_no"

    def score(self, value: bool, maximum: Fraction) -> Fraction:
        if not isinstance(value, bool):
            raise ScoringError("Chỉ chọn Có hoặc Không.")
        return Fraction(maximum) if value else Fraction(0)

    def problems(self, maximum: Fraction) -> list[str]:
        return []

    def describe(self) -> str:
        return "Có: điểm tối đa; Không: 0 điểm"


@dataclass(frozen=True)
class Tiered:
    """The score of the highest threshold the rate reaches (``rate >= threshold``), 0 below every threshold.

    ``tiers`` are (threshold, score) pairs, highest threshold first.
    """

    tiers: tuple[tuple[Fraction, Fraction], ...]
    kind = "tiered"
    input_kind = "rate"

    def score(self, rate: Fraction, maximum: Fraction) -> Fraction:
        rate = Fraction(rate)
        _check_rate(rate)
        for threshold, points in self.tiers:
            if rate >= threshold:
                return points
        return Fraction(0)

    def problems(self, maximum: Fraction) -> list[str]:
        found = []
        thresholds = [t for t, _ in self.tiers]
        if len(set(thresholds)) != len(thresholds):
            found.append("hai bậc có cùng ngưỡng")
        for threshold, points in self.tiers:
            if not 0 <= threshold <= 1:
                found.append(f"ngưỡng {fmt(threshold * 100)}% nằm ngoài 0–100%")
            if not 0 <= points <= maximum:
                found.append(f"điểm bậc {fmt(points)} vượt quá điểm tối đa {fmt(maximum)}")
        scores = [p for _, p in self.tiers]
        if any(a < b for a, b in zip(scores, scores[1:], strict=False)):
            found.append("ngưỡng cao hơn phải có điểm không thấp hơn ngưỡng thấp hơn")
        return found

    def describe(self) -> str:
        parts = [f"từ {fmt(t * 100)}%: {fmt(p)} điểm" for t, p in self.tiers]
        return "Theo bậc tỷ lệ — " + "; ".join(parts) + "; thấp hơn: 0 điểm"


@dataclass(frozen=True)
class Proportional:
    """maximum × rate / full_at, capped at the maximum (``full_at`` is 100% unless written)."""

    full_at: Fraction = Fraction(1)
    kind = "proportional"
    input_kind = "rate"

    def score(self, rate: Fraction, maximum: Fraction) -> Fraction:
        rate = Fraction(rate)
        _check_rate(rate)
        return min(Fraction(maximum), maximum * rate / self.full_at)

    def problems(self, maximum: Fraction) -> list[str]:
        if not 0 < self.full_at <= 1:
            return ["tỷ lệ đạt điểm tối đa phải lớn hơn 0% và không quá 100%"]
        return []

    def describe(self) -> str:
        if self.full_at == 1:
            return "Tỷ lệ thuận: điểm tối đa × tỷ lệ đạt được"
        return f"Tỷ lệ thuận, đạt điểm tối đa khi tỷ lệ từ {fmt(self.full_at * 100)}%"


@dataclass(frozen=True)
class Deduction:
    """maximum − per_item × count, never below 0."""

    per_item: Fraction
    kind = "deduction"
    input_kind = "count"

    def score(self, count: int, maximum: Fraction) -> Fraction:
        if isinstance(count, bool) or int(count) != count or count < 0:
            raise ScoringError("Số lần vi phạm phải là số nguyên không âm.")
        return max(Fraction(0), maximum - self.per_item * int(count))

    def problems(self, maximum: Fraction) -> list[str]:
        if self.per_item <= 0:
            return ["điểm trừ mỗi lần phải lớn hơn 0"]
        if self.per_item > maximum:
            return [f"điểm trừ mỗi lần {fmt(self.per_item)} lớn hơn điểm tối đa {fmt(maximum)}"]
        return []

    def describe(self) -> str:
        return f"Trừ {fmt(self.per_item)} điểm mỗi lần, thấp nhất 0 điểm"


Rule = Manual | YesNo | Tiered | Proportional | Deduction

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_TIER = re.compile(rf"^(?:≥|>=)?\s*{_NUMBER}\s*%\s*[=:]\s*{_NUMBER}$")
_PROPORTIONAL = re.compile(rf"^tỷ lệ(?:\s+đủ\s+{_NUMBER}\s*%)?$")
_DEDUCTION = re.compile(rf"^trừ\s+{_NUMBER}\s*/\s*(?:lần|trường hợp|văn bản|hồ sơ)$")


def parse_rule(text: str) -> Rule:
    """Read the ``Cách chấm`` cell of an index set; raise ``RuleError`` saying what is wrong."""
    spec = " ".join(unicodedata.normalize("NFC", text or "").strip().casefold().split())
    spec = spec.replace("tỉ lệ", "tỷ lệ")
    if spec in {"thủ công", "chấm trực tiếp"}:
        return Manual()
    if spec in {"có/không", "có / không"}:
        return YesNo()
    if spec.startswith("bậc"):
        items = [item.strip() for item in spec.removeprefix("bậc").strip(" :").split(";") if item.strip()]
        if not items:
            raise RuleError("cách chấm theo bậc chưa có ngưỡng nào (ví dụ: bậc ≥90%=2; ≥70%=1)")
        tiers = []
        for item in items:
            match = _TIER.match(item)
            if not match:
                raise RuleError(f"bậc '{item}' không đúng dạng ≥90%=2")
            tiers.append((_num(match[1]) / 100, _num(match[2])))
        return Tiered(tuple(sorted(tiers, key=lambda tier: tier[0], reverse=True)))
    if match := _PROPORTIONAL.match(spec):
        return Proportional(_num(match[1]) / 100 if match[1] else Fraction(1))
    if match := _DEDUCTION.match(spec):
        return Deduction(_num(match[1]))
    shown = text.strip() or "(trống)"
    raise RuleError(
        f"cách chấm '{shown}' không hiểu được (dùng: thủ công; có/không; bậc ≥90%=2; ≥70%=1; "
        "tỷ lệ; tỷ lệ đủ 80%; trừ 0,5/lần)"
    )


def rule_problems(text: str, maximum: Fraction) -> list[str]:
    """Every problem of a rule as written for a criterion of ``maximum`` points (empty when well-formed)."""
    try:
        rule = parse_rule(text)
    except RuleError as exc:
        return [str(exc)]
    return rule.problems(Fraction(maximum))


def percentage(total: Fraction | Decimal, maximum: Fraction | Decimal) -> Fraction:
    """``total`` as a percentage of ``maximum`` (exact)."""
    if not maximum:
        return Fraction(0)
    return Fraction(total) * 100 / Fraction(maximum)


def meets_commitment(total: Fraction | Decimal, maximum: Fraction | Decimal) -> bool:
    """Whether ``total`` reaches 80% of ``maximum`` (80% exactly meets it)."""
    return bool(maximum) and Fraction(total) >= COMMITMENT * Fraction(maximum)


@dataclass(frozen=True)
class Ranked:
    key: Hashable
    score: Fraction | Decimal
    rank: int


def rank(entries: Iterable[tuple[Hashable, Fraction | Decimal]]) -> list[Ranked]:
    """Rank by score, highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4).

    This is standard competition ranking, as the published PAR rankings use it. Entries with equal scores
    keep the order they were given in (sort them by name before calling for a stable listing).
    """
    ordered = sorted(entries, key=lambda entry: Fraction(entry[1]), reverse=True)
    result: list[Ranked] = []
    for position, (key, score) in enumerate(ordered, start=1):
        if result and Fraction(result[-1].score) == Fraction(score):
            result.append(Ranked(key, score, result[-1].rank))
        else:
            result.append(Ranked(key, score, position))
    return result


@dataclass(frozen=True)
class Loss:
    code: str
    lost: Fraction


def largest_losses(items: Sequence[tuple[str, Fraction | Decimal, Fraction | Decimal]], limit: int = 5):
    """The criteria that lost most points: (code, maximum, score) → ``Loss`` list, largest loss first.

    Criteria that lost nothing are left out; equal losses keep the given (code) order.
    """
    losses = [Loss(code, Fraction(maximum) - Fraction(score)) for code, maximum, score in items]
    losses = [loss for loss in losses if loss.lost > 0]
    return sorted(losses, key=lambda loss: loss.lost, reverse=True)[:limit]
