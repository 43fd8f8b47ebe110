"""Case files (hồ sơ vụ việc): open, attach visits, view, change, steps and history."""

from datetime import date

from reception import clock
from reception.cases import access, audit, deadlines, options, search
from reception.cases.models import (
    CLOSED_STATUSES,
    Case,
    CaseSequence,
    CaseStep,
    Deadline,
    Visit,
)
from reception.database import write_transaction
from reception.errors import Invalid, NotFound
from reception.models import User

# The status a case takes when a visit with this handling opens it or is attached to it.
STATUS_BY_HANDLING = {
    "thu_ly": "in_progress",
    "chuyen_don": "transferred",
    "don_doc": "in_progress",
    "huong_dan": "open",
    "luu_don": "filed",
}
CHANGE_LABELS = {
    "title": "tiêu đề", "field": "lĩnh vực", "complex_case": "tính chất phức tạp",
    "remote_area": "vùng sâu, vùng xa", "accepted_on": "ngày thụ lý",
    "resolution_round": "lần giải quyết", "result_note": "kết quả giải quyết",
}
EDITABLE = ("title", "status", "responsible_id", "field", "complex_case", "remote_area",
            "accepted_on", "resolution_round", "result_note")


def _next_code(year: int) -> str:
    """Take the next case number of the year in one atomic upsert."""
    query = (
        CaseSequence.insert(year=year, last=1)
        .on_conflict(conflict_target=[CaseSequence.year],
                     update={CaseSequence.last: CaseSequence.last + 1})
        .returning(CaseSequence.last)
        .tuples()
    )
    number = next(iter(query.execute()))[0]
    return f"HS-{year}-{number:06d}"


def open_case(visit: Visit, user, responsible: User | None, details: dict) -> Case:
    """Open a case for a visit (inside the caller's transaction) with its legal limits."""
    moment = clock.stored_now()
    title = details.get("case_title") or _title(visit.summary)
    case = Case.create(
        code=_next_code(visit.received_on.year),
        matter_type=visit.matter_type,
        field=visit.field,
        title=title,
        status=STATUS_BY_HANDLING.get(visit.handling, "open"),
        responsible=responsible or user,
        created_by=user,
        opened_at=moment,
        opened_on=visit.received_on,
        accepted_on=visit.received_on if visit.handling == "thu_ly" else None,
        complex_case=bool(details.get("complex_case")),
        remote_area=bool(details.get("remote_area")),
        resolution_round=int(details.get("resolution_round") or 1),
        closed_at=moment if visit.handling == "luu_don" else None,
        updated_at=moment,
    )
    CaseStep.create(case=case, at=moment, user=user, kind="opened",
                    detail=options.HANDLING_LABELS[visit.handling])
    if case.closed_at is None:
        deadlines.plan(case, visit, user)
    audit.record_change(user, case, None, "create")
    audit.log(user, "case.create", "case", case.id, {"visit": visit.id})
    return case


def attach_visit(case: Case, visit: Visit, user) -> None:
    """Add a visit to a case's history, start its limits and update the case's status."""
    moment = clock.stored_now()
    CaseStep.create(case=case, at=moment, user=user, kind="visit",
                    detail=f"Lượt tiếp {visit.id}: {options.HANDLING_LABELS[visit.handling]}")
    new_status = STATUS_BY_HANDLING.get(visit.handling)
    if visit.handling in ("thu_ly", "chuyen_don", "don_doc") and new_status != case.status:
        before = audit.snapshot(case)
        case.status = new_status
        case.closed_at = None
        if visit.handling == "thu_ly" and case.accepted_on is None:
            case.accepted_on = visit.received_on
        case.updated_at = moment
        case.save()
        audit.record_change(user, case, before)
    if case.status not in CLOSED_STATUSES:
        deadlines.plan(case, visit, user)
    elif visit.handling == "luu_don":
        deadlines.close_all(case, moment)


def _title(summary: str) -> str:
    text = " ".join((summary or "").split())
    return text if len(text) <= 120 else text[:117].rstrip() + "..."


def case_view(case_id: int, user, action: str = "case.view") -> dict:
    """Return a case file with its visits, steps and limits; audited under `action`."""
    from reception.cases.visits import visit_view

    case = access.require_case(user, case_id, action)
    today = clock.today()
    near = deadlines.near_limit(today)
    limits = list(Deadline.select().where(Deadline.case == case).order_by(Deadline.due_on))
    fields = options.fields()
    visits = list(Visit.select().where(Visit.case == case).order_by(Visit.received_at))
    view = case_summary(case, limits, today, near, fields)
    view["deadlines"] = [deadlines.deadline_view(row, today, near) for row in limits]
    view["visits"] = [visit_view(visit, user, fields) for visit in visits]
    view["steps"] = [
        {"at": clock.iso(step.at), "kind": step.kind, "detail": step.detail,
         "user": _user_view(step.user)}
        for step in CaseStep.select().where(CaseStep.case == case).order_by(CaseStep.at,
                                                                            CaseStep.id)
    ]
    audit.log(user, action, "case", case.id, {"format": "pdf"} if action == "case.export"
              else None)
    return view


def case_summary(case: Case, limits, today: date, near: date, fields: dict) -> dict:
    """Return the short JSON shape of a case (lists, search results)."""
    running = [row for row in limits if row.met_at is None]
    next_due = min((row.due_on for row in running), default=None)
    return {
        "id": case.id, "code": case.code, "title": case.title,
        "matter_type": case.matter_type,
        "matter_label": options.MATTER_LABELS.get(case.matter_type, case.matter_type),
        "field": case.field, "field_label": fields.get(case.field, case.field),
        "status": case.status, "status_label": options.STATUS_LABELS.get(case.status),
        "responsible": _user_view(case.responsible),
        "opened_on": case.opened_on.isoformat(),
        "accepted_on": case.accepted_on.isoformat() if case.accepted_on else None,
        "closed_at": clock.iso(case.closed_at),
        "complex_case": case.complex_case, "remote_area": case.remote_area,
        "resolution_round": case.resolution_round, "result_note": case.result_note,
        "next_due_on": next_due.isoformat() if next_due else None,
        "deadline_flag": deadlines.flag(limits, today, near),
    }


def summaries(cases: list[Case]) -> list[dict]:
    """Return the short shapes of many cases with one query for their limits."""
    today = clock.today()
    near = deadlines.near_limit(today)
    fields = options.fields()
    by_case: dict[int, list] = {}
    if cases:
        for row in Deadline.select().where(Deadline.case.in_([case.id for case in cases])):
            by_case.setdefault(row.case_id, []).append(row)
    return [case_summary(case, by_case.get(case.id, []), today, near, fields) for case in cases]


def _user_view(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.id, "username": user.username, "full_name": user.full_name}


def update_case(case_id: int, changes: dict, user) -> Case:
    """Change a case's status, assignment, classification or limits' basis; keep history.

    :raises ReceptionError: not allowed, unknown field, or an unknown officer.

    The changes come through web.record_schemas.CaseUpdate (the API and the admin's form),
    whose status is one of CASE_STATUSES; the fields are configurable, so they are checked here.
    """
    # Access is checked before the transaction so that a refusal's audit row is kept.
    access.require_case(user, case_id, "case.update")
    changes = {key: value for key, value in changes.items()
               if key in EDITABLE and value is not None}
    if "responsible_id" in changes and not access.sees_all(user):
        access.deny(user, "case.assign", "case", case_id)
    with write_transaction():
        case = Case.get_by_id(case_id)
        before = audit.snapshot(case)
        if "field" in changes and changes["field"] not in options.fields():
            raise Invalid("unknown_choice", field="Lĩnh vực", field_en="Field",
                          value=changes["field"], choices=", ".join(options.fields()))
        if "responsible_id" in changes:
            case.responsible = responsible_user(changes.pop("responsible_id"))
        for key, value in changes.items():
            setattr(case, key, value)
        moment = clock.stored_now()
        if "status" in changes:
            closing = case.status in CLOSED_STATUSES
            case.closed_at = (case.closed_at or moment) if closing else None
            if closing:
                deadlines.close_all(case, moment)
        case.updated_at = moment
        case.save()
        if {"accepted_on", "complex_case", "remote_area"} & changes.keys():
            deadlines.recompute(case)
        if "title" in changes:
            search.reindex_case(case)
        after = audit.snapshot(case)
        changed = sorted(key for key in after if after[key] != before.get(key))
        if changed:
            CaseStep.create(case=case, at=moment, user=user, kind="changed",
                            detail=_describe(before, after, changed))
            audit.record_change(user, case, before)
        audit.log(user, "case.update", "case", case.id, {"fields": changed})
        return case


def _describe(before: dict, after: dict, changed: list[str]) -> str:
    parts = []
    for key in changed:
        if key == "status":
            parts.append(f"Trạng thái: {options.STATUS_LABELS.get(before[key], before[key])} → "
                         f"{options.STATUS_LABELS.get(after[key], after[key])}")
        elif key == "responsible":
            parts.append("Giao cán bộ phụ trách mới")
        elif key in CHANGE_LABELS:
            parts.append(f"Cập nhật {CHANGE_LABELS[key]}")
    return "; ".join(parts)


def responsible_user(user_id) -> User:
    """Return the active staff member who can be responsible for a case.

    :raises ReceptionError: no such active officer, leader or admin.
    """
    candidate = User.get_or_none((User.id == user_id) & User.active)
    if candidate is None or candidate.role not in access.CASE_ROLES:
        raise NotFound("not_found", what=f"cán bộ {user_id}")
    return candidate


def add_note(case_id: int, text: str, user) -> CaseStep:
    """Add a note step (a meeting, a letter sent, a result received) to a case."""
    case = access.require_case(user, case_id, "case.update")
    with write_transaction():
        step = CaseStep.create(case=case, at=clock.stored_now(), user=user, kind="note",
                               detail=text)
        audit.log(user, "case.note", "case", case.id, {"step": step.id})
        return step


def case_deadline(case_id: int, deadline_id: int, user) -> Deadline:
    """Return one limit of a case the user may change."""
    case = access.require_case(user, case_id, "case.update")
    row = Deadline.get_or_none((Deadline.id == deadline_id) & (Deadline.case == case))
    if row is None:
        raise NotFound("not_found", what=f"thời hạn {deadline_id}")
    return row


def case_history(case_id: int, user) -> list[dict]:
    """Return the change history of a case (audited)."""
    case = access.require_case(user, case_id, "case.history")
    audit.log(user, "case.history", "case", case.id)
    return audit.history("case", case.id)
