"""The default urging rules and schedules: made by the migration, changed afterwards in the admin."""

from datetime import time

# (condition, recipients, lead days)
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


def load(*, rule_model, schedule_model, postgres: bool) -> None:
    """Make the rules and schedules that are missing (by condition, by job); never change existing ones.

    The models are passed in so that the migration can give its historical ones."""
    for condition, recipients, lead_days in RULES:
        rule_model.objects.get_or_create(
            condition=condition, defaults={"recipients": recipients, "lead_days": lead_days}
        )
    for name, job, frequency, at, weekday, day in SCHEDULES:
        if not schedule_model.objects.filter(job=job).exists():
            schedule_model.objects.create(
                name=name,
                job=job,
                frequency=frequency,
                time_of_day=at,
                weekday=weekday,
                day_of_month=day,
                # Partitions exist only on PostgreSQL: on SQLite the job would fail every month.
                enabled=postgres or job != "partitions",
            )
