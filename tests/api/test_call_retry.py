"""Issue 10.8: a call-next whose reply was lost is safe to send again, and an officer cannot
close another officer's meeting at a shared counter."""

import threading
from concurrent.futures import ThreadPoolExecutor

from reception import realtime
from tests.conftest import events_named


def call(client, headers, counter=1, key=None):
    extra = {"Idempotency-Key": key} if key else {}
    return client.post(f"/api/v1/counters/{counter}/call-next", headers={**headers, **extra})


def test_a_call_lost_after_its_commit_is_announced_on_retry_not_closed(
    client, officer, issue, display_client, monkeypatch
):
    first, second = issue("A"), issue("A")
    display_client.get_received("/display")

    # The process dies after committing the call, before anything is announced.
    def dies(*args, **kwargs):
        raise RuntimeError("process killed after the commit")

    with monkeypatch.context() as patch:
        patch.setattr(realtime, "ticket_called", dies)
        assert call(client, officer, key="desk-1-call-7").status_code == 500
    assert events_named(display_client.get_received("/display"), "ticket_called") == []

    again = call(client, officer, key="desk-1-call-7")
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json["ticket"]["id"] == first["id"]
    assert again.json["ticket"]["status"] == "called"
    announced = events_named(display_client.get_received("/display"), "ticket_called")
    assert [(e["number"], e["counter"]["id"]) for e in announced] == [(first["number"], 1)]
    waiting = client.get(f"/api/v1/tickets/{second['id']}", headers=officer).json["ticket"]
    assert waiting["status"] == "waiting"

    # A new key is a new call: the first ticket closes (no-show) and the second is called.
    assert call(client, officer, key="desk-1-call-8").json["ticket"]["id"] == second["id"]
    display_client.get_received("/display")
    closed = client.get(f"/api/v1/tickets/{first['id']}", headers=officer).json["ticket"]
    assert closed["status"] == "no_show"
    # The old key still names the first call and announces nothing more.
    replay = call(client, officer, key="desk-1-call-7")
    assert replay.json["ticket"]["id"] == first["id"]
    assert events_named(display_client.get_received("/display"), "ticket_called") == []


def test_a_key_reused_at_another_counter_is_refused(client, officer, issue):
    issue("A")
    issue("C")
    assert call(client, officer, 1, key="k-1").status_code == 200
    refused = call(client, officer, 3, key="k-1")
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "idempotency_conflict"


def test_an_officer_cannot_close_another_officers_meeting(app, client, auth_headers, make_user,
                                                         issue):
    from reception.config import Settings
    from reception.database import connection
    from reception.users import issue_token

    holder, _ = make_user("officer")
    with connection():
        holder.full_name = "Trần Thị Hoa"
        holder.save()
        a = {"Authorization": f"Bearer {issue_token(holder, Settings.of(app).token_hours)}"}
    b = auth_headers("officer")
    meeting, _next = issue("A"), issue("A")
    assert call(client, a).json["ticket"]["id"] == meeting["id"]
    client.post(f"/api/v1/tickets/{meeting['id']}/start", headers=a)

    refused = call(client, b)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "counter_busy"
    assert "Trần Thị Hoa" in refused.json["error"]["message"]
    assert meeting["number"] in refused.json["error"]["message"]
    held = client.get(f"/api/v1/tickets/{meeting['id']}", headers=a).json["ticket"]
    assert held["status"] == "serving"

    # The officer holding the meeting moves on as before (the meeting closes as served).
    assert call(client, a).json["ticket"]["id"] == _next["id"]
    served = client.get(f"/api/v1/tickets/{meeting['id']}", headers=a).json["ticket"]
    assert served["status"] == "served"


def test_retries_racing_with_one_key_call_one_ticket(site):
    """Six copies of one call at once (a desk retrying over a flaky network), on SQLite and
    PostgreSQL: one ticket is called, every copy answers with it, the rest keep waiting."""
    officer = site.staff("officer")
    for _ in range(3):
        assert site.client.post("/api/v1/tickets", json={"service": "A"}).status_code == 201
    application = site.client.application
    start = threading.Barrier(6)

    def retry(_):
        client = application.test_client()
        start.wait(timeout=10)
        return client.post("/api/v1/counters/1/call-next",
                           headers={**officer, "Idempotency-Key": "desk-1-race"})

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(retry, range(6)))
    assert [answer.status_code for answer in answers] == [200] * 6
    assert {answer.json["ticket"]["number"] for answer in answers} == {"001"}
    assert sum(answer.headers.get("Idempotent-Replayed") == "true" for answer in answers) == 5
    assert site.client.get("/api/v1/queue").json["tickets_waiting"] == 2
