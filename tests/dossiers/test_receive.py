from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.core.calendar import VN_TZ
from cchc.core.lifecycle import TransitionError
from cchc.dossiers.models import DailyCounter, Dossier
from cchc.dossiers.services import dossier_receive


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


def receive(actor, unit, procedure, when="2022-11-09 09:00", **extra):
    values = {"applicant_name": "Nguyễn Văn An", "applicant_id_number": "036085001234", **extra}
    return dossier_receive(actor=actor, unit=unit, procedure=procedure, received_at=at(when), **values)


def test_it_computes_the_appointment_and_copies_the_procedures_facts(lam_clerk, y_yen, birth):
    dossier = receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00")
    # Wed 9/11 + 3 working days = Mon 14/11, same clock time.
    assert dossier.due_at == at("2022-11-14 09:00")
    assert (dossier.online_level, dossier.interagency, dossier.fee) == (4, False, 0)
    assert dossier.state == "received"
    assert dossier.created_by == lam_clerk


def test_a_certification_after_the_cutoff_is_due_the_next_working_day(lam_clerk, y_yen, certification):
    dossier = receive(lam_clerk, y_yen["13795"], certification, when="2022-11-11 15:20")
    assert dossier.due_at == at("2022-11-14 17:00")
    assert [(c.name, c.originals, c.copies) for c in dossier.components.all()] == [
        ("Bản chính giấy tờ", 1, 0)
    ]


def test_codes_follow_the_unit_day_and_daily_sequence(lam_clerk, y_yen, birth):
    lam = y_yen["13795"]
    lam.agency_id = "000.25.36.H40"
    lam.save(update_fields=["agency_id"])
    first = receive(lam_clerk, lam, birth, when="2022-11-02 08:00")
    second = receive(lam_clerk, lam, birth, when="2022-11-02 16:00")
    next_day = receive(lam_clerk, lam, birth, when="2022-11-03 08:00")
    assert [first.code, second.code, next_day.code] == [
        "000.25.36.H40-221102-0001",
        "000.25.36.H40-221102-0002",
        "000.25.36.H40-221103-0001",
    ]


def test_the_day_of_a_code_is_the_local_day_even_late_at_night(lam_clerk, y_yen, birth):
    # 23:30 in Vietnam is 16:30 UTC the same day; the code takes the local date.
    assert receive(lam_clerk, y_yen["13795"], birth, when="2022-11-30 23:30").code == "13795-221130-0001"


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"applicant_name": "  "}, "applicant_name", "Chưa nhập họ và tên người nộp hồ sơ."),
        ({"applicant_id_number": "12345"}, "applicant_id_number", "CCCD có 12 chữ số"),
        ({"applicant_phone": "12ab"}, "applicant_phone", "Số điện thoại không đúng"),
        ({"applicant_email": "an@"}, "applicant_email", "Địa chỉ email không đúng."),
    ],
)
def test_bad_applicant_details_are_refused_field_by_field(lam_clerk, y_yen, birth, extra, field, message):
    with pytest.raises(ValidationError) as error:
        receive(lam_clerk, y_yen["13795"], birth, **extra)
    assert message in error.value.message_dict[field][0]
    assert Dossier.objects.count() == 0
    assert DailyCounter.objects.count() == 0


def test_a_received_time_in_the_future_is_refused(lam_clerk, y_yen, birth):
    with pytest.raises(ValidationError) as error:
        receive(lam_clerk, y_yen["13795"], birth, when="2099-01-05 09:00")
    assert error.value.message_dict["received_at"] == ["Thời điểm tiếp nhận không được ở tương lai."]


def test_a_procedure_the_unit_does_not_handle_is_refused(lam_clerk, y_yen, building_permit):
    with pytest.raises(ValidationError) as error:
        receive(lam_clerk, y_yen["13795"], building_permit)
    assert error.value.message_dict["procedure"] == [
        "Thủ tục 1.009994 không thuộc thẩm quyền tiếp nhận của Thị trấn Lâm."
    ]


def test_a_clerk_cannot_receive_for_another_commune(yen_trung_clerk, y_yen, birth):
    with pytest.raises(PermissionDenied):
        receive(yen_trung_clerk, y_yen["13795"], birth)


def test_the_district_leader_cannot_receive(leader, y_yen, birth):
    with pytest.raises(PermissionDenied):
        receive(leader, y_yen["13795"], birth)


def test_a_handling_officer_does_not_receive_at_the_counter(lam_officer, y_yen, birth):
    with pytest.raises(TransitionError, match="không được tiếp nhận hồ sơ"):
        receive(lam_officer, y_yen["13795"], birth)
