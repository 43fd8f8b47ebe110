"""Issue 12: what a desk, a board and the crowd view receive is bounded by what the screen
shows (the next few tickets and counts), not by the length of the queue; calls keep their
order."""

from reception import state

WAITING = state.DESK_LISTED + 25


def test_desk_lists_the_next_tickets_and_counts_the_rest(client, issue, auth_headers):
    officer = auth_headers("officer")
    numbers = [issue("AC"[i % 2])["number"] for i in range(WAITING)]
    elderly = issue("D", priority="elderly")["number"]

    desk = client.get("/api/v1/desk?counter=1", headers=officer).json
    listed = [t["number"] for t in desk["waiting"]]
    assert len(listed) == state.DESK_LISTED
    # Calling order: the priority ticket first, then by arrival.
    assert listed == [elderly] + numbers[: state.DESK_LISTED - 1]
    counter = next(c for c in desk["counters"] if c["id"] == 1)
    assert counter["waiting"] == WAITING + 1
    # Counter 3 receives only C and D: its count and its list follow its matters.
    three = client.get("/api/v1/desk?counter=3", headers=officer).json
    assert next(c for c in three["counters"] if c["id"] == 3)["waiting"] == WAITING // 2 + 1
    assert [t["number"] for t in three["waiting"]][:3] == [elderly, numbers[1], numbers[3]]

    # The board and the crowd view carry totals only.
    board = client.get("/api/v1/queue").json
    assert board["tickets_waiting"] == WAITING + 1
    crowd = client.get("/api/v1/crowd", headers=auth_headers("security")).json
    assert crowd["tickets_waiting"] == WAITING + 1
    assert crowd["people_in_hall"] == WAITING + 1
    assert crowd["longest_wait_number"] == numbers[0]
    assert {row["id"]: row["waiting_tickets"] for row in crowd["by_counter"]} == {
        1: WAITING + 1, 2: WAITING + 1, 3: WAITING // 2 + 1}

    # Calls follow the same order, and the list moves up.
    called = client.post("/api/v1/counters/1/call-next", headers=officer).json["ticket"]
    assert called["number"] == elderly
    called = client.post("/api/v1/counters/3/call-next", headers=officer).json["ticket"]
    assert called["number"] == numbers[1]
    desk = client.get("/api/v1/desk?counter=1", headers=officer).json
    assert [t["number"] for t in desk["waiting"]][:2] == [numbers[0], numbers[2]]
    assert next(c for c in desk["counters"] if c["id"] == 1)["waiting"] == WAITING - 1


def test_snapshot_size_does_not_grow_with_the_queue(client, issue, auth_headers):
    officer = auth_headers("officer")
    for _ in range(10):
        issue("A")
    small = len(client.get("/api/v1/desk?counter=1", headers=officer).data)
    for _ in range(state.DESK_LISTED * 2):
        issue("A")
    large = len(client.get("/api/v1/desk?counter=1", headers=officer).data)
    full = len(client.get("/api/v1/desk?counter=1", headers=officer).data)
    assert large == full
    for _ in range(state.DESK_LISTED):
        issue("A")
    # Beyond the listed tickets the snapshot keeps its size (only numbers change).
    assert abs(len(client.get("/api/v1/desk?counter=1", headers=officer).data) - large) < 200
    assert large < small * (state.DESK_LISTED / 10) * 1.5
