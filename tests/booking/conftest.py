"""Fixtures of the booking tests: a headquarters whose clock stands on a Wednesday morning,
with a bookable one-day session added over HTTP by a leader."""

from datetime import datetime

import pytest

from reception import clock

TODAY = "2027-03-03"  # a Wednesday
NEXT_WEEK = "2027-03-10"


def citizen(session_id: str, **changes) -> dict:
    """Return a valid booking body for a session."""
    body = {"session_id": session_id, "service": "A", "name": "Nguyễn Thị Hồng Nhung",
            "phone": "0912345678", "party_size": 1,
            "summary": "Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất."}
    body.update(changes)
    return body


def add_session(client, headers, **changes):
    """Add a one-day session over HTTP and return the answer."""
    body = {"date": TODAY, "starts_at": "07:30", "ends_at": "11:30", "kind": "scheduled",
            "host_name": "Trần Văn Bình", "host_title": "Chủ tịch UBND xã", "capacity": 5,
            "counter_id": 3}
    body.update(changes)
    return client.post("/api/v1/sessions", json=body, headers=headers)


def frozen(day: str = TODAY, hour: int = 8, minute: int = 0) -> None:
    """Stand the clock on a local day and time."""
    year, month, date_ = (int(part) for part in day.split("-"))
    clock.frozen_now = datetime(year, month, date_, hour, minute, tzinfo=clock.TIMEZONE)


@pytest.fixture
def leader(morning, auth_headers):
    return auth_headers("leader")


@pytest.fixture
def morning(app):
    """The clock on the Wednesday at 8:00."""
    frozen()
    yield
    clock.frozen_now = None


@pytest.fixture
def session(client, leader, morning):
    """A one-day session today, 07:30–11:30, 5 places, appointments to counter 3."""
    answer = add_session(client, leader)
    assert answer.status_code == 201, answer.json
    return answer.json["session"]
