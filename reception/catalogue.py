"""The headquarters' catalogue: the services (matters) it receives and the counters that
receive them.

Each change validates its input first, runs in one write transaction and, after the commit,
asks reception.realtime for fresh snapshots so display boards and desks show it at once.
A refused change raises Invalid (Vietnamese message) and stores nothing.
"""

import re

from reception import realtime
from reception.database import write_transaction
from reception.errors import Conflict, NotFound
from reception.form_input import clean_int, clean_text, existing, invalid
from reception.models import (
    OPEN_AT_COUNTER,
    WAITING,
    Counter,
    CounterService,
    Service,
    Ticket,
)

SERVICE_CODE = re.compile(r"^[A-Za-z0-9_-]{1,8}$")


def save_service(fields: dict, service_id: int | None = None) -> Service:
    """Create a service, or update the one with service_id, from form fields.

    :param fields: code, name_vi, name_en, confidential, active, sort_order.
    :raises ReceptionError: invalid field or duplicate code.
    """
    code = clean_text(fields.get("code"), "Mã loại việc", 8, required=True)
    if not SERVICE_CODE.match(code):
        raise invalid("Mã loại việc", "chỉ gồm chữ cái không dấu, chữ số, “-” hoặc “_”")
    name_vi = clean_text(fields.get("name_vi"), "Tên tiếng Việt", 120, required=True)
    name_en = clean_text(fields.get("name_en"), "Tên tiếng Anh", 120) or name_vi
    confidential = bool(fields.get("confidential"))
    sort_order = clean_int(fields.get("sort_order", 0), "Thứ tự hiển thị", 0, 999)
    with write_transaction():
        service = existing(Service, service_id, "loại việc") if service_id else Service()
        taken = Service.select().where(Service.code == code)
        if service_id:
            taken = taken.where(Service.id != service_id)
        if taken.exists():
            raise Conflict("duplicate", what="Mã loại việc", value=code)
        service.code = code
        service.name_vi = name_vi
        service.name_en = name_en
        service.confidential = confidential
        service.active = bool(fields.get("active"))
        service.sort_order = sort_order
        service.save()
    realtime.queue_changed()
    return service


def uncovered_services() -> list[Service]:
    """Return the active services that no active counter serves (nobody could call them)."""
    covered = (
        CounterService.select(CounterService.service).join(Counter).where(Counter.active)
    )
    return list(
        Service.select()
        .where(Service.active & Service.id.not_in(covered))
        .order_by(Service.sort_order, Service.code)
    )


def counters_by_service() -> dict[int, list[Counter]]:
    """Return, per service id, the counters serving it, by counter number."""
    serving: dict[int, list[Counter]] = {}
    for link in (
        CounterService.select(CounterService, Counter).join(Counter).order_by(Counter.number)
    ):
        serving.setdefault(link.service_id, []).append(link.counter)
    return serving




def save_counter(fields: dict, service_ids, counter_id: int | None = None) -> Counter:
    """Create a counter, or update the one with counter_id, and set the services it serves.

    Closing a counter sends the tickets transferred to it back to their service's queue
    (they keep their arrival time), so nobody is left waiting for a closed counter.

    :param fields: number, name, active.
    :param service_ids: ids of the services the counter serves (form strings accepted).
    :raises ReceptionError: invalid field, a number already used, an unknown service, or
        closing a counter whose ticket is still open.
    """
    number = clean_int(fields.get("number"), "Số quầy", 1, 999)
    name = clean_text(fields.get("name"), "Tên quầy", 80) or f"Quầy {number}"
    active = bool(fields.get("active"))
    wanted = {clean_int(value, "Loại việc", 1, 2**31 - 1) for value in service_ids or []}
    with write_transaction():
        counter = existing(Counter, counter_id, "quầy") if counter_id else Counter()
        taken = Counter.select().where(Counter.number == number)
        if counter_id:
            taken = taken.where(Counter.id != counter_id)
        if taken.exists():
            raise Conflict("duplicate", what="Số quầy", value=number)
        known = {s.id for s in Service.select(Service.id).where(Service.id.in_(wanted))}
        if known != wanted:
            raise NotFound("not_found", what="loại việc đã chọn")
        if counter_id and counter.active and not active:
            _close_counter(counter)
        counter.number = number
        counter.name = name
        counter.active = active
        counter.save()
        current = {
            link.service_id
            for link in CounterService.select().where(CounterService.counter == counter)
        }
        if current - wanted:
            CounterService.delete().where(
                (CounterService.counter == counter)
                & CounterService.service.in_(current - wanted)
            ).execute()
        for service_id in sorted(wanted - current):
            CounterService.create(counter=counter, service=service_id)
    realtime.queue_changed()
    return counter


def _close_counter(counter: Counter) -> None:
    open_ticket = (
        Ticket.select()
        .where((Ticket.counter == counter) & Ticket.status.in_(OPEN_AT_COUNTER))
        .first()
    )
    if open_ticket is not None:
        raise invalid(
            "Trạng thái quầy",
            f"quầy đang có phiếu số {open_ticket.number} chưa kết thúc; hãy kết thúc hoặc "
            "chuyển phiếu trước khi cho quầy nghỉ",
        )
    Ticket.update(target_counter=None).where(
        (Ticket.target_counter == counter) & (Ticket.status == WAITING)
    ).execute()
