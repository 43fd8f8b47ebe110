"""Fixtures for the crowd view: staff clients by role and /crowd Socket.IO clients."""

import pytest

from reception.extensions import socketio
from tests.admin.conftest import log_in


@pytest.fixture
def staff_client(app, make_user):
    """Return a Flask test client logged in through /admin/login with a new account of a role."""

    def factory(role="security"):
        user, password = make_user(role)
        client = app.test_client()
        client.csrf_token = log_in(client, user.username, password)
        client.user = user
        return client

    return factory


@pytest.fixture
def crowd_socket(app):
    """Return /crowd Socket.IO test clients; every one is disconnected after the test."""
    opened = []

    def factory(flask_client=None, **kwargs):
        sio = socketio.test_client(app, namespace="/crowd", flask_test_client=flask_client,
                                   **kwargs)
        opened.append(sio)
        return sio

    yield factory
    for sio in opened:
        if sio.is_connected("/crowd"):
            sio.disconnect("/crowd")


class CrowdFeed:
    """What a /crowd test client received since the last look, split by event name."""

    def __init__(self, sio):
        self.sio = sio
        self.state = None

    def take(self) -> list[dict]:
        """Return the `crowd_alert` payloads received since the last call; keep the last state."""
        alerts = []
        for event in self.sio.get_received("/crowd"):
            if event["name"] == "crowd_state":
                self.state = event["args"][0]
            elif event["name"] == "crowd_alert":
                alerts.append(event["args"][0])
        return alerts
