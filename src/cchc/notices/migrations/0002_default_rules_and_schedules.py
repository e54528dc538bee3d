"""The default urging rules and schedules (``cchc.notices.defaults``)."""

from django.db import migrations


def seed(apps, schema_editor):
    from cchc.notices.defaults import load

    load(
        rule_model=apps.get_model("notices", "Rule"),
        schedule_model=apps.get_model("notices", "Schedule"),
        postgres=schema_editor.connection.vendor == "postgresql",
    )


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_notices_rules_schedules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
