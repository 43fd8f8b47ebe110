"""Configuration defaults; every key can be overridden by a RECEPTION_* environment variable."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    # Seconds realtime.queue_changed waits to send one snapshot for a burst of changes.
    REALTIME_COALESCE_SECONDS = 0.05
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


@dataclass(frozen=True)
class DeliverySettings:
    """Where and how notifications go (reception.notifications.channels)."""

    smtp_url: str = ""
    mail_from: str = "tiepcongdan@localhost"
    mail_from_name: str = "Trụ sở Tiếp công dân"
    sms_url: str = ""
    sms_token: str = ""
    timeout: float = 10.0
    max_attempts: int = 6
    backoff_seconds: float = 60.0
    backoff_max_seconds: float = 3600.0
    send_immediately: bool = True
    # The address citizens reach the server at (RECEPTION_PUBLIC_URL), for links in messages
    # sent outside a request (the day-before reminder).
    public_url: str = ""

    @classmethod
    def from_config(cls, config: Mapping) -> "DeliverySettings":
        """Read the RECEPTION_* delivery settings from an app config."""
        return cls(
            smtp_url=config.get("SMTP_URL") or "",
            mail_from=config.get("MAIL_FROM") or cls.mail_from,
            mail_from_name=config.get("MAIL_FROM_NAME") or cls.mail_from_name,
            sms_url=config.get("SMS_URL") or "",
            sms_token=config.get("SMS_TOKEN") or "",
            timeout=float(config.get("NOTIFY_TIMEOUT") or 10),
            max_attempts=max(1, int(config.get("NOTIFY_MAX_ATTEMPTS") or 6)),
            backoff_seconds=float(config.get("NOTIFY_BACKOFF_SECONDS") or 60),
            backoff_max_seconds=float(config.get("NOTIFY_BACKOFF_MAX_SECONDS") or 3600),
            send_immediately=bool(config.get("NOTIFY_IMMEDIATELY", True)),
            public_url=config.get("PUBLIC_URL") or "",
        )

    def configured(self, channel: str) -> bool:
        """Tell whether a channel has somewhere to send to."""
        return bool(self.smtp_url if channel == "email" else self.sms_url)


@dataclass(frozen=True)
class SignInLimits:
    """Failed sign-ins allowed per account and per network address (`limits` notation)."""

    account: str = "5 per 15 minutes"
    address: str = "20 per 15 minutes"


@dataclass(frozen=True)
class PetitionIntake:
    """Where petition files go and how many petitions one network address may send."""

    folder: Path = Path("instance/petitions")
    address_limit: str = "30 per minute"


@dataclass(frozen=True)
class Settings:
    """The runtime settings the domain core is given, built once from the app config.

    Kept on the app as app.extensions["reception"]; the web layer, the CLI and the background
    loop pass what a service needs, so the core never reads flask.current_app.
    """

    timezone: str = "Asia/Ho_Chi_Minh"
    # "HH:MM" local; "" never closes.
    closing_time: str = "17:00"
    idempotency_hours: int = 24
    default_service_minutes: int = 10
    appointments_first: bool = True
    token_hours: int = 12
    # 0: a browser sign-in lasts until logout.
    session_idle_minutes: float = 30
    socket_recheck_seconds: float = 30
    realtime_coalesce_seconds: float = 0.05
    password_hash_method: str = "scrypt"
    sign_in: SignInLimits = field(default_factory=SignInLimits)
    # "" switches the limit off.
    booking_limit_address: str = "120 per minute"
    petitions: PetitionIntake = field(default_factory=PetitionIntake)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    alert_emails: tuple[str, ...] = ()
    alert_phones: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Mapping, instance_path: str = "instance") -> "Settings":
        """Build the settings from an app config (DefaultConfig, RECEPTION_*, test overrides)."""
        return cls(
            timezone=config["TIMEZONE"],
            closing_time=config["CLOSING_TIME"] or "",
            idempotency_hours=int(config["IDEMPOTENCY_HOURS"]),
            default_service_minutes=int(config["DEFAULT_SERVICE_MINUTES"]),
            appointments_first=bool(config["APPOINTMENTS_FIRST"]),
            token_hours=int(config["TOKEN_HOURS"]),
            session_idle_minutes=float(config["SESSION_IDLE_MINUTES"] or 0),
            socket_recheck_seconds=float(config["SOCKET_RECHECK_SECONDS"] or 0),
            realtime_coalesce_seconds=float(config["REALTIME_COALESCE_SECONDS"]),
            password_hash_method=config["PASSWORD_HASH_METHOD"],
            sign_in=SignInLimits(account=config["LOGIN_LIMIT_ACCOUNT"],
                                 address=config["LOGIN_LIMIT_ADDRESS"]),
            booking_limit_address=config["BOOKING_LIMIT_ADDRESS"] or "",
            petitions=PetitionIntake(
                folder=Path(config.get("PETITION_FOLDER") or Path(instance_path) / "petitions"),
                address_limit=config.get("PETITION_LIMIT_ADDRESS") or PetitionIntake.address_limit),
            delivery=DeliverySettings.from_config(config),
            alert_emails=_split(config.get("ALERT_EMAILS")),
            alert_phones=_split(config.get("ALERT_PHONES")),
        )

    @staticmethod
    def of(app) -> "Settings":
        """Return the settings create_app built for this app."""
        return app.extensions["reception"]


def _split(value) -> tuple[str, ...]:
    """Return the entries of a comma-separated list (or of a list), blanks dropped."""
    parts = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    return tuple(str(part).strip() for part in parts if str(part).strip())
