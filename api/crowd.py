"""Crowd safety API: head count, walk-in delegations, alerts, incident log, history; and the
public reception schedule."""

from datetime import timedelta

from flask import g, jsonify, request

from api import bp
from api.views import json_body
from reception import schedule
from reception.crowd import history, incidents, live, snapshot, thresholds, walkins
from reception.crowd.models import WalkIn
from reception.errors import Invalid
from web.auth import staff_required
from web.crowd_schemas import (
    AcknowledgeRequest,
    NoteRequest,
    ThresholdsRequest,
    WalkInRequest,
    WalkInUpdate,
)
from web.openapi import ERROR, STAFF, ok, operation, query, ref

CROWD_ROLES = snapshot.CROWD_ROLES
WALK_IN_ROLES = ("officer", *CROWD_ROLES)
ROLE_NOTE = " Roles: security, leader, admin; a confidential matter is null for security."
DATE = query("date", "Local date YYYY-MM-DD; today when omitted", format="date")
REFUSALS = {"401": ERROR, "403": ERROR}
WALK_IN_ANSWER = ok("The walk-in", {"type": "object", "properties": {"walk_in": ref("WalkIn")}})


def _full() -> bool:
    return snapshot.sees_confidential(g.user)


@bp.get("/crowd")
@operation("People in the hall now, groups, walk-ins, alerts." + ROLE_NOTE, security=STAFF,
           responses={"200": ok("Crowd state", ref("CrowdState")), **REFUSALS})
@staff_required(*CROWD_ROLES)
def crowd():
    return jsonify(snapshot.crowd_state(_full()))


@bp.get("/crowd/walk-ins")
@operation("A day's walk-in delegations." + ROLE_NOTE, security=STAFF, parameters=[DATE],
           responses={"200": ok("Walk-ins"), **REFUSALS})
@staff_required(*CROWD_ROLES)
def list_walk_ins():
    day = history.parse_day(request.args.get("date"))
    rows = WalkIn.select().where(WalkIn.day == day).order_by(WalkIn.arrived_at, WalkIn.id)
    return jsonify({"date": day.isoformat(),
                    "walk_ins": [snapshot.walk_in_view(w, _full()) for w in rows]})


@bp.post("/crowd/walk-ins")
@operation("Record a delegation that came without tickets (officer, security, leader, admin)",
           security=STAFF, body=WalkInRequest,
           responses={"201": WALK_IN_ANSWER, "400": ERROR, **REFUSALS})
@staff_required(*WALK_IN_ROLES)
def record_walk_in():
    body = json_body(WalkInRequest)
    walk_in = walkins.record(body.party_size, body.service, body.note, body.representatives,
                             user=g.user)
    return jsonify({"walk_in": snapshot.walk_in_view(walk_in, _full())}), 201


@bp.patch("/crowd/walk-ins/<int:walk_in_id>")
@operation("Change a present delegation (size, matter, note, representatives)",
           security=STAFF, body=WalkInUpdate,
           responses={"200": ok("The walk-in"), "400": ERROR, **REFUSALS, "404": ERROR,
                      "409": ERROR})
@staff_required(*WALK_IN_ROLES)
def update_walk_in(walk_in_id):
    changes = json_body(WalkInUpdate).model_dump(exclude_unset=True)
    walk_in = walkins.update(walk_in_id, changes, user=g.user)
    return jsonify({"walk_in": snapshot.walk_in_view(walk_in, _full())})


@bp.post("/crowd/walk-ins/<int:walk_in_id>/depart")
@operation("The delegation has left", security=STAFF,
           responses={"200": ok("The walk-in"), **REFUSALS, "404": ERROR, "409": ERROR})
@staff_required(*WALK_IN_ROLES)
def depart_walk_in(walk_in_id):
    json_body(AcknowledgeRequest, optional=True)
    walk_in = walkins.depart(walk_in_id, user=g.user)
    return jsonify({"walk_in": snapshot.walk_in_view(walk_in, _full())})


@bp.post("/crowd/alerts/<int:alert_id>/ack")
@operation("Acknowledge an alert, with an optional note", security=STAFF,
           body=AcknowledgeRequest, body_required=False,
           responses={"200": ok("The alert", {"type": "object",
                                              "properties": {"alert": ref("CrowdAlert")}}),
                      **REFUSALS, "404": ERROR, "409": ERROR})
@staff_required(*CROWD_ROLES)
def acknowledge_alert(alert_id):
    body = json_body(AcknowledgeRequest, optional=True)
    alert = incidents.acknowledge(alert_id, g.user, body.note if body else None)
    return jsonify({"alert": snapshot.alert_view(alert)})


@bp.get("/crowd/incidents")
@operation("A day's incident log (sự việc), newest first", security=STAFF, parameters=[DATE],
           responses={"200": ok("Incident log"), **REFUSALS})
@staff_required(*CROWD_ROLES)
def incident_log():
    day = history.parse_day(request.args.get("date"))
    return jsonify({"date": day.isoformat(), "incidents": snapshot.incident_log(day)})


@bp.post("/crowd/incidents")
@operation("Write a note into today's incident log", security=STAFF, body=NoteRequest,
           responses={"201": ok("The log line"), "400": ERROR, **REFUSALS})
@staff_required(*CROWD_ROLES)
def add_note():
    body = json_body(NoteRequest)
    entry = incidents.add_note(body.text, g.user)
    return jsonify({"incident": snapshot.entry_view(entry)}), 201


@bp.get("/crowd/history")
@operation("People in the hall through a day, replayed from the stored logs",
           security=STAFF, parameters=[DATE],
           responses={"200": ok("Points by minute and the peak"), "400": ERROR, **REFUSALS})
@staff_required(*CROWD_ROLES)
def day_history():
    return jsonify(history.day_series(history.parse_day(request.args.get("date"))))


@bp.get("/crowd/hourly")
@operation("Arrivals and peak head count by hour over the last days", security=STAFF,
           parameters=[query("days", type="integer", minimum=1, maximum=366, default=30)],
           responses={"200": ok("Counts by hour"), "400": ERROR, **REFUSALS})
@staff_required(*CROWD_ROLES)
def hourly_counts():
    raw = request.args.get("days", "30")
    if not raw.isdigit():
        raise Invalid("bad_period", detail="số ngày phải là số nguyên",
                      detail_en="days must be a whole number")
    return jsonify(history.hourly(int(raw)))


@bp.get("/crowd/thresholds")
@operation("Alert thresholds", security=STAFF,
           responses={"200": ok("Thresholds"), **REFUSALS})
@staff_required(*CROWD_ROLES)
def get_thresholds():
    return jsonify({"thresholds": thresholds.limits()})


@bp.put("/crowd/thresholds")
@operation("Change alert thresholds (admin)", security=STAFF, body=ThresholdsRequest,
           responses={"200": ok("Thresholds"), "400": ERROR, **REFUSALS})
@staff_required("admin")
def put_thresholds():
    changes = json_body(ThresholdsRequest).model_dump(exclude_none=True)
    values = thresholds.save(changes)
    # New thresholds may raise or clear alerts at once.
    live.crowd_changed()
    return jsonify({"thresholds": values})


@bp.get("/schedule")
@operation("Leaders' reception schedule (public by law) and public holidays",
           parameters=[query("from", format="date"),
                       query("days", type="integer", minimum=1, maximum=366)],
           responses={"200": ok("Sessions and days off"), "400": ERROR})
def public_schedule():
    first = history.parse_day(request.args.get("from"))
    raw = request.args.get("days") or str(schedule.options()["public_days"])
    if not raw.isdigit() or not 1 <= int(raw) <= 366:
        raise Invalid("bad_period", detail="số ngày phải từ 1 đến 366",
                      detail_en="days must be between 1 and 366")
    last = first + timedelta(days=int(raw) - 1)
    sessions = schedule.occurrences(first, last)
    return jsonify({"from": first.isoformat(), "to": last.isoformat(),
                    "sessions": [schedule.session_view(o) for o in sessions],
                    "days_off": [{"date": d.isoformat(), "name": n}
                                 for d, n in sorted(schedule.days_off(first, last).items())]})
