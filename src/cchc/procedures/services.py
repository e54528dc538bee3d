"""Writes to the procedure catalogue: loading it from a CSV or XLSX file, all or nothing."""

from importlib import resources

from django.db import transaction

from cchc.audit.changes import save_changes
from cchc.audit.trail import acting_as
from cchc.core.catalogue import ProcedureRow, parse_catalogue, read_catalogue
from cchc.core.sheet import Record
from cchc.procedures.models import Procedure, ProcedureComponent
from cchc.units.models import Unit, UnitKind
from cchc.units.services import LoadResult

BUNDLED_CATALOGUE = "catalogue-2022.csv"


def bundled_catalogue() -> bytes:
    return resources.files("cchc.procedures").joinpath("data", BUNDLED_CATALOGUE).read_bytes()


def read_rows(*, data: bytes, name: str) -> list[Record]:
    return read_catalogue(data, name)


def catalogue_load(*, rows: list[Record], actor_label: str) -> LoadResult:
    offices = {u.code: u for u in Unit.objects.filter(kind=UnitKind.OFFICE)}
    parsed = parse_catalogue(rows, office_codes=frozenset(offices))
    with transaction.atomic(), acting_as(None, label=actor_label):
        return _upsert(parsed, offices)


def _upsert(rows: list[ProcedureRow], offices: dict[str, Unit]) -> LoadResult:
    existing = {p.code: p for p in Procedure.objects.filter(code__in=[r.code for r in rows])}
    created = updated = unchanged = 0
    for row in rows:
        wanted = {
            "name": row.name,
            "field": row.field,
            "level": row.level,
            "limit_kind": row.limit_kind,
            "limit_amount": row.limit_amount,
            "cutoff": row.cutoff,
            "online_level": row.online_level,
            "fee": row.fee,
            "interagency": row.interagency,
            "agencies": row.agencies,
            "verified": row.verified,
            "source": row.source,
            "note": row.note,
        }
        procedure = existing.get(row.code)
        if procedure is None:
            procedure = Procedure.objects.create(code=row.code, **wanted)
            created += 1
        elif save_changes(procedure, wanted):
            updated += 1
        else:
            unchanged += 1
        if row.office and not procedure.offices.filter(pk=offices[row.office].pk).exists():
            procedure.offices.add(offices[row.office])
        stored = {c.position: c for c in procedure.components.all()}
        for position, component in enumerate(row.components, start=1):
            values = {"name": component.name, "originals": component.originals, "copies": component.copies}
            current = stored.get(position)
            if current is None:
                ProcedureComponent.objects.create(procedure=procedure, position=position, **values)
            elif any(getattr(current, f) != v for f, v in values.items()):
                for field, value in values.items():
                    setattr(current, field, value)
                current.save(update_fields=list(values))
    return LoadResult(created, updated, unchanged)
