"""History replayed from the stored logs: people in the hall through a day, counts by hour."""

from datetime import datetime, timedelta

from reception import clock

DAY = datetime(2026, 11, 23, 0, 0, tzinfo=clock.TIMEZONE)  # a Monday


def at(day_offset, hour, minute=0):
    clock.frozen_now = DAY + timedelta(days=day_offset, hours=hour, minutes=minute)


def test_day_chart_and_hourly_counts(app, client, auth_headers):
    officer, guard = auth_headers("officer"), auth_headers("security")

    def issue(size):
        return client.post("/api/v1/tickets", json={"service": "A", "party_size": size}).json

    # Yesterday (day 0): 2 people at 8:05, 6 at 8:40; the first is served at 9:10.
    at(0, 8, 5)
    first = issue(2)["ticket"]
    at(0, 8, 40)
    issue(6)
    at(0, 9, 0)
    client.post("/api/v1/counters/1/call-next", headers=officer)
    at(0, 9, 10)
    client.post(f"/api/v1/tickets/{first['id']}/finish", headers=officer)
    # A walk-in delegation of 20 from 9:30 to 10:15.
    at(0, 9, 30)
    walk_in = client.post("/api/v1/crowd/walk-ins", headers=guard,
                          json={"party_size": 20}).json["walk_in"]
    at(0, 10, 15)
    client.post(f"/api/v1/crowd/walk-ins/{walk_in['id']}/depart", headers=guard)
    # Day 1: one person at 8:20; the day-0 ticket still waiting expires next morning.
    at(1, 8, 20)
    issue(1)

    history = client.get("/api/v1/crowd/history?date=2026-11-23", headers=guard).json
    assert [(p["time"], p["people"]) for p in history["points"]] == [
        ("08:05", 2), ("08:40", 8), ("09:00", 8), ("09:10", 6), ("09:30", 26), ("10:15", 6)]
    assert history["peak"] == {"people": 26, "at": "2026-11-23T09:30:00+07:00"}
    assert (history["people_arrived"], history["tickets"], history["walk_ins"]) == (28, 2, 1)

    hourly = client.get("/api/v1/crowd/hourly?days=30", headers=guard).json
    assert (hourly["from"], hourly["to"], hourly["open_days"]) == ("2026-10-26", "2026-11-24", 2)
    by_hour = {row["hour"]: row for row in hourly["by_hour"]}
    assert by_hour[8]["people_arrived"] == 9 and by_hour[8]["average_arrivals"] == 4.5
    assert by_hour[9]["people_arrived"] == 20 and by_hour[9]["max_arrivals"] == 20
    assert by_hour[9]["max_peak"] == 26
    assert by_hour[10]["max_peak"] == 26 and by_hour[11]["max_peak"] == 6
    day0 = hourly["by_day"][0]
    assert day0["date"] == "2026-11-23" and day0["peak"][7] == 0 and day0["peak"][12] == 6
    # Today's (day 1) figures never include yesterday's ticket still open.
    assert hourly["by_day"][1]["peak"][8] == 1

    assert client.get("/api/v1/crowd/history?date=23-11-2026", headers=guard).status_code == 400
    assert client.get("/api/v1/crowd/hourly?days=0", headers=guard).status_code == 400
    assert client.get("/api/v1/crowd/hourly?days=x", headers=guard).status_code == 400
    assert client.get("/api/v1/crowd/history", headers=auth_headers("officer")).status_code == 403
