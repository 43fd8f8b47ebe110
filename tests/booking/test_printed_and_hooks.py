"""Issue 13: a checked-in ticket prints like a walk-in's, whatever was booked; the lookups
the notification sender (another part of issue 13) uses: tomorrow's bookings, a ticket's
appointment."""

from datetime import date

from reception.booking import appointments
from reception.database import connection
from reception.models import Ticket
from reception.printing.dispatch import PrintSetup, printout_for
from reception.printing.render import layout_ticket
from tests.booking.conftest import NEXT_WEEK, add_session, citizen


def printed(ticket_id: int) -> list[str]:
    with connection():
        ticket = Ticket.get_by_id(ticket_id)
        return [line.text for line in
                layout_ticket(printout_for(ticket, PrintSetup(public_url="http://tiepdan/"))).texts()]


def test_a_checked_in_denunciation_prints_like_a_complaint(client, session, officer):
    codes = [client.post("/api/v1/appointments", json=citizen(
        session["id"], service=service)).json["appointment"]["code"] for service in "AB"]
    texts = []
    for code in codes:
        ticket = client.post("/api/v1/tickets", json={"appointment": code}).json["ticket"]
        texts.append([line.replace(ticket["number"], "NNN") for line in printed(ticket["id"])])
        # Called before the next one checks in: each prints with nobody ahead.
        client.post("/api/v1/counters/3/call-next", headers=officer)
    walk_in = client.post("/api/v1/tickets", json={"service": "C"}).json["ticket"]
    plain = [line.replace(walk_in["number"], "NNN") for line in printed(walk_in["id"])]
    assert texts[0] == texts[1]
    # And like a walk-in's with nobody ahead.
    assert plain == texts[0]


def test_the_lookups_for_notifications(client, leader, session):
    later = add_session(client, leader, date=NEXT_WEEK).json["session"]
    kept = client.post("/api/v1/appointments", json=citizen(later["id"])).json["appointment"]
    gone = client.post("/api/v1/appointments", json=citizen(later["id"])).json["appointment"]
    client.post(f"/api/v1/appointments/{gone['code']}/cancel")
    with connection():
        assert [a.code for a in appointments.booked_on(date(2027, 3, 10))] == [kept["code"]]
    today = client.post("/api/v1/appointments", json=citizen(session["id"])).json["appointment"]
    ticket = client.post("/api/v1/tickets", json={"appointment": today["code"]}).json["ticket"]
    with connection():
        found = appointments.for_ticket(ticket["id"])
        assert (found.code, found.phone) == (today["code"], "0912345678")
        assert appointments.for_ticket(ticket["id"] + 1) is None
