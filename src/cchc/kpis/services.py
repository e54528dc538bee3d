"""Writes to committed targets: loading a target file (CSV), all or nothing, idempotent."""

import csv
import io
from datetime import date
from decimal import Decimal
from importlib import resources

from django.db import transaction

from cchc.audit.changes import save_changes
from cchc.audit.trail import acting_as
from cchc.core import numbers
from cchc.core.calendar import check_day
from cchc.kpis.indicators import INDICATORS
from cchc.kpis.models import Target, TargetSet
from cchc.units.models import Unit, UnitKind
from cchc.units.selectors import unit_at

BUNDLED = {"notice-2022": "targets-notice-2022.csv"}
MAX_TARGET = Decimal("99999.99")  # what a target stores: five integer digits, two decimals


class TargetFileError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Tệp chỉ tiêu bị từ chối, không nạp dòng nào:\n" + "\n".join(problems))


def bundled_targets(name: str) -> bytes:
    return resources.files("cchc.kpis").joinpath("data", BUNDLED[name]).read_bytes()


def targets_load(*, data: bytes, actor_label: str) -> int:
    """Columns: set, source, unit, unit_kind, valid_from, valid_to, indicator, comparison, value."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    units: dict[tuple[str, date], Unit] = {}
    problems: list[str] = []
    parsed = []
    for line, row in enumerate(rows, start=2):
        try:
            start, end = (
                check_day(date.fromisoformat(row["valid_from"])),
                check_day(date.fromisoformat(row["valid_to"])),
            )
            value = numbers.parse_decimal(row["value"], minimum=0, maximum=MAX_TARGET, places=2)
        except (ValueError, KeyError):
            problems.append(f"Dòng {line}: ngày hoặc giá trị không đúng dạng.")
            continue
        if row["indicator"] not in INDICATORS:
            problems.append(f"Dòng {line}: không có chỉ số '{row['indicator']}'.")
        if row["comparison"] not in (">=", "<="):
            problems.append(f"Dòng {line}: so sánh phải là >= hoặc <=.")
        if row["unit"] and (found := unit_at(row["unit"], on=start)) is None:
            problems.append(f"Dòng {line}: không có đơn vị mã '{row['unit']}' vào ngày {start:%d/%m/%Y}.")
        elif row["unit"]:
            units[row["unit"], start] = found
        if not row["unit"] and row["unit_kind"] not in UnitKind.values:
            problems.append(f"Dòng {line}: cần mã đơn vị hoặc loại đơn vị hợp lệ.")
        parsed.append((row, start, end, value))
    if problems:
        raise TargetFileError(problems)
    changed = 0
    with transaction.atomic(), acting_as(None, label=actor_label):
        for row, start, end, value in parsed:
            target_set, _ = TargetSet.objects.get_or_create(
                name=row["set"],
                defaults={
                    "source": row["source"],
                    "unit": units.get((row["unit"], start)),
                    "unit_kind": row["unit_kind"],
                    "valid_from": start,
                    "valid_to": end,
                },
            )
            target, created = Target.objects.get_or_create(
                target_set=target_set,
                indicator=row["indicator"],
                defaults={"comparison": row["comparison"], "value": value},
            )
            changed += created or save_changes(target, {"comparison": row["comparison"], "value": value})
    return changed
