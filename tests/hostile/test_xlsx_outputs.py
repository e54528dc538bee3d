"""Formula injection: every workbook cchc writes holds text as text. ``=HYPERLINK(…)`` typed by a citizen, a
clerk or a commune, or carried in by a portal export, must never become a live formula in the tracking book,
the Friday report, the import's error workbook, the reconciliation or the PAR exports.

The rule checked on every cell of every sheet: no formula cell, and no text cell that a spreadsheet would
read as a formula (starting with = + - @, a tab or a carriage return).
"""

import io
from datetime import date

import openpyxl
import pytest

from cchc.core.xlsx import FORMULA_STARTS
from cchc.par import services as par
from cchc.par.setfile import parse_set
from cchc.reports.services import weekly_report_make
from tests.conftest import PASSWORD
from tests.dossiers.test_receive import receive
from tests.hostile import corpus
from tests.imports.conftest import run_import
from tests.imports.files import csv_bytes, row
from tests.par.conftest import SMALL_SET, assessment_of, score_of

LINK, SUM, CMD = corpus.FORMULAS[0], corpus.FORMULAS[1], corpus.FORMULAS[2]


def live_formulas(content: bytes) -> list[str]:
    """Every cell of every sheet that a spreadsheet would evaluate, as "sheet!A1 value"."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    found = []
    for sheet in book.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                text = isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
                if cell.data_type == "f" or text:
                    found.append(f"{sheet.title}!{cell.coordinate} {cell.value!r}")
    return found


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def hostile_district(y_yen, lam_clerk, certification, compiler, tmp_path):
    """Hostile text everywhere a workbook may show it: the counter, the portal export, the catalogue."""
    certification.name = CMD
    certification.save()
    lam = y_yen["13795"]
    for when in ("2022-11-02 09:00", "2022-11-21 09:00"):
        receive(
            lam_clerk, lam, certification, when=when, applicant_name=LINK, applicant_address=SUM, request=CMD
        )
    export = tmp_path / "thang11.csv"
    export.write_text(
        csv_bytes(
            [
                row(SUM, procedure="", name=LINK, received="02/11/2022 08:30", due="07/11/2022 08:30"),
                row("YT-0002", unit=LINK),
                row("YT-0003", received=CMD),
            ]
        ),
        encoding="utf-8",
    )
    imported = run_import(export)
    assert imported.code == 0, imported.err
    return {"lam": lam, "errors": tmp_path / "thang11.loi.xlsx"}


def test_the_tracking_book_holds_no_formula(client, lam_clerk, hostile_district):
    assert client.login(username=lam_clerk.username, password=PASSWORD)

    content = body(
        client.get("/dossiers/book/", {"from": "2022-11-01", "to": "2022-11-30", "format": "xlsx"})
    )

    assert live_formulas(content) == []
    texts = [c.value for s in openpyxl.load_workbook(io.BytesIO(content)).worksheets for r in s for c in r]
    assert "'" + LINK in texts  # the citizen's text is kept, shown, and inert


def test_the_import_error_workbook_holds_no_formula(hostile_district):
    assert live_formulas(hostile_district["errors"].read_bytes()) == []


def test_the_reconciliation_workbook_holds_no_formula(client, compiler, hostile_district):
    assert client.login(username=compiler.username, password=PASSWORD)
    query = {"unit": "13798", "from": "2022-11-01", "to": "2022-11-30", "format": "xlsx"}

    assert live_formulas(body(client.get("/imports/reconciliation/", query))) == []


def test_the_friday_report_workbook_holds_no_formula(leader, hostile_district):
    report = weekly_report_make(actor=leader, report_date=date(2022, 11, 25))

    with report.xlsx.open("rb") as handle:
        assert live_formulas(handle.read()) == []


def test_the_par_exports_hold_no_formula(client, appraiser, lam_head, y_yen):
    hostile_set = par.index_set_load(
        rows=parse_set(SMALL_SET.replace("Báo cáo CCHC đầy đủ", SUM).encode()),
        name=LINK,
        kind="commune",
        year=2022,
        actor_label="test",
    )
    campaign = par.campaign_open(
        user=appraiser,
        name=CMD,
        year=2022,
        index_sets=[hostile_set],
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        self_assessment_due=date(2022, 12, 15),
        appraisal_due=date(2022, 12, 25),
        results_published_on=date(2022, 12, 30),
        units=[y_yen["13795"], y_yen["13798"]],
    )
    assessment = assessment_of(campaign, "13795")
    par.score_self(user=lam_head, score=score_of(assessment, "1.1"), value=True, explanation=LINK)
    assert client.login(username=appraiser.username, password=PASSWORD)

    exported = body(client.get(f"/par/assessments/{assessment.pk}/export.xlsx"))
    ranking = body(client.get(f"/par/campaigns/{campaign.pk}/ranking.xlsx"))

    assert live_formulas(exported) == []
    assert live_formulas(ranking) == []
