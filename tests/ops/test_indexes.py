"""The hot queries use an index on PostgreSQL (EXPLAIN of the SQL the code really runs).

The clerk's overdue list is checked on 3,000 analysed dossiers of 30 units, where the planner chooses by
cost. The KPI query of a whole district over a month reads a twelfth of the table, where a sequential scan
can be right at small sizes, so it is checked with ``enable_seqscan = off``: an index is then chosen if, and
only if, one fits the query (see docs/scaling.md).
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cchc.accounts.scoping import scoped
from cchc.core.kpi import Period
from cchc.dossiers import selectors
from cchc.dossiers.models import Dossier
from cchc.kpis.engine import counts
from cchc.kpis.indicators import INDICATORS

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")

UNIT_STATE_DUE = "dossiers_do_unit_id_d48de8_idx"  # (unit, state, due_at)
UNIT_RECEIVED = "dossiers_do_unit_id_7c2526_idx"  # (unit, received_at)
UNIT_RESULT = "dossiers_do_unit_id_f95a79_idx"  # (unit, result_at)


def plan_of_dossier_query(run, seqscan: bool = False) -> str:
    """The plan of the one query on the dossier table that ``run`` sends."""
    with CaptureQueriesContext(connection) as captured:
        run()
    (sql,) = [q["sql"] for q in captured.captured_queries if 'FROM "dossiers_dossier"' in q["sql"]]
    with transaction.atomic(), connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def year_of_dossiers(y_yen, certification):
    """3,000 dossiers received over 2022 by 30 communes, a fifth of them still open."""
    units = sorted((u for u in y_yen.values() if u.kind in ("commune", "town")), key=lambda u: u.code)[:30]
    assert y_yen["13795"] in units
    start = datetime(2022, 1, 1, tzinfo=UTC)
    Dossier.objects.bulk_create(
        Dossier(
            code=f"T-{n:05d}",
            unit=units[n % len(units)],
            procedure=certification,
            online_level=2,
            state="received" if n % 5 == 0 else "returned",
            applicant_name="Nguyễn Văn An",
            received_at=start + timedelta(hours=2 * n),
            due_at=start + timedelta(hours=2 * n + 72),
            result_at=None if n % 5 == 0 else start + timedelta(hours=2 * n + 48),
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossier")
    return units


def test_the_clerks_overdue_list_uses_the_unit_state_due_index(lam_clerk, year_of_dossiers):
    now = datetime(2022, 11, 2, tzinfo=UTC)
    plan = plan_of_dossier_query(
        lambda: list(selectors.overdue(user=lam_clerk, unit=lam_clerk.unit, now=now)), seqscan=True
    )
    assert UNIT_STATE_DUE in plan


def test_the_kpi_group_by_query_uses_the_unit_date_indexes(leader):
    plan = plan_of_dossier_query(
        lambda: counts(
            dossiers=scoped(Dossier.objects.all(), leader),
            indicators=list(INDICATORS.values()),
            period=Period(date(2022, 11, 1), date(2022, 11, 30), "tháng 11/2022"),
            as_of=datetime(2022, 12, 1, tzinfo=UTC),
        )
    )
    assert "Index" in plan
    assert "Seq Scan on dossiers_dossier" not in plan
