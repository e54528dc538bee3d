"""The default urging rules and schedules; the administrator changes them in the admin afterwards."""

from datetime import time

from django.db import migrations

RULES = [
    ("due_soon", "handler,clerk", 1),
    ("overdue", "handler,clerk", 1),
    ("below_target", "unit_head", 1),
    ("friday_summary", "report_compiler,district_leader", 1),
    ("behind_two_weeks", "report_compiler,district_leader", 1),
    ("par_due", "unit_head", 3),
    ("par_returned", "unit_head", 1),
]

# (name, job, frequency, time of day, weekday, day of month)
SCHEDULES = [
    ("Báo cáo thứ Sáu", "weekly_report", "weekly", time(8, 0), 4, None),
    ("Đôn đốc hằng ngày", "remind", "daily", time(7, 30), None, None),
    ("Tạo trước phân vùng hồ sơ các tháng tới", "partitions", "monthly", time(3, 0), None, 20),
    ("Xoá lần đăng nhập sai cũ", "prune_login_failures", "monthly", time(3, 30), None, 1),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("notices", "Rule")
    Schedule = apps.get_model("notices", "Schedule")
    for condition, recipients, lead_days in RULES:
        Rule.objects.get_or_create(
            condition=condition, defaults={"recipients": recipients, "lead_days": lead_days}
        )
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, job, frequency, at, weekday, day in SCHEDULES:
        if not Schedule.objects.filter(job=job).exists():
            Schedule.objects.create(
                name=name,
                job=job,
                frequency=frequency,
                time_of_day=at,
                weekday=weekday,
                day_of_month=day,
                # Partitions exist only on PostgreSQL: on SQLite the job would fail every month.
                enabled=postgres or job != "partitions",
            )


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_notices_rules_schedules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
