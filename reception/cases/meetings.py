"""Turn a finished meeting into records: the visitor, the visit (a logbook row), the case.

record_meeting runs inside the caller's transaction (reception.queue.finish), so a refused
record leaves the ticket open and saves nothing. record_visit records a meeting without a
ticket (a head's reception day, a late entry) in a transaction of its own.

A record reaches this module only through web.record_schemas.MeetingRecord (the API's
finish and visits routes), which already guarantees the fixed choices (kind of reception and
session, matter type, handling, refusal reason), a summary, each representative's name and ID
number, and the details a transfer or a refusal needs. What stays here is what the schema
cannot know: the configurable fields, the organisation's party size, the identity once the ID
card's QR code has filled it in, the law's representatives count and a refusal "khác".
"""

import json
from contextlib import contextmanager
from datetime import datetime, timedelta

from peewee import IntegrityError

from reception import clock
from reception import settings as org_settings
from reception.cases import access, audit, casefiles, identity, options, search
from reception.cases.models import (
    RECEPTION_KINDS,
    SESSION_KINDS,
    Case,
    Visit,
    VisitIdentity,
    Visitor,
)
from reception.cases.text import nfc, search_key
from reception.database import write_transaction
from reception.errors import Invalid, ReceptionError
from reception.extensions import db

OPENS_CASE = ("thu_ly", "chuyen_don", "don_doc")
CLOCK_SKEW = timedelta(minutes=5)


def record_meeting(ticket, record: dict, user) -> Visit:
    """Record the meeting of a ticket being finished, inside the caller's transaction.

    :raises ReceptionError: invalid identity, choice, date, group or handling details.
    """
    clean = clean_record(record, ticket)
    return _store(clean, ticket, user)


def record_visit(record: dict, user) -> Visit:
    """Record a meeting that had no queue ticket, in a transaction of its own."""
    clean = clean_record(record, None)
    with write_transaction():
        return _store(clean, None, user)


@contextmanager
def blamed(path: str):
    """Name the record's field at fault on a ReceptionError that names none yet."""
    try:
        yield
    except ReceptionError as error:
        if not error.fields:
            error.fields = [path]
        raise


def clean_record(record: dict, ticket) -> dict:
    """Return a meeting record (as MeetingRecord validated it) checked and normalised.

    :raises ReceptionError: the first problem found, in Vietnamese.
    """
    data = {key: (nfc(value) if isinstance(value, str) else value)
            for key, value in record.items()}
    data["reception_kind"] = data.get("reception_kind") or RECEPTION_KINDS[0]
    data["session_kind"] = data.get("session_kind") or SESSION_KINDS[0]
    fields = options.fields()
    if data.get("field") not in fields:
        raise Invalid("unknown_choice", field="Lĩnh vực", field_en="Field",
                      value=data.get("field") or "", choices=", ".join(fields),
                      fields=["field"])
    data["visitor"] = clean_visitor(record.get("visitor") or {}, data["handling"])
    data["received_at"] = _received_at(data.get("received_at"), ticket)
    _check_group(data, ticket)
    _check_handling(data)
    data["documents"] = [
        {"title": nfc(item.get("title")), "copies": int(item.get("copies") or 1),
         "original": bool(item.get("original")), "note": nfc(item.get("note"))}
        for item in data.get("documents") or [] if nfc(item.get("title"))
    ]
    if data.get("case_id") is not None and data["handling"] == "tu_choi":
        data["case_id"] = None
    return data


def clean_visitor(person: dict, handling: str) -> dict:
    """Return the visitor's identity, filled from the ID card's QR code when one was scanned."""
    values = {key: (nfc(value) if isinstance(value, str) else value)
              for key, value in person.items() if key != "qr"}
    if person.get("qr"):
        card = identity.parse_cccd_qr(person["qr"])
        given = "".join((values.get("id_number") or "").split())
        if given and given != card.id_number:
            raise Invalid("id_number_mismatch", what="mã QR", what_en="QR code",
                          fields=["visitor.id_number"])
        for key, value in card.as_dict().items():
            if key == "issued_on":
                key = "id_issued_on"
            if not values.get(key):
                values[key] = value
    if values.get("birth_date") and isinstance(values["birth_date"], str):
        values["birth_date"] = datetime.fromisoformat(values["birth_date"]).date()
    if values.get("id_issued_on") and isinstance(values["id_issued_on"], str):
        values["id_issued_on"] = datetime.fromisoformat(values["id_issued_on"]).date()
    today = clock.today()
    if values.get("birth_date"):
        if values["birth_date"] > today:
            raise Invalid("future_date", field="Ngày sinh", field_en="Birth date",
                          fields=["visitor.birth_year"])
        values["birth_year"] = values["birth_date"].year
    if values.get("birth_year") is not None:
        year = int(values["birth_year"])
        if year > today.year:
            raise Invalid("future_date", field="Năm sinh", field_en="Birth year",
                          fields=["visitor.birth_year"])
        if year < 1900:
            raise Invalid("invalid_record", detail="năm sinh phải từ 1900",
                          detail_en="the birth year must be 1900 or later",
                          fields=["visitor.birth_year"])
    with blamed("visitor.sex"):
        values["sex"] = identity.normalise_sex(values.get("sex"))
    with blamed("visitor.id_number"):
        if values.get("id_number"):
            values["id_number"] = identity.validate_id_number(
                values["id_number"], values.get("birth_year"), values.get("sex"))
        else:
            values["id_number"] = None
        values["old_id_number"] = identity.validate_old_id_number(values.get("old_id_number"))
    phone = values.get("phone") or ""
    digits = "".join(char for char in phone if char.isdigit())
    if phone and (not 8 <= len(digits) <= 15 or any(c not in "0123456789+ .-()" for c in phone)):
        raise Invalid("invalid_value", field="Số điện thoại", detail="8–15 chữ số",
                      fields=["visitor.phone"])
    values["phone"] = phone
    values["full_name"] = values.get("full_name") or ""
    values["address"] = values.get("address") or ""
    if not values["full_name"] or not (values["address"] or values["id_number"]):
        if handling != "tu_choi" or not values["full_name"]:
            raise Invalid("visitor_identity_required",
                          fields=["visitor.full_name" if not values["full_name"]
                                         else "visitor.address"])
    return values


def _received_at(value, ticket) -> datetime:
    """Return the stored (naive UTC) time of reception; never in the future."""
    if value in (None, ""):
        if ticket is not None:
            return ticket.started_at or ticket.called_at or clock.stored_now()
        return clock.stored_now()
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.TIMEZONE)
    if moment > clock.now() + CLOCK_SKEW:
        raise Invalid("future_date", field="Thời điểm tiếp", field_en="Reception time")
    return clock.to_storage(moment)


def _check_group(data: dict, ticket) -> None:
    values = org_settings.all_settings()
    size = data.get("party_size") or (ticket.party_size if ticket is not None else 1)
    maximum = int(values["max_party_size"])
    if not isinstance(size, int) or not 1 <= size <= maximum:
        raise Invalid("invalid_party_size", maximum=maximum, fields=["party_size"])
    data["party_size"] = size
    data["is_group"] = size >= int(values["group_threshold"])
    people = []
    for person in data.get("representatives") or []:
        people.append({"full_name": nfc(person["full_name"]),
                       "id_number": person.get("id_number") or None})
    # Điều 29: 5–10 people appoint 1 or 2 representatives; more than 10, at most 5.
    most = 2 if size <= 10 else 5
    if data["is_group"] and not 1 <= len(people) <= most:
        raise Invalid("representatives_count", size=size, maximum=most,
                      fields=["representatives"])
    if len(people) > min(most, size):
        raise Invalid("representatives_count", size=size, maximum=min(most, size),
                      fields=["representatives"])
    data["representatives"] = people


def _check_handling(data: dict) -> None:
    if data["handling"] == "tu_choi":
        # Any other reason speaks for itself; "other cases the law provides" needs its detail.
        if data["refusal_reason"] == "khac_theo_luat" and not data.get("refusal_detail"):
            raise Invalid("refusal_reason_required", fields=["refusal_detail"])
    else:
        data["refusal_reason"] = ""


def _store(data: dict, ticket, user) -> Visit:
    """Save the visitor, the visit, its case and limits (inside the caller's transaction)."""
    case = None
    if data.get("case_id") is not None:
        case = access.require_case(user, data["case_id"], "case.attach")
    responsible = None
    if data.get("responsible_id"):
        responsible = casefiles.responsible_user(data["responsible_id"])
    visitor = _visitor(data["visitor"], user)
    moment = clock.stored_now()
    ids = {number for number in [visitor.id_number]
           + [p["id_number"] for p in data["representatives"]] if number}
    visit = Visit(
        ticket=ticket, visitor=visitor, received_at=data["received_at"],
        received_on=clock.from_storage(data["received_at"]).date(), received_by=user,
        reception_kind=data["reception_kind"], session_kind=data["session_kind"],
        party_size=data["party_size"], is_group=data["is_group"],
        representatives=json.dumps(data["representatives"], ensure_ascii=False),
        interpreter_used=bool(data.get("interpreter_used")),
        interpreter_language=data.get("interpreter_language") or "",
        matter_type=data["matter_type"], field=data["field"], summary=data["summary"],
        requests=data.get("requests") or "", prior_handling=data.get("prior_handling") or "",
        documents=json.dumps(data["documents"], ensure_ascii=False), handling=data["handling"],
        transfer_to=data.get("transfer_to") or "", guidance=data.get("guidance") or "",
        refusal_reason=data.get("refusal_reason") or "",
        refusal_detail=data.get("refusal_detail") or "",
        is_repeat=_is_repeat(ids, data["matter_type"], case), note=data.get("note") or "",
        updated_at=moment,
    )
    visit.save()
    for number in ids:
        VisitIdentity.create(visit=visit, id_number=number)
    opening = data.get("open_case")
    if opening is None:
        opening = data["handling"] in OPENS_CASE
    if case is not None:
        visit.case = case
        casefiles.attach_visit(case, visit, user)
    elif opening and data["handling"] != "tu_choi":
        visit.case = case = casefiles.open_case(visit, user, responsible, data)
    visit.content_key, visit.identity_key = search.visit_keys(visit, visitor, case)
    visit.save()
    audit.record_change(user, visit, None, "create")
    audit.log(user, "visit.create", "visit", visit.id,
              {"ticket": getattr(ticket, "id", None), "case": case.id if case else None})
    return visit


def _visitor(values: dict, user) -> Visitor:
    """Return the visitor with this ID number (updated) or a new one."""
    moment = clock.stored_now()
    columns = {key: values.get(key) for key in (
        "full_name", "id_number", "old_id_number", "birth_year", "birth_date", "sex",
        "address", "phone", "id_issued_on")}
    visitor = None
    if columns["id_number"]:
        visitor = Visitor.get_or_none(Visitor.id_number == columns["id_number"])
    if visitor is None:
        try:
            # A savepoint: on PostgreSQL another meeting may record the same new person at this
            # very moment; its row wins the unique index and this one updates it instead.
            with db.atomic():
                visitor = Visitor.create(created_at=moment, updated_at=moment, **columns,
                                         search_key=_visitor_key(columns))
        except IntegrityError:
            if not columns["id_number"]:
                raise
            visitor = Visitor.get(Visitor.id_number == columns["id_number"])
        else:
            audit.record_change(user, visitor, None, "create")
            return visitor
    before = audit.snapshot(visitor)
    for key, value in columns.items():
        if value not in (None, ""):
            setattr(visitor, key, value)
    visitor.search_key = _visitor_key(audit.snapshot(visitor))
    visitor.updated_at = moment
    visitor.save()
    audit.record_change(user, visitor, before)
    return visitor


def _visitor_key(values: dict) -> str:
    return search_key(values.get("full_name"), values.get("id_number"),
                      values.get("old_id_number"), values.get("phone"))


def _is_repeat(ids: set, matter_type: str, case: Case | None) -> bool:
    """Tell whether the same person or group already brought a matter of this type."""
    if case is not None and Visit.select().where(Visit.case == case).exists():
        return True
    if not ids:
        return False
    return (
        VisitIdentity.select()
        .join(Visit)
        .where(VisitIdentity.id_number.in_(list(ids)) & (Visit.matter_type == matter_type))
        .exists()
    )
