"""Fill a database with a month of plausible reception days, for the README's screenshot.

Run as `python -m tests.crowd.history_seed` with RECEPTION_DATABASE_URL set: weekdays of the
last 30 days get visitors mostly in the morning, a few groups, each received and finished,
through the real queue services with the clock moved (deterministic: a fixed random seed).
"""

import random
from datetime import datetime, time, timedelta

from app import create_app
from reception import clock, queue, realtime
from reception.config import Settings
from reception.database import connection
from reception.users import create_user

# (hour, minute, weight): arrivals peak at opening and after lunch.
ARRIVALS = [(7, 30, 6), (8, 0, 9), (8, 30, 8), (9, 0, 6), (9, 30, 4), (10, 0, 3), (10, 30, 2),
            (13, 30, 4), (14, 0, 5), (14, 30, 3), (15, 0, 2), (15, 30, 1)]


def seed(days: int = 30) -> int:
    """Issue, call and finish a month of tickets; return how many were issued."""
    settings = Settings.of(create_app())
    # The boards are not watching: skip the snapshots, only the stored history matters.
    realtime.queue_changed = lambda: None
    chance = random.Random(2026)
    with connection():
        officer = create_user("lich_su", "mat-khau-an-toan", "officer",
                              hash_method=settings.password_hash_method)
    today = clock.today()
    issued = 0
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() < 5:
            issued += _one_day(day, chance, officer, settings)
    clock.frozen_now = None
    return issued


def _one_day(day, chance, officer, settings: Settings) -> int:
    """Simulate one day minute by minute: arrivals, and three counters taking ~17 minutes."""
    arrivals: dict[datetime, list[int]] = {}
    for hour, minute, weight in ARRIVALS:
        for _ in range(chance.randint(weight, weight * 2)):
            start = datetime.combine(day, time(hour, minute), tzinfo=clock.TIMEZONE)
            moment = start + timedelta(minutes=chance.randint(0, 29))
            size = chance.choice([1, 1, 1, 1, 2, 2, 3]) if chance.random() > 0.05 else \
                chance.randint(5, 30)
            arrivals.setdefault(moment, []).append(size)
    busy: dict[int, tuple] = {}
    now = datetime.combine(day, time(7, 30), tzinfo=clock.TIMEZONE)
    closing = datetime.combine(day, time(17, 0), tzinfo=clock.TIMEZONE)
    # After closing the counters finish whoever is still waiting.
    while now < closing or any(ticket is not None for ticket, _until in busy.values()):
        clock.frozen_now = now
        with connection():
            for size in arrivals.get(now, []):
                queue.issue_ticket(chance.choice("AACCD"), size, settings=settings)
            for counter in (1, 2, 3):
                ticket, until = busy.get(counter, (None, now))
                if until > now:
                    continue
                if ticket is not None:
                    queue.finish(ticket.id, user=officer)
                called, _ = queue.call_next(counter, officer, settings=settings)
                busy[counter] = (called, now + timedelta(minutes=chance.randint(12, 22)))
        now += timedelta(minutes=1)
    return sum(len(sizes) for sizes in arrivals.values())


if __name__ == "__main__":
    print(f"Đã tạo {seed()} phiếu trong 30 ngày qua.")
