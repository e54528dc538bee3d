"""KPI figures on small hand-built datasets; every expected number is counted by hand in the comment."""

import json
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.accounts.scoping import system_user
from cchc.core.calendar import VN_TZ
from cchc.core.kpi import parse_period
from cchc.dossiers.models import Dossier
from cchc.kpis.engine import compute, drill
from cchc.kpis.indicators import INDICATORS
from cchc.kpis.models import Target, TargetSet
from cchc.procedures.models import Procedure

NOV = parse_period("2022-11")
END_OF_NOV = datetime(2022, 11, 30, 23, 59, tzinfo=VN_TZ)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


_serial = iter(range(1, 100000))


def dossier(
    unit, received="2022-11-10 09:00", *, level=3, channel="in_person", result=None, due=None, **facts
):
    procedure, _ = Procedure.objects.get_or_create(
        code=f"9.{level}",
        defaults={
            "name": f"Thủ tục mức {level}",
            "field": "Thử",
            "level": "commune",
            "limit_kind": "days",
            "limit_amount": 3,
            "online_level": level,
        },
    )
    received_at = at(received)
    return Dossier.objects.create(
        code=f"T-{next(_serial)}",
        unit=unit,
        procedure=procedure,
        online_level=level,
        channel=channel,
        applicant_name="Người nộp",
        received_at=received_at,
        recorded_at=received_at,
        due_at=at(due) if due else received_at + timedelta(days=3),
        result_at=at(result) if result else None,
        **{"state": "returned" if result else "in_progress", **facts},
    )


def figures(unit=None, period=NOV, as_of=END_OF_NOV, codes=None, known_at=None):
    rows = compute(
        user=system_user(), period=period, as_of=as_of, known_at=known_at, unit=unit, indicator_codes=codes
    )
    return {(r.unit.code if r.unit else "*", r.indicator.code): r for r in rows}


def test_an_empty_denominator_is_no_data_and_neither_meets_nor_misses(y_yen):
    TargetSet.objects.create(
        name="t", unit_kind="town", valid_from=NOV.start, valid_to=NOV.end
    ).targets.create(indicator="online_payment_rate", comparison=">=", value=50)
    dossier(y_yen["13795"], fee=0)
    row = figures(y_yen["13795"])[("13795", "online_payment_rate")]
    assert (row.figure.numerator, row.figure.denominator, row.figure.value) == (0, 0, None)
    assert row.figure.shown() == "không phát sinh"
    assert row.met is None


def test_a_dossier_received_at_23_30_on_the_last_day_belongs_to_that_month(y_yen):
    lam = y_yen["13795"]
    dossier(lam, "2022-11-30 23:30", channel="online")  # 16:30 UTC on 30/11: November
    dossier(lam, "2022-12-01 00:10", channel="online")  # 17:10 UTC on 30/11, but 1/12 in Vietnam: December
    dossier(lam, "2022-10-31 23:59")  # October
    nov = figures(lam, as_of=at("2022-12-05 08:00"))[("13795", "online_rate")].figure
    dec = figures(lam, period=parse_period("2022-12"), as_of=at("2022-12-05 08:00"))[
        ("13795", "online_rate")
    ].figure
    assert (nov.numerator, nov.denominator) == (1, 1)
    assert (dec.numerator, dec.denominator) == (1, 1)


def test_refused_and_withdrawn_dossiers_are_never_counted(y_yen):
    lam = y_yen["13795"]
    dossier(lam, digitised=True)
    dossier(lam)
    refused = dossier(lam, digitised=True)
    refused.state, refused.closed_at = "refused", at("2022-11-10 09:10")
    refused.save(update_fields=["state", "closed_at"])
    withdrawn = dossier(lam)
    withdrawn.state, withdrawn.closed_at = "withdrawn", at("2022-11-12 09:00")
    withdrawn.save(update_fields=["state", "closed_at"])
    # 2 counted: 1 digitised of 2.
    figure = figures(lam)[("13795", "digitised_rate")].figure
    assert (figure.numerator, figure.denominator, figure.rate) == (1, 2, Fraction(1, 2))


def test_the_district_roll_up_adds_counts_rather_than_averaging_rates(y_yen):
    dossier(y_yen["13795"], channel="online")  # Lâm: 1 of 1 online = 100%
    for channel in ("online", "in_person", "in_person", "in_person"):
        dossier(y_yen["13798"], channel=channel)  # Yên Trung: 1 of 4 = 25%
    rows = figures(codes=["online_rate"])
    assert rows[("13795", "online_rate")].figure.value == Decimal("100.0")
    assert rows[("13798", "online_rate")].figure.value == Decimal("25.0")
    total = rows[("*", "online_rate")].figure
    # 2 of 5 = 40%, not the mean of 100% and 25% (62.5%).
    assert (total.numerator, total.denominator, total.value) == (2, 5, Decimal("40.0"))


def test_results_count_in_the_month_of_the_result_and_on_time_compares_with_the_appointment(y_yen):
    lam = y_yen["13795"]
    dossier(
        lam, "2022-10-28 09:00", result="2022-11-02 08:00", due="2022-11-02 09:00", e_result=True
    )  # on time
    dossier(lam, "2022-11-07 09:00", result="2022-11-11 10:00", due="2022-11-10 09:00")  # late
    dossier(lam, "2022-11-28 09:00", result="2022-12-01 09:00", due="2022-12-01 09:00")  # result in December
    rows = figures(lam)
    on_time, e_result = rows[("13795", "on_time_rate")].figure, rows[("13795", "e_result_rate")].figure
    assert (on_time.numerator, on_time.denominator) == (1, 2)
    assert (e_result.numerator, e_result.denominator) == (1, 2)


def test_as_of_is_the_dossiers_timeline_and_known_at_what_cchc_had_recorded(y_yen):
    lam = y_yen["13795"]
    dossier(lam, "2022-11-03 09:00", result="2022-11-20 09:00", due="2022-11-08 09:00")
    late_import = dossier(lam, "2022-11-04 09:00")
    late_import.recorded_at = at("2022-11-25 10:00")
    late_import.save(update_fields=["recorded_at"])
    as_of = at("2022-11-15 17:00")
    # As cchc knew it on 15/11: only the first dossier, still open and past its appointment of 8/11.
    then = figures(lam, as_of=as_of, known_at=as_of)
    assert then[("13795", "digitised_rate")].figure.denominator == 1
    assert then[("13795", "on_time_rate")].figure.denominator == 0
    assert then[("13795", "overdue_open")].figure.numerator == 1
    # 15/11 as known today: the late import was received on 4/11 and was due on 7/11, so both count.
    today = figures(lam, as_of=as_of)
    assert today[("13795", "digitised_rate")].figure.denominator == 2
    assert today[("13795", "on_time_rate")].figure.denominator == 0  # the result came on 20/11
    assert today[("13795", "overdue_open")].figure.numerator == 2
    later = figures(lam)
    assert later[("13795", "digitised_rate")].figure.denominator == 2
    assert later[("13795", "overdue_open")].figure.numerator == 1  # the late import, due 7/11, still open


def test_a_units_own_target_overrides_its_kinds_and_the_boundary_meets_it(y_yen):
    trung = y_yen["13798"]
    kind = TargetSet.objects.create(name="xã", unit_kind="commune", valid_from=NOV.start, valid_to=NOV.end)
    kind.targets.create(indicator="digitised_rate", comparison=">=", value=70)
    own = TargetSet.objects.create(name="Yên Trung", unit=trung, valid_from=NOV.start, valid_to=NOV.end)
    own.targets.create(indicator="digitised_rate", comparison=">=", value=90)
    for index in range(10):
        dossier(trung, digitised=index < 8)  # 8 of 10 = 80%: meets 70, misses its own 90
    for index in range(20):
        dossier(y_yen["13801"], digitised=index < 14)  # Yên Thành: 14 of 20 = exactly 70%: met
    rows = figures(codes=["digitised_rate"])
    assert (rows[("13798", "digitised_rate")].target.value, rows[("13798", "digitised_rate")].met) == (
        90,
        False,
    )
    assert rows[("13801", "digitised_rate")].met is True
    assert rows[("13795", "digitised_rate")].target is None  # a town: the commune target does not apply


def test_the_computation_issues_the_same_few_queries_whatever_the_units(y_yen, django_assert_num_queries):
    for code in ("13795", "13798", "13801", "13804"):
        dossier(y_yen[code])
    # units, grouped dossier counts, targets: three queries for 43 units and 11 indicators.
    with django_assert_num_queries(3):
        figures()


def test_a_figure_drills_down_to_the_dossiers_missing_from_it(y_yen):
    lam = y_yen["13795"]
    paid = dossier(lam, fee=2000, paid_online=True)
    unpaid = dossier(lam, fee=2000)
    dossier(lam, fee=0)
    indicator = INDICATORS["online_payment_rate"]
    kwargs = {"user": system_user(), "unit": lam, "indicator": indicator, "period": NOV, "as_of": END_OF_NOV}
    assert list(drill(part="missing", **kwargs)) == [unpaid]
    assert list(drill(part="numerator", **kwargs)) == [paid]
    assert set(drill(part="denominator", **kwargs)) == {paid, unpaid}


def test_the_command_prints_json_records(y_yen):
    dossier(y_yen["13795"], channel="online")
    dossier(y_yen["13795"])
    out = StringIO()
    call_command(
        "kpi",
        "--period",
        "2022-11",
        "--unit",
        "13795",
        "--as-of",
        "2022-11-30 23:59",
        "--format",
        "json",
        "--indicator",
        "online_rate",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == [
        {
            "unit_code": "13795",
            "unit_name": "Thị trấn Lâm",
            "unit_valid_from": None,
            "unit_valid_to": "2025-06-30",
            "indicator": "online_rate",
            "numerator": 1,
            "denominator": 2,
            "value": 50.0,
            "target": None,
            "comparison": None,
            "met": None,
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2022-13"], "Kỳ '2022-13' không có thật"),
        (["--period", "tháng 11"], "Không hiểu kỳ 'tháng 11'"),
        (["--period", "2022-11", "--unit", "99999"], "Không có đơn vị mã '99999' vào ngày"),
        (["--period", "2022-11", "--indicator", "speed"], "Không có chỉ số speed."),
        (["--period", "2022-11", "--as-of", "30/11/2022"], "không đúng dạng 'YYYY-MM-DD HH:MM'"),
    ],
)
def test_bad_input_is_refused_with_exit_code_2(db, args, message):
    with pytest.raises(CommandError) as error:
        call_command("kpi", *args)
    assert error.value.returncode == 2
    assert message in str(error.value)


def test_the_notice_targets_load_once(y_yen):
    call_command("load-targets", "notice-2022")
    call_command("load-targets", "notice-2022")
    commune = Target.objects.filter(target_set__unit_kind="commune")
    assert {(t.indicator, t.comparison, t.value) for t in commune} >= {
        ("online_rate", ">=", 85),
        ("online_payment_rate", ">=", 50),
        ("digitised_rate", ">=", 70),
        ("e_result_rate", ">=", 80),
        ("overdue_open", "<=", 0),
    }
    assert (
        Target.objects.get(target_set__unit__code="360.LDTBXH", indicator="interagency_online_rate").value
        == 100
    )


def test_a_series_gives_each_weeks_roll_up_in_one_query(y_yen, django_assert_num_queries):
    from cchc.kpis.engine import series

    weeks = [parse_period("rw:2022-11-10"), parse_period("rw:2022-11-17")]  # 4–10/11 and 11–17/11
    dossier(y_yen["13795"], "2022-11-07 09:00", channel="online")
    dossier(y_yen["13798"], "2022-11-08 09:00")
    dossier(y_yen["13798"], "2022-11-14 09:00", channel="online", due="2022-11-16 09:00")
    with django_assert_num_queries(1):  # one aggregate (the units are a subquery)
        found = series(
            user=system_user(),
            periods=weeks,
            as_of=END_OF_NOV,
            indicator_codes=["online_rate", "overdue_open"],
        )
    assert [(f.numerator, f.denominator) for f in found["online_rate"]] == [(1, 2), (1, 1)]
    # All three stay open. Due 10/11 09:00, 11/11 09:00 and 16/11 09:00: at the end of 10/11 one is overdue,
    # at the end of 17/11 all three.
    assert [f.numerator for f in found["overdue_open"]] == [1, 3]


def test_the_slips_printed_rate_counts_counter_dossiers_with_both_slips(y_yen):
    lam = y_yen["13795"]
    printed = at("2022-11-10 09:05")
    dossier(lam, receipt_printed_at=printed, control_printed_at=printed)
    dossier(lam, receipt_printed_at=printed)  # the control slip is missing
    dossier(lam)
    dossier(lam, source="import")  # from the portal: its slips were not cchc's to print

    row = figures(lam, codes=["slips_printed_rate"])[("13795", "slips_printed_rate")]

    assert (row.figure.numerator, row.figure.denominator) == (1, 3)
