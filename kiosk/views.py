"""Kiosk pages, and the public pages anyone may open (home, a ticket's status)."""

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from kiosk import bp
from kiosk.texts import status_view, texts_for
from reception import characters
from reception import settings as org_settings
from reception.errors import ReceptionError
from reception.public import public_status
from reception.status_qr import status_qr_svg
from reception.ticket_printing import PrintSetup

public_bp = Blueprint("public", __name__, template_folder="templates")

# Seconds without a touch before the kiosk goes back to its start, and how long the ticket
# stays on screen; RECEPTION_KIOSK_IDLE_SECONDS / RECEPTION_KIOSK_TICKET_SECONDS override them.
IDLE_SECONDS = 60
TICKET_SECONDS = 15
# The service whose number "Chưa rõ — hỏi cán bộ" takes: the information desk (the demo's D,
# "Nộp đơn, hỏi thông tin"). RECEPTION_KIOSK_INFO_SERVICE names another code; "" hides the
# button, as does a code that is not an active service.
INFO_SERVICE = "D"
# Seconds a ticket request may take beyond the printer's own timeout.
REQUEST_SLACK_SECONDS = 5
# The number pad's keys in screen order: (key, text key of its label, or None for a digit).
NUMPAD_KEYS = [(str(digit), None) for digit in range(1, 10)] + [
    ("delete", "numpad_delete"),
    ("0", None),
    ("ok", "numpad_ok"),
]
# Statuses after which a ticket never changes again: the status page stops listening.
FINAL_STATUSES = ("served", "no_show", "expired")


def remember_device_key(response):
    """Store a device key given once in the address (?device_key=) in a long-lived cookie."""
    key = request.args.get("device_key")
    if key and characters.is_clean(key):
        response.set_cookie("device_key", key, max_age=10 * 365 * 24 * 3600, httponly=True,
                            samesite="Strict")
    return response


def app_response(body, status: int = 200):
    """Make a page response that remembers a language chosen with ?lang= in a cookie."""
    response = make_response(body, status)
    if request.args.get("lang") in ("vi", "en"):
        response.set_cookie("lang", request.args["lang"], max_age=365 * 24 * 3600)
    return response


def _kiosk_name(raw: str | None) -> str | None:
    """Return the name a kiosk page gives itself (?kiosk=), None if absent or unusable."""
    name = (raw or "").strip()[:64]
    return name if name and characters.is_clean(name) else None


@bp.get("/")
def index():
    """The kiosk: one page whose steps kiosk.js shows in turn."""
    texts = texts_for("kiosk")
    config = {
        "lang": g.lang,
        "services_url": url_for("api.list_services"),
        "tickets_url": url_for("api.create_ticket"),
        # A kiosk opened as /kiosk/?kiosk=K1 names itself on its tickets (for printing).
        "kiosk": _kiosk_name(request.args.get("kiosk")),
        # /kiosk/?scanner=1: this kiosk has a QR scanner for chip ID cards (shows the hint).
        "card_scanner": request.args.get("scanner") == "1",
        "identity_url": url_for("api.read_qr"),
        "info_service": str(current_app.config.get("KIOSK_INFO_SERVICE", INFO_SERVICE) or ""),
        "idle_seconds": int(current_app.config.get("KIOSK_IDLE_SECONDS", IDLE_SECONDS)),
        "ticket_seconds": int(current_app.config.get("KIOSK_TICKET_SECONDS", TICKET_SECONDS)),
        # The ticket is printed before the answer comes back: wait out a slow printer (its
        # own timeout) before calling the request lost and sending it again.
        "request_timeout_ms": int(
            (float(current_app.config.get("PRINT_TIMEOUT") or 5.0) + REQUEST_SLACK_SECONDS)
            * 1000
        ),
    }
    page = render_template(
        "kiosk/index.html", lang=g.lang, t=texts[g.lang], texts=texts, config=config,
        org_name=org_settings.get("org_name"), numpad_keys=numpad_keys(texts[g.lang]),
    )
    return remember_device_key(app_response(page))


def numpad_keys(t: dict) -> list[dict]:
    """Return the number pad's keys with their labels in the page's language."""
    return [
        {"key": key, "text_key": text_key, "label": t[text_key] if text_key else key}
        for key, text_key in NUMPAD_KEYS
    ]


@public_bp.get("/")
def home():
    """Send a bare visit to the kiosk."""
    return redirect(url_for("kiosk.index"))


@public_bp.get("/t/<token>")
def ticket_status(token):
    """A ticket's public status (the ticket's QR code), live while the ticket is open."""
    texts = texts_for("status")
    t = texts[g.lang]
    org_name = org_settings.get("org_name")
    try:
        status = public_status(token)
    except ReceptionError as error:
        if error.status != 404:
            raise
        page = render_template("kiosk/not_found.html", lang=g.lang, t=t, org_name=org_name)
        return app_response(page, 404)
    config = {
        "lang": g.lang,
        "status_url": url_for("api.ticket_status", token=token),
        "final_statuses": FINAL_STATUSES,
    }
    page = render_template(
        "kiosk/status.html", lang=g.lang, t=t, texts=texts, config=config, org_name=org_name,
        ticket=status_view(status, t), live=status["status"] not in FINAL_STATUSES,
    )
    return app_response(page)


@public_bp.get("/t/<token>/qr.svg")
def ticket_status_qr(token):
    """The QR code of a ticket's status page, as printed on the ticket (the kiosk shows it)."""
    public_url = PrintSetup.from_config(current_app.config, request.host_url).public_url
    try:
        svg = status_qr_svg(token, public_url)
    except ReceptionError as error:
        if error.status != 404:
            raise
        abort(404)
    response = make_response(svg)
    response.mimetype = "image/svg+xml"
    return response
