"""Demo bookable sessions for `make run`: the chairman's weekly reception and the vice
chairman's monthly one, from today on, so /dat-lich has something to book."""

import click
from flask.cli import AppGroup

from reception import clock, schedule
from reception.database import write_transaction
from reception.models import Counter
from reception.schedule.models import MONTHLY_WEEKDAY, WEEKLY, LeaderReception

PLACE = "Phòng tiếp công dân, Trụ sở UBND xã Đức An"
DEMO_RULES = [
    # leader, title, recurrence, weekday, week of month, hours, places, counter number
    ("Hoàng Văn Minh", "Chủ tịch UBND xã", WEEKLY, 3, None, ("07:30", "11:00"), 10, 1),
    ("Lê Thị Thu Hà", "Phó Chủ tịch UBND xã", MONTHLY_WEEKDAY, 1, 2, ("13:30", "16:30"), 6, 2),
]

booking_cli = AppGroup("booking", help="Đặt lịch tiếp công dân (online booking).")


def seed_sessions() -> int:
    """Add the demo reception rules when the schedule is empty; return how many were added."""
    with write_transaction():
        if LeaderReception.select().exists():
            return 0
        counters = {c.number: c for c in Counter.select()}
        for name, title, recurrence, weekday, week, (start, end), places, number in DEMO_RULES:
            LeaderReception.create(
                leader_name=name, leader_title=title, recurrence=recurrence, weekday=weekday,
                week_of_month=week, start_time=start, end_time=end, capacity=places,
                counter=counters.get(number), location=PLACE, valid_from=clock.today(),
                created_at=clock.stored_now())
    schedule.invalidate()
    return len(DEMO_RULES)


@booking_cli.command("seed-demo")
def seed_demo_command():
    """Add demo leader reception sessions citizens can book (only into an empty schedule)."""
    added = seed_sessions()
    if added:
        click.echo(f"Đã tạo {added} lịch tiếp công dân mẫu nhận đặt lịch trực tuyến (/dat-lich).")
    else:
        click.echo("Lịch tiếp công dân đã có dữ liệu; không tạo lịch mẫu.")
