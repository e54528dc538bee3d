"""The 2025 rules of the apology-extension (Circular 03/2025/TT-VPCP) and of stopping a dossier.

A commune of the two-tier administration, from 1/7/2025. The dossier: birth registration, three working days,
received Wed 2/7/2025 09:00, so due Mon 7/7/2025 09:00.
"""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from cchc.accounts.models import Role
from cchc.accounts.scoping import system_user
from cchc.core.calendar import VN_TZ
from cchc.core.kpi import parse_period
from cchc.core.lifecycle import TransitionError
from cchc.dossiers import services
from cchc.kpis.engine import compute
from cchc.units.models import Unit
from tests.conftest import make_user
from tests.dossiers.test_receive import receive


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


@pytest.fixture
def commune_2025(db) -> Unit:
    return Unit.objects.create(
        code="T2025", name="Xã Thử Nghiệm", kind="commune", valid_from=date(2025, 7, 1)
    )


@pytest.fixture
def handed(commune_2025, birth):
    clerk = make_user("clerk2025", commune_2025, Role.CLERK)
    officer = make_user("officer2025", commune_2025, Role.OFFICER)
    dossier = receive(clerk, commune_2025, birth, when="2025-07-02 09:00")
    dossier = services.dossier_hand_over(
        actor=clerk, dossier=dossier, recipient=officer, at=at("2025-07-02 09:10")
    )
    return dossier, officer


def apologise(officer, dossier, when, new_due="2025-07-10 17:00"):
    return services.dossier_apologise(
        actor=officer,
        dossier=dossier,
        reason="Chờ ý kiến cơ quan phối hợp",
        new_due_at=at(new_due),
        at=at(when),
    )


def test_it_sets_the_new_date_only_once(handed):
    dossier, officer = handed
    dossier = apologise(officer, dossier, "2025-07-03 10:00")
    assert dossier.apology_due_at == at("2025-07-10 17:00")
    with pytest.raises(ValidationError, match="chỉ được đặt một lần"):
        apologise(officer, dossier, "2025-07-04 10:00", new_due="2025-07-15 17:00")
    dossier.refresh_from_db()
    assert dossier.apology_due_at == at("2025-07-10 17:00")
    assert dossier.events.filter(action="apologise").count() == 1


def test_the_letter_comes_at_least_one_working_day_before_the_appointment(handed):
    dossier, officer = handed
    with pytest.raises(ValidationError, match="ít nhất 1 ngày làm việc"):
        apologise(officer, dossier, "2025-07-07 08:00")  # the appointment's own day
    assert apologise(officer, dossier, "2025-07-04 16:00").apologised_at == at("2025-07-04 16:00")  # Friday


def test_the_new_date_must_be_after_the_appointment(handed):
    dossier, officer = handed
    with pytest.raises(ValidationError, match="phải sau ngày hẹn trả 09:00 07/07/2025"):
        apologise(officer, dossier, "2025-07-03 10:00", new_due="2025-07-07 08:00")


def test_a_dossier_of_2022_may_still_be_given_a_second_date(lam_clerk, y_yen, birth):
    officer = make_user("tung", y_yen["13795"], Role.OFFICER)
    dossier = receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00")
    services.dossier_apologise(
        actor=officer,
        dossier=dossier,
        reason="Chờ xác minh",
        new_due_at=at("2022-11-18 09:00"),
        at=at("2022-11-14 08:00"),
    )
    again = services.dossier_apologise(
        actor=officer,
        dossier=dossier,
        reason="Chờ xác minh",
        new_due_at=at("2022-11-25 09:00"),
        at=at("2022-11-17 08:00"),
    )
    assert again.apology_due_at == at("2022-11-25 09:00")


def test_a_stop_is_refused_once_a_result_exists(handed):
    dossier, officer = handed
    dossier = services.dossier_record_result(actor=officer, dossier=dossier, at=at("2025-07-04 10:00"))
    with pytest.raises(TransitionError, match="Dừng giải quyết"):
        services.dossier_stop(
            actor=officer, dossier=dossier, reason="Công dân đề nghị dừng", at=at("2025-07-04 11:00")
        )
    dossier.refresh_from_db()
    assert dossier.state == "result_ready"


@pytest.mark.parametrize(
    ("when", "centralised", "code"),
    [
        # The last day of the 2018 rules, at a unit of 2022; the first days of the 2025 rules at a 2025 unit.
        ("2025-06-30 09:00", False, "000.25.36.H40-250630-0001"),
        ("2025-07-01 09:00", False, "000.00.37.H40-250701-0001"),
        # Circular 04/2025 from 25/01/2026, only for a nationally centralised service (system "DC").
        ("2026-01-24 09:00", True, "000.00.37.H40-260124-0001"),
        ("2026-01-25 09:00", True, "000.00.37.H40-260125-DC0001"),
        ("2026-01-25 09:00", False, "000.00.37.H40-260125-0001"),
    ],
)
def test_the_code_follows_the_rules_of_the_day_of_receipt(
    y_yen, birth, commune_2025, when, centralised, code
):
    lam = y_yen["13795"]
    lam.agency_id = "000.25.36.H40"
    lam.save(update_fields=["agency_id"])
    commune_2025.agency_id = "000.00.37.H40"
    commune_2025.save(update_fields=["agency_id"])
    if centralised:
        birth.centralised_system = "DC"
        birth.save(update_fields=["centralised_system"])
    unit = lam if when < "2025-07-01" else commune_2025
    clerk = make_user(f"clerk-{unit.code}", unit, Role.CLERK)
    assert receive(clerk, unit, birth, when=when).code == code


def test_the_centralised_code_keeps_one_daily_sequence_with_the_others(commune_2025, birth):
    clerk = make_user("clerk2025b", commune_2025, Role.CLERK)
    commune_2025.agency_id = "000.00.37.H40"
    commune_2025.save(update_fields=["agency_id"])
    first = receive(clerk, commune_2025, birth, when="2026-01-26 08:00")
    birth.centralised_system = "DC"
    birth.save(update_fields=["centralised_system"])
    second = receive(clerk, commune_2025, birth, when="2026-01-26 09:00")
    assert [first.code, second.code] == ["000.00.37.H40-260126-0001", "000.00.37.H40-260126-DC0002"]


def test_an_online_dossier_of_2025_is_not_asked_to_be_digitised(commune_2025, birth):
    clerk = make_user("clerk2025c", commune_2025, Role.CLERK)
    online = receive(clerk, commune_2025, birth, when="2025-07-02 09:00", channel="online", digitised=True)
    at_counter = receive(clerk, commune_2025, birth, when="2025-07-02 10:00")
    assert online.digitised is False
    with pytest.raises(ValidationError, match="không phải số hóa"):
        services.dossier_update_facts(actor=clerk, dossier=online, digitised=True)
    services.dossier_update_facts(actor=clerk, dossier=at_counter, digitised=True)
    rows = compute(
        user=system_user(),
        period=parse_period("2025-07"),
        as_of=at("2025-07-31 23:59"),
        unit=commune_2025,
        indicator_codes=["digitised_rate"],
    )
    assert (rows[0].figure.numerator, rows[0].figure.denominator) == (1, 1)  # the online one is not counted
