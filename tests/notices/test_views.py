"""The bell, the list of notices, opening one, and the report compiler's one-off reminder from the dashboard."""

import pytest
from django.urls import reverse

from cchc.notices.models import Delivery, Notice
from cchc.notices.services import notify
from tests.conftest import PASSWORD


def logged_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def huongs_notice(huong):
    return notify(
        recipient_user=huong,
        kind="overdue",
        subject="Hồ sơ 13795-221109-0001 đã quá hạn (hẹn trả 09:00 14/11/2022)",
        body="Hồ sơ đã quá hạn từ 09:00 14/11/2022.",
        link="/dossiers/13795-221109-0001/",
        fact_key="overdue:1:202211140900",
    )


def test_the_bell_counts_the_unread_notices(client, huong, huongs_notice):
    page = logged_in(client, huong).get(reverse("register-home")).content.decode()

    assert (
        '<a href="/notices/" class="bell has-unread" data-testid="bell" title="Thông báo">&#128276;<span class="count">1</span></a>'
        in page
    )


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, huong, huongs_notice):
    response = logged_in(client, huong).post(reverse("notice-open", args=[huongs_notice.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/dossiers/13795-221109-0001/"
    huongs_notice.refresh_from_db()
    assert huongs_notice.read_at is not None
    assert '<span class="count">0</span>' in client.get(reverse("notice-list")).content.decode()


def test_nobody_opens_anothers_notice(client, tung, huongs_notice):
    response = logged_in(client, tung).post(reverse("notice-open", args=[huongs_notice.pk]))

    assert response.status_code == 404
    huongs_notice.refresh_from_db()
    assert huongs_notice.read_at is None


def test_the_list_shows_only_ones_own_notices(client, tung, huongs_notice):
    page = logged_in(client, tung).get(reverse("notice-list")).content.decode()

    assert "Không có thông báo nào." in page
    assert "13795-221109-0001" not in page


def test_the_compiler_urges_chosen_units_and_it_is_logged(client, van, dung, huong, yen_trung_clerk):
    assert "Đôn đốc đơn vị" in logged_in(client, van).get(reverse("dashboard")).content.decode()

    response = client.post(
        reverse("notice-remind-units"),
        {"unit": ["13795"], "message": "Đề nghị hoàn thành số hóa hồ sơ trước thứ Sáu."},
    )

    assert response.status_code == 302
    assert sorted(Notice.objects.values_list("recipient__username", "subject")) == [
        ("dung", "Đôn đốc: Đề nghị hoàn thành số hóa hồ sơ trước thứ Sáu."),
        ("huong", "Đôn đốc: Đề nghị hoàn thành số hóa hồ sơ trước thứ Sáu."),
    ]
    assert sorted(Delivery.objects.filter(channel="app").values_list("to", "by")) == [
        ("dung", "van"),
        ("huong", "van"),
    ]
    log = client.get(reverse("notice-log")).content.decode()
    assert "Đôn đốc: Đề nghị hoàn thành số hóa hồ sơ trước thứ Sáu." in log


def test_an_empty_or_hostile_reminder_is_refused_and_nothing_is_sent(client, van, dung):
    logged_in(client, van)

    client.post(reverse("notice-remind-units"), {"unit": ["13795"], "message": "   "})
    client.post(reverse("notice-remind-units"), {"unit": ["13795"], "message": "Đôn đốc\x00"})
    client.post(reverse("notice-remind-units"), {"unit": ["13795"], "message": "x" * 2001})
    response = client.post(reverse("notice-remind-units"), {"unit": [], "message": "Đề nghị"}, follow=True)

    assert Notice.objects.count() == 0
    assert "Chưa chọn đơn vị nào để đôn đốc." in response.content.decode()


def test_a_clerk_cannot_urge_units(client, huong, dung):
    response = logged_in(client, huong).post(
        reverse("notice-remind-units"), {"unit": ["13795"], "message": "Đề nghị"}
    )

    assert response.status_code == 404
    assert Notice.objects.count() == 0


def test_a_user_chooses_the_daily_digest(client, huong):
    logged_in(client, huong).post(reverse("notice-preference"), {"digest": "1"})

    assert huong.notice_preference.digest is True


def test_the_compiler_reads_the_notices_and_the_reminder_form_in_english(client, van, dung):
    from tests.i18n.test_english_screens import english, stored_text, vietnamese_left

    notify(
        recipient_user=van,
        kind="friday_summary",
        subject="Báo cáo thứ Sáu ngày 25/11/2022 đã lập",
        body="Hồ sơ đang quá hạn: 3.",
        link="/dashboard/reports/",
        fact_key="friday_summary:20221125",
    )
    english(client, van)
    client.post(reverse("notice-remind-units"), {"unit": ["13795"], "message": "Đề nghị số hóa hồ sơ."})
    data = [
        *stored_text(),
        *Notice.objects.values_list("subject", flat=True),
        *Notice.objects.values_list("body", flat=True),
    ]

    for url in (reverse("notice-list"), reverse("notice-log"), reverse("dashboard")):
        page = client.get(url).text
        assert vietnamese_left(page, data) == [], url
    assert "Friday report issued" in client.get(reverse("notice-list")).text
    assert "Remind units" in client.get(reverse("dashboard")).text
