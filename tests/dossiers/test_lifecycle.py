from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.audit.models import AuditEntry
from cchc.core.calendar import VN_TZ
from cchc.core.lifecycle import TransitionError
from cchc.dossiers import services
from cchc.dossiers.models import Dossier
from tests.dossiers.test_receive import receive


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


@pytest.fixture
def dossier(lam_clerk, y_yen, birth) -> Dossier:
    """Received Wed 9/11/2022 09:00, due Mon 14/11/2022 09:00."""
    return receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00")


def test_a_dossier_goes_from_intake_to_return(dossier, lam_clerk, lam_officer):
    dossier = services.dossier_hand_over(
        actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at("2022-11-09 09:10")
    )
    assert (dossier.state, dossier.handler) == ("in_progress", lam_officer)
    dossier = services.dossier_record_result(
        actor=lam_officer, dossier=dossier, result_digitised=True, at=at("2022-11-11 10:00")
    )
    assert (dossier.state, dossier.result_at, dossier.result_digitised) == (
        "result_ready",
        at("2022-11-11 10:00"),
        True,
    )
    assert dossier.timing == "early"
    dossier = services.dossier_return_result(
        actor=lam_clerk, dossier=dossier, electronic=True, at=at("2022-11-11 14:00")
    )
    assert (dossier.state, dossier.e_result) == ("returned", True)
    assert [e.action for e in dossier.events.all()] == [
        "receive",
        "hand_over",
        "record_result",
        "return_result",
    ]
    assert [e.to_state for e in dossier.events.all()] == [
        "received",
        "in_progress",
        "result_ready",
        "returned",
    ]
    assert AuditEntry.objects.filter(model="dossiers.Dossier", object_pk=str(dossier.pk)).count() == 4


def test_a_result_on_the_appointment_day_is_on_time_and_after_it_late(dossier, lam_clerk, lam_officer):
    services.dossier_hand_over(
        actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at("2022-11-09 09:10")
    )
    late = services.dossier_record_result(actor=lam_officer, dossier=dossier, at=at("2022-11-14 09:05"))
    assert late.timing == "late"
    assert late.events.last().timing == "late"


def test_the_supplement_wait_moves_the_appointment(dossier, lam_clerk, lam_officer):
    services.dossier_hand_over(
        actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at("2022-11-09 09:10")
    )
    services.dossier_request_supplement(
        actor=lam_officer, dossier=dossier, reason="Thiếu giấy chứng sinh", at=at("2022-11-10 10:00")
    )
    moved = services.dossier_receive_supplement(actor=lam_clerk, dossier=dossier, at=at("2022-11-14 10:00"))
    # Thu 10/11 10:00 → Mon 14/11 10:00 is two working days of waiting: Mon 14/11 09:00 becomes Wed 16/11 09:00.
    assert moved.due_at == at("2022-11-16 09:00")
    assert (moved.state, moved.supplement_count) == ("in_progress", 1)


def test_returning_a_result_never_made_is_refused_and_changes_nothing(dossier, lam_clerk):
    with pytest.raises(
        TransitionError, match="Không thể “Trả kết quả” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”"
    ):
        services.dossier_return_result(actor=lam_clerk, dossier=dossier, at=at("2022-11-09 10:00"))
    dossier.refresh_from_db()
    assert dossier.state == "received"
    assert dossier.events.count() == 1


def test_a_clerk_of_another_commune_cannot_act(dossier, yen_trung_clerk):
    with pytest.raises(PermissionDenied):
        services.dossier_refuse(actor=yen_trung_clerk, dossier=dossier, reason="…")
    dossier.refresh_from_db()
    assert dossier.state == "received"


def test_an_officer_cannot_return_a_result(dossier, lam_clerk, lam_officer):
    services.dossier_hand_over(
        actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at("2022-11-09 09:10")
    )
    services.dossier_record_result(actor=lam_officer, dossier=dossier, at=at("2022-11-10 09:00"))
    with pytest.raises(TransitionError, match="Vai trò của bạn không được thực hiện thao tác “Trả kết quả”"):
        services.dossier_return_result(actor=lam_officer, dossier=dossier, at=at("2022-11-10 10:00"))


def test_a_refusal_needs_a_reason(dossier, lam_clerk):
    with pytest.raises(ValidationError):
        services.dossier_refuse(actor=lam_clerk, dossier=dossier, reason="  ")
    refused = services.dossier_refuse(actor=lam_clerk, dossier=dossier, reason="Hồ sơ không thuộc thẩm quyền")
    assert refused.state == "refused"
    assert refused.closed_at is not None


def test_a_step_cannot_go_back_in_time(dossier, lam_clerk, lam_officer):
    with pytest.raises(ValidationError) as error:
        services.dossier_hand_over(
            actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at("2022-11-08 09:00")
        )
    assert error.value.message_dict["at"] == ["Thời điểm không được trước bước xử lý trước đó."]


def test_a_handover_goes_to_a_colleague_of_the_unit_or_a_named_agency(dossier, lam_clerk, yen_trung_clerk):
    with pytest.raises(ValidationError):
        services.dossier_hand_over(actor=lam_clerk, dossier=dossier, recipient=yen_trung_clerk)
    handed = services.dossier_hand_over(
        actor=lam_clerk, dossier=dossier, agency="Công an xã Yên Trung", at=at("2022-11-09 10:00")
    )
    assert handed.events.last().recipient_label == "Công an xã Yên Trung"


def test_an_apology_promises_a_new_date_without_moving_the_appointment(dossier, lam_clerk, lam_officer):
    services.dossier_hand_over(
        actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at("2022-11-09 09:10")
    )
    sorry = services.dossier_apologise(
        actor=lam_officer,
        dossier=dossier,
        reason="Chờ xác minh",
        new_due_at=at("2022-11-18 09:00"),
        at=at("2022-11-14 08:00"),
    )
    assert (sorry.due_at, sorry.apology_due_at, sorry.state) == (
        at("2022-11-14 09:00"),
        at("2022-11-18 09:00"),
        "in_progress",
    )
