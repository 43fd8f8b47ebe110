"""Visits and visitors: views (masked where the law requires), changes, returning visitors."""

import json

from peewee import JOIN

from reception import characters, clock
from reception.cases import access, audit, identity, options, search
from reception.cases.models import Case, Visit, VisitIdentity, Visitor
from reception.cases.text import nfc
from reception.database import write_transaction
from reception.errors import Invalid
from reception.users import display_name

EDITABLE = ("summary", "requests", "prior_handling", "field", "guidance", "transfer_to",
            "note", "result_note")


def visitor_view(visitor: Visitor) -> dict:
    """Return the identity of a visitor as JSON."""
    return {
        "id": visitor.id, "full_name": visitor.full_name, "id_number": visitor.id_number,
        "old_id_number": visitor.old_id_number, "birth_year": visitor.birth_year,
        "sex": visitor.sex, "address": visitor.address, "phone": visitor.phone,
    }


def visit_view(visit: Visit, user, fields: dict | None = None) -> dict:
    """Return a visit as JSON; a denouncer's identity is masked for those who may not see it."""
    fields = fields if fields is not None else options.fields()
    visible = access.identity_visible(user, visit)
    person = visitor_view(visit.visitor)
    representatives = json.loads(visit.representatives or "[]")
    if not visible:
        person = access.mask_person(person)
        representatives = [access.mask_person(p) for p in representatives]
    case = visit.case
    return {
        "id": visit.id, "ticket_id": visit.ticket_id,
        "received_at": clock.iso(visit.received_at), "received_on": visit.received_on.isoformat(),
        "received_by": visit.received_by.username if visit.received_by else None,
        "received_by_name": display_name(visit.received_by) if visit.received_by else None,
        "reception_kind": visit.reception_kind, "session_kind": visit.session_kind,
        "visitor": person, "identity_hidden": not visible,
        "party_size": visit.party_size, "is_group": visit.is_group,
        "representatives": representatives,
        "interpreter_used": visit.interpreter_used,
        "interpreter_language": visit.interpreter_language,
        "matter_type": visit.matter_type,
        "matter_label": options.MATTER_LABELS.get(visit.matter_type),
        "field": visit.field, "field_label": fields.get(visit.field, visit.field),
        "summary": visit.summary, "requests": visit.requests,
        "prior_handling": visit.prior_handling,
        "documents": json.loads(visit.documents or "[]"),
        "handling": visit.handling, "handling_label": options.HANDLING_LABELS.get(visit.handling),
        "transfer_to": visit.transfer_to, "guidance": visit.guidance,
        "refusal_reason": visit.refusal_reason or None,
        "refusal_label": options.REFUSAL_REASONS.get(visit.refusal_reason),
        "refusal_detail": visit.refusal_detail,
        "is_repeat": visit.is_repeat,
        "case": {"id": case.id, "code": case.code, "status": case.status} if case else None,
        "note": visit.note, "result_note": visit.result_note,
    }


def get_visit(visit_id: int, user) -> dict:
    """Return one visit (audited)."""
    visit = access.require_visit(user, visit_id)
    view = visit_view(visit, user)
    audit.log(user, "visit.view", "visit", visit.id)
    return view


def visit_identity(visit_id: int, user) -> dict:
    """Return who came (visitor and representatives); Forbidden for a protected denouncer."""
    visit = access.require_visit(user, visit_id, "identity.view")
    access.require_identity(user, visit)
    audit.log(user, "identity.view", "visit", visit.id)
    return {
        "visitor": visitor_view(visit.visitor),
        "representatives": json.loads(visit.representatives or "[]"),
    }


def update_visit(visit_id: int, changes: dict, user) -> Visit:
    """Correct a visit's content; the earlier values go to the record history."""
    # Access is checked before the transaction so that a refusal's audit row is kept.
    access.require_visit(user, visit_id, "visit.update")
    with write_transaction():
        visit = access.require_visit(user, visit_id, "visit.update")
        before = audit.snapshot(visit)
        for key, value in changes.items():
            if key not in EDITABLE or value is None:
                continue
            if key == "field" and value not in options.fields():
                raise Invalid("unknown_choice", field="Lĩnh vực", field_en="Field",
                              value=value, choices=", ".join(options.fields()))
            setattr(visit, key, nfc(value))
        if visit.handling == "chuyen_don" and not visit.transfer_to:
            raise Invalid("transfer_to_required")
        if not visit.summary:
            raise Invalid("invalid_record", detail="cần ghi tóm tắt nội dung vụ việc",
                          detail_en="a summary of the matter is required")
        visit.content_key, visit.identity_key = search.visit_keys(visit, visit.visitor,
                                                                  visit.case)
        visit.updated_at = clock.stored_now()
        visit.save()
        audit.record_change(user, visit, before)
        audit.log(user, "visit.update", "visit", visit.id,
                  {"fields": sorted(k for k in changes if k in EDITABLE)})
        return visit


def visit_history(visit_id: int, user) -> list[dict]:
    """Return the change history of a visit (audited)."""
    visit = access.require_visit(user, visit_id, "visit.history")
    audit.log(user, "visit.history", "visit", visit.id)
    changes = audit.history("visit", visit.id)
    if not access.identity_visible(user, visit):
        # Representatives' names and ID numbers are part of a denouncer's identity.
        for change in changes:
            for side in ("before", "after"):
                if change[side] and change[side].get("representatives") not in (None, "[]"):
                    change[side]["representatives"] = access.MASK
    return changes


def returning_visitor(id_number: str, user) -> dict:
    """Return the visitor with this ID number and their earlier visits and cases (audited).

    Earlier denunciations the user may not see are left out: listing them would reveal who
    denounced. Content of visits outside the user's cases is left out too.
    """
    access.require_records_role(user, "visitor.lookup", "visitor")
    characters.check(id_number, "Số định danh cá nhân", field_en="Personal ID number")
    number = identity.validate_id_number(id_number)
    visitor = Visitor.get_or_none(Visitor.id_number == number)
    visits = (
        Visit.select(Visit, Case)
        .join(Case, JOIN.LEFT_OUTER, on=(Visit.case == Case.id))
        .where(Visit.id.in_(VisitIdentity.select(VisitIdentity.visit)
                            .where(VisitIdentity.id_number == number)))
        .order_by(Visit.received_at.desc())
    )
    earlier, cases = [], {}
    for visit in visits:
        if not access.identity_visible(user, visit):
            continue
        item = {
            "id": visit.id, "received_on": visit.received_on.isoformat(),
            "matter_type": visit.matter_type, "field": visit.field, "handling": visit.handling,
            "is_repeat": visit.is_repeat, "as_representative": visit.visitor_id != getattr(
                visitor, "id", None),
            "case": {"id": visit.case.id, "code": visit.case.code,
                     "status": visit.case.status} if visit.case else None,
        }
        if access.can_view_visit(user, visit):
            item["summary"] = visit.summary
        earlier.append(item)
        if visit.case:
            cases[visit.case.id] = item["case"] | {"title": visit.case.title} if (
                access.can_view_case(user, visit.case)) else item["case"]
    audit.log(user, "visitor.lookup", "visitor", getattr(visitor, "id", ""),
              {"found": visitor is not None, "visits": len(earlier)})
    return {
        "visitor": visitor_view(visitor) if visitor and earlier else None,
        "returning": bool(earlier),
        "visits": earlier,
        "cases": list(cases.values()),
    }
