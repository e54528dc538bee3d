"""Refused, withdrawn and stopped dossiers, with and without the moment they ended (an import gives none)."""

from tests.kpis.test_engine import at, dossier, figures


def cell(rows, code):
    figure = rows[("13795", code)].figure
    return figure.numerator, figure.denominator


def test_it_never_counts_a_dossier_refused_at_intake_with_or_without_its_time(y_yen):
    lam = y_yen["13795"]
    dossier(lam, digitised=True)
    dossier(lam, state="refused", closed_at=at("2022-11-10 09:30"))
    dossier(lam, state="refused")  # imported "Từ chối tiếp nhận": no closing time
    rows = figures(lam)
    assert cell(rows, "digitised_rate") == (1, 1)
    assert cell(rows, "portal_sync_rate") == (0, 1)
    # Not even before it was refused: refused at intake means it never entered the register's figures.
    assert cell(figures(lam, as_of=at("2022-11-10 09:15")), "digitised_rate") == (1, 1)


def test_a_withdrawn_dossier_counts_until_it_is_withdrawn_and_never_when_that_moment_is_unknown(y_yen):
    lam = y_yen["13795"]
    dossier(lam, "2022-11-03 09:00", state="withdrawn", closed_at=at("2022-11-20 10:00"))
    dossier(lam, "2022-11-03 09:00", state="withdrawn")  # imported "Rút hồ sơ"
    assert cell(figures(lam, as_of=at("2022-11-15 17:00")), "digitised_rate") == (0, 1)
    assert cell(figures(lam), "digitised_rate") == (0, 0)


def test_a_stopped_dossier_counts_where_it_was_received_never_as_a_result_never_overdue_after(y_yen):
    lam = y_yen["13795"]
    dossier(
        lam,
        "2022-11-03 09:00",
        due="2022-11-08 09:00",
        state="stopped",
        closed_at=at("2022-11-10 09:00"),
        digitised=True,
    )
    imported = dossier(lam, "2022-11-03 09:00", due="2022-11-08 09:00", result="2022-11-07 09:00")
    imported.state = "stopped"  # the portal says "Dừng giải quyết" and gives an end date
    imported.save(update_fields=["state"])
    dossier(lam, "2022-11-03 09:00", due="2022-11-08 09:00", state="stopped")  # no time at all
    rows = figures(lam)
    assert cell(rows, "digitised_rate") == (1, 3)
    assert cell(rows, "on_time_rate") == (0, 0)
    assert cell(rows, "overdue_open") == (0, None)
    # Between its appointment (8/11) and its stop (10/11) the first one was overdue.
    assert cell(figures(lam, as_of=at("2022-11-09 12:00")), "overdue_open") == (1, None)


def test_a_result_state_without_a_result_time_is_not_open(y_yen):
    lam = y_yen["13795"]
    dossier(lam, "2022-11-03 09:00", due="2022-11-08 09:00", state="returned")  # portal: returned, no dates
    rows = figures(lam)
    assert cell(rows, "overdue_open") == (0, None)
    assert cell(rows, "on_time_rate") == (0, 0)
    assert cell(rows, "digitised_rate") == (0, 1)
