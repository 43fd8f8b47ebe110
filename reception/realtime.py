"""The one owner of Socket.IO event names, namespaces, rooms and payloads.

Services call these helpers after their transaction commits. Snapshots are coalesced: a burst
of changes produces one fresh `queue_state` shortly after the burst instead of one per change,
so issuing a ticket never waits on the board's clients.
"""

import logging
import threading
import time
from dataclasses import dataclass

from reception import clock, speech, state
from reception.crowd import live as crowd_live
from reception.database import connection
from reception.extensions import socketio

log = logging.getLogger(__name__)

DISPLAY = "/display"
DESK = "/desk"
# Desks of leaders and admins get the whole snapshot; an officer's desk joins its counter's room
# (or OFFICER_ROOM when it names none) and gets state.desk_view of it.
STAFF_ROOM = "staff"
OFFICER_ROOM = "desk:none"


def desk_room(counter_id: int) -> str:
    """Return the room of the officers' desks at one counter."""
    return f"desk:{counter_id}"


@dataclass(frozen=True)
class Timing:
    """How this process paces its snapshots and re-checks its staff sockets.

    :param coalesce_seconds: seconds to gather changes into one snapshot; 0 publishes inline
        (RECEPTION_REALTIME_COALESCE_SECONDS; unit tests use 0).
    :param recheck_seconds: seconds between checks that the sign-ins behind this process's
        staff sockets still exist, for another process may have ended one without telling this
        one (RECEPTION_SOCKET_RECHECK_SECONDS); 0 turns the check off.
    """

    coalesce_seconds: float = 0.05
    recheck_seconds: float = 30.0


# Installed once per app by configure(): every service that commits calls queue_changed, and
# the publisher and the re-check are background loops of this process, so the timing is the
# process's, not passed along with each call.
_timing = Timing()
# At most one snapshot per this many seconds under a burst (calls themselves are never delayed).
MIN_INTERVAL_SECONDS = 0.25

# Staff sockets of this process: sid -> (namespace, user id, credential), for close_staff_sockets.
_staff_sockets: dict[str, tuple[str, int, str]] = {}
_staff_lock = threading.Lock()
_recheck_running = False

_dirty = threading.Event()
_worker_lock = threading.Lock()
_worker_running = False


def configure(timing: Timing) -> None:
    """Use this timing in this process (create_app calls it once)."""
    global _timing
    _timing = timing


def ticket_called(ticket, recall: bool) -> None:
    """Announce a call on every display board and desk.

    Payload: number, counter {id, number, name}, called_at, recall, announcement {text,
    speech, clips} for the board's voice. Boards are public: the payload never carries the
    matter, so a denunciation's call looks like any other (Luật Tố cáo Điều 8.3).
    """
    counter = ticket.counter
    payload = {
        "number": ticket.number,
        "counter": {"id": counter.id, "number": counter.number, "name": counter.name},
        "called_at": clock.iso(ticket.called_at),
        "recall": recall,
        "announcement": speech.announcement(ticket.number, counter.number, recall=recall),
    }
    socketio.emit("ticket_called", payload, namespace=DISPLAY)
    socketio.emit("ticket_called", payload, namespace=DESK)


def queue_changed() -> None:
    """Schedule fresh `queue_state` (boards) and `desk_state` (officers) snapshots."""
    if _timing.coalesce_seconds <= 0:
        publish_states()
        return
    _ensure_worker()
    _dirty.set()


def publish_states() -> None:
    """Send the current snapshots to every board and desk now."""
    with connection():
        shared = state.facts()
        display = state.display_state(shared)
        desk = state.desk_state(shared)
        secret = state.confidential_codes(shared.services)
    socketio.emit("queue_state", display, namespace=DISPLAY)
    socketio.emit("desk_state", desk, namespace=DESK, to=STAFF_ROOM)
    for counter in desk["counters"]:
        socketio.emit("desk_state", state.desk_view(desk, counter["id"], secret),
                      namespace=DESK, to=desk_room(counter["id"]))
    socketio.emit("desk_state", state.desk_view(desk, None, secret), namespace=DESK,
                  to=OFFICER_ROOM)
    # The crowd view follows every queue change: head count, groups, alerts.
    crowd_live.after_queue_change(shared.totals)


def _ensure_worker() -> None:
    global _worker_running
    with _worker_lock:
        if not _worker_running:
            _worker_running = True
            socketio.start_background_task(_publish_loop)


def _publish_loop() -> None:
    while True:
        _dirty.wait()
        # Let the rest of a burst arrive so one snapshot covers it.
        time.sleep(_timing.coalesce_seconds)
        _dirty.clear()
        try:
            publish_states()
        except Exception:  # a failed snapshot must not stop later ones
            log.exception("could not publish the queue state")
        # Under a burst (many kiosks at once) the boards get a few snapshots a second, not one
        # per ticket: each snapshot costs the server a few queries and a send to every board.
        time.sleep(max(0.0, MIN_INTERVAL_SECONDS - _timing.coalesce_seconds))


def staff_socket_connected(sid: str, namespace: str, user_id: int, credential: str) -> None:
    """Remember a staff socket and the sign-in it was opened with (see close_staff_sockets)."""
    global _recheck_running
    with _staff_lock:
        _staff_sockets[sid] = (namespace, user_id, credential)
        start = _timing.recheck_seconds > 0 and not _recheck_running
        _recheck_running = _recheck_running or start
    if start:
        socketio.start_background_task(_recheck_loop)


def staff_socket_gone(sid: str) -> None:
    """Forget a staff socket that disconnected."""
    with _staff_lock:
        _staff_sockets.pop(sid, None)


def close_staff_sockets(user_id: int | None, still_valid) -> int:
    """Disconnect this process's sockets of a user (None: of anyone) whose sign-in has ended.

    :param still_valid: tells whether a sign-in (reception.sessions.credential) still exists.
    Only sockets connected to this process are known here; other processes find theirs within
    Timing.recheck_seconds, or when the client reconnects and its connect handler refuses it.
    """
    with _staff_lock:
        mine = [(sid, namespace, name) for sid, (namespace, owner, name)
                in _staff_sockets.items() if user_id is None or owner == user_id]
    closed = 0
    for sid, namespace, name in mine:
        if not still_valid(name):
            socketio.server.disconnect(sid, namespace=namespace)
            staff_socket_gone(sid)
            closed += 1
    return closed


def _recheck_loop() -> None:
    """Close staff sockets whose sign-in ended elsewhere; stop when no staff socket is left."""
    global _recheck_running
    # Imported here: reception.sessions imports this module to close sockets.
    from reception.sessions import still_valid

    while True:
        time.sleep(_timing.recheck_seconds or 1)
        with _staff_lock:
            if not _staff_sockets or _timing.recheck_seconds <= 0:
                _recheck_running = False
                return
        try:
            close_staff_sockets(None, still_valid)
        except Exception:  # a failed check must not stop later ones
            log.exception("could not check the staff sockets' sign-ins")
