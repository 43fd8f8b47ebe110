""""Ahead of you" for every waiting ticket, checked against the calling rule written plainly:
a waiting ticket is ahead when a counter able to serve yours could call it (it was sent to
that counter, or that counter serves its service) and it comes first (a higher priority, or
the same priority and an earlier place). On SQLite and on PostgreSQL."""

from app import create_app
from demo import headquarters
from reception import schema
from reception.config import Settings
from reception.database import connection
from reception.models import WAITING, Counter, CounterService, Ticket
from reception.users import create_user, issue_token

# (service, priority, counter the ticket is sent to): a fixed mix. A ticket goes only to a
# counter that receives its matter (counter 3 receives C and D).
TICKETS = [("A", None, None), ("C", None, None), ("D", "elderly", None), ("D", None, 3),
           ("C", None, None), ("B", None, None), ("D", None, 2), ("C", "disability", None),
           ("A", None, None), ("D", None, None), ("C", None, 3), ("A", "elderly", None),
           ("B", "elderly", 1), ("C", None, None)]


def expected_ahead(ticket, waiting, serves, counters_of):
    def reachable(other, counter):
        if other.target_counter_id is not None:
            return other.target_counter_id == counter
        return other.service_id in serves[counter]

    def first(other):
        return (-other.priority_rank, other.queued_at, other.id) < (
            -ticket.priority_rank, ticket.queued_at, ticket.id)

    mine = ([ticket.target_counter_id] if ticket.target_counter_id
            else counters_of[ticket.service_id])
    return sum(1 for other in waiting
               if first(other) and any(reachable(other, counter) for counter in mine))


def check_every_ticket(client, headers):
    for service, priority, target in TICKETS:
        answer = client.post("/api/v1/tickets", json={"service": service, "priority": priority})
        assert answer.status_code == 201, answer.json
        if target:
            moved = client.post(f"/api/v1/tickets/{answer.json['ticket']['id']}/transfer",
                                headers=headers, json={"counter": target})
            assert moved.status_code == 200, moved.json
    with connection():
        waiting = list(Ticket.select().where(Ticket.status == WAITING))
        serves = {counter.id: {link.service_id for link in CounterService.select().where(
            CounterService.counter == counter)} for counter in Counter.select().where(
            Counter.active)}
        counters_of: dict = {}
        for counter, services in serves.items():
            for service_id in services:
                counters_of.setdefault(service_id, []).append(counter)
        expected = {t.id: expected_ahead(t, waiting, serves, counters_of) for t in waiting}
    shown = {ticket_id: client.get(f"/api/v1/tickets/{ticket_id}", headers=headers)
             .json["ticket"]["ahead"] for ticket_id in expected}
    assert shown == expected
    assert len(waiting) == len(TICKETS)
    assert len(set(expected.values())) > 5, "the mix must give many different answers"


def test_ahead_on_sqlite(client, officer):
    check_every_ticket(client, officer)


def test_ahead_on_postgresql(postgres_database):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": postgres_database,
                      "CLOSING_TIME": "", "REALTIME_COALESCE_SECONDS": 0})
    schema.init_db()
    headquarters.seed()
    with connection():
        settings = Settings.of(app)
        user = create_user("canbo-pg", "mat-khau-an-toan", "officer",
                           hash_method=settings.password_hash_method)
        token = issue_token(user, settings.token_hours)
    check_every_ticket(app.test_client(), {"Authorization": f"Bearer {token}"})
