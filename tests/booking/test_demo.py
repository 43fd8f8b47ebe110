"""Issue 13: `make run` seeds sessions citizens can book in the coming weeks."""


def test_the_demo_seeds_bookable_sessions_once(client, runner):
    first = runner.invoke(args=["booking", "seed-demo"])
    assert first.exit_code == 0 and "Đã tạo 2 lịch" in first.output
    sessions = client.get("/api/v1/sessions").json["sessions"]
    weekly = [s for s in sessions if s["host"]["name"] == "Hoàng Văn Minh"]
    monthly = [s for s in sessions if s["host"]["name"] == "Lê Thị Thu Hà"]
    assert len(weekly) >= 8 and len(monthly) >= 1
    assert all(s["bookable"] for s in weekly[1:] + monthly[1:])
    assert "Hoàng Văn Minh" in client.get("/dat-lich").get_data(as_text=True)
    again = runner.invoke(args=["booking", "seed-demo"])
    assert "không tạo lịch mẫu" in again.output
    assert len(client.get("/api/v1/sessions").json["sessions"]) == len(sessions)
