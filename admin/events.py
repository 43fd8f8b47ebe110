"""Socket.IO handlers of the /desk namespace (officers' live waiting list)."""

from flask import request, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room

from reception import realtime, sessions, state
from reception.database import connection
from reception.desk_access import SEE_ALL_ROLES
from reception.users import user_for_token
from web.auth import OFFICER_ROLES, SESSION_KEY


def socket_staff(auth):
    """Return (user, sign-in name) of a socket connection: browser session or bearer token.

    The sign-in name (reception.sessions.credential) lets this process close the socket when
    that sign-in ends; (None, None) when nobody is signed in.
    """
    if current_user.is_authenticated:
        key = session.get(SESSION_KEY) or ""
        return current_user._get_current_object(), sessions.credential(sessions.SESSION, key)
    header = request.headers.get("Authorization", "")
    token = (auth or {}).get("token") or (header[7:] if header.startswith("Bearer ") else None)
    if token:
        with connection():
            user = user_for_token(token)
        if user is not None:
            return user, sessions.credential(sessions.TOKEN, token)
    return None, None


def remember_staff_socket(user, name: str) -> None:
    """Let reception.realtime close this socket when its sign-in ends."""
    realtime.staff_socket_connected(request.sid, request.namespace, user.id, name)


def staff_socket_closed(reason=None):
    """Sent when a staff socket disconnects: forget it."""
    realtime.staff_socket_gone(request.sid)


def desk_connected(auth=None):
    """Sent by officer desks when they connect: only staff may join; send `desk_state`.

    auth may name the desk's counter ({"counter": id}): an officer's desk then sees what that
    counter can call (state.desk_view); leaders and admins see the whole snapshot.
    """
    user, name = socket_staff(auth)
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
    remember_staff_socket(user, name)


def register(socketio) -> None:
    """Attach this namespace's handlers to the app's Socket.IO server."""
    socketio.on_event("connect", desk_connected, namespace=realtime.DESK)
    socketio.on_event("disconnect", staff_socket_closed, namespace=realtime.DESK)
