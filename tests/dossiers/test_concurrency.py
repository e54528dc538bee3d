"""Twenty clerks registering at the same moment get twenty distinct, consecutive codes (PostgreSQL)."""

import threading
from datetime import datetime

import pytest
from django.db import connection, connections

from cchc.core.calendar import VN_TZ
from cchc.dossiers.models import Dossier
from cchc.dossiers.services import dossier_receive

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database; SQLite serialises them",
)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_clerks_get_twenty_consecutive_codes(lam_clerk, y_yen, birth):
    start = threading.Barrier(20)
    codes: list[str] = []
    errors: list[Exception] = []

    def register(number: int) -> None:
        try:
            start.wait()
            dossier = dossier_receive(
                actor=lam_clerk,
                unit=y_yen["13795"],
                procedure=birth,
                applicant_name=f"Người nộp {number}",
                received_at=datetime(2022, 11, 9, 9, 0, tzinfo=VN_TZ),
            )
            codes.append(dossier.code)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(codes) == [f"13795-221109-{n:04d}" for n in range(1, 21)]
    assert Dossier.objects.count() == 20
