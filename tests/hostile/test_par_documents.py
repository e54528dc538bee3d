"""Hostile text in the PAR index: a set file's criterion name and the set's name (``cchc par-load-set``) and a
unit's explanation of its self-score (the criterion form), out through the pages and the assessment's Word
and Excel exports exactly as typed after the documented normalisation (docs/security.md)."""

import csv
import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from cchc.par import services as par
from cchc.par.models import Criterion, IndexSet
from tests.conftest import PASSWORD
from tests.hostile.documents import CASES, IDS, body, missing_in_docx, missing_in_html, missing_in_xlsx
from tests.par.conftest import SMALL_SET, assessment_of


def _set_file(criterion_name: str) -> str:
    """The small set of tests/par with the name of criterion 1.2 replaced."""
    rows = list(csv.reader(io.StringIO(SMALL_SET)))
    for cells in rows:
        if cells[0] == "1.2":
            cells[1] = criterion_name
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_it_prints_set_file_names_and_explanations_exactly(
    client, tmp_path, appraiser, lam_head, y_yen, case
):
    set_name = case.fit(200)
    path = tmp_path / "bo-chi-so.csv"
    path.write_text(_set_file(case.typed), encoding="utf-8")
    call_command(
        "par-load-set",
        str(path),
        f"--name={set_name.typed}",
        "--unit-kind",
        "commune",
        "--year",
        "2022",
        stdout=StringIO(),
    )
    index_set = IndexSet.objects.get()
    assert (index_set.name, Criterion.objects.get(code="1.2").name) == (set_name.line, case.line)
    campaign = par.campaign_open(
        user=appraiser,
        name="Đánh giá chỉ số CCHC năm 2022",
        year=2022,
        index_sets=[index_set],
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        self_assessment_due=date(2022, 12, 15),
        appraisal_due=date(2022, 12, 25),
        results_published_on=date(2022, 12, 30),
        units=[y_yen["13795"]],
    )
    assessment = assessment_of(campaign, "13795")
    assert client.login(username=lam_head.username, password=PASSWORD)
    page = f"/par/assessments/{assessment.pk}/criteria/1.2/"

    response = client.post(page, {"value": "20", "explanation": case.typed})

    assert response.status_code == 302, response.content.decode()[:300]
    shown = [set_name.line, case.line, case.lines]
    found = {
        "set": missing_in_html(body(client.get(f"/par/sets/{index_set.pk}/")), [set_name.line, case.line]),
        "criterion": missing_in_html(body(client.get(page)), [case.line, case.lines]),
        "export.docx": missing_in_docx(
            body(client.get(f"/par/assessments/{assessment.pk}/export.docx")), shown
        ),
        "export.xlsx": missing_in_xlsx(
            body(client.get(f"/par/assessments/{assessment.pk}/export.xlsx")), shown
        ),
    }
    assert {where: texts for where, texts in found.items() if texts} == {}
