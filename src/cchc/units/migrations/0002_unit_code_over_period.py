"""A unit is a code over a period: the code is no longer unique, two units with one code never overlap.

The guard lives in the database too: on PostgreSQL an exclusion constraint over (code, validity) (needs the
``btree_gist`` extension, trusted since PostgreSQL 13), on SQLite two triggers that abort the same writes.
No unit is its own successor: a check on PostgreSQL, a trigger on SQLite.
"""

from django.db import migrations, models

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE units_unit ADD CONSTRAINT unit_code_no_overlap EXCLUDE USING gist "
    "(code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)",
    "ALTER TABLE units_unit_successors ADD CONSTRAINT unit_not_own_successor CHECK (from_unit_id <> to_unit_id)",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE units_unit DROP CONSTRAINT unit_code_no_overlap",
    "ALTER TABLE units_unit_successors DROP CONSTRAINT unit_not_own_successor",
]
SQLITE_OVERLAP = (
    "EXISTS (SELECT 1 FROM units_unit o WHERE o.code = NEW.code AND o.id != NEW.id"
    " AND COALESCE(o.valid_from, '0001-01-01') <= COALESCE(NEW.valid_to, '9999-12-31')"
    " AND COALESCE(NEW.valid_from, '0001-01-01') <= COALESCE(o.valid_to, '9999-12-31'))"
)
SQLITE = [
    f"CREATE TRIGGER unit_code_no_overlap_{event.lower()} BEFORE {event} ON units_unit"
    f" WHEN {SQLITE_OVERLAP} BEGIN SELECT RAISE(ABORT, 'unit_code_no_overlap'); END"
    for event in ("INSERT", "UPDATE")
]
SQLITE += [
    "CREATE TRIGGER unit_not_own_successor BEFORE INSERT ON units_unit_successors"
    " WHEN NEW.from_unit_id = NEW.to_unit_id BEGIN SELECT RAISE(ABORT, 'unit_not_own_successor'); END"
]
SQLITE_REVERSE = [f"DROP TRIGGER unit_code_no_overlap_{event}" for event in ("insert", "update")]
SQLITE_REVERSE += ["DROP TRIGGER unit_not_own_successor"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="code",
            field=models.CharField(db_index=True, max_length=32, verbose_name="mã"),
        ),
        migrations.AlterField(
            model_name="unit",
            name="kind",
            field=models.CharField(
                choices=[
                    ("province", "Tỉnh"),
                    ("district", "Huyện"),
                    ("office", "Phòng chuyên môn"),
                    ("commune", "Xã"),
                    ("town", "Thị trấn"),
                    ("ward", "Phường"),
                    ("department", "Cơ quan, phòng thuộc UBND tỉnh, xã"),
                    ("centre", "Trung tâm Phục vụ hành chính công"),
                ],
                max_length=16,
                verbose_name="loại",
            ),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
