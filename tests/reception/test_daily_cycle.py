"""Numbering restarts each local day; tickets left waiting at closing time expire."""

from datetime import datetime
from zoneinfo import ZoneInfo

from reception import clock, queue
from reception.database import connection
from reception.models import Ticket, TicketEvent

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts):
    return datetime(*parts, tzinfo=HCM)


def test_numbering_restarts_at_local_midnight(client, issue):
    clock.frozen_now = at(2026, 11, 27, 23, 59)
    assert issue("A")["number"] == "001"
    assert issue("A")["number"] == "002"
    # 00:01 in Hồ Chí Minh City is still the previous day in UTC: the local date counts.
    clock.frozen_now = at(2026, 11, 28, 0, 1)
    assert issue("A")["number"] == "001"


def test_a_prefixed_service_has_its_own_sequence_but_confidential_never(client, issue):
    from reception.database import write_transaction
    from reception.models import Service

    with connection(), write_transaction():
        Service.update(prefix="C").where(Service.code == "C").execute()
        Service.update(prefix="B").where(Service.code == "B").execute()  # confidential
    assert issue("A")["number"] == "001"
    assert issue("C")["number"] == "C001"
    assert issue("B")["number"] == "002", "a confidential matter never shows a prefix"


def test_tickets_waiting_at_closing_time_expire_and_history_is_kept(client, issue, officer):
    queue.CLOSING_TIME = "17:00"
    try:
        clock.frozen_now = at(2026, 11, 27, 16, 0)
        served = issue("A")
        left = issue("A", party_size=3)
        client.post("/api/v1/counters/1/call-next", headers=officer)
        clock.frozen_now = at(2026, 11, 27, 17, 1)
        refused = client.post("/api/v1/tickets", json={"service": "A"})
        assert refused.status_code == 409
        assert "Đã hết giờ tiếp công dân hôm nay (17:00)" in refused.json["error"]["message"]
        with connection():
            assert queue.expire_stale() == 1
            assert Ticket.get_by_id(left["id"]).status == "expired"
            assert Ticket.get_by_id(served["id"]).status == "called"
            kinds = [e.kind for e in TicketEvent.select().where(TicketEvent.ticket == left["id"])]
        assert kinds == ["issued", "expired"]
        # The next morning: yesterday's open ticket is closed and numbering starts again.
        clock.frozen_now = at(2026, 11, 28, 7, 30)
        with connection():
            queue.expire_stale()
            assert Ticket.get_by_id(served["id"]).status == "no_show"
            assert Ticket.select().count() == 2, "history is kept"
        assert issue("A")["number"] == "001"
    finally:
        queue.CLOSING_TIME = ""


def test_yesterdays_waiting_tickets_are_never_called(client, issue, officer):
    clock.frozen_now = at(2026, 11, 27, 10, 0)
    issue("A")
    clock.frozen_now = at(2026, 11, 28, 8, 0)
    assert client.post("/api/v1/counters/1/call-next", headers=officer).status_code == 204
