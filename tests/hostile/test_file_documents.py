"""Hostile text carried in by files — the portal's export (procedure names), the procedure catalogue (names and
components), a unit file (unit names) and a PAR index set (criterion and set names) — loaded by the real
commands, then out through every page and document that shows it: stored and printed exactly as typed after
the documented normalisation (docs/security.md), every DOCX and XLSX well formed. Every case goes into one
file, so that each story loads once and writes each document once."""

import csv
import io
from datetime import date, datetime
from io import StringIO

from django.core.management import call_command

from cchc.core.calendar import VN_TZ
from cchc.dossiers.models import Dossier
from cchc.procedures.models import Procedure
from cchc.reports.services import weekly_report_make
from cchc.units.models import Unit
from tests.conftest import PASSWORD
from tests.dossiers.test_views import form_data
from tests.hostile.documents import (
    CASES,
    body,
    missing_in_docx,
    missing_in_html,
    missing_in_xlsx,
)
from tests.imports.conftest import run_import
from tests.imports.files import csv_bytes, row

NOVEMBER = {"from": "2022-11-01", "to": "2022-11-30"}


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _problems(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {where: texts for where, texts in found.items() if texts}


def test_it_prints_procedure_names_from_a_portal_export_exactly(
    client, tmp_path, yen_trung_clerk, compiler, leader
):
    names = [case.fit(500) for case in CASES]
    export = tmp_path / "thang11.csv"
    export.write_text(
        csv_bytes(
            [
                row(f"000.00.25.H40-221102-{number:04d}", procedure=f"9.{number:06d}", name=name.typed)
                for number, name in enumerate(names, start=1)
            ]
        ),
        encoding="utf-8",
    )

    imported = run_import(export)

    assert imported.code == 0, imported.err
    stored = dict(Procedure.objects.filter(from_import=True).values_list("code", "name"))
    assert stored == {f"9.{n:06d}": name.line for n, name in enumerate(names, start=1)}
    expected = [name.line for name in names]
    found = {}
    assert client.login(username=yen_trung_clerk.username, password=PASSWORD)
    found["book"] = missing_in_html(body(client.get("/dossiers/book/", NOVEMBER)), expected)
    found["book.xlsx"] = missing_in_xlsx(
        body(client.get("/dossiers/book/", {**NOVEMBER, "format": "xlsx"})), expected
    )
    found["book.docx"] = missing_in_docx(
        body(client.get("/dossiers/book/", {**NOVEMBER, "format": "docx"})), expected
    )
    for dossier, name in zip(Dossier.objects.order_by("code"), names, strict=True):
        for form in ("mau01", "mau04", "mau05"):
            document = body(client.get(f"/dossiers/{dossier.code}/forms/{form}.docx"))
            found[f"{dossier.code} {form}.docx"] = missing_in_docx(document, [name.line])
    assert client.login(username=compiler.username, password=PASSWORD)
    query = {**NOVEMBER, "unit": "13798"}
    found["reconciliation"] = missing_in_html(body(client.get("/imports/reconciliation/", query)), expected)
    workbook = body(client.get("/imports/reconciliation/", {**query, "format": "xlsx"}))
    found["reconciliation.xlsx"] = missing_in_xlsx(workbook, expected)
    # As of the end of 2022: still open then, and their units still existed (they ended on 30/06/2025).
    report = weekly_report_make(
        actor=leader, report_date=date(2022, 11, 11), as_of=datetime(2022, 12, 31, 23, 0, tzinfo=VN_TZ)
    )
    assert client.login(username=leader.username, password=PASSWORD)
    # The Friday report lists the overdue dossiers with the first 60 characters of their procedure.
    found["report.docx"] = missing_in_docx(
        body(client.get(f"/dashboard/reports/{report.pk}.docx")), [text[:60] for text in expected]
    )
    body(client.get(f"/dashboard/reports/{report.pk}.xlsx"))
    assert _problems(found) == {}


CATALOGUE_HEADER = [
    "code",
    "name",
    "field",
    "level",
    "limit_kind",
    "limit_amount",
    "online_level",
    "components",
]


def test_it_prints_procedure_and_component_names_from_the_catalogue_exactly(
    client, tmp_path, lam_clerk, y_yen
):
    names = [case.fit(500) for case in CASES]
    # A component is written "name|originals|copies", components separated by ";": names holding either
    # character cannot be components.
    papers = {case.id: case.fit(500) for case in CASES if not {";", "|"} & set(case.typed)}
    rows = [
        [
            f"T.{n:03d}",
            name.typed,
            "Thử",
            "commune",
            "days",
            "3",
            "2",
            f"{papers[name.id].typed}|1|0" if name.id in papers else "",
        ]
        for n, name in enumerate(names, start=1)
    ]
    catalogue = tmp_path / "thu-tuc.csv"
    catalogue.write_text(_csv(CATALOGUE_HEADER, rows), encoding="utf-8")

    call_command("load-procedures", str(catalogue), stdout=StringIO())

    procedures = list(Procedure.objects.filter(code__startswith="T.").order_by("code"))
    assert [p.name for p in procedures] == [name.line for name in names]
    found = {}
    assert client.login(username=lam_clerk.username, password=PASSWORD)
    for procedure, name in zip(procedures, names, strict=True):
        response = client.post("/dossiers/new/", form_data(procedure, request=""))
        assert response.status_code == 302, response.content.decode()[:300]
        code = response.url.strip("/").rsplit("/", 1)[-1]
        shown = [name.line] + ([papers[name.id].line] if name.id in papers else [])
        found[f"{code} mau01"] = missing_in_html(body(client.get(f"/dossiers/{code}/forms/mau01/")), shown)
        found[f"{code} mau01.docx"] = missing_in_docx(
            body(client.get(f"/dossiers/{code}/forms/mau01.docx")), shown
        )
    expected = [name.line for name in names]
    found["book.xlsx"] = missing_in_xlsx(
        body(client.get("/dossiers/book/", {**NOVEMBER, "format": "xlsx"})), expected
    )
    found["book.docx"] = missing_in_docx(
        body(client.get("/dossiers/book/", {**NOVEMBER, "format": "docx"})), expected
    )
    assert _problems(found) == {}


def test_it_prints_unit_names_from_a_unit_file_exactly(client, tmp_path, leader, y_yen):
    names = [case.fit(200) for case in CASES]
    communes = sorted(u.code for u in y_yen.values() if u.kind == "commune")[: len(names)]
    units = tmp_path / "don-vi.csv"
    rows = [
        [code, name.typed, "commune", "360", "1", "", "2025-06-30"]
        for code, name in zip(communes, names, strict=True)
    ]
    units.write_text(
        _csv(["code", "name", "kind", "parent", "official", "valid_from", "valid_to"], rows), encoding="utf-8"
    )

    call_command("load-units", f"--file={units}", stdout=StringIO())

    stored = dict(Unit.objects.filter(code__in=communes).values_list("code", "name"))
    assert stored == {code: name.line for code, name in zip(communes, names, strict=True)}
    expected = [name.line for name in names]
    report = weekly_report_make(actor=leader, report_date=date(2022, 11, 11))
    assert client.login(username=leader.username, password=PASSWORD)
    found = {
        "units": missing_in_html(body(client.get("/units/?on=2022-11-11")), expected),
        "report.docx": missing_in_docx(body(client.get(f"/dashboard/reports/{report.pk}.docx")), expected),
        "report.xlsx": missing_in_xlsx(body(client.get(f"/dashboard/reports/{report.pk}.xlsx")), expected),
    }
    assert _problems(found) == {}
