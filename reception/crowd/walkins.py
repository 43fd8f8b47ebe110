"""Walk-in delegations: groups recorded at the door without tickets. Owns its transactions.

Every arrival, change of size and departure is a WalkInEvent (the history replays them) and a
line of the incident log; the hall's head count includes the delegations still present.
"""

import json
import unicodedata

from reception import characters, clock
from reception.crowd import live
from reception.crowd.incidents import clean_text
from reception.crowd.models import ARRIVED, DEPARTED, UPDATED, IncidentEntry, WalkIn, WalkInEvent
from reception.database import write_transaction
from reception.errors import Conflict, Invalid, NotFound
from reception.models import Service

MAX_PARTY_SIZE = 5000
NAME_MAX = 120


def record(party_size, service_code: str | None = None, note: str | None = None,
           representatives=None, user=None) -> WalkIn:
    """Record a delegation that has just arrived.

    :raises ReceptionError: a size outside 1–5000, an unknown service, a bad note or too many
        representatives for the group's size.
    """
    size = _size(party_size)
    note = clean_text(note)
    people = _representatives(representatives or [], size)
    service = _service(service_code)
    with write_transaction():
        moment = clock.stored_now()
        walk_in = WalkIn.create(
            day=clock.today(), party_size=size, service=service, note=note,
            representatives=json.dumps(people, ensure_ascii=False), arrived_at=moment,
            recorded_by=user,
        )
        _log(walk_in, ARRIVED, moment, user)
    live.crowd_changed()
    return walk_in


def update(walk_in_id: int, changes: dict, user=None) -> WalkIn:
    """Change a present delegation's size, matter, note or representatives.

    :raises ReceptionError: unknown (NotFound) or already departed (Conflict) delegation;
        invalid values (Invalid).
    """
    with write_transaction():
        walk_in = _present(walk_in_id)
        size = _size(changes["party_size"]) if "party_size" in changes else walk_in.party_size
        if "service" in changes:
            walk_in.service = _service(changes["service"])
        if "note" in changes:
            walk_in.note = clean_text(changes["note"])
        if "representatives" in changes or size != walk_in.party_size:
            people = (changes.get("representatives") if "representatives" in changes
                      else json.loads(walk_in.representatives))
            walk_in.representatives = json.dumps(_representatives(people or [], size),
                                                 ensure_ascii=False)
        walk_in.party_size = size
        walk_in.save()
        _log(walk_in, UPDATED, clock.stored_now(), user)
    live.crowd_changed()
    return walk_in


def depart(walk_in_id: int, user=None) -> WalkIn:
    """Mark a delegation as gone; it leaves the head count.

    :raises ReceptionError: unknown (NotFound) or already departed (Conflict) delegation.
    """
    with write_transaction():
        walk_in = _present(walk_in_id)
        walk_in.departed_at = clock.stored_now()
        walk_in.departed_by = user
        walk_in.save()
        _log(walk_in, DEPARTED, walk_in.departed_at, user)
    live.crowd_changed()
    return walk_in


def _present(walk_in_id) -> WalkIn:
    walk_in = WalkIn.get_or_none(WalkIn.id == walk_in_id)
    if walk_in is None:
        raise NotFound("not_found", what=f"đoàn {walk_in_id}")
    if walk_in.departed_at is not None:
        raise Conflict("walk_in_departed",
                       at=clock.from_storage(walk_in.departed_at).strftime("%H:%M"))
    return walk_in


def _log(walk_in: WalkIn, kind: str, moment, user) -> None:
    WalkInEvent.create(walk_in=walk_in, kind=kind, at=moment, party_size=walk_in.party_size,
                       user=user)
    IncidentEntry.create(day=clock.from_storage(moment).date(), at=moment,
                         kind=f"walk_in_{kind}", walk_in=walk_in, user=user)


def _size(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not (
        1 <= value <= MAX_PARTY_SIZE
    ):
        raise Invalid("invalid_party_size", maximum=MAX_PARTY_SIZE)
    return value


def _service(code) -> Service | None:
    if code in (None, ""):
        return None
    characters.check(code, "Mã loại việc", field_en="Service code")
    service = Service.get_or_none(Service.code == str(code).strip())
    if service is None:
        raise Invalid("unknown_service", service=code)
    return service


def _representatives(people, size: int) -> list[dict]:
    """Return the representatives as [{"full_name"}], within Luật TCD Điều 29's numbers."""
    if not isinstance(people, list):
        raise Invalid("invalid_value", field="Người đại diện", detail="phải là danh sách")
    cleaned = []
    for person in people:
        name = person.get("full_name") if isinstance(person, dict) else person
        if not isinstance(name, str):
            raise Invalid("invalid_value", field="Người đại diện", detail="cần họ tên")
        characters.check(name, "Người đại diện", field_en="Representative")
        name = " ".join(unicodedata.normalize("NFC", name).split())
        if not name or len(name) > NAME_MAX:
            raise Invalid("invalid_value", field="Người đại diện",
                          detail=f"họ tên từ 1 đến {NAME_MAX} ký tự")
        cleaned.append({"full_name": name})
    # Điều 29: 5–10 people appoint 1 or 2 representatives; more than 10, at most 5.
    most = min(size, 2 if size <= 10 else 5)
    if len(cleaned) > most:
        raise Invalid("representatives_count", size=size, maximum=most)
    return cleaned
