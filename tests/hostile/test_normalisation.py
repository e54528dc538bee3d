"""One normalisation at every door (docs/security.md), and one rule for a NUL: refused wherever text enters,
never silently dropped. Writers also cope with text stored before the normalisation: a control character
in an old row no longer answers 500 for the whole book, export or reconciliation."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.dossiers.models import Dossier, DossierEvent
from cchc.par import services as par
from cchc.par.models import IndexSet, Score
from cchc.procedures.models import Procedure
from cchc.units.models import Unit
from tests.conftest import PASSWORD
from tests.dossiers.test_receive import receive
from tests.hostile.documents import body, missing_in_docx, missing_in_xlsx
from tests.imports.conftest import database_state, run_import
from tests.imports.files import csv_bytes, row
from tests.par.conftest import SMALL_SET, assessment_of, score_of


def test_it_normalises_what_the_admin_saves(client, admin_user, y_yen):
    lam = y_yen["13795"]
    assert client.login(username=admin_user.username, password=PASSWORD)

    response = client.post(
        f"/admin/units/unit/{lam.pk}/change/",
        {
            "code": lam.code,
            "official": "on",
            "name": "Thị tra\u0302\u0301n\x0bLâm\u202e",
            "kind": lam.kind,
            "parent": lam.parent_id,
            "agency_id": "",
            "valid_from": "",
            "valid_to": "2025-06-30",
        },
    )

    assert response.status_code == 302, response.content.decode()[:500]
    assert Unit.objects.get(pk=lam.pk).name == "Thị trấn Lâm"


def test_it_changes_nothing_for_a_nul_in_a_step_reason(client, lam_clerk, y_yen, birth):
    dossier = receive(lam_clerk, y_yen["13795"], birth)
    assert client.login(username=lam_clerk.username, password=PASSWORD)

    client.post(f"/dossiers/{dossier.code}/act/withdraw/", {"reason": "Rút\x00hồ sơ"})

    assert Dossier.objects.get().state == "received"
    assert DossierEvent.objects.count() == 1


def test_it_refuses_a_nul_in_an_explanation_next_to_the_field(client, campaign, lam_head):
    assessment = assessment_of(campaign, "13795")
    assert client.login(username=lam_head.username, password=PASSWORD)

    response = client.post(
        f"/par/assessments/{assessment.pk}/criteria/1.2/", {"value": "20", "explanation": "Đã\x00làm"}
    )

    assert response.status_code == 200
    assert "không được có ký tự rỗng (nul)" in response.content.decode().lower()
    assert score_of(assessment, "1.2").self_score is None


@pytest.mark.parametrize(
    ("command", "content"),
    [
        (["load-units", "--file={path}"], "code,name,kind,parent\n99901,Xã\x00Mới,commune,360\n"),
        (
            ["load-procedures", "{path}"],
            "code,name,field,level,limit_kind,limit_amount,online_level\n"
            "T.1,Thủ\x00tục,Thử,commune,days,3,2\n",
        ),
        (
            ["par-load-set", "{path}", "--name=Bộ", "--unit-kind=commune", "--year=2022"],
            SMALL_SET.replace("Kế hoạch CCHC", "Kế\x00hoạch"),
        ),
    ],
    ids=["unit-file", "catalogue", "set-file"],
)
def test_it_refuses_a_reference_file_with_a_nul_whole(tmp_path, y_yen, command, content):
    path = tmp_path / "tep.csv"
    path.write_text(content, encoding="utf-8")
    before = (Unit.objects.count(), Procedure.objects.count(), IndexSet.objects.count())

    with pytest.raises(CommandError) as refused:
        call_command(*(part.format(path=path) for part in command), stdout=StringIO())

    assert refused.value.returncode == 2
    assert "tệp có byte 0 (ký tự NUL)" in str(refused.value)
    assert (Unit.objects.count(), Procedure.objects.count(), IndexSet.objects.count()) == before


def test_it_refuses_a_portal_export_with_a_nul_beyond_its_first_256_kb(tmp_path, y_yen):
    rows = [
        row(f"000.00.25.H40-221102-{n:04d}", name="Thủ tục đăng ký khai sinh " * 20) for n in range(1, 800)
    ]
    rows.append(row("000.00.25.H40-221102-9999", name="Khai\x00sinh"))
    export = tmp_path / "thang11.csv"
    export.write_text(csv_bytes(rows), encoding="utf-8")
    assert export.stat().st_size > 300_000
    before = database_state()

    imported = run_import(export)

    assert imported.code == 2
    assert "có byte 0" in imported.err
    assert database_state() == before


def test_it_prints_rows_stored_before_the_normalisation(
    client, yen_trung_clerk, compiler, campaign, lam_head, y_yen, birth, tmp_path
):
    receive(yen_trung_clerk, y_yen["13798"], birth, when="2022-11-02 09:00")
    export = tmp_path / "thang11.csv"
    export.write_text(csv_bytes([row(procedure="9.000001", name="Thủ tục mới")]), encoding="utf-8")
    assert run_import(export).code == 0
    Procedure.objects.filter(code__in=["9.000001", birth.code]).update(name="Thủ tục\x0bcũ\x01")
    assessment = assessment_of(campaign, "13795")
    par.score_self(user=lam_head, score=score_of(assessment, "1.2"), value=20, explanation="x")
    Score.objects.filter(criterion__code="1.2").update(explanation="Dòng 1\x0bdòng 2\x1b")

    assert client.login(username=compiler.username, password=PASSWORD)
    query = {"unit": "13798", "from": "2022-11-01", "to": "2022-11-30", "format": "xlsx"}
    reconciliation = body(client.get("/imports/reconciliation/", query))
    assert client.login(username=lam_head.username, password=PASSWORD)
    docx = body(client.get(f"/par/assessments/{assessment.pk}/export.docx"))
    xlsx = body(client.get(f"/par/assessments/{assessment.pk}/export.xlsx"))

    assert missing_in_xlsx(reconciliation, ["Thủ tục\ncũ"]) == []
    assert missing_in_docx(docx, ["Dòng 1\ndòng 2"]) == []
    assert missing_in_xlsx(xlsx, ["Dòng 1\ndòng 2"]) == []
