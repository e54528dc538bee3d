"""``cchc check --deploy``: what an operator should hear about before it hurts."""

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from cchc.ops import partitioning


@register(deploy=True)
def dossier_table_partitioned(app_configs=None, **kwargs) -> list[Warning]:
    """Warn when the dossier table on PostgreSQL has passed ``PARTITION_MIN_ROWS`` unpartitioned.

    The planner's estimate is read (``pg_class.reltuples``): a check must not count millions of rows. An
    unreachable or unmigrated database is not this check's business; the others say so.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            if partitioning.table_kind(cursor) != "r":
                return []
            rows = partitioning.estimated_rows(cursor)
    except DatabaseError:
        return []
    if rows < settings.PARTITION_MIN_ROWS:
        return []
    return [
        Warning(
            f"Bảng hồ sơ có khoảng {partitioning.number(rows)} hồ sơ, vượt ngưỡng "
            f"{partitioning.number(settings.PARTITION_MIN_ROWS)} (CCHC_PARTITION_MIN_ROWS) mà chưa phân vùng "
            "theo tháng.",
            hint="Xem kế hoạch bằng `cchc partition-dossiers --plan`, rồi chạy lệnh đó trong giờ vắng "
            "(docs/scaling.md, mục “A province”, 3).",
            id="ops.W001",
        )
    ]
