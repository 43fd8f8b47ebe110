"""Application factory: the only module that imports the blueprints."""

from pathlib import Path

from flask import Flask, g, request

from demo import headquarters, sessions
from reception import clock, notifications, realtime, translations
from reception.cli import register as register_cli
from reception.config import DefaultConfig, Settings, load_or_create_secret
from reception.database import open_database
from reception.extensions import csrf, db, login_manager, rate_limits, socketio
from reception.translations import N_
from web import i18n, register_http


def create_app(test_config: dict | None = None) -> Flask:
    """Create the reception application; test_config overrides every other setting."""
    app = Flask(__name__, instance_relative_config=True)
    register_config(app, test_config)
    register_http(app)
    register_extensions(app)
    i18n.register(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_cli(app, create_app, seed_demo=headquarters.seed)
    app.cli.add_command(sessions.booking_cli)
    return app


def register_config(app: Flask, test_config: dict | None) -> None:
    """Load defaults, then RECEPTION_* environment variables, then test overrides."""
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("RECEPTION")
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret(app.instance_path)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'reception.db'}"
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        queue_url = app.config.get("SOCKETIO_MESSAGE_QUEUE") or ""
        # Several processes share Redis already: their failure counts must be shared too.
        redis = queue_url.startswith(("redis://", "rediss://"))
        app.config["RATELIMIT_STORAGE_URI"] = queue_url if redis else "memory://"
    # Built once; views, the CLI and the housekeeping loop pass the core what it needs.
    settings = Settings.from_config(app.config, app.instance_path)
    app.extensions["reception"] = settings
    # What the whole process shares: the local time zone every clock.now() uses, the pace of
    # the realtime publisher, and the outbox sender with its default alert recipients (run after
    # the commits of many services and by background loops).
    clock.set_timezone(settings.timezone)
    realtime.configure(realtime.Timing(settings.realtime_coalesce_seconds,
                                       settings.socket_recheck_seconds))
    notifications.configure(settings)


def register_extensions(app: Flask) -> None:
    """Bind the database, Socket.IO, login and CSRF protection to this app."""
    open_database(app.config["DATABASE_URL"])
    socketio.init_app(
        app,
        async_mode="threading",
        message_queue=app.config.get("SOCKETIO_MESSAGE_QUEUE") or None,
        channel=app.config.get("SOCKETIO_CHANNEL") or "reception",
        # Same origin only: never "*"; CSRF protection does not cover socket events.
        cors_allowed_origins=None,
        logger=bool(app.config.get("SOCKETIO_LOGGER")),
        engineio_logger=bool(app.config.get("SOCKETIO_LOGGER")),
    )
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.login_message = N_("Vui lòng đăng nhập để tiếp tục.")
    csrf.init_app(app)
    rate_limits.configure(app.config["RATELIMIT_STORAGE_URI"], app.config["RATELIMIT_STRATEGY"],
                          app.config["RATELIMIT_KEY_PREFIX"])
    from web.auth import session_user  # the web layer shared by the blueprints

    login_manager.user_loader(session_user)


def register_blueprints(app: Flask) -> None:
    """Mount the kiosk, display board, officer desk / admin, and JSON API."""
    from admin import bp as admin_bp
    from admin import crowd_events
    from admin import events as admin_events
    from api import bp as api_bp
    from booking import bp as booking_bp
    from display import bp as display_bp
    from display import events as display_events
    from kiosk import bp as kiosk_bp
    from petitions import bp as petitions_bp
    from status_pages import bp as public_bp

    app.register_blueprint(kiosk_bp, url_prefix="/kiosk")
    app.register_blueprint(display_bp, url_prefix="/display")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(public_bp)
    app.register_blueprint(petitions_bp)
    app.register_blueprint(booking_bp)
    csrf.exempt(api_bp)
    # Handlers are attached per app: each create_app makes a new Socket.IO server, and
    # decorators run only at first import would leave later servers without them.
    display_events.register(socketio)
    admin_events.register(socketio)
    crowd_events.register(socketio)


def register_request_hooks(app: Flask) -> None:
    """Open a database connection per request and pick the interface language."""

    @app.before_request
    def open_connection():
        db.connect(reuse_if_open=True)
        g.lang = pick_language()

    @app.teardown_request
    def close_connection(exc):
        if not db.is_closed():
            db.close()


def pick_language() -> str:
    """Return the language chosen (?lang=, the lang cookie) when offered, else "vi".

    Screens are Vietnamese first whatever the browser's language: a kiosk, a hall TV or an
    office computer often runs a stock English browser. Only the API, read by programs
    rather than people at a screen, still honours Accept-Language for its error messages.
    """
    chosen = i18n.chosen_language()
    if chosen:
        return chosen
    if request.blueprint == "api":
        return translations.pick(request.accept_languages.best_match(translations.languages()))
    return translations.SOURCE
