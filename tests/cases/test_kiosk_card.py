"""The ID card scanned at the kiosk: kept with the open ticket for the desk, shown nowhere
public, read only by the officer whose counter called the ticket or an admin giving a reason
(audited), and deleted once the ticket is closed."""

from reception import queue
from reception.cases.models import ArrivalIdentity
from reception.config import Settings
from reception.database import connection
from tests.cases.conftest import QR_PHO, meeting


def kiosk_ticket(client, **extra):
    return client.post("/api/v1/tickets", json={"service": "A", **extra})


def test_scanned_card_reaches_the_desk_and_goes_when_the_meeting_is_recorded(client, staff):
    officer, headers = staff("officer")
    _, admin = staff("admin")
    answer = kiosk_ticket(client, identity_qr=QR_PHO)
    assert answer.status_code == 201, answer.json
    ticket = answer.json["ticket"]
    assert "Nguyễn" not in answer.get_data(as_text=True)
    assert "Nguyễn" not in client.get(ticket["status_url"]).get_data(as_text=True)

    assert client.post("/api/v1/counters/1/call-next", headers=headers).status_code == 200
    scanned = client.get(f"/api/v1/tickets/{ticket['id']}/arrival-identity", headers=headers)
    assert scanned.status_code == 200
    assert scanned.json["identity"]["full_name"] == "Nguyễn Văn Phò"
    assert scanned.json["identity"]["id_number"] == "068085001234"
    assert scanned.json["identity"]["birth_year"] == 1985

    log = client.get("/api/v1/audit?action=arrival.view", headers=admin).json["entries"]
    assert [(e["username"], e["object_id"]) for e in log] == [
        (officer.username, str(ticket["id"]))]

    finished = client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers,
                           json=meeting())
    assert finished.status_code == 200, finished.json
    gone = client.get(f"/api/v1/tickets/{ticket['id']}/arrival-identity?reason=Kiểm tra",
                      headers=admin)
    assert gone.json == {"identity": None}


def identity_of(client, ticket_id, headers, reason=None):
    query = f"?reason={reason}" if reason else ""
    return client.get(f"/api/v1/tickets/{ticket_id}/arrival-identity{query}", headers=headers)


def test_only_the_officer_who_called_the_ticket_reads_the_card(client, staff):
    """Issue 10.3: another officer, a leader, or an admin without a reason is refused."""
    caller, caller_headers = staff("officer")
    _, other = staff("officer")
    _, leader = staff("leader")
    _, admin = staff("admin")
    ticket = kiosk_ticket(client, service="B", identity_qr=QR_PHO).json["ticket"]

    # Waiting: nobody has called it, so nobody at a desk reads it.
    assert identity_of(client, ticket["id"], caller_headers).status_code == 403
    called = client.post("/api/v1/counters/1/call-next", headers=caller_headers)
    assert called.json["ticket"]["id"] == ticket["id"]

    for headers in (other, leader, admin):
        refused = identity_of(client, ticket["id"], headers)
        assert refused.status_code == 403
        assert "Nguyễn" not in refused.get_data(as_text=True)
    assert identity_of(client, ticket["id"], caller_headers).json["identity"]["full_name"] == (
        "Nguyễn Văn Phò")
    read = identity_of(client, ticket["id"], admin, reason="Xác minh khiếu nại về cán bộ")
    assert read.status_code == 200 and read.json["identity"]["id_number"] == "068085001234"

    log = client.get("/api/v1/audit?action=arrival.view", headers=admin).json["entries"]
    reasons = sorted(str(entry["detail"].get("reason")) for entry in log)
    assert reasons == ["None", "Xác minh khiếu nại về cán bộ"]
    denied = client.get("/api/v1/audit?action=arrival.view.denied", headers=admin).json
    assert len(denied["entries"]) == 4

    # Once the ticket goes back to the queue, its caller no longer reads it either.
    client.post(f"/api/v1/tickets/{ticket['id']}/transfer", headers=caller_headers,
                json={"counter": 2})
    assert identity_of(client, ticket["id"], caller_headers).status_code == 403


def test_an_unknown_ticket_is_not_found(client, staff):
    _, headers = staff("officer")
    assert identity_of(client, 999, headers).status_code == 404


def test_security_staff_cannot_read_a_scanned_card(client, staff):
    _, headers = staff("security")
    ticket = kiosk_ticket(client, identity_qr=QR_PHO).json["ticket"]
    refused = client.get(f"/api/v1/tickets/{ticket['id']}/arrival-identity", headers=headers)
    assert refused.status_code == 403


def test_unreadable_card_is_refused_and_issues_no_ticket(client):
    bad = QR_PHO.replace("068085001234", "06808500123")
    answer = kiosk_ticket(client, identity_qr=bad)
    assert answer.status_code == 400
    assert answer.json["error"]["message"] == "Số định danh cá nhân phải gồm đúng 12 chữ số."
    assert client.get("/api/v1/queue").json["tickets_waiting"] == 0


def test_cards_of_closed_tickets_are_purged_by_housekeeping(app, client, staff):
    _, headers = staff("officer")
    kept = kiosk_ticket(client, identity_qr=QR_PHO).json["ticket"]
    closed = kiosk_ticket(client, identity_qr=QR_PHO).json["ticket"]
    client.post("/api/v1/counters/1/call-next", headers=headers)  # calls `kept`
    client.post(f"/api/v1/tickets/{kept['id']}/transfer", headers=headers,
                json={"counter": 2})
    client.post("/api/v1/counters/1/call-next", headers=headers)  # calls `closed`
    assert client.post(f"/api/v1/tickets/{closed['id']}/no-show",
                       headers=headers).status_code == 200
    with connection():
        queue.expire_stale(Settings.of(app).closing_time)
        left = [row.ticket_id for row in ArrivalIdentity.select()]
    assert left == [kept["id"]]
