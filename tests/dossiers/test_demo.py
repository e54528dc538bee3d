from datetime import datetime

from django.core.management import call_command
from django.utils import timezone

from cchc.core.calendar import VN_TZ
from cchc.dossiers.demo import generate
from cchc.dossiers.models import DailyCounter, Dossier


def snapshot():
    return list(Dossier.objects.order_by("code").values_list("code", "applicant_name", "due_at", "state"))


def test_the_demo_fills_every_unit_with_realistic_dossiers(db):
    call_command("demo", "--dossiers", "600", "--start", "2022-11-01", "--end", "2022-11-30")
    dossiers = Dossier.objects.all()
    assert dossiers.count() == 600
    assert not dossiers.filter(received_at__lt=datetime(2022, 11, 1, tzinfo=VN_TZ)).exists()
    assert dossiers.values("unit").distinct().count() > 20
    assert dossiers.filter(channel="online").exists() and dossiers.filter(channel="in_person").exists()
    assert dossiers.filter(state__in=["refused", "withdrawn"]).exists()
    assert all(d.due_at > d.received_at for d in dossiers)


def test_the_demo_adds_no_dossiers_when_some_exist(db):
    call_command("demo", "--dossiers", "50", "--start", "2022-11-01", "--end", "2022-11-30")
    call_command("demo", "--dossiers", "50")
    assert Dossier.objects.count() == 50


def test_the_same_seed_gives_the_same_dossiers(db):
    call_command("demo")
    now = timezone.now()
    generate(
        count=200, start=datetime(2022, 11, 1).date(), end=datetime(2022, 11, 30).date(), seed=7, now=now
    )
    first = snapshot()
    Dossier.objects.all().delete()
    DailyCounter.objects.all().delete()
    generate(
        count=200, start=datetime(2022, 11, 1).date(), end=datetime(2022, 11, 30).date(), seed=7, now=now
    )
    assert snapshot() == first
