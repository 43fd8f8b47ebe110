"""Staff sign-ins the server can end: browser sessions, and the revocation of bearer tokens.

A browser sign-in keeps a random key in the signed session cookie and the key's hash in
StaffSession. Every request looks the row up, so deleting it (logout, a new password, a
deactivated account, idleness) ends the sign-in on every server process at once: a copied
cookie is worth nothing afterwards. Bearer tokens are rows of ApiToken and end the same way.

Live Socket.IO connections are not requests: reception.realtime closes the ones of this process
at once when a sign-in ends here (close_sockets); every process also re-checks its staff sockets
every RECEPTION_SOCKET_RECHECK_SECONDS, which catches sign-ins ended by another process.
"""

import hashlib
import secrets
from datetime import timedelta

from reception import clock, realtime
from reception.database import connection, write_transaction
from reception.models import ApiToken, StaffSession, User

# last_seen_at is written at most this often, so a busy desk does not write on every request.
TOUCH_SECONDS = 60

SESSION, TOKEN = "session", "token"


def digest(secret: str) -> str:
    """Return the stored form of a session key or token."""
    return hashlib.sha256(secret.encode()).hexdigest()


def credential(kind: str, secret: str) -> str:
    """Name a sign-in for the socket registry: "session:<hash>" or "token:<hash>"."""
    return f"{kind}:{digest(secret)}"


def start(user: User, idle_minutes: float) -> str:
    """Record a new browser sign-in for a user and return its key (for the session cookie).

    :param idle_minutes: RECEPTION_SESSION_IDLE_MINUTES (0: sign-ins last until logout); the
        user's sign-ins idle for longer are deleted.
    """
    key = secrets.token_urlsafe(32)
    now = clock.stored_now()
    with write_transaction():
        if idle_minutes:
            # Sign-ins abandoned without logout would otherwise stay in the table forever.
            StaffSession.delete().where(
                (StaffSession.user == user)
                & (StaffSession.last_seen_at < now - timedelta(minutes=idle_minutes))
            ).execute()
        StaffSession.create(user=user, key_hash=digest(key), created_at=now, last_seen_at=now)
    return key


def user_for_session(key: str | None, user_id, idle_minutes: float) -> User | None:
    """Return the active user of a live browser sign-in, or None when it has ended.

    Ends a sign-in idle for longer than idle_minutes (RECEPTION_SESSION_IDLE_MINUTES; 0 never);
    records activity at most once per TOUCH_SECONDS.
    """
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    if not key:
        return None
    row = (
        StaffSession.select(StaffSession, User)
        .join(User)
        .where((StaffSession.key_hash == digest(key)) & (StaffSession.user == user_id)
               & User.active)
        .first()
    )
    if row is None:
        return None
    now = clock.stored_now()
    idle = now - row.last_seen_at
    if idle_minutes and idle > timedelta(minutes=idle_minutes):
        end(key)
        return None
    if idle >= timedelta(seconds=TOUCH_SECONDS):
        with write_transaction():
            StaffSession.update(last_seen_at=now).where(StaffSession.id == row.id).execute()
    return row.user


def end(key: str | None) -> bool:
    """End one browser sign-in (logout) and close its sockets in this process."""
    return bool(key) and _delete_sign_in(StaffSession, StaffSession.key_hash, key)


def revoke_token(token: str) -> bool:
    """Revoke one bearer token (logout of an API client) and close its sockets here."""
    return _delete_sign_in(ApiToken, ApiToken.token_hash, token)


def _delete_sign_in(model, hash_field, secret: str) -> bool:
    """Delete the session or token row whose hash matches the secret; close its user's
    sockets in this process. Return whether there was one."""
    with write_transaction():
        row = model.get_or_none(hash_field == digest(secret))
        if row is None:
            return False
        row.delete_instance()
    close_sockets(row.user_id)
    return True


def end_all(user_id: int, keep_session: str | None = None, tokens: bool = True) -> dict:
    """End every sign-in of a user, except the browser session keep_session if given.

    Joins the caller's transaction; the caller calls close_sockets(user_id) after commit.
    Returns how many sessions and tokens ended.
    """
    with write_transaction():
        query = StaffSession.delete().where(StaffSession.user == user_id)
        if keep_session:
            query = query.where(StaffSession.key_hash != digest(keep_session))
        sessions = query.execute()
        revoked = (
            ApiToken.delete().where(ApiToken.user == user_id).execute() if tokens else 0
        )
    return {"sessions": sessions, "tokens": revoked}


def sign_out_everywhere(user_id: int) -> dict:
    """End every browser sign-in and bearer token of a user, and close their sockets here."""
    ended = end_all(user_id)
    close_sockets(user_id)
    return ended


def still_valid(name: str) -> bool:
    """Tell whether a sign-in named by credential() still exists."""
    kind, _, hashed = name.partition(":")
    with connection():
        if kind == SESSION:
            return StaffSession.select().where(StaffSession.key_hash == hashed).exists()
        if kind == TOKEN:
            return ApiToken.select().where(
                (ApiToken.token_hash == hashed) & (ApiToken.expires_at >= clock.stored_now())
            ).exists()
    return False


def close_sockets(user_id: int) -> int:
    """Disconnect this process's sockets of a user whose sign-in has ended; return how many."""
    return realtime.close_staff_sockets(user_id, still_valid)
