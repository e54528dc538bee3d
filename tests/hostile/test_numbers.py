"""Numbers a person or a file gives: bounded before any arithmetic (``cchc.core.numbers``), refused with a
Vietnamese message, never a long computation holding the database's write lock."""

import threading
import time
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from cchc.core.calendar import VN_TZ
from cchc.core.tabular import CellError, parse_amount
from cchc.dossiers.services import dossier_receive
from cchc.kpis.models import Target
from cchc.kpis.services import TargetFileError, targets_load
from cchc.par.setfile import SetFileError, parse_set
from tests.conftest import PASSWORD
from tests.par import conftest as par_fixtures
from tests.par.conftest import SMALL_SET, assessment_of, fill_and_submit, score_of

HUGE = "1e30000000"
on_time = par_fixtures.on_time


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_huge_par_score_at_once_while_another_user_registers(
    client, campaign, lam_clerk, yen_trung_clerk, y_yen, birth
):
    lam = assessment_of(campaign, "13795")
    assert client.login(username=lam_clerk.username, password=PASSWORD)
    client.get(
        f"/par/assessments/{lam.pk}/criteria/1.2/"
    )  # the first page of a process compiles its templates
    registered = []

    def register() -> None:
        try:
            registered.append(
                dossier_receive(
                    actor=yen_trung_clerk,
                    unit=y_yen["13798"],
                    procedure=birth,
                    applicant_name="Phạm Văn Nam",
                    received_at=datetime(2022, 11, 9, 9, 0, tzinfo=VN_TZ),
                ).code
            )
        finally:
            connections.close_all()

    other_clerk = threading.Thread(target=register)
    started = time.monotonic()
    other_clerk.start()
    response = client.post(f"/par/assessments/{lam.pk}/criteria/1.2/", {"value": HUGE})
    elapsed = time.monotonic() - started
    other_clerk.join(timeout=30)

    assert elapsed < 1
    assert response.status_code == 200
    assert "Điểm tự chấm: “1e30000000” không phải là số" in response.text
    assert score_of(lam, "1.2").self_score is None
    assert registered == ["13798-221109-0001"]


@pytest.mark.usefixtures("on_time")
@pytest.mark.parametrize("value", [HUGE, "9" * 5000, "1,5e3"])
def test_it_refuses_an_appraisers_huge_number_next_to_the_field(
    client, campaign, appraiser, lam_clerk, value
):
    lam = fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    assert client.login(username=appraiser.username, password=PASSWORD)
    client.get(
        f"/par/assessments/{lam.pk}/criteria/1.2/"
    )  # the first page of a process compiles its templates

    started = time.monotonic()
    response = client.post(f"/par/assessments/{lam.pk}/criteria/1.2/appraise/", {"value": value})

    assert time.monotonic() - started < 1
    assert response.status_code == 400
    assert "Điểm thẩm định: “" in response.text and "không phải là số" in response.text
    assert score_of(lam, "1.2").appraised_score is None


def test_it_refuses_an_index_set_with_a_huge_maximum_or_rule_number_whole(y_yen):
    huge_maximum = SMALL_SET.replace("1.2,Báo cáo CCHC đầy đủ,30,", f"1.2,Báo cáo CCHC đầy đủ,{HUGE},")
    huge_tier = SMALL_SET.replace("bậc ≥90%=40; ≥70%=20", "bậc ≥90%=" + "9" * 5000 + "; ≥70%=20")

    with pytest.raises(SetFileError) as maximum:
        parse_set(huge_maximum.encode())
    with pytest.raises(SetFileError) as tier:
        parse_set(huge_tier.encode())

    assert "điểm tối đa '1e30000000' phải là số dương" in str(maximum.value)
    assert "số trong cách chấm" in str(tier.value)


TARGETS = "set,source,unit,unit_kind,valid_from,valid_to,indicator,comparison,value\n"


@pytest.mark.parametrize("value", [HUGE, "100000", "-1", "nan"])
def test_it_refuses_a_target_file_with_a_number_out_of_range_and_loads_nothing(y_yen, value):
    data = TARGETS + f"Thử,Thông báo,,commune,2022-11-01,2022-12-31,online_rate,>=,{value}\n"

    with pytest.raises(TargetFileError, match="Dòng 2: ngày hoặc giá trị không đúng dạng."):
        targets_load(data=data.encode(), actor_label="test")
    assert Target.objects.count() == 0


@pytest.mark.parametrize("value", [HUGE, "9" * 5000, float("inf"), float("nan"), 1e300, 3_000_000_000])
def test_it_makes_an_imported_fee_out_of_range_a_row_error(value):
    with pytest.raises(CellError, match="số tiền"):
        parse_amount(value)


@pytest.mark.parametrize("count", [HUGE, "9" * 5000, "0", "257"])
def test_it_refuses_a_worker_count_out_of_range_with_exit_2(monkeypatch, count):
    monkeypatch.setenv("CCHC_WORKERS", count)

    with pytest.raises(CommandError, match="CCHC_WORKERS phải là số nguyên dương, tối đa 256") as refused:
        call_command("serve", "--no-collectstatic")

    assert refused.value.returncode == 2
