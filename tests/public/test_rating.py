"""The citizen rates a returned dossier once, on the status page or on the counter's tablet."""

import pytest
from django.core.exceptions import ValidationError

from cchc.accounts.models import Role
from cchc.public.models import Rating
from cchc.public.services import rating_record
from tests.conftest import make_user
from tests.public.conftest import page_of


def rate(client, dossier, **data):
    return client.post(page_of(dossier) + "rate/", {"score": "satisfied", **data})


def test_the_page_offers_no_rating_before_the_return(client, received):
    assert 'name="score"' not in client.get(page_of(received)).text
    response = rate(client, received)
    assert response.status_code == 302
    assert Rating.objects.count() == 0
    assert "Chỉ đánh giá được sau khi đã nhận kết quả." in client.get(response.url).text


def test_a_citizen_rates_once_and_a_second_rating_is_refused(client, returned):
    assert 'name="score"' in client.get(page_of(returned)).text
    rate(client, returned, score="not_satisfied", reason="many_trips", comment="Phải đến ba lần")
    page = client.get(page_of(returned)).text
    assert "Cảm ơn ông/bà đã đánh giá." in page
    assert "Ông/bà đã đánh giá: Không hài lòng." in page
    assert 'name="score"' not in page

    rate(client, returned, score="satisfied")
    assert "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần." in client.get(page_of(returned)).text
    assert list(Rating.objects.values_list("score", "reason", "comment", "channel")) == [
        ("not_satisfied", "many_trips", "Phải đến ba lần", "page")
    ]


def test_the_comment_is_normalised_and_bounded(returned):
    rating = rating_record(
        dossier=returned, score="normal", comment="  Chờ\u200b lâu\x07 quá \r\n  lần sau nhanh hơn "
    )
    assert rating.comment == "Chờ lâu quá \n  lần sau nhanh hơn"  # the documented normalisation, lines kept


def test_a_comment_longer_than_500_characters_is_refused_and_nothing_recorded(returned):
    with pytest.raises(ValidationError) as error:
        rating_record(dossier=returned, score="normal", comment="á" * 501)
    assert error.value.message_dict == {"comment": ["Ý kiến dài quá 500 ký tự."]}
    assert Rating.objects.count() == 0


@pytest.mark.parametrize(
    ("score", "reason", "message"),
    [
        ("great", "", "Xin chọn một mức: Hài lòng, Bình thường hoặc Không hài lòng."),
        ("satisfied", "slow", "Chỉ chọn lý do khi chưa hài lòng."),
        ("not_satisfied", "bribe", "Lý do không có trong danh sách."),
    ],
)
def test_a_score_or_reason_off_the_list_is_refused(returned, score, reason, message):
    with pytest.raises(ValidationError) as error:
        rating_record(dossier=returned, score=score, reason=reason)
    assert message in error.value.messages


def test_the_clerk_opens_the_kiosk_the_citizen_rates_and_the_tablet_resets(client, returned, lam_clerk):
    client.force_login(lam_clerk)
    form = client.get(f"/ratings/kiosk/{returned.code}/").text
    assert 'name="score"' in form
    assert "Trần Thị Bình" not in form
    response = client.post(f"/ratings/kiosk/{returned.code}/", {"score": "normal", "reason": "slow"})
    assert response.url == "/ratings/kiosk/"
    blank = client.get(response.url).text
    assert "Cảm ơn ông/bà đã đánh giá." in blank
    assert returned.code not in blank
    rating = Rating.objects.get()
    assert (rating.score, rating.channel, rating.kiosk_clerk) == ("normal", "kiosk", lam_clerk)


def test_a_clerk_of_another_unit_cannot_open_the_kiosk_for_the_dossier(client, returned, yen_trung_clerk):
    client.force_login(yen_trung_clerk)
    assert client.get(f"/ratings/kiosk/{returned.code}/").status_code == 404
    assert client.post(f"/ratings/kiosk/{returned.code}/", {"score": "satisfied"}).status_code == 404
    assert Rating.objects.count() == 0


def test_the_kiosk_refuses_a_second_rating(client, returned, lam_clerk):
    rating_record(dossier=returned, score="satisfied")
    client.force_login(lam_clerk)
    assert "Hồ sơ này đã được đánh giá." in client.get(f"/ratings/kiosk/{returned.code}/").text
    response = client.post(f"/ratings/kiosk/{returned.code}/", {"score": "not_satisfied"}, follow=True)
    assert "mỗi hồ sơ chỉ đánh giá một lần" in response.text
    assert Rating.objects.get().score == "satisfied"


def test_a_unit_head_reads_the_not_satisfied_answers_of_his_unit(client, returned, lam, y_yen):
    rating_record(
        dossier=returned, score="not_satisfied", reason="attitude", comment="Cán bộ trả lời cộc lốc"
    )
    head = make_user("lan", lam, Role.UNIT_HEAD)
    other_head = make_user("minh", y_yen["13798"], Role.UNIT_HEAD)
    client.force_login(head)
    page = client.get("/ratings/?period=2022-11").text
    assert "Thái độ phục vụ chưa tốt" in page
    assert "Cán bộ trả lời cộc lốc" in page
    assert returned.code in page
    client.force_login(other_head)
    assert "Cán bộ trả lời cộc lốc" not in client.get("/ratings/?period=2022-11").text


def test_a_clerk_does_not_read_the_answers_page(client, lam_clerk):
    client.force_login(lam_clerk)
    assert client.get("/ratings/").status_code == 403


@pytest.mark.parametrize("typed", ["../../admin/", "a/b", "x" * 65, "<b>"])
def test_the_kiosk_refuses_a_code_it_cannot_be(client, lam_clerk, typed):
    client.force_login(lam_clerk)
    response = client.get("/ratings/kiosk/", {"code": typed})
    assert response.status_code == 200
    assert "Mã hồ sơ không đúng." in response.text
