"""Fixtures for case-file tests: staff with tokens, meeting records, a frozen clock."""

from datetime import datetime

import pytest

from reception import clock
from reception.config import Settings
from reception.database import connection
from reception.users import create_user, issue_token

QR_PHO = ("068085001234|245678901|Nguyễn Văn Phò|15031985|Nam|"
          "Thôn 3, xã Đức An, tỉnh Lâm Đồng|01072021")


@pytest.fixture
def staff(app):
    """Create a staff member: staff(role, name) -> (user, headers)."""
    counter = iter(range(1, 1000))
    settings = Settings.of(app)

    def factory(role="officer", full_name=""):
        with connection():
            user = create_user(f"{role}-{next(counter)}", "mat-khau-an-toan", role,
                               full_name=full_name, hash_method=settings.password_hash_method)
            token = issue_token(user, settings.token_hours)
        return user, {"Authorization": f"Bearer {token}"}

    return factory


@pytest.fixture
def frozen(app):
    """Freeze the clock at a local time: frozen(2027, 2, 3, 9)."""

    def freeze(*parts):
        clock.frozen_now = datetime(*parts, tzinfo=clock.TIMEZONE)
        return clock.frozen_now

    yield freeze
    clock.frozen_now = None


def meeting(**changes) -> dict:
    """Return a valid meeting record for a land complaint, with changes applied."""
    record = {
        "visitor": {"qr": QR_PHO, "phone": "0912 345 678"},
        "matter_type": "khieu_nai",
        "field": "dat_dai",
        "summary": "Khiếu nại quyết định thu hồi đất tại thửa số 112, tờ bản đồ số 7",
        "requests": "Đề nghị hủy quyết định thu hồi đất",
        "prior_handling": "UBND xã Đức An đã trả lời bằng văn bản",
        "documents": [{"title": "Đơn khiếu nại", "copies": 1, "original": True},
                      {"title": "Quyết định thu hồi đất", "copies": 1}],
        "handling": "thu_ly",
    }
    record.update(changes)
    return record


@pytest.fixture
def finish_meeting(client, issue):
    """Issue a ticket, call it at counter 1 and finish it with a record; return the response."""

    def run(headers, record, service="A", party_size=1):
        ticket = issue(service, party_size)
        called = client.post("/api/v1/counters/1/call-next", headers=headers)
        assert called.status_code == 200, called.json
        response = client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers,
                               json=record)
        return ticket, response

    return run


@pytest.fixture
def recorded(client, finish_meeting):
    """Finish a meeting with a record and return the stored visit's JSON."""

    def run(headers, record, service="A", party_size=1):
        ticket, response = finish_meeting(headers, record, service, party_size)
        assert response.status_code == 200, response.json
        visit = client.get(f"/api/v1/tickets/{ticket['id']}/visit", headers=headers)
        assert visit.status_code == 200, visit.json
        return visit.json["visit"]

    return run
