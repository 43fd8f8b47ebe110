"""Public pages anyone may open: home, a ticket's status (its QR code) and that QR code."""

from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for

from reception import settings as org_settings
from reception.errors import NotFound
from reception.printing.dispatch import PrintSetup
from reception.public import public_status
from reception.status_qr import status_qr_svg
from status_pages import bp
from web.app_settings import app_settings
from web.pages import app_response
from web.screen_texts import status_view, texts_for

# Statuses after which a ticket never changes again: the status page stops listening.
FINAL_STATUSES = ("served", "no_show", "expired")


@bp.get("/")
def home():
    """Send a bare visit to the kiosk."""
    return redirect(url_for("kiosk.index"))


@bp.get("/t/<token>")
def ticket_status(token):
    """A ticket's public status (the ticket's QR code), live while the ticket is open."""
    texts = texts_for("status")
    t = texts[g.lang]
    org_name = org_settings.get("org_name")
    try:
        status = public_status(token, app_settings().default_service_minutes)
    except NotFound:
        page = render_template("public/not_found.html", lang=g.lang, t=t, org_name=org_name)
        return app_response(page, 404)
    config = {
        "lang": g.lang,
        "status_url": url_for("api.ticket_status", token=token),
        "final_statuses": FINAL_STATUSES,
    }
    page = render_template(
        "public/status.html", lang=g.lang, t=t, texts=texts, config=config, org_name=org_name,
        ticket=status_view(status, t), live=status["status"] not in FINAL_STATUSES,
    )
    return app_response(page)


@bp.get("/t/<token>/qr.svg")
def ticket_status_qr(token):
    """The QR code of a ticket's status page, as printed on the ticket (the kiosk shows it)."""
    public_url = PrintSetup.from_config(current_app.config, request.host_url).public_url
    try:
        svg = status_qr_svg(token, public_url)
    except NotFound:
        abort(404)
    response = make_response(svg)
    response.mimetype = "image/svg+xml"
    return response
