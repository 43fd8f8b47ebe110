"""Socket.IO handlers of the /display namespace."""

from flask import request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit

from reception import realtime, state
from reception.database import connection
from web.devices import device_key_ok


def display_connected(auth=None):
    """Sent by display boards (and the status page) when they connect or reconnect:
    answer with the full `queue_state` so a board that missed events is right again."""
    presented = (auth or {}).get("device_key") or request.cookies.get("device_key")
    if not device_key_ok(presented) and not current_user.is_authenticated:
        raise ConnectionRefusedError("device_key_required")
    with connection():
        snapshot = state.display_state()
    emit("queue_state", snapshot)


def register(socketio) -> None:
    """Attach this namespace's handlers to the app's Socket.IO server."""
    socketio.on_event("connect", display_connected, namespace=realtime.DISPLAY)
