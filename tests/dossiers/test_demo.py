from datetime import date, datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from cchc.accounts.models import User
from cchc.core.calendar import VN_TZ, local
from cchc.core.lifecycle import Action, State, next_state
from cchc.dossiers.demo import generate
from cchc.dossiers.models import DailyCounter, Dossier, DossierEvent
from cchc.dossiers.selectors import overdue
from cchc.units.models import Unit
from cchc.workcalendar.selectors import calendar_for


def snapshot():
    return list(Dossier.objects.order_by("code").values_list("code", "applicant_name", "due_at", "state"))


def test_the_demo_fills_every_unit_with_realistic_dossiers(db):
    call_command("demo", "--dossiers", "600", "--start", "2022-11-01", "--end", "2022-11-30")
    dossiers = Dossier.objects.filter(received_at__year=2022)
    assert dossiers.count() == 600
    assert not dossiers.filter(received_at__lt=datetime(2022, 11, 1, tzinfo=VN_TZ)).exists()
    assert dossiers.values("unit").distinct().count() > 20
    assert dossiers.filter(channel="online").exists() and dossiers.filter(channel="in_person").exists()
    assert dossiers.filter(state__in=["refused", "withdrawn"]).exists()
    assert all(d.due_at > d.received_at for d in dossiers)


def test_the_demo_adds_no_dossiers_when_some_exist(db):
    call_command("demo", "--dossiers", "50", "--start", "2022-11-01", "--end", "2022-11-30")
    call_command("demo", "--dossiers", "50")
    assert Dossier.objects.count() == 50 + 12


def test_the_same_seed_gives_the_same_dossiers(db):
    call_command("demo")
    now = timezone.now()
    generate(
        count=200, start=datetime(2022, 11, 1).date(), end=datetime(2022, 11, 30).date(), seed=7, now=now
    )
    first = snapshot()
    DossierEvent.objects.all().delete()
    Dossier.objects.all().delete()
    DailyCounter.objects.all().delete()
    generate(
        count=200, start=datetime(2022, 11, 1).date(), end=datetime(2022, 11, 30).date(), seed=7, now=now
    )
    assert snapshot() == first


def test_every_demo_dossier_has_the_steps_that_led_it_to_its_state(db):
    now = datetime(2022, 11, 30, 16, 0, tzinfo=VN_TZ)  # some November dossiers are still open then
    call_command("demo")
    generate(
        count=400, start=datetime(2022, 11, 1).date(), end=datetime(2022, 11, 30).date(), seed=3, now=now
    )
    chains: dict[int, list[DossierEvent]] = {}
    for event in DossierEvent.objects.order_by("dossier", "at", "id"):
        chains.setdefault(event.dossier_id, []).append(event)
    dossiers = list(Dossier.objects.all())
    assert len(chains) == len(dossiers) == 400
    for dossier in dossiers:
        chain = chains[dossier.pk]
        assert (chain[0].action, chain[0].at, chain[0].to_state) == (
            Action.RECEIVE,
            dossier.received_at,
            "received",
        )
        state = State.RECEIVED
        for event in chain[1:]:
            assert event.from_state == state, (dossier.code, [e.action for e in chain])
            state = next_state(Action(event.action), state, "admin")
            assert event.to_state == state
            assert dossier.received_at <= event.at <= now
        assert state == dossier.state, dossier.code
        calendar = calendar_for(dossier.unit)
        for event in chain[1:]:  # the office's own steps fall in its office hours (a receipt online may not)
            moment = local(event.at)
            opened = calendar.is_working_day(moment.date()) and calendar.hours.is_open(moment.time())
            assert opened or event.at in (now, dossier.due_at), (dossier.code, event.action, moment)
        if dossier.result_at:
            assert next(e.at for e in chain if e.action == Action.RECORD_RESULT) == dossier.result_at
    assert {e.action for c in chains.values() for e in c} >= {
        "receive",
        "hand_over",
        "record_result",
        "return_result",
    }


def test_a_demo_dossier_waiting_for_a_supplement_is_paused_and_not_overdue(db, client):
    with time_machine.travel(datetime(2022, 11, 30, 17, 0, tzinfo=VN_TZ), tick=False):
        call_command("demo", "--dossiers", "600", "--start", "2022-11-01", "--end", "2022-11-30")
    waiting = Dossier.objects.filter(state=State.SUPPLEMENT_REQUESTED)
    assert waiting.exists()
    asked = dict(
        DossierEvent.objects.filter(action=Action.REQUEST_SUPPLEMENT).values_list("dossier_id", "at")
    )
    for dossier in waiting:
        (pause,) = dossier.pauses.all()
        assert (pause.started_at, pause.ended_at) == (asked[dossier.pk], None)
    moment = datetime(2022, 12, 20, 9, 0, tzinfo=VN_TZ)  # every appointment of November has passed
    leader = User.objects.get(username="lanhdao")
    overdue_codes = set(overdue(user=leader, now=moment).values_list("code", flat=True))
    assert overdue_codes and not overdue_codes & set(waiting.values_list("code", flat=True))
    example = waiting.order_by("due_at").first()
    clerk = User.objects.filter(unit=example.unit, role="clerk").first() or User.objects.get(
        username="quantri"
    )
    client.force_login(clerk)
    page = client.get(f"/dossiers/{example.code}/").text
    assert f"từ {local(example.pauses.get().started_at):%H:%M %d/%m/%Y}" in page
    assert 'data-testid="overdue-badge"' not in page


@time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=VN_TZ), tick=False)
def test_the_demo_gives_ninh_binh_and_2026_dossiers_of_the_seven_communes_that_succeeded_y_yen(db):
    call_command(
        "demo", "--dossiers", "400", "--start", "2022-11-01", "--end", "2022-11-30", stdout=StringIO()
    )

    today = Unit.objects.valid_on(date(2026, 12, 2))
    assert today.filter(kind__in=["commune", "ward"]).count() == 129
    in_2026 = Dossier.objects.filter(received_at__year=2026)
    assert in_2026.count() == 100
    assert set(in_2026.values_list("unit__name", flat=True)) == {
        "Xã Ý Yên",
        "Xã Tân Minh",
        "Xã Phong Doanh",
        "Xã Vũ Dương",
        "Xã Vạn Thắng",
        "Xã Yên Cường",
        "Xã Yên Đồng",
    }
    assert not Dossier.objects.filter(received_at__year=2022, unit__valid_from__isnull=False).exists()
    logins = dict(User.objects.values_list("username", "unit__name"))
    assert [logins[u] for u in ("yyen.motcua", "yyen.chuyenvien", "yyen.chutich")] == ["Xã Ý Yên"] * 3
    assert [logins[u] for u in ("ninhbinh.lanhdao", "ninhbinh.tonghop", "ninhbinh.noivu")] == [
        "Tỉnh Ninh Bình",
        "Văn phòng UBND tỉnh Ninh Bình",
        "Sở Nội vụ tỉnh Ninh Bình",
    ]
    assert logins["lam.motcua"] == "Thị trấn Lâm"
