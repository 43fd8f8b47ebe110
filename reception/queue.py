"""The reception queue: issue tickets and move them through counters. Owns its transactions.

Every function here commits its own transaction and then tells reception.realtime, so a
refused request changes nothing and an accepted one is stored before anything is announced.
"""

import hashlib
import json
import logging
import secrets
import unicodedata
from datetime import datetime, time, timedelta

from peewee import IntegrityError, fn

from reception import (
    characters,
    clock,
    desk_access,
    notifications,
    public,
    realtime,
    schedule,
    statements,
)
from reception import settings as org_settings
from reception.booking import notices
from reception.cases import arrivals
from reception.cases.meetings import record_meeting
from reception.config import Settings
from reception.database import connection, hold_key, is_postgres, write_transaction
from reception.errors import Conflict, Invalid, NotFound
from reception.extensions import db
from reception.models import (
    CALLED,
    EXPIRED,
    IN_HALL,
    NO_SHOW,
    OPEN_AT_COUNTER,
    SERVED,
    SERVING,
    WAITING,
    Counter,
    CounterService,
    DailySequence,
    IdempotencyRecord,
    Service,
    Ticket,
    TicketEvent,
    User,
)
from reception.waiting import IN_LINE_SQL, position

log = logging.getLogger(__name__)

STATUS_LABELS = {
    WAITING: ("đang chờ", "waiting"),
    CALLED: ("đã gọi", "called"),
    SERVING: ("đang tiếp", "being received"),
    SERVED: ("đã tiếp xong", "served"),
    NO_SHOW: ("vắng mặt", "no-show"),
    EXPIRED: ("hết hạn", "expired"),
}


def issue_ticket(
    service_code: str,
    party_size: int = 1,
    priority: str | None = None,
    idempotency_key: str | None = None,
    kiosk: str | None = None,
    arrival_qr: str | None = None,
    routing: tuple[int | None, int] | None = None,
    *,
    settings: Settings,
) -> tuple[Ticket, bool]:
    """Issue the next ticket of the day; return it and whether it was created now.

    settings: the app's settings (closing time, how long an Idempotency-Key is remembered).
    arrival_qr: the chip ID card's QR text scanned at the kiosk, kept for the desk.
    routing: (target counter id or None, priority rank) of a booked appointment's ticket
        (reception.booking.checkin), instead of the schedule's routing and rank.

    :raises ReceptionError: unknown service or priority, party size out of range, closed,
        an unreadable ID card QR text, or an Idempotency-Key reused with a different request.
    """
    for value, field, field_en in (
        (service_code, "Mã loại việc", "Service code"),
        (priority, "Đối tượng ưu tiên", "Priority group"),
        (idempotency_key, "Idempotency-Key", "Idempotency-Key"),
        (kiosk, "Tên kiosk", "Kiosk name"),
        (arrival_qr, "Mã QR thẻ căn cước", "ID card QR code"),
    ):
        characters.check(value, field, field_en=field_en)
    arrival_qr = arrivals.checked(arrival_qr)
    service_code = unicodedata.normalize("NFC", str(service_code)).strip()
    fingerprint = _fingerprint(service_code, party_size, priority)
    if idempotency_key:
        with connection():
            earlier = _remembered(idempotency_key, fingerprint, settings.idempotency_hours)
        if earlier:
            return earlier, False
    values = org_settings.all_settings()
    service = statements.first(Service, "code = {p}", [service_code])
    if service is None:
        raise Invalid("unknown_service", service=service_code)
    if not service.active:
        raise Conflict("service_closed")
    maximum = int(values["max_party_size"])
    if not isinstance(party_size, int) or isinstance(party_size, bool) or not (
        1 <= party_size <= maximum
    ):
        raise Invalid("invalid_party_size", maximum=maximum)
    if priority is not None and not org_settings.priority_group(
        priority, values["priority_groups"]
    ):
        raise Invalid("unknown_priority", priority=priority)
    now = clock.now()
    closing = closing_moment(now, settings.closing_time)
    if closing is not None and now >= closing:
        raise Conflict("closed_for_today", closing=settings.closing_time)
    try:
        with write_transaction():
            if idempotency_key:
                hold_key(idempotency_key)
                earlier = _remembered(idempotency_key, fingerprint,
                                      settings.idempotency_hours)
                if earlier:
                    return earlier, False
            ticket = _create_ticket(service, party_size, priority, values, now, kiosk, routing)
            if arrival_qr:
                arrivals.remember(ticket, arrival_qr)
            if idempotency_key:
                IdempotencyRecord.create(
                    key=idempotency_key,
                    request_hash=fingerprint,
                    ticket=ticket,
                    created_at=clock.to_storage(now),
                )
    except IntegrityError:
        earlier = _stored_by_a_racing_retry(idempotency_key, fingerprint,
                                            settings.idempotency_hours)
        if earlier is None:
            raise
        return earlier, False
    realtime.queue_changed()
    return ticket, True


def _create_ticket(service, party_size, priority, values, now, kiosk, routing=None) -> Ticket:
    # One sequence for every matter: a number of its own would tell a denunciation apart.
    sequence = _next_sequence(now.date())
    stored_now = clock.to_storage(now)
    ticket = Ticket(
        day=now.date(),
        sequence=sequence,
        number=f"{sequence:03d}",
        service=service,
        party_size=party_size,
        is_group=party_size >= int(values["group_threshold"]),
        priority=priority,
        priority_rank=routing[1] if routing else 1 if priority else 0,
        status=WAITING,
        issued_at=stored_now,
        queued_at=stored_now,
        # During a leader's reception session that routes tickets, they go to the leader.
        target_counter=routing[0] if routing else schedule.routing_counter(service, now),
        public_token=secrets.token_urlsafe(16),
        kiosk=kiosk,
    )
    statements.insert(ticket)
    _log(ticket, "issued", stored_now)
    return ticket


# The day's counter in one atomic upsert (SQLite and PostgreSQL share the syntax).
NEXT_SEQUENCE_SQL = (
    'INSERT INTO "daily_sequence" ("day", "prefix", "last") VALUES ({p}, {p}, 1)'
    ' ON CONFLICT ("day", "prefix") DO UPDATE SET "last" = "daily_sequence"."last" + 1'
    ' RETURNING "last"'
)


def _next_sequence(day) -> int:
    """Take the next number of the day in one atomic upsert (no max()+1 race)."""
    sql = NEXT_SEQUENCE_SQL.format(p=db.obj.param)
    return db.execute_sql(sql, [DailySequence.day.db_value(day), ""]).fetchone()[0]


def _fingerprint(service_code, party_size, priority) -> str:
    body = json.dumps([service_code, party_size, priority], ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def _remembered(key: str, fingerprint: str, hours: int) -> Ticket | None:
    record = IdempotencyRecord.get_or_none(IdempotencyRecord.key == key)
    if record is None:
        return None
    if record.created_at < clock.stored_now() - timedelta(hours=hours):
        return None
    if record.request_hash != fingerprint:
        raise Conflict("idempotency_conflict")
    return record.ticket


def _stored_by_a_racing_retry(key: str | None, fingerprint: str, hours: int) -> Ticket | None:
    """After an IntegrityError: the ticket another retry of the same request stored under the
    key (two retries raced on PostgreSQL), or None when the error had another cause."""
    if not key:
        return None
    with connection():
        return _remembered(key, fingerprint, hours)


def call_next(counter_id: int, user=None, idempotency_key: str | None = None, *,
              settings: Settings) -> tuple[Ticket | None, bool]:
    """Close what is open at the counter and call the next ticket it serves.

    Returns (ticket or None, replayed). Priority tickets come first; otherwise first come,
    first served across the counter's services, by arrival time (which a transfer keeps).
    A retry with the same Idempotency-Key (the reply was lost, or the process died after the
    commit and before the announcement) returns the ticket called the first time and announces
    it again, instead of closing it as a no-show and calling another.

    :raises ReceptionError: unknown or closed counter; the counter's open ticket is being
        received by another officer (Conflict); the key was used for another request (Conflict).
    """
    fingerprint = _fingerprint("call-next", counter_id, getattr(user, "id", None))
    try:
        with write_transaction():
            if idempotency_key:
                hold_key(idempotency_key)
            earlier = (_remembered(idempotency_key, fingerprint, settings.idempotency_hours)
                       if idempotency_key else None)
            if earlier is None:
                candidate = _call_at(counter_id, user, idempotency_key, fingerprint)
    except IntegrityError:
        earlier = _stored_by_a_racing_retry(idempotency_key, fingerprint,
                                            settings.idempotency_hours)
        if earlier is None:
            raise
    if earlier is not None:
        return _announce_again(earlier, counter_id), True
    if candidate is not None:
        realtime.ticket_called(candidate, recall=False)
        _tell_turn_near(counter_id)
    realtime.queue_changed()
    return candidate, False


def _tell_turn_near(counter_id: int) -> None:
    """A booked citizen whose ticket is now a few places from the front is told by e-mail or
    SMS (reception.booking.notices); a failure there never fails the call."""
    try:
        if notices.after_call(counter_id):
            notifications.kick()
    except Exception:
        log.exception("could not queue the turn-near notice")


# The tickets called or being received at a counter (at most one or two).
OPEN_AT_COUNTER_SQL = ('SELECT * FROM "ticket" WHERE counter_id = {p} AND status IN ({p}, {p})'
                       " ORDER BY id")


def _call_at(counter_id, user, idempotency_key, fingerprint) -> Ticket | None:
    counter = _active_counter(counter_id)
    moment = clock.stored_now()
    sql = OPEN_AT_COUNTER_SQL.format(p=db.obj.param)
    if is_postgres():
        # Two officers calling at one counter at once: the second waits here, then finds the
        # ticket closed (no second no-show event). Locked in id order, so never a deadlock.
        sql += " FOR UPDATE"
    for ticket in list(statements.rows(Ticket, sql, [counter.id, *OPEN_AT_COUNTER])):
        _refuse_if_received_by_another(ticket, user)
        ticket.counter = counter  # already loaded: the event names it
        _close_open(ticket, moment, user)
    candidate = _next_candidate(counter)
    if candidate is not None:
        candidate.status = CALLED
        candidate.counter = counter
        candidate.target_counter = None
        candidate.called_at = moment
        statements.update(candidate, "status", "counter", "target_counter", "called_at")
        _log(candidate, "called", moment, counter=counter, user=user)
        if idempotency_key:
            IdempotencyRecord.create(key=idempotency_key, request_hash=fingerprint,
                                     ticket=candidate, created_at=moment)
    return candidate


def _refuse_if_received_by_another(ticket: Ticket, user) -> None:
    """Refuse to close a meeting that another officer is holding at a shared counter."""
    if ticket.status != SERVING or user is None:
        return
    receiver = desk_access.receiving_user_id(ticket)
    if receiver is not None and receiver != user.id:
        holder = User.get_or_none(User.id == receiver)
        raise Conflict("counter_busy", number=ticket.number,
                       officer=(holder.full_name or holder.username) if holder else "")


def _announce_again(ticket: Ticket, counter_id: int) -> Ticket:
    """Announce a replayed call again while the ticket is still called at that counter."""
    if ticket.status == CALLED and ticket.counter_id == counter_id:
        realtime.ticket_called(ticket, recall=False)
        realtime.queue_changed()
    return ticket


def _next_candidate(counter: Counter) -> Ticket | None:
    sql = IN_LINE_SQL.format(columns="t.*", limit=1, offset=0, p=db.obj.param)
    if is_postgres():
        # Other officers skip the row this transaction holds instead of waiting for it.
        sql += " FOR UPDATE SKIP LOCKED"
    day = Ticket.day.db_value(clock.today())
    return next(statements.rows(Ticket, sql, [WAITING, day, counter.id, counter.id]), None)


def _close_open(ticket: Ticket, moment: datetime, user) -> None:
    ticket.status = SERVED if ticket.status == SERVING else NO_SHOW
    ticket.finished_at = moment
    statements.update(ticket, "status", "finished_at")
    _log(ticket, ticket.status, moment, counter=ticket.counter, user=user)


def _active_counter(counter_id) -> Counter:
    counter = statements.first(Counter, "id = {p}", [counter_id])
    if counter is None:
        raise NotFound("unknown_counter", counter=counter_id)
    if not counter.active:
        raise Conflict("counter_inactive")
    return counter


def recall(ticket_id: int, user=None) -> Ticket:
    """Announce a called ticket again."""
    with write_transaction():
        ticket = _ticket_in(ticket_id, (CALLED,), ("gọi lại", "recall"))
        ticket.recalls += 1
        ticket.save()
        _log(ticket, "recalled", clock.stored_now(), counter=ticket.counter, user=user)
    realtime.ticket_called(ticket, recall=True)
    return ticket


def start(ticket_id: int, user=None) -> Ticket:
    """Mark that the visitor came to the counter and the meeting has begun."""
    with write_transaction():
        ticket = _ticket_in(ticket_id, (CALLED,), ("bắt đầu tiếp", "start"))
        ticket.status = SERVING
        ticket.started_at = clock.stored_now()
        ticket.save()
        _log(ticket, "started", ticket.started_at, counter=ticket.counter, user=user)
    realtime.queue_changed()
    return ticket


def no_show(ticket_id: int, user=None) -> Ticket:
    """Close a called ticket whose visitor did not come."""
    with write_transaction():
        ticket = _ticket_in(ticket_id, (CALLED,), ("đánh dấu vắng mặt", "mark as no-show"))
        ticket.status = NO_SHOW
        ticket.finished_at = clock.stored_now()
        ticket.save()
        _log(ticket, NO_SHOW, ticket.finished_at, counter=ticket.counter, user=user)
    realtime.queue_changed()
    return ticket


def finish(ticket_id: int, record: dict | None = None, user=None) -> Ticket:
    """Close a meeting as served, keeping the meeting record when one is given."""
    with write_transaction():
        ticket = _ticket_in(ticket_id, OPEN_AT_COUNTER, ("kết thúc", "finish"))
        moment = clock.stored_now()
        ticket.started_at = ticket.started_at or ticket.called_at
        ticket.status = SERVED
        ticket.finished_at = moment
        if record is not None:
            # The record lives in the case files (same transaction: a refused record closes
            # nothing); the ticket keeps only a reference, never a denouncer's identity.
            visit = record_meeting(ticket, record, user)
            ticket.meeting_record = json.dumps({"visit_id": visit.id})
        # What the kiosk scanned is in the record now, or no longer needed.
        arrivals.forget(ticket)
        ticket.save()
        _log(ticket, SERVED, moment, counter=ticket.counter, user=user)
    realtime.queue_changed()
    return ticket


def transfer(ticket_id: int, service_code=None, counter_id=None, user=None) -> Ticket:
    """Send a ticket to another service or counter, keeping its place by arrival time.

    :raises ReceptionError: no target; the ticket is closed; unknown service; unknown or
        closed counter; a counter that does not receive the ticket's (new) service (Conflict).
    """
    if not service_code and not counter_id:
        raise Invalid("transfer_target_required")
    with write_transaction():
        ticket = _ticket_in(ticket_id, (WAITING, CALLED, SERVING), ("chuyển", "transfer"))
        detail = {"from_service": ticket.service.code}
        if service_code:
            service = Service.get_or_none(Service.code == service_code)
            if service is None or not service.active:
                raise Invalid("unknown_service", service=service_code)
            ticket.service = service
            detail["to_service"] = service.code
        if counter_id:
            ticket.target_counter = _receiving_counter(counter_id, ticket.service)
            detail["to_counter"] = ticket.target_counter.id
        else:
            _require_a_receiving_counter(ticket.service)
            ticket.target_counter = None
        from_counter = ticket.counter
        ticket.status = WAITING
        ticket.counter = None
        ticket.called_at = ticket.started_at = None
        ticket.save()
        _log(ticket, "transferred", clock.stored_now(), counter=from_counter, user=user,
             detail=detail)
    realtime.queue_changed()
    return ticket


def _receiving_counter(counter_id, service: Service) -> Counter:
    """Return the open counter a ticket is sent to, which must receive its service.

    :raises ReceptionError: unknown or closed counter; a counter that does not receive the
        service (Conflict), as a denunciation must reach only the counters that may hear it.
    """
    counter = _active_counter(counter_id)
    link = CounterService.get_or_none(
        (CounterService.counter == counter) & (CounterService.service == service))
    if link is None:
        raise Conflict("transfer_counter_service", counter=counter.name,
                       service=service.name_vi, service_en=service.name_en or service.code)
    return counter


def _require_a_receiving_counter(service: Service) -> None:
    """Refuse to leave a ticket waiting for a matter that no open counter receives.

    :raises Conflict: no open counter receives the service: it would never be called.
    """
    if not (CounterService.select().join(Counter)
            .where((CounterService.service == service) & Counter.active).exists()):
        raise Conflict("transfer_no_counter", service=service.name_vi,
                       service_en=service.name_en or service.code)


def _ticket_in(ticket_id, allowed: tuple, action: tuple[str, str]) -> Ticket:
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        raise NotFound("not_found", what=f"phiếu {ticket_id}")
    if ticket.status not in allowed:
        vi, en = STATUS_LABELS[ticket.status]
        raise Conflict(
            "invalid_transition", action=action[0], action_en=action[1],
            number=ticket.number, state=vi, state_en=en,
        )
    return ticket


def _log(ticket, kind, moment, counter=None, user=None, detail=None) -> None:
    statements.insert(TicketEvent(
        ticket=ticket,
        kind=kind,
        at=moment,
        status_after=ticket.status,
        party_size=ticket.party_size,
        counter=counter,
        user=user,
        detail=json.dumps(detail, ensure_ascii=False) if detail else None,
    ))


def closing_moment(now: datetime, closing_time: str) -> datetime | None:
    """Return today's closing time ("HH:MM") as an aware datetime, or None when it is ""."""
    if not closing_time:
        return None
    hours, minutes = (int(part) for part in closing_time.split(":")[:2])
    return datetime.combine(now.date(), time(hours, minutes), tzinfo=now.tzinfo)


def expire_stale(closing_time: str) -> int:
    """Expire waiting tickets of past days or past closing time; close stale open ones.

    Run by the server's housekeeping loop and `flask queue expire`; returns how many changed.

    :param closing_time: "HH:MM" local (RECEPTION_CLOSING_TIME); "" expires past days only.
    """
    now = clock.now()
    closing = closing_moment(now, closing_time)
    stale = Ticket.day < now.date()
    if closing is not None and now >= closing:
        stale = stale | (Ticket.day == now.date())
    changed = 0
    with write_transaction():
        moment = clock.to_storage(now)
        for ticket in Ticket.select().where((Ticket.status == WAITING) & stale):
            ticket.status = EXPIRED
            ticket.finished_at = moment
            ticket.save()
            _log(ticket, EXPIRED, moment)
            changed += 1
        for ticket in Ticket.select().where(
            Ticket.status.in_(OPEN_AT_COUNTER) & (Ticket.day < now.date())
        ):
            _close_open(ticket, moment, None)
            changed += 1
    # ID cards scanned at the kiosk go as soon as their tickets are closed.
    arrivals.purge_closed()
    if changed:
        realtime.queue_changed()
    return changed


def ticket_view(ticket: Ticket, service_minutes: int) -> dict:
    """Return a ticket as reception staff see it: the public fields (reception.public), its
    matter, when its meeting began, and its place in its own matter's line (service_minutes:
    the configured length of a meeting, until the day has some to learn from)."""
    ahead, minutes = position(ticket, service_minutes) if ticket.status == WAITING else (0, 0)
    return {**public.ticket_fields(ticket, ahead, minutes),
            "service": statements.related(ticket, "service").code,
            "started_at": clock.iso(ticket.started_at)}


def people_in_hall() -> int:
    """Return the sum of party sizes of today's tickets still in the hall."""
    total = (
        Ticket.select(fn.COALESCE(fn.SUM(Ticket.party_size), 0))
        .where(Ticket.status.in_(IN_HALL) & (Ticket.day == clock.today()))
        .scalar()
    )
    return int(total or 0)
