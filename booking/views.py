"""Public booking pages for a citizen's phone: /dat-lich (choose a session and book),
/hen/<code> (see, cancel, the QR code for the kiosk) and /tra-cuu (look a code up).

Plain HTML forms (CSRF-protected), no script and nothing from another site: they work on any
phone and offline networks. Vietnamese by default, English with ?lang=en like other pages.
"""

import secrets
from contextlib import suppress

from flask import abort, current_app, g, redirect, render_template, request, url_for

from booking import bp
from booking.texts import texts_in
from reception import characters, clock, code_lookup
from reception import settings as org_settings
from reception.booking import appointments, limits, session_days
from reception.errors import Conflict, ReceptionError
from reception.models import Service
from reception.printing.dispatch import PrintSetup
from reception.status_qr import qr_svg
from web.app_settings import app_settings
from web.errors import status_of
from web.links import public_base_url
from web.pages import app_response

FORM_FIELDS = ("service", "name", "phone", "email", "id_number", "party_size", "summary")


def _page(template: str, title: str, status: int = 200, **values):
    t = texts_in(g.lang)
    t["page_title"] = t[title]
    page = render_template(template, lang=g.lang, t=t, org_name=org_settings.get("org_name"),
                           show_date=clock.show_date, **values)
    return app_response(page, status)


@bp.get("/dat-lich")
def book():
    """The sessions a citizen may book, soonest first."""
    sessions = [s for s in session_days.list_sessions() if s["capacity"] > 0]
    return _page("booking/sessions.html", "book_title", sessions=sessions)


def _services() -> list[dict]:
    query = Service.select().where(Service.active).order_by(Service.sort_order, Service.code)
    return [{"code": s.code, "name": s.name_en if g.lang == "en" and s.name_en else s.name_vi}
            for s in query]


@bp.route("/dat-lich/<session_id>", methods=["GET", "POST"])
def book_session(session_id):
    """The booking form of one session; a booking goes on to its appointment page."""
    occurrence = session_days.find(session_id)
    if occurrence is None:
        abort(404)
    values, error, status = {"party_size": "1"}, None, 200
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in FORM_FIELDS}
        try:
            limits.count_booking(request.remote_addr, app_settings().booking_limit_address)
            body = {**values, "session_id": session_id,
                    "party_size": int(values["party_size"]) if values["party_size"].isdigit()
                    else values["party_size"]}
            key = request.form.get("request_key") or None
            if key and (len(key) > 128 or not characters.is_clean(key)):
                key = None
            appointment, _ = appointments.book(body, key, public_base_url())
            return redirect(url_for("booking.appointment", code=appointment.code))
        except ReceptionError as refused:
            error, status = refused.message(g.lang), status_of(refused)
    session = session_days.session_view(session_id)
    return _page("booking/form.html", "book_title", status, session=session, services=_services(),
                 values=values, error=error, request_key=secrets.token_urlsafe(16),
                 max_party=int(org_settings.get("max_party_size")))


def _appointment_or_404(code):
    try:
        return appointments.by_code(code)
    except ReceptionError:
        abort(404)


@bp.get("/hen/<code>")
def appointment(code):
    """An appointment as its holder sees it: when, where, the QR code; cancel while booked."""
    found = _appointment_or_404(code)
    view = appointments.public_view(found)
    return _page("booking/appointment.html", "appointment_title", appointment=view,
                 day=clock.show_date(view["session"]["date"]) if view["session"] else "")


@bp.get("/hen/<code>/qr.svg")
def appointment_qr(code):
    """The QR code the kiosk's scanner reads: the appointment page's address."""
    found = _appointment_or_404(code)
    base = PrintSetup.from_config(current_app.config, request.host_url).public_url
    response = app_response(qr_svg(f"{base.rstrip('/')}{found.page}"))
    response.mimetype = "image/svg+xml"
    return response


@bp.post("/hen/<code>/huy")
def cancel(code):
    """Cancel an appointment (the holder ticked the confirmation)."""
    found = _appointment_or_404(code)
    if request.form.get("confirm") == "1":
        # An appointment already used to take a number cannot be cancelled: show it as it is.
        with suppress(Conflict):
            # NOTIFY (issue 13 notifications): the holder cancelled; confirm by SMS / e-mail.
            appointments.cancel(found.code)
    return redirect(url_for("booking.appointment", code=found.code))


def _petition_lines(petition: dict) -> dict:
    """Return what /tra-cuu says of a petition: its code, where it stands, and when."""
    t = texts_in(g.lang)
    lines = [t["petition_" + petition["status"]],
             t["petition_received_on"].format(day=clock.show_date(petition["received_at"][:10]))]
    if petition["classified_at"]:
        lines.append(t["petition_classified_on"].format(
            day=clock.show_date(petition["classified_at"][:10])))
    return {"heading": t["petition_heading"].format(code=petition["code"]), "lines": lines}


@bp.get("/tra-cuu")
def lookup():
    """Look a code up: an appointment leads to its page; a petition's status shows here."""
    code = (request.args.get("ma") or "").strip()[:60]
    missing = None
    if code and characters.is_clean(code):
        address = code_lookup.address_for(code)
        if address:
            return redirect(address)
        petition = code_lookup.petition_for(code)
        if petition:
            return _page("booking/lookup.html", "lookup_title", 200, code=code,
                         petition=_petition_lines(petition), missing=None)
        missing = code
    return _page("booking/lookup.html", "lookup_title", 404 if missing else 200, code=code,
                 missing=missing, petition=None)
