"""The crowd view's snapshot (`crowd_state`, GET /api/v1/crowd) and its parts.

Two variants: leaders and admins see every matter; security staff see none, so nothing tells
them which group or delegation came to denounce (Luật Tố cáo Điều 8.3, 47): groups and walk-ins
carry no matter, a confidential delegation's note and names are withheld (it looks like one
recorded without them), and there are no per-matter figures to subtract from the totals.
"""

import json

from peewee import JOIN

from reception import clock
from reception.crowd import alerts, headcount, thresholds
from reception.crowd.models import CrowdAlert, IncidentEntry, WalkIn
from reception.models import WAITING, Counter, CounterService, Service, User
from reception.notifications import urgent
from reception.translations import N_, translate

FULL_ROLES = ("leader", "admin")
CROWD_ROLES = ("security", "leader", "admin")
INCIDENTS_LISTED = 50

ENTRY_TEXTS = {
    alerts.RAISED: N_("Cảnh báo: {message}"),
    alerts.CLEARED: N_("Đã hết: {message}"),
    alerts.ACKNOWLEDGED: N_("Đã xác nhận: {message}"),
    alerts.NOTE: N_("Ghi chú"),
    "walk_in_arrived": N_("Đoàn {size} người đến (không lấy số)"),
    "walk_in_updated": N_("Cập nhật đoàn {size} người"),
    "walk_in_departed": N_("Đoàn {size} người đã rời trụ sở"),
}


def sees_confidential(user) -> bool:
    """Tell whether the user may see confidential matters on the crowd view."""
    return getattr(user, "role", None) in FULL_ROLES


def crowd_states(hall: headcount.HallCount, limits: dict | None = None) -> tuple[dict, dict]:
    """Return the full and the limited crowd snapshots of one head count, reading what they
    share (thresholds, counters, alerts, the incident log) once.

    :param limits: thresholds.limits() when the caller has just read them.
    """
    shared = _shared_parts(hall, limits or thresholds.limits())
    return crowd_state(True, hall, shared), crowd_state(False, hall, shared)


def _shared_parts(hall: headcount.HallCount, limits: dict) -> dict:
    return {
        "limits": limits,
        "by_counter": _by_counter(hall),
        "alerts": urgent.with_told([alert_view(a) for a in alerts.current(hall.day)]),
        "incidents": incident_log(hall.day, INCIDENTS_LISTED),
    }


def crowd_state(full: bool, hall: headcount.HallCount | None = None,
                shared: dict | None = None) -> dict:
    """Return the crowd snapshot; full=False hides confidential matters (security staff)."""
    limits = shared["limits"] if shared else thresholds.limits()
    hall = hall or alerts.hall_now(limits)
    shared = shared or _shared_parts(hall, limits)
    people = hall.people_in_hall
    longest = hall.oldest_waiting
    level = ("overcrowded" if people >= limits["overcrowded"]
             else "crowded" if people >= limits["crowded"] else "normal")
    groups = [t for t in hall.groups if t.party_size >= limits["group_threshold"]]
    return {
        "date": hall.day.isoformat(),
        "generated_at": clock.iso(hall.now),
        "people_in_hall": people,
        "people_with_tickets": hall.ticket_people,
        "people_walk_in": hall.walk_in_people,
        "tickets_in_hall": hall.tickets_in_hall,
        "tickets_waiting": hall.tickets_waiting,
        "people_waiting": hall.people_waiting,
        "level": level,
        "thresholds": limits,
        "longest_wait_minutes": hall.longest_wait_minutes(),
        "longest_wait_number": longest.number if longest else None,
        "groups": [_group_view(t, hall, full) for t in groups],
        "walk_ins": [walk_in_view(w, full, hall.now) for w in hall.walk_ins],
        "by_service": _by_service(hall, full),
        "by_counter": shared["by_counter"],
        "alerts": shared["alerts"],
        "incidents": shared["incidents"],
        "confidential_visible": full,
    }


def _service_fields(service, full: bool) -> dict:
    # The limited view names no matter at all: a blank only where the matter is confidential
    # would mark the denouncers' group among the others.
    if service is None or not full:
        return {"service": None, "service_name": None}
    return {"service": service.code, "service_name": service.name_vi}


def _group_view(ticket, hall, full: bool) -> dict:
    return {
        "id": ticket.id,
        "number": ticket.number,
        "party_size": ticket.party_size,
        **_service_fields(ticket.service, full),
        "status": ticket.status,
        "arrived_at": clock.iso(ticket.queued_at),
        "waited_minutes": hall.waited_minutes(ticket),
        "counter_id": ticket.counter_id,
        "priority": ticket.priority,
    }


def walk_in_view(walk_in: WalkIn, full: bool, now=None) -> dict:
    """Return a walk-in delegation as JSON.

    Its matter, note and representatives stay hidden from security staff when the matter is
    confidential.
    """
    hidden = walk_in.service is not None and walk_in.service.confidential and not full
    end = walk_in.departed_at or now or clock.stored_now()
    return {
        "id": walk_in.id,
        "party_size": walk_in.party_size,
        **_service_fields(walk_in.service, full),
        # Hidden, a confidential delegation looks like one recorded without note or names.
        "note": None if hidden else (walk_in.note or None),
        "representatives": [] if hidden else json.loads(walk_in.representatives or "[]"),
        "arrived_at": clock.iso(walk_in.arrived_at),
        "departed_at": clock.iso(walk_in.departed_at),
        "present_minutes": max(0, int((end - walk_in.arrived_at).total_seconds() // 60)),
        "present": walk_in.departed_at is None,
    }


def _by_service(hall, full: bool) -> list[dict]:
    if not full:
        # Figures per matter without the confidential ones could be subtracted from the totals
        # down to the number of denouncers: the limited view has none.
        return []
    rows = {}
    for service in Service.select().order_by(Service.sort_order, Service.code):
        if service.active and (full or not service.confidential):
            rows[service.id] = {"code": service.code, "name": service.name_vi,
                                "name_en": service.name_en, "tickets": 0, "waiting": 0,
                                "people": 0, "walk_in_people": 0}
    for tally in hall.tallies:
        row = rows.get(tally.service_id)
        if row is None:
            continue
        row["tickets"] += tally.tickets
        row["people"] += tally.people
        if tally.status == WAITING:
            row["waiting"] += tally.tickets
    for walk_in in hall.walk_ins:
        row = rows.get(walk_in.service_id)
        if row is not None:
            row["people"] += walk_in.party_size
            row["walk_in_people"] += walk_in.party_size
    return list(rows.values())


def _by_counter(hall) -> list[dict]:
    """Return per active counter who is at it and who waits for it.

    A ticket that several counters may call is counted at each of them.
    """
    links: dict[int, set] = {}
    for counter_id, service_id in CounterService.select(
        CounterService.counter, CounterService.service
    ).tuples():
        links.setdefault(counter_id, set()).add(service_id)
    waiting = [t for t in hall.tallies if t.status == WAITING]
    rows = []
    for counter in Counter.select().where(Counter.active).order_by(Counter.number):
        served = links.get(counter.id, set())
        mine = [t for t in waiting if t.target_counter_id == counter.id
                or (t.target_counter_id is None and t.service_id in served)]
        at_counter = [t for t in hall.at_counters if t.counter_id == counter.id]
        rows.append({
            "id": counter.id, "number": counter.number, "name": counter.name,
            "serving": at_counter[0].number if at_counter else None,
            "at_counter_people": sum(t.party_size for t in at_counter),
            "waiting_tickets": sum(t.tickets for t in mine),
            "waiting_people": sum(t.people for t in mine),
        })
    return rows


def alert_view(alert: CrowdAlert) -> dict:
    """Return an alert as JSON, with its message in Vietnamese and English."""
    payload = json.loads(alert.payload or "{}")
    return {
        "id": alert.id,
        "kind": alert.kind,
        "severity": alert.severity,
        "message": alerts.message(alert.kind, payload, "vi"),
        "message_en": alerts.message(alert.kind, payload, "en"),
        "number": payload.get("number"),
        "party_size": payload.get("party_size"),
        "raised_at": clock.iso(alert.raised_at),
        "cleared_at": clock.iso(alert.cleared_at),
        "active": alert.cleared_at is None,
        "acknowledged_at": clock.iso(alert.acknowledged_at),
        "acknowledged_by": _name(alert.acknowledged_by) if alert.acknowledged_at else None,
        "note": alert.ack_note,
    }


def incident_log(day, limit: int | None = None) -> list[dict]:
    """Return a day's incident log, newest first: alerts, acknowledgements, notes, walk-ins.

    Walk-in lines name only the group's size, never its matter, so every crowd role sees them.
    """
    query = (IncidentEntry.select(IncidentEntry, User, CrowdAlert, WalkIn)
             .join(User, JOIN.LEFT_OUTER, on=(IncidentEntry.user == User.id))
             .switch(IncidentEntry).join(CrowdAlert, JOIN.LEFT_OUTER)
             .switch(IncidentEntry).join(WalkIn, JOIN.LEFT_OUTER)
             .where(IncidentEntry.day == day)
             .order_by(IncidentEntry.at.desc(), IncidentEntry.id.desc()))
    if limit:
        query = query.limit(limit)
    return [entry_view(entry) for entry in query]


def entry_view(entry: IncidentEntry) -> dict:
    """Return one incident log line as JSON."""
    text = ENTRY_TEXTS[entry.kind]
    vi, en = translate(text, "vi"), translate(text, "en")
    params = {}
    if entry.alert_id:
        payload = json.loads(entry.alert.payload or "{}")
        params["message"] = alerts.message(entry.alert.kind, payload, "vi")
        params_en = {"message": alerts.message(entry.alert.kind, payload, "en")}
    else:
        params_en = {}
    if entry.walk_in_id:
        params["size"] = params_en["size"] = entry.walk_in.party_size
    return {
        "id": entry.id,
        "at": clock.iso(entry.at),
        "kind": entry.kind,
        "summary": vi.format(**params),
        "summary_en": en.format(**params_en),
        "text": entry.text or "",
        "user": _name(entry.user) if entry.user_id else None,
        "alert_id": entry.alert_id,
        "walk_in_id": entry.walk_in_id,
    }


def _name(user) -> str | None:
    return (user.full_name or user.username) if user is not None else None
