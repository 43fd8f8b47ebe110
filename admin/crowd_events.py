"""Socket.IO handlers of the /crowd namespace (the security view on a wall screen)."""

from flask_socketio import ConnectionRefusedError, emit, join_room

from admin.events import remember_staff_socket, socket_staff, staff_socket_closed
from reception.crowd import live, snapshot
from reception.database import connection


def crowd_connected(auth=None):
    """Sent by crowd views when they connect or reconnect: answer with `crowd_state`.

    Only security staff, leaders and admins may join (browser session or bearer token).
    """
    user, name = socket_staff(auth)
    if user is None or user.role not in snapshot.CROWD_ROLES:
        raise ConnectionRefusedError("login_required")
    full = snapshot.sees_confidential(user)
    join_room(live.room_for(user))
    with connection():
        state = snapshot.crowd_state(full)
    emit("crowd_state", state)
    remember_staff_socket(user, name)


def register(socketio) -> None:
    """Attach this namespace's handlers to the app's Socket.IO server."""
    socketio.on_event("connect", crowd_connected, namespace=live.NAMESPACE)
    socketio.on_event("disconnect", staff_socket_closed, namespace=live.NAMESPACE)
