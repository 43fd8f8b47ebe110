"""Ten officers press Call next at once on 200 waiting tickets: each is called exactly once.

Runs on SQLite (WAL, several processes) and on PostgreSQL at 127.0.0.1:5432. Under CI=true
the PostgreSQL case fails, never skips, when the server cannot be reached.
"""

from tests.processes import race_context

OFFICERS = 10
TICKETS = 200


def make_app(url):
    from app import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url,
                       "CLOSING_TIME": "", "REALTIME_COALESCE_SECONDS": 0,
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"})


def prepare(url):
    """Create the schema, ten counters serving every service, and 200 waiting tickets."""
    from demo import headquarters
    from reception import queue, schema
    from reception.config import Settings
    from reception.database import write_transaction
    from reception.models import Counter, CounterService, Service

    settings = Settings.of(make_app(url))
    schema.init_db()
    headquarters.seed()
    with write_transaction():
        services = list(Service.select())
        for number in range(4, OFFICERS + 1):
            counter = Counter.create(number=number, name=f"Quầy {number}")
            for service in services:
                CounterService.create(counter=counter, service=service)
        for counter in Counter.select():
            for service in services:
                CounterService.insert(counter=counter, service=service).on_conflict_ignore()\
                    .execute()
    codes = [s.code for s in services]
    for index in range(TICKETS):
        queue.issue_ticket(codes[index % len(codes)], 1 + index % 3,
                           "elderly" if index % 17 == 0 else None, settings=settings)


def officer(url, counter_id, start, results):
    """Call next at one counter until nobody waits; report the ticket ids called."""
    from reception import queue
    from reception.config import Settings
    from reception.database import connection

    settings = Settings.of(make_app(url))
    start.wait(timeout=30)
    called = []
    with connection():
        while True:
            ticket, _ = queue.call_next(counter_id, settings=settings)
            if ticket is None:
                break
            called.append(ticket.id)
    results.put(called)


def run_officers(url):
    context = race_context()
    start = context.Event()
    results = context.Queue()
    workers = [context.Process(target=officer, args=(url, counter_id, start, results))
               for counter_id in range(1, OFFICERS + 1)]
    for worker in workers:
        worker.start()
    start.set()
    called = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    return called


def check_each_called_once(url, called):
    from reception.database import connection
    from reception.models import Ticket, TicketEvent

    flat = [ticket_id for batch in called for ticket_id in batch]
    assert len(flat) == TICKETS, "a ticket was skipped or called twice"
    assert len(set(flat)) == TICKETS, "two officers got the same ticket"
    assert sum(1 for batch in called if batch) > 1, "the officers really ran at the same time"
    make_app(url)
    with connection():
        assert Ticket.select().where(Ticket.status == "waiting").count() == 0
        assert TicketEvent.select().where(TicketEvent.kind == "called").count() == TICKETS


def test_ten_officers_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'race.db'}"
    prepare(url)
    check_each_called_once(url, run_officers(url))


def test_ten_officers_on_postgresql(postgres_database):
    prepare(postgres_database)
    check_each_called_once(postgres_database, run_officers(postgres_database))
