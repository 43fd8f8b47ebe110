"""Socket.IO handlers of the /desk namespace (officers' live waiting list)."""

from flask import request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room

from api.auth import OFFICER_ROLES
from reception import realtime, state
from reception.database import connection
from reception.users import user_for_token


def socket_user(auth):
    """Return the staff user of a socket connection: browser session or bearer token."""
    if current_user.is_authenticated:
        return current_user
    header = request.headers.get("Authorization", "")
    token = (auth or {}).get("token") or (header[7:] if header.startswith("Bearer ") else None)
    if token:
        with connection():
            return user_for_token(token)
    return None


def desk_connected(auth=None):
    """Sent by officer desks when they connect: only staff may join; send `desk_state`."""
    user = socket_user(auth)
    if user is None or user.role not in OFFICER_ROLES:
        raise ConnectionRefusedError("login_required")
    join_room(realtime.STAFF_ROOM)
    with connection():
        snapshot = state.desk_state()
    emit("desk_state", snapshot)


def register(socketio) -> None:
    """Attach this namespace's handlers to the app's Socket.IO server."""
    socketio.on_event("connect", desk_connected, namespace=realtime.DESK)
