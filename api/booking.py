"""Booking API: bookable sessions, appointments by code, the reception staff's list.

Check-in is POST /tickets {"appointment": code} (api/views.py).
"""

from flask import g, jsonify, request

from api import bp
from api.booking_openapi import APPOINTMENT, PUBLIC_TOTALS, SESSION, envelope
from api.booking_schemas import AppointmentRequest, SessionRequest, SessionUpdate
from api.views import IDEMPOTENCY_KEY, idempotency_key, json_body
from reception import clock
from reception.booking import appointments, limits, session_days
from reception.errors import Invalid
from web.app_settings import app_settings
from web.auth import OFFICER_ROLES, staff_required
from web.links import public_base_url
from web.openapi import ERROR, STAFF, ok, operation, path_parameter, query, refused

SESSION_EDITORS = ("leader", "admin")
CODE = path_parameter("code", "The appointment's code: 10 letters and digits without 0, O, 1, "
                      "I, L", minLength=1, maxLength=40)
SESSION_ID = path_parameter("session_id", "A session's id, `<rule id>-<YYYYMMDD>`",
                            minLength=1, maxLength=40)
DATES = [query("from", "Local date YYYY-MM-DD (default today)", format="date"),
         query("to", "Local date YYYY-MM-DD (default 59 days after from; at most 366 days)",
               format="date")]
SESSION_ANSWER = ok("The session", envelope("session", SESSION))
APPOINTMENT_ANSWER = envelope("appointment", APPOINTMENT)
TOO_MANY_BOOKINGS = refused(
    "Too many bookings from this address (rate_limited); the limit "
    "(RECEPTION_BOOKING_LIMIT_ADDRESS, default 120 a minute) lets an office's shared Wi-Fi "
    "book at least 60 a minute", headers={"Retry-After": {"schema": {"type": "integer"}}})


def _date_arg(name: str):
    text = request.args.get(name)
    if text is None:
        return None
    day = clock.parse_date(text) if len(text) == 10 and text[4] == "-" else None
    if day is None:
        raise Invalid("invalid_value", field=name, detail="phải có dạng YYYY-MM-DD")
    return day


@bp.get("/sessions")
@operation("Bookable sessions between two dates", parameters=DATES,
           description=PUBLIC_TOTALS + "Cancelled sessions are left out.",
           responses={"200": ok("Sessions", envelope("sessions", {"type": "array",
                                                                  "items": SESSION})),
                      "400": ERROR})
def list_sessions():
    """Sessions between from and to (default: the next 60 days): totals only."""
    return jsonify({"sessions": session_days.list_sessions(_date_arg("from"), _date_arg("to"))})


@bp.post("/sessions")
@operation("Add a one-day bookable session (leader, admin)", security=STAFF,
           body=SessionRequest, responses={"201": SESSION_ANSWER, "400": ERROR})
@staff_required(*SESSION_EDITORS)
def create_session():
    body = json_body(SessionRequest)
    session = session_days.create_session(body.model_dump(), user=g.user)
    return jsonify({"session": session}), 201


@bp.patch("/sessions/<session_id>")
@operation("Change one session (leader, admin): capacity and hours of any session; leader, "
           "kind, counter and place of a one-day one (409 session_recurring_field otherwise); "
           "409 capacity_below_booked", security=STAFF, parameters=[SESSION_ID],
           body=SessionUpdate, responses={"200": SESSION_ANSWER, "409": ERROR})
@staff_required(*SESSION_EDITORS)
def update_session(session_id):
    body = json_body(SessionUpdate)
    # NOTIFY (issue 13 notifications): the appointments in `moved` have new hours.
    session, _moved = session_days.update_session(
        session_id, body.model_dump(exclude_none=True), user=g.user)
    return jsonify({"session": session})


@bp.delete("/sessions/<session_id>")
@operation("Cancel one session (one day of a recurring rule too) and every booking in it "
           "(leader, admin)", security=STAFF, parameters=[SESSION_ID],
           responses={"200": ok("The cancelled session", envelope(
               "session", SESSION, {"cancelled_appointments": {"type": "integer"}}))})
@staff_required(*SESSION_EDITORS)
def delete_session(session_id):
    # NOTIFY (issue 13 notifications): every appointment in `cancelled` lost its place.
    session, cancelled = session_days.cancel_session(session_id, user=g.user)
    return jsonify({"session": session, "cancelled_appointments": len(cancelled)})


@bp.post("/appointments")
@operation(
    "Book a place in a session (public)",
    description="Safe to retry with the same Idempotency-Key: the first appointment comes "
    "back (`Idempotent-Replayed: true`). 409 session_full or session_closed (past, cancelled, "
    "not bookable online); 400 for a bad phone (10 digits from 0), an empty name, an unknown "
    "service or session, a summary over 2,000 characters. Never more bookings than places.",
    parameters=[IDEMPOTENCY_KEY], body=AppointmentRequest,
    responses={"201": ok("The appointment", APPOINTMENT_ANSWER), "409": ERROR, "415": ERROR,
               "429": TOO_MANY_BOOKINGS})
def create_appointment():
    limits.count_booking(request.remote_addr, app_settings().booking_limit_address)
    body = json_body(AppointmentRequest)
    appointment, created = appointments.book(body.model_dump(), idempotency_key(),
                                             public_base_url())
    response = jsonify({"appointment": appointments.public_view(appointment)})
    response.status_code = 201
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.get("/appointments/<code>")
@operation("An appointment by its code (public: the code is the key)", parameters=[CODE],
           responses={"200": ok("The appointment", APPOINTMENT_ANSWER)})
def get_appointment(code):
    return jsonify({"appointment": appointments.public_view(appointments.by_code(code))})


@bp.post("/appointments/<code>/cancel")
@operation("Cancel an appointment by its code and free its place (public); again: no change. "
           "409 appointment_checked_in once used at the kiosk", parameters=[CODE],
           responses={"200": ok("The cancelled appointment", APPOINTMENT_ANSWER),
                      "409": ERROR})
def cancel_appointment(code):
    return jsonify({"appointment": appointments.public_view(appointments.cancel(code))})


@bp.get("/appointments")
@operation("A session's appointments (reception staff: officer, leader, admin; security 403)",
           security=STAFF,
           parameters=[query("session_id", required=True, minLength=1, maxLength=40)],
           responses={"200": ok("Appointments", envelope("appointments", {
               "type": "array", "items": APPOINTMENT})), "404": ERROR})
@staff_required(*OFFICER_ROLES)
def list_appointments():
    session_id = request.args.get("session_id")
    if not session_id:
        raise Invalid("invalid_value", field="session_id", detail="thiếu mã buổi tiếp")
    return jsonify({"appointments": appointments.session_appointments(session_id, g.user)})
