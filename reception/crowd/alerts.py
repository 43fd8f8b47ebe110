"""Crowd alerts: which conditions hold now, raised once and re-armed when they clear.

Conditions: a group of at least group_threshold people (a ticket or a walk-in delegation),
the hall reaching the "đông" and "quá đông" head counts, and a ticket waiting longer than the
limit. Each raising is a CrowdAlert row that stays active until its condition clears, so a
restart finds it and raises nothing twice; the next time the condition holds it is raised anew.
"""

import json

from peewee import JOIN, IntegrityError

from reception import clock
from reception.crowd import headcount, thresholds
from reception.crowd.models import CrowdAlert, IncidentEntry
from reception.database import connection, write_transaction
from reception.extensions import db
from reception.models import User
from reception.translations import N_, translate

GROUP, CROWDED, OVERCROWDED, LONG_WAIT = "group", "crowded", "overcrowded", "long_wait"
RAISED, CLEARED, ACKNOWLEDGED, NOTE = (
    "alert_raised", "alert_cleared", "alert_acknowledged", "note",
)

MESSAGES = {
    ("group", "ticket"): N_("Đoàn đông người: phiếu số {number}, {party_size} người."),
    ("group", "walk_in"): N_("Đoàn đông người đến không lấy số: {party_size} người."),
    ("crowded", None): N_("Đông người: {people} người trong trụ sở (ngưỡng {threshold})."),
    ("overcrowded", None): N_("Quá đông: {people} người trong trụ sở (ngưỡng {threshold})."),
    ("long_wait", None): N_(
        "Có {tickets} phiếu chờ quá {limit} phút; lâu nhất {minutes} phút (số {number}).",
    ),
}


def message(kind: str, payload: dict, lang: str = "vi") -> str:
    """Return an alert's text in Vietnamese (or the language asked for, if translated)."""
    return translate(MESSAGES[(kind, payload.get("source"))], lang).format(**payload)


def conditions(hall: headcount.HallCount, limits: dict) -> dict:
    """Return {key: (kind, severity, payload)} for every alert condition that holds now."""
    found = {}
    group, crowded = limits["group_threshold"], limits["crowded"]
    for ticket in hall.groups:
        if ticket.party_size >= group:
            found[f"group:ticket:{ticket.id}"] = (
                GROUP, _group_severity(ticket.party_size, crowded),
                {"source": "ticket", "ticket_id": ticket.id, "number": ticket.number,
                 "party_size": ticket.party_size})
    for walk_in in hall.walk_ins:
        if walk_in.party_size >= group:
            found[f"group:walk_in:{walk_in.id}"] = (
                GROUP, _group_severity(walk_in.party_size, crowded),
                {"source": "walk_in", "walk_in_id": walk_in.id, "party_size": walk_in.party_size})
    people = hall.people_in_hall
    if people >= crowded:
        found["hall:crowded"] = (CROWDED, "warning", {"people": people, "threshold": crowded})
    if people >= limits["overcrowded"]:
        found["hall:overcrowded"] = (OVERCROWDED, "danger",
                                     {"people": people, "threshold": limits["overcrowded"]})
    limit = limits["long_wait_minutes"]
    if hall.late_tickets:
        first = hall.oldest_waiting
        found["wait:long"] = (LONG_WAIT, "warning", {
            "tickets": hall.late_tickets, "limit": limit, "number": first.number,
            "minutes": hall.waited_minutes(first)})
    return found


def hall_now(limits: dict | None = None, totals=None) -> headcount.HallCount:
    """Return the head count with the thresholds in force (or these limits).

    :param totals: tallies.in_hall(today) when the caller has just read them.
    """
    limits = limits or thresholds.limits()
    return headcount.count(limits["group_threshold"], limits["long_wait_minutes"],
                           totals=totals)


def _group_severity(size: int, crowded: int) -> str:
    return "danger" if size >= crowded else "warning"


def evaluate(hall: headcount.HallCount | None = None,
             limits: dict | None = None) -> tuple[list[CrowdAlert], bool]:
    """Raise the alerts whose condition now holds, clear those whose condition cleared.

    Returns the newly raised alerts and whether anything changed. The write lock is taken
    only when something changes, so evaluating after every queue change stays cheap.

    :param hall: a head count just taken (it is taken again under the write lock if anything
        changes).
    :param limits: thresholds.limits() when the caller has just read them.
    """
    with connection():
        limits = limits or thresholds.limits()
        wanted = conditions(hall or hall_now(limits), limits)
        if set(wanted) == set(_active().keys()):
            return [], False
        raised = []
        with write_transaction():
            limits = thresholds.limits()
            hall = hall_now(limits)
            wanted = conditions(hall, limits)
            active = _active()
            moment = hall.now
            for key in active.keys() - wanted.keys():
                alert = active[key]
                # Only one of two processes clearing at once logs it (PostgreSQL does not
                # serialise these transactions the way SQLite's BEGIN IMMEDIATE does).
                cleared = CrowdAlert.update(cleared_at=moment, active_key=None).where(
                    (CrowdAlert.id == alert.id) & CrowdAlert.active_key.is_null(False)
                ).execute()
                if cleared:
                    _entry(alert, CLEARED, moment)
            for key, (kind, severity, payload) in wanted.items():
                if key in active:
                    continue
                alert = _raise(key, kind, severity, payload, hall)
                if alert is not None:
                    raised.append(alert)
    return raised, True


def _active() -> dict:
    return {a.key: a for a in CrowdAlert.select().where(CrowdAlert.active_key.is_null(False))}


def _raise(key, kind, severity, payload, hall) -> CrowdAlert | None:
    try:
        # A savepoint: on PostgreSQL another process may have raised the same key just now.
        with db.atomic():
            alert = CrowdAlert.create(
                key=key, active_key=key, kind=kind, severity=severity, day=hall.day,
                payload=json.dumps(payload, ensure_ascii=False), raised_at=hall.now)
    except IntegrityError:
        return None
    _entry(alert, RAISED, hall.now)
    # Urgent reports out of the building: queued in this transaction, sent after commit.
    from reception.notifications import urgent

    urgent.alert_raised(alert, payload)
    return alert


def _entry(alert: CrowdAlert, kind: str, moment, user=None, text: str = "") -> IncidentEntry:
    return IncidentEntry.create(day=clock.from_storage(moment).date(), at=moment, kind=kind,
                                alert=alert, user=user, text=text)


def current(day=None) -> list[CrowdAlert]:
    """Return the alerts still active or not yet acknowledged (today's), newest first."""
    day = day or clock.today()
    return list(
        CrowdAlert.select(CrowdAlert, User)
        .join(User, JOIN.LEFT_OUTER, on=(CrowdAlert.acknowledged_by == User.id))
        .where(CrowdAlert.active_key.is_null(False)
               | ((CrowdAlert.day == day) & CrowdAlert.acknowledged_at.is_null()))
        .order_by(CrowdAlert.raised_at.desc(), CrowdAlert.id.desc())
        .limit(50)
    )
