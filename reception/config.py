"""Configuration defaults; every key can be overridden by a RECEPTION_* environment variable."""

import secrets
from pathlib import Path


class DefaultConfig:
    """Defaults for a single headquarters on one machine with SQLite and no printer."""

    # None means: a SQLite file under the instance folder (filled in by app.create_app).
    DATABASE_URL = None
    SECRET_KEY = None
    PRINTER = "none"
    # The address printed in a ticket's QR code (e.g. https://tiepdan.example.vn); None: the
    # address the kiosk used to reach the server.
    PUBLIC_URL = None
    # Seconds a printer may take to connect or to accept more of a job before it counts as failed.
    PRINT_TIMEOUT = 5.0
    SOCKETIO_MESSAGE_QUEUE = None
    # When set, kiosks and display boards must present this key (header X-Device-Key,
    # or open their page once with ?device_key=... which stores it in a cookie).
    DEVICE_KEY = None
    TIMEZONE = "Asia/Ho_Chi_Minh"
    # Tickets still waiting at this local time are closed as expired; "" disables closing.
    CLOSING_TIME = "17:00"
    # Minutes one meeting takes on average, used until the day has finished meetings to learn from.
    DEFAULT_SERVICE_MINUTES = 10
    IDEMPOTENCY_HOURS = 24
    TOKEN_HOURS = 12
    # A browser sign-in ends after this many minutes without a request; 0 never.
    SESSION_IDLE_MINUTES = 30
    # Seconds between checks that live staff sockets' sign-ins were not ended by another process.
    SOCKET_RECHECK_SECONDS = 30
    # werkzeug's method for new password hashes, e.g. "scrypt" or "pbkdf2:sha256:600000".
    PASSWORD_HASH_METHOD = "scrypt"
    # Failed sign-ins allowed per account and per network address (moving window).
    LOGIN_LIMIT_ACCOUNT = "5 per 15 minutes"
    LOGIN_LIMIT_ADDRESS = "20 per 15 minutes"
    # Where the failure counters live (Flask-Limiter): None means the Socket.IO message queue's
    # Redis when there is one (several processes must share counts), else memory://.
    RATELIMIT_STORAGE_URI = None
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_KEY_PREFIX = "reception"
    # Flask-WTF: the desk sends the token in the X-CSRFToken header.
    WTF_CSRF_TIME_LIMIT = None
    # Bodies over this many bytes are refused with 413, chunked ones too (Flask's setting).
    MAX_CONTENT_LENGTH = 1024 * 1024
    # Behind HTTPS: every cookie (session, remember-me, lang, device_key) gets the Secure flag.
    SECURE_COOKIES = False
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True


def load_or_create_secret(instance_path: str) -> str:
    """Return the secret key stored in the instance folder, creating it on first use."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
