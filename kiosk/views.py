"""The kiosk page: one page whose steps kiosk.js shows in turn."""

from flask import current_app, g, render_template, request, url_for

from kiosk import bp
from reception import characters
from reception import settings as org_settings
from web.devices import remember_device_key
from web.pages import app_response
from web.screen_texts import texts_for

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
