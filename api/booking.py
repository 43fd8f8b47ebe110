"""Booking API: bookable sessions, appointments by code, the reception staff's list.

Check-in is POST /tickets {"appointment": code} (api/views.py).
"""

from flask import g, jsonify, request

from api import bp
from api.booking_schemas import AppointmentRequest, SessionRequest, SessionUpdate
from api.views import idempotency_key, json_body
from reception import clock
from reception.booking import appointments, limits, session_days
from reception.errors import ReceptionError
from web.app_settings import app_settings
from web.auth import OFFICER_ROLES, staff_required
from web.links import public_base_url

SESSION_EDITORS = ("leader", "admin")


def _date_arg(name: str):
    text = request.args.get(name)
    if text is None:
        return None
    day = clock.parse_date(text) if len(text) == 10 and text[4] == "-" else None
    if day is None:
        raise ReceptionError("invalid_value", field=name, detail="phải có dạng YYYY-MM-DD")
    return day


@bp.get("/sessions")
def list_sessions():
    """Sessions between from and to (default: the next 60 days): totals only."""
    return jsonify({"sessions": session_days.list_sessions(_date_arg("from"), _date_arg("to"))})


@bp.post("/sessions")
@staff_required(*SESSION_EDITORS)
def create_session():
    body = json_body(SessionRequest)
    session = session_days.create_session(body.model_dump(), user=g.user)
    return jsonify({"session": session}), 201


@bp.patch("/sessions/<session_id>")
@staff_required(*SESSION_EDITORS)
def update_session(session_id):
    body = json_body(SessionUpdate)
    # NOTIFY (issue 13 notifications): the appointments in `moved` have new hours.
    session, _moved = session_days.update_session(
        session_id, body.model_dump(exclude_none=True), user=g.user)
    return jsonify({"session": session})


@bp.delete("/sessions/<session_id>")
@staff_required(*SESSION_EDITORS)
def delete_session(session_id):
    # NOTIFY (issue 13 notifications): every appointment in `cancelled` lost its place.
    session, cancelled = session_days.cancel_session(session_id, user=g.user)
    return jsonify({"session": session, "cancelled_appointments": len(cancelled)})


@bp.post("/appointments")
def create_appointment():
    limits.count_booking(request.remote_addr, app_settings().booking_limit_address,
                         app_settings().rate_limit_prefix)
    body = json_body(AppointmentRequest)
    appointment, created = appointments.book(body.model_dump(), idempotency_key(),
                                             public_base_url())
    response = jsonify({"appointment": appointments.public_view(appointment)})
    response.status_code = 201
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.get("/appointments/<code>")
def get_appointment(code):
    return jsonify({"appointment": appointments.public_view(appointments.by_code(code))})


@bp.post("/appointments/<code>/cancel")
def cancel_appointment(code):
    return jsonify({"appointment": appointments.public_view(appointments.cancel(code))})


@bp.get("/appointments")
@staff_required(*OFFICER_ROLES)
def list_appointments():
    session_id = request.args.get("session_id")
    if not session_id:
        raise ReceptionError("invalid_value", field="session_id", detail="thiếu mã buổi tiếp")
    return jsonify({"appointments": appointments.session_appointments(session_id, g.user)})
