from django.db import migrations, models

from cchc.core.text import vn_sort_key


def fill_sort_keys(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    units = list(Unit.objects.only("pk", "name"))
    for unit in units:
        unit.sort_key = vn_sort_key(unit.name)[:512]
    Unit.objects.bulk_update(units, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="sort_key",
            field=models.CharField(
                default="", editable=False, max_length=512, verbose_name="khóa sắp xếp theo tên"
            ),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
    ]
