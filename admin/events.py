"""Socket.IO handlers of the /desk namespace (officers' live waiting list)."""

from flask import request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room

from api.auth import OFFICER_ROLES
from reception import realtime, state
from reception.database import connection
from reception.desk_access import SEE_ALL_ROLES
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
    """Sent by officer desks when they connect: only staff may join; send `desk_state`.

    auth may name the desk's counter ({"counter": id}): an officer's desk then sees what that
    counter can call (state.desk_view); leaders and admins see the whole snapshot.
    """
    user = socket_user(auth)
    if user is None or user.role not in OFFICER_ROLES:
        raise ConnectionRefusedError("login_required")
    counter = (auth or {}).get("counter")
    counter_id = counter if isinstance(counter, int) and not isinstance(counter, bool) else None
    if user.role in SEE_ALL_ROLES:
        join_room(realtime.STAFF_ROOM)
    elif counter_id is not None:
        join_room(realtime.desk_room(counter_id))
    else:
        join_room(realtime.OFFICER_ROOM)
    with connection():
        snapshot = state.desk_state_for(user, counter_id)
    emit("desk_state", snapshot)


def register(socketio) -> None:
    """Attach this namespace's handlers to the app's Socket.IO server."""
    socketio.on_event("connect", desk_connected, namespace=realtime.DESK)
