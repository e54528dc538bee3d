"""Appointments for N dossiers (default 1,000,000) with the deadline engine, on one core.

Receipt times are spread over 2022–2026 at random minutes (seeded); limits mix working days (1–15),
working hours (4–40) and same-day with a 15:00 cut-off; one dossier in ten has a supplement pause.
Usage: .venv/bin/python bench/deadlines.py [N]
"""

import random
import sys
import time as clock
from datetime import datetime, time, timedelta

from cchc.core.calendar import VN_TZ, TimeLimit, WorkCalendar, appointment


def main(count: int) -> None:
    rng = random.Random(2022)
    start = datetime(2022, 1, 1, tzinfo=VN_TZ)
    limits = [TimeLimit.days(d) for d in range(1, 16)] + [TimeLimit.hours(h) for h in (4, 8, 16, 40)]
    limits.append(TimeLimit.same_day(time(15, 0)))
    cases = []
    for _ in range(count):
        received = start + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        pauses = ()
        if rng.random() < 0.1:
            begin = received + timedelta(hours=rng.randrange(1, 48))
            pauses = ((begin, begin + timedelta(hours=rng.randrange(1, 96))),)
        cases.append((received, rng.choice(limits), pauses))

    built = clock.perf_counter()
    calendar = WorkCalendar()
    ready = clock.perf_counter()
    for received, limit, pauses in cases:
        appointment(calendar, received, limit, pauses)
    done = clock.perf_counter()
    print(f"calendar built in {ready - built:.3f} s")
    print(
        f"{count:,} appointments in {done - ready:.2f} s ({count / (done - ready):,.0f} per second, one core)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
