"""Prepare a benchmark database through the application's own code (run as a subprocess).

`python scripts/bench_seed.py --waiting N [--officers K] [--counters K]` with the server's
environment (RECEPTION_DATABASE_URL ...):
- makes counters 1..K serve every service (reception.catalogue.save_counter, the function the
  admin's counter form calls: the application has no CLI or JSON API for counters), so that
  every officer draws from one first-come-first-served line and a skip is detectable;
- creates officers bench01..benchK and a security guard `benchguard` (reception.users.create_user,
  what `flask users create` calls), password PASSWORD;
- adds N waiting tickets in one write transaction with reception.queue._create_ticket, the very
  function issue_ticket uses (numbering upsert, the ticket row, its "issued" event): the rows
  are the ones a kiosk would have made, without the per-request HTTP, snapshot and print work.

Prints one JSON line: {"seeded": N, "seconds": ..., "last_number": ...}.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "mat-khau-an-toan"
SERVICES = ("A", "C", "D")  # the public matters the kiosks of the benchmark ask for


def officer_name(index: int) -> str:
    return f"bench{index:02d}"


GUARD = "benchguard"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiting", type=int, default=0)
    parser.add_argument("--officers", type=int, default=0)
    parser.add_argument("--counters", type=int, default=0)
    args = parser.parse_args(argv)

    from app import create_app
    from reception import catalogue, clock, queue, users
    from reception import settings as org_settings
    from reception.config import Settings
    from reception.database import connection, write_transaction
    from reception.models import Counter, Service, User

    hash_method = Settings.of(create_app()).password_hash_method
    began = time.perf_counter()
    with connection():
        every = [service.id for service in Service.select()]
        for number in range(1, args.counters + 1):
            existing = Counter.get_or_none(Counter.number == number)
            catalogue.save_counter(
                {"number": number, "name": f"Quầy {number}", "active": True},
                every,
                existing.id if existing else None,
            )
        wanted = [
            (officer_name(i), "officer", f"Cán bộ thử {i:02d}") for i in range(1, args.officers + 1)
        ]
        if args.officers:
            wanted.append((GUARD, "security", "Bảo vệ thử"))
        for username, role, full_name in wanted:
            if not User.select().where(User.username == username).exists():
                users.create_user(username, PASSWORD, role, full_name=full_name,
                                  hash_method=hash_method)
        services = [Service.get(Service.code == code) for code in SERVICES]
        values = org_settings.all_settings()
        last = None
        with write_transaction():
            for index in range(args.waiting):
                last = queue._create_ticket(
                    services[index % len(services)], 1, None, values, clock.now(), "bench-seed"
                )
    print(
        json.dumps(
            {
                "seeded": args.waiting,
                "seconds": round(time.perf_counter() - began, 2),
                "last_number": last.number if last else None,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
