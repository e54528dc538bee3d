"""A commune that registers at the counter and imports the portal's export: the register is not rewritten by
what the portal says of its dossiers, they count as on the portal, and only they can have printed slips."""

from datetime import datetime
from io import StringIO

import time_machine
from django.core.management import call_command

from cchc.core.calendar import VN_TZ
from cchc.dossiers.services import dossier_receive
from cchc.procedures.models import Procedure
from tests.truth import exports
from tests.truth.test_figures import kpi


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


def portal_row(code: str, **cells) -> dict:
    """A row as the portal exports it; what it says of the counter's dossiers differs from the register."""
    row = {key: "" for key in exports.ORDER}
    row.update(
        code=code,
        procedure_code="1.001193",
        level="Toàn trình",
        unit="Thị trấn Lâm",
        channel="Trực tuyến",
        received="07/11/2022 08:00",
        due="07/11/2022",
        result="07/11/2022 10:00",
        returned="07/11/2022 10:30",
        state="Đã trả kết quả",
        digitised="Có",
        e_result="Có",
        **cells,
    )
    return row


def test_it_keeps_the_register_counts_its_dossiers_on_the_portal_and_only_them_for_slips(
    db, tmp_path, lam_clerk, y_yen
):
    call_command("load-procedures", stdout=StringIO())
    birth = Procedure.objects.get(code="1.001193")  # level 4, same day
    counter = []
    with time_machine.travel(at("2022-11-07 09:00"), tick=False):
        for minute in range(4):
            counter.append(
                dossier_receive(
                    actor=lam_clerk,
                    unit=y_yen["13795"],
                    procedure=birth,
                    applicant_name="Trần Thị Bình",
                    received_at=at(f"2022-11-07 08:0{minute}"),
                ).code
            )
    export = [portal_row(counter[0]), portal_row(counter[1]), portal_row("000.00.25.H40-221107-9301")]
    path = exports.write(export, tmp_path / "cong-dvc.csv")
    with time_machine.travel(at("2022-11-08 08:00"), tick=False):
        call_command("import-dossiers", str(path), "--no-progress", stdout=StringIO())

    figures = kpi("2022-11", "2022-11-08 12:00")
    # Four dossiers at the counter (in person, not digitised, two of them on the portal), one from the portal.
    assert figures[("13795", "portal_sync_rate")] == (3, 5)
    assert figures[("13795", "online_rate")] == (1, 5)
    assert figures[("13795", "digitised_rate")] == (1, 5)
    assert figures[("13795", "slips_printed_rate")] == (0, 4)
    assert figures[("13795", "e_result_rate")] == (1, 1)
    # Due on 7/11 (same day), still open in the register whatever the portal says: overdue.
    assert figures[("13795", "overdue_open")] == (4, None)
