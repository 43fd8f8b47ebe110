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
    # Server processes `flask serve` runs (gunicorn workers, each with THREADS threads). More
    # than 1 needs PostgreSQL and a Redis SOCKETIO_MESSAGE_QUEUE; the server refuses otherwise.
    WORKERS = 1
    # Seconds between housekeeping rounds (expire stale tickets, refresh the crowd's long waits);
    # one process at a time does them (reception.server.HousekeepingLease).
    HOUSEKEEPING_SECONDS = 30
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
    # Bookings (POST /api/v1/appointments) per network address: an office's public Wi-Fi
    # shares one address, so at least 60 a minute must pass; "" switches the limit off.
    BOOKING_LIMIT_ADDRESS = "120 per minute"
    # A checked-in appointment's ticket is called before walk-ins at the session's counter.
    APPOINTMENTS_FIRST = True
    # Where the attempt counters live (reception.rate_limits): None means the Socket.IO message
    # queue's Redis when there is one (several processes must share counts), else memory://.
    RATELIMIT_STORAGE_URI = None
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_KEY_PREFIX = "reception"
    # Flask-WTF: the desk sends the token in the X-CSRFToken header.
    WTF_CSRF_TIME_LIMIT = None
    # Bodies over this many bytes are refused with 413, chunked ones too (Flask's setting).
    MAX_CONTENT_LENGTH = 1024 * 1024
    # Notifications (reception/notifications): e-mail over SMTP, SMS through an HTTP gateway
    # (README: "SMS gateway"). Unset: messages stay in the outbox log as not deliverable.
    SMTP_URL = None  # smtp://127.0.0.1:1025, smtp://user:pass@host:587, smtps://host:465
    MAIL_FROM = "tiepcongdan@localhost"
    MAIL_FROM_NAME = "Trụ sở Tiếp công dân"
    SMS_URL = None
    SMS_TOKEN = None
    NOTIFY_TIMEOUT = 10
    NOTIFY_MAX_ATTEMPTS = 6
    # Waits between tries: 60 s, 120 s, 240 s ... at most NOTIFY_BACKOFF_MAX_SECONDS.
    NOTIFY_BACKOFF_SECONDS = 60
    NOTIFY_BACKOFF_MAX_SECONDS = 3600
    # Send right after the commit that queued a message (a background thread), besides the
    # housekeeping loop every 30 seconds and `flask notifications send`.
    NOTIFY_IMMEDIATELY = True
    # Told of urgent crowd alerts until recipients are set on the admin page (comma lists).
    ALERT_EMAILS = ""
    ALERT_PHONES = ""
    # Online petitions: files under this folder (None: <instance>/petitions); per address.
    PETITION_FOLDER = None
    PETITION_LIMIT_ADDRESS = "30 per minute"
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
