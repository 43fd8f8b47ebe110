"""Staff accounts, passwords and API bearer tokens."""

import hashlib
import secrets
from datetime import timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from reception import characters, clock, sessions, statements
from reception.database import write_transaction
from reception.errors import Conflict, Invalid, NotFound, NotSignedIn
from reception.models import ROLES, ApiToken, User

MIN_PASSWORD_LENGTH = 8
# A hash_method below is werkzeug's method for new password hashes (RECEPTION_PASSWORD_HASH_METHOD:
# "scrypt", "pbkdf2:sha256:600000", ...; the tests use a cheap one). Stored hashes name their
# own method, so changing it needs no migration.
_dummy_hashes: dict[str, str] = {}


def hash_password(password: str, hash_method: str) -> str:
    """Return the stored form of a password, hashed with hash_method."""
    return generate_password_hash(password, method=hash_method)


def dummy_hash(hash_method: str) -> str:
    """Return a hash of this method that no password matches (for unknown users)."""
    if hash_method not in _dummy_hashes:
        _dummy_hashes[hash_method] = hash_password(secrets.token_urlsafe(16), hash_method)
    return _dummy_hashes[hash_method]


def display_name(user) -> str:
    """Return the name papers and pages print for a staff user: the full name; the username
    only for old accounts created without one."""
    if user is None:
        return ""
    return (user.full_name or "").strip() or user.username


def create_user(username: str, password: str, role: str, full_name: str = "", *,
                hash_method: str) -> User:
    """Create a staff account; only the password's hash (made with hash_method) is stored.

    :raises ReceptionError: unknown role, short password or a taken username.
    """
    username = (username or "").strip()
    characters.check(username, "Tên đăng nhập", field_en="Username")
    characters.check(full_name, "Họ và tên", field_en="Full name")
    if not username or len(username) > 64:
        raise Invalid("invalid_value", field="Tên đăng nhập", detail="1–64 ký tự")
    if role not in ROLES:
        raise Invalid("invalid_value", field="Vai trò", detail=", ".join(ROLES))
    characters.check(password, "Mật khẩu", field_en="Password")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise Invalid(
            "invalid_value", field="Mật khẩu", detail=f"ít nhất {MIN_PASSWORD_LENGTH} ký tự"
        )
    with write_transaction():
        if User.get_or_none(User.username == username):
            raise Conflict("duplicate", what="Tài khoản", value=username)
        return User.create(
            username=username,
            full_name=full_name,
            password_hash=hash_password(password, hash_method),
            role=role,
            created_at=clock.stored_now(),
        )


def update_user(user_id: int, role=None, active=None, full_name=None, password=None,
                keep_session: str | None = None, hash_method: str | None = None) -> User:
    """Change a staff account's role, state, name or password (hashed with hash_method).

    A new password ends the account's other sign-ins and bearer tokens (all but the browser
    session keep_session); deactivation ends all of them. The caller closes the account's
    sockets after commit (sessions.close_sockets).
    """
    if password and not hash_method:
        raise TypeError("a new password needs the hash method")
    with write_transaction():
        user = User.get_or_none(User.id == user_id)
        if user is None:
            raise NotFound("not_found", what="tài khoản")
        if role is not None:
            if role not in ROLES:
                raise Invalid("invalid_value", field="Vai trò", detail=", ".join(ROLES))
            user.role = role
        if active is not None:
            user.active = bool(active)
        if full_name is not None:
            user.full_name = full_name.strip()
        if password:
            characters.check(password, "Mật khẩu", field_en="Password")
            if len(password) < MIN_PASSWORD_LENGTH:
                raise Invalid(
                    "invalid_value", field="Mật khẩu",
                    detail=f"ít nhất {MIN_PASSWORD_LENGTH} ký tự",
                )
            user.password_hash = hash_password(password, hash_method)
            sessions.end_all(user.id, keep_session=keep_session)
        if active is not None and not active:
            sessions.end_all(user.id)
        user.save()
        return user


def authenticate(username: str, password: str, hash_method: str) -> User:
    """Return the active user with these credentials (hash_method: the configured one).

    An unknown or deactivated account costs the same hash check as a wrong password, so the
    time of the answer does not tell which usernames exist.

    :raises ReceptionError: wrong username or password (the same message for both).
    """
    # No account name or password holds a control character (PostgreSQL would even refuse a
    # NUL in the query, and a lone surrogate cannot be hashed).
    if not (characters.is_clean(username or "") and characters.is_clean(password or "")):
        raise NotSignedIn("bad_credentials")
    user = User.get_or_none(User.username == (username or "").strip())
    stored = user.password_hash if user is not None else dummy_hash(hash_method)
    matches = check_password_hash(stored, password or "")
    if user is None or not user.active or not matches:
        raise NotSignedIn("bad_credentials")
    return user


def issue_token(user: User, hours: int) -> str:
    """Create a bearer token for a user, valid for hours; return it (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    now = clock.stored_now()
    with write_transaction():
        ApiToken.create(
            user=user,
            token_hash=_digest(token),
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    return token


# Every officer's request asks: written out (reception/statements.py), not a peewee join, and
# one statement: the token's user, if the token is unexpired and the user active.
TOKEN_USER = ('"id" = (SELECT "user_id" FROM "api_token" WHERE "token_hash" = {p}'
              ' AND "expires_at" >= {p}) AND "active"')


def user_for_token(token: str) -> User | None:
    """Return the active user a bearer token belongs to, or None."""
    now = ApiToken.expires_at.db_value(clock.stored_now())
    return statements.first(User, TOKEN_USER, [_digest(token), now])


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
