"""Who is calling: bearer tokens and the desk's session (with CSRF); roles that read matters."""

from functools import wraps

from flask import current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, validate_csrf

from reception import sessions
from reception.errors import Forbidden, NotSignedIn, ReceptionError
from reception.users import user_for_token
from web.app_settings import app_settings

OFFICER_ROLES = ("officer", "leader", "admin")
# The session cookie's entry holding the sign-in key (reception.sessions keeps its hash).
SESSION_KEY = "staff_session"


def session_user(user_id):
    """Flask-Login's user loader: the user of a live browser sign-in, or None once it ended."""
    return sessions.user_for_session(session.get(SESSION_KEY), user_id,
                                     app_settings().session_idle_minutes)


def start_session(user) -> None:
    """Sign a user in to this browser: a new server-side sign-in, its key in the cookie."""
    session[SESSION_KEY] = sessions.start(user, app_settings().session_idle_minutes)
    login_user(user)


def end_session() -> None:
    """End this browser's sign-in on the server and forget it in the cookie."""
    sessions.end(session.pop(SESSION_KEY, None))
    logout_user()


def current_session_key() -> str | None:
    """Return this browser's sign-in key (to keep it when its own password changes)."""
    return session.get(SESSION_KEY)


def bearer_token() -> str | None:
    """Return the bearer token of this request, if it has one."""
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.startswith("Bearer ") else None


def _may_have_session() -> bool:
    """Tell whether a browser sign-in could be behind this request (else skip loading it).

    Kiosks and boards send no session or remember-me cookie; Flask-Login's loading of an
    anonymous user cost a kiosk's ticket a quarter of a millisecond of CPU.
    """
    if g.get("_login_user") is not None:
        return True
    config = current_app.config
    names = (config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return any(name in request.cookies for name in names)


def current_staff():
    """Return the staff user behind this request (bearer token, or session with CSRF)."""
    token = bearer_token()
    if token is not None:
        user = user_for_token(token)
        if user is None:
            raise NotSignedIn("login_required")
        return user
    if _may_have_session() and current_user.is_authenticated:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            try:
                validate_csrf(request.headers.get("X-CSRFToken"))
            except (CSRFError, Exception) as error:
                raise Forbidden("csrf_failed") from error
        return current_user._get_current_object()
    raise NotSignedIn("login_required")


def staff_viewer(roles=OFFICER_ROLES):
    """Return the signed-in staff user who may read matters in this answer, or None.

    Anonymous callers, kiosks, boards and staff of other roles get the public answer, which
    never tells one matter from another.
    """
    try:
        user = current_staff()
    except ReceptionError:
        return None
    return user if user.role in roles else None


def staff_required(*roles):
    """Let only staff with one of these roles call the view; the user is put in g.user."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = current_staff()
            if roles and user.role not in roles:
                raise Forbidden("forbidden")
            g.user = user
            return view(*args, **kwargs)

        return wrapped

    return decorator
