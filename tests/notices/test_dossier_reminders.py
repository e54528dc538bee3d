"""The officer and the clerk are told of a dossier due within a working day, and of one that became overdue:
once, by the overdue rule of the KPI engine, never on a day off, in quiet hours or while a supplement is awaited.
"""

from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command

from cchc.dossiers import services as dossier_services
from cchc.notices.models import Delivery, Notice
from cchc.notices.services import deliver_pending, notify, preference_set, remind
from tests.dossiers.test_receive import receive
from tests.notices.conftest import at


def told(kind: str) -> list[tuple[str, str]]:
    return sorted(Notice.objects.filter(kind=kind).values_list("recipient__username", "subject"))


def test_it_tells_the_officer_and_the_clerk_once_that_a_dossier_falls_due(birth_dossier):
    # Fri 11/11 08:00: the appointment Mon 14/11 09:00 is within the next working day.
    remind(at=at("2022-11-11 08:00"))
    remind(at=at("2022-11-11 10:00"))

    subject = "Hồ sơ 13795-221109-0001 đến hạn trả kết quả lúc 09:00 14/11/2022"
    assert told("due_soon") == [("huong", subject), ("tung", subject)]
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("huong@yyen.example.vn", subject),
        ("tung@yyen.example.vn", subject),
    ]
    assert "Người nộp: Nguyễn Văn An" in mail.outbox[0].body
    assert "lập Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)" in mail.outbox[0].body
    assert "http://127.0.0.1:8000/dossiers/13795-221109-0001/" in mail.outbox[0].body


def test_it_tells_them_once_that_the_dossier_became_overdue(birth_dossier):
    remind(at=at("2022-11-14 10:00"))
    remind(at=at("2022-11-15 08:00"))

    subject = "Hồ sơ 13795-221109-0001 đã quá hạn (hẹn trả 09:00 14/11/2022)"
    assert told("overdue") == [("huong", subject), ("tung", subject)]
    assert "Hồ sơ đã quá hạn từ 09:00 14/11/2022." in mail.outbox[0].body


def test_it_tells_nobody_about_a_dossier_waiting_for_a_supplement(birth_dossier, tung):
    dossier_services.dossier_request_supplement(
        actor=tung, dossier=birth_dossier, reason="Thiếu giấy chứng sinh", at=at("2022-11-10 10:00")
    )

    remind(at=at("2022-11-11 08:00"))  # would be due soon
    remind(at=at("2022-11-15 08:00"))  # would be overdue

    assert Notice.objects.count() == 0
    assert mail.outbox == []


def test_it_tells_nobody_on_a_holiday_and_tells_them_on_the_next_working_day(huong, tung, y_yen, birth):
    # Received Mon 29/8/2022 09:00: 1 and 2/9 are the National Day holidays, so due Mon 5/9 09:00.
    dossier = receive(huong, y_yen["13795"], birth, when="2022-08-29 09:00")
    dossier_services.dossier_hand_over(
        actor=huong, dossier=dossier, recipient=tung, at=at("2022-08-29 09:10")
    )

    remind(at=at("2022-09-02 09:00"))  # Fri 2/9, National Day
    remind(at=at("2022-09-03 09:00"))  # Saturday
    assert Notice.objects.count() == 0

    remind(at=at("2022-09-05 07:30"))
    assert told("due_soon") == [
        ("huong", "Hồ sơ 13795-220829-0001 đến hạn trả kết quả lúc 09:00 05/09/2022"),
        ("tung", "Hồ sơ 13795-220829-0001 đến hạn trả kết quả lúc 09:00 05/09/2022"),
    ]


def test_it_urges_nobody_in_quiet_hours(birth_dossier):
    remind(at=at("2022-11-11 06:59"))
    remind(at=at("2022-11-11 17:30"))

    assert Notice.objects.count() == 0
    assert mail.outbox == []


def test_a_notice_given_after_hours_shows_at_once_and_its_mail_waits_for_the_morning(tung):
    notify(
        recipient_user=tung,
        kind="manual",
        subject="Đôn đốc: hoàn thành hồ sơ tồn",
        body="Đề nghị hoàn thành hồ sơ tồn trước thứ Sáu.",
        link="/dossiers/",
        fact_key="manual:test",
        at=at("2022-11-11 18:00"),
    )
    assert Notice.objects.get().read_at is None
    assert mail.outbox == []

    assert deliver_pending(at=at("2022-11-12 08:00")) == 0  # Saturday
    assert deliver_pending(at=at("2022-11-14 07:30")) == 1
    assert [m.subject for m in mail.outbox] == ["Đôn đốc: hoàn thành hồ sơ tồn"]
    assert list(Delivery.objects.values_list("channel", "to").order_by("id")) == [
        ("app", "tung"),
        ("email", "tung@yyen.example.vn"),
    ]


def test_a_user_who_chose_the_digest_gets_one_mail_a_day(birth_dossier, tung, huong, y_yen, birth):
    receive(huong, y_yen["13795"], birth, when="2022-11-09 10:00")  # a second dossier, due 14/11 10:00
    preference_set(user=huong, digest=True)

    remind(at=at("2022-11-11 08:00"))
    with time_machine.travel(at("2022-11-11 09:00"), tick=False):
        notify(
            recipient_user=huong,
            kind="manual",
            subject="Đôn đốc: số hóa hồ sơ",
            body="Đề nghị số hóa đủ thành phần hồ sơ.",
            link="/dossiers/",
            fact_key="manual:later",
        )
    remind(at=at("2022-11-11 10:00"))

    to_huong = [m for m in mail.outbox if m.to == ["huong@yyen.example.vn"]]
    assert [m.subject for m in to_huong] == ["cchc: 2 thông báo ngày 11/11/2022"]
    assert "1. Hồ sơ 13795-221109-0001 đến hạn trả kết quả lúc 09:00 14/11/2022" in to_huong[0].body
    assert "2. Hồ sơ 13795-221109-0002 đến hạn trả kết quả lúc 10:00 14/11/2022" in to_huong[0].body

    remind(at=at("2022-11-14 07:30"))  # the next working day: the notice of 09:00 goes in that day's digest
    to_huong = [m for m in mail.outbox if m.to == ["huong@yyen.example.vn"]]
    assert [m.subject for m in to_huong][1:] == ["cchc: 1 thông báo ngày 14/11/2022"]


def test_the_dry_run_prints_who_would_be_told_what_and_sends_nothing(birth_dossier):
    out = StringIO()

    call_command("remind", "--at", "2022-11-11 08:00", "--dry-run", stdout=out)

    assert out.getvalue().splitlines() == [
        "huong\temail\tHồ sơ 13795-221109-0001 đến hạn trả kết quả lúc 09:00 14/11/2022",
        "tung\temail\tHồ sơ 13795-221109-0001 đến hạn trả kết quả lúc 09:00 14/11/2022",
        "Sẽ gửi 2 thông báo (--dry-run: chưa gửi gì).",
    ]
    assert Notice.objects.count() == 0
    assert mail.outbox == []


def test_the_command_sends_what_is_due_and_records_it(birth_dossier):
    out = StringIO()

    call_command("remind", "--at", "2022-11-11 08:00", stdout=out)
    call_command("remind", "--at", "2022-11-11 08:05", stdout=StringIO())

    assert out.getvalue().splitlines()[-1] == "Đã gửi 2 thông báo."
    assert Notice.objects.count() == 2
    assert sorted(Delivery.objects.values_list("channel", "to", "by")) == [
        ("app", "huong", "cchc remind"),
        ("app", "tung", "cchc remind"),
        ("email", "huong@yyen.example.vn", "cchc remind"),
        ("email", "tung@yyen.example.vn", "cchc remind"),
    ]
