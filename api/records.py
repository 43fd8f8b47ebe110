"""Case-file routes: meeting records, visitors, visits, cases and their time limits.

Thin views: parse, call a reception.cases service (which checks access and audits), answer.
"""


from flask import Response, g, jsonify, request

from api import bp
from api.views import json_body
from reception import clock
from reception.cases import (
    arrivals,
    audit,
    casefiles,
    deadlines,
    documents,
    exports,
    identity,
    logbook,
    meetings,
    options,
    search,
    visits,
)
from reception.cases.access import require_records_role
from reception.cases.models import CASE_STATUSES, Visit
from reception.database import write_transaction
from reception.errors import Invalid, NotFound
from web.auth import OFFICER_ROLES, staff_required
from web.devices import device_required
from web.openapi import DEVICE, ERROR, STAFF, ok, operation, query
from web.record_schemas import (
    CaseNote,
    CaseUpdate,
    MeetingRecord,
    QrScan,
    RecordSettings,
    VisitUpdate,
)
from web.schemas import INT64

REFUSALS = {"400": ERROR, "401": ERROR, "403": ERROR, "404": ERROR}
PDF = "application/pdf"
PAGES = [query("page", "1-based page", type="integer", minimum=1, maximum=10_000),
         query("per_page", type="integer", minimum=1, maximum=200)]


def answers(description: str, media: str = "application/json", **more) -> dict:
    """Return a success of the case-file API with the refusals every one of its routes gives."""
    return {"200": ok(description, media=media), **more, **REFUSALS}


@bp.before_request
def remember_ip():
    audit.set_request_ip(request.remote_addr)


def int_arg(name: str, default: int, lowest: int = 1, highest: int = 10_000) -> int:
    """Return a whole-number query argument within bounds, or the default when absent."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit() or not lowest <= int(raw) <= highest:
        raise Invalid("invalid_value", field=name, detail=f"số nguyên {lowest}–{highest}")
    return int(raw)


def file_answer(data: bytes, mimetype: str, filename: str, inline: bool = False) -> Response:
    """Return a file to download (or to open, inline), never cached."""
    disposition = "inline" if inline else "attachment"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'{disposition}; filename="{filename}"',
        "Cache-Control": "no-store",
    })


@bp.get("/record-options")
@operation("Lists for the meeting record: fields, handlings, refusal reasons, time limits",
           security=STAFF, responses=answers("The lists"))
@staff_required(*OFFICER_ROLES)
def record_options():
    return jsonify(options.catalogue())


@bp.put("/record-options")
@operation("Change fields, time limits and the near threshold (admin)", security=STAFF,
           body=RecordSettings, responses=answers("The lists"))
@staff_required("admin")
def put_record_options():
    body = json_body(RecordSettings)
    with write_transaction():
        for key, value in body.model_dump(exclude_none=True).items():
            options.put(f"cases.{key}", value)
        audit.log(g.user, "settings.update", "record_options", "",
                  {"keys": sorted(body.model_dump(exclude_none=True))})
    return jsonify(options.catalogue())


@bp.post("/identity/qr")
@operation("Read the chip ID card's QR text", security=DEVICE, body=QrScan,
           responses=answers("The card holder"))
@device_required
def read_qr():
    body = json_body(QrScan)
    return jsonify({"identity": identity.read_qr(body.qr)})


@bp.get("/visitors")
@operation("A returning visitor by ID number, with earlier visits and cases", security=STAFF,
           parameters=[query("id_number", "12-digit personal ID number", required=True,
                             pattern="^[0-9]{12}$")],
           responses=answers("Visitor, visits, cases"))
@staff_required()
def find_visitor():
    number = request.args.get("id_number", "")
    return jsonify(visits.returning_visitor(number, g.user))


@bp.post("/visits")
@operation("Record a meeting without a queue ticket", security=STAFF, body=MeetingRecord,
           responses={"201": ok("The visit"), **REFUSALS})
@staff_required(*OFFICER_ROLES)
def create_visit():
    body = json_body(MeetingRecord)
    visit = meetings.record_visit(body.model_dump(), g.user)
    return jsonify({"visit": visits.visit_view(Visit.get_by_id(visit.id), g.user)}), 201


@bp.get("/visits")
@operation("Search visits (diacritics and case ignored)", security=STAFF,
           parameters=[query("q"), query("from"), query("to"), query("matter_type"),
                       query("handling"), *PAGES],
           responses=answers("Visits"))
@staff_required()
def list_visits():
    require_records_role(g.user, "visit.search", "visit")
    filters = {key: request.args.get(key) for key in ("q", "matter_type", "handling")}
    if request.args.get("from") or request.args.get("to"):
        filters["start"], filters["end"] = logbook.parse_period(
            request.args.get("from"), request.args.get("to"))
    found = search.search_visits(g.user, filters, int_arg("page", 1),
                                 int_arg("per_page", 50, highest=200))
    audit.log(g.user, "visit.search", "visit", "", {
        key: str(value) for key, value in filters.items() if value})
    fields = options.fields()
    return jsonify({"total": found["total"], "page": found["page"],
                    "visits": [visits.visit_view(v, g.user, fields) for v in found["visits"]]})


@bp.get("/visits/<int:visit_id>")
@operation("One visit (audited; a protected denouncer is masked)", security=STAFF,
           responses=answers("The visit"))
@staff_required()
def get_visit(visit_id):
    return jsonify({"visit": visits.get_visit(visit_id, g.user)})


@bp.patch("/visits/<int:visit_id>")
@operation("Correct a visit (history kept)", security=STAFF, body=VisitUpdate,
           responses=answers("The visit"))
@staff_required()
def patch_visit(visit_id):
    body = json_body(VisitUpdate)
    visit = visits.update_visit(visit_id, body.model_dump(exclude_none=True), g.user)
    return jsonify({"visit": visits.visit_view(Visit.get_by_id(visit.id), g.user)})


@bp.get("/visits/<int:visit_id>/identity")
@operation("Who came; 403 for a denouncer unless responsible officer, leader or admin",
           security=STAFF, responses=answers("Visitor and representatives"))
@staff_required()
def visit_identity(visit_id):
    return jsonify(visits.visit_identity(visit_id, g.user))


@bp.get("/visits/<int:visit_id>/history")
@operation("Changes of a visit", security=STAFF, responses=answers("History"))
@staff_required()
def visit_history(visit_id):
    return jsonify({"history": visits.visit_history(visit_id, g.user)})


@bp.get("/visits/<int:visit_id>/receipt.pdf")
@operation("Receipt of documents (Giấy biên nhận)", security=STAFF,
           responses=answers("PDF", PDF))
@staff_required()
def visit_receipt(visit_id):
    return file_answer(documents.receipt(visit_id, g.user), exports.PDF_TYPE,
                 f"bien-nhan-{visit_id}.pdf")


@bp.get("/visits/<int:visit_id>/refusal-notice.pdf")
@operation("Refusal notice (Điều 9)", security=STAFF,
           responses=answers("PDF", PDF, **{"409": ERROR}))
@staff_required()
def visit_refusal_notice(visit_id):
    return file_answer(documents.refusal_notice(visit_id, g.user), exports.PDF_TYPE,
                 f"thong-bao-tu-choi-{visit_id}.pdf")


@bp.get("/tickets/<int:ticket_id>/arrival-identity")
@operation(
    "The ID card scanned at the kiosk for an open ticket (null when none). Only the officer "
    "whose counter called the ticket reads it, or an admin giving `reason`; every read and "
    "refusal is audited", security=STAFF,
    parameters=[query("reason", "Why an admin who is not receiving the ticket reads it (kept "
                      "in the audit log)", maxLength=300)],
    responses=answers("The card holder or null"))
@staff_required(*OFFICER_ROLES)
def ticket_arrival_identity(ticket_id):
    reason = request.args.get("reason")
    return jsonify({"identity": arrivals.for_ticket(ticket_id, g.user, reason=reason)})


@bp.get("/tickets/<int:ticket_id>/visit")
@operation("The visit recorded when the ticket was finished", security=STAFF,
           responses=answers("The visit"))
@staff_required()
def ticket_visit(ticket_id):
    visit = Visit.get_or_none(Visit.ticket == ticket_id)
    if visit is None:
        raise NotFound("not_found", what=f"biên bản của phiếu {ticket_id}")
    return jsonify({"visit": visits.get_visit(visit.id, g.user)})


@bp.get("/cases")
@operation(
    "Search cases: text without diacritics, ID number, status, deadline", security=STAFF,
    parameters=[query("q", "Words, names, ID numbers, case codes; diacritics ignored"),
                query("status", "Empty: any", enum=["", *CASE_STATUSES]),
                query("deadline", "Empty: any", enum=["", "near", "overdue"]),
                query("matter_type"), query("field"),
                query("responsible_id", type="integer", minimum=1, maximum=INT64), *PAGES],
    responses=answers("Cases"))
@staff_required()
def list_cases():
    require_records_role(g.user, "case.search", "case")
    filters = {key: request.args.get(key) for key in (
        "q", "status", "matter_type", "field", "responsible_id", "deadline")}
    if filters["deadline"] not in (None, "", "near", "overdue"):
        raise Invalid("unknown_choice", field="Thời hạn", field_en="Deadline",
                      value=filters["deadline"], choices="near, overdue")
    if filters["status"] not in (None, "", *CASE_STATUSES):
        raise Invalid("unknown_choice", field="Trạng thái", field_en="Status",
                      value=filters["status"], choices=", ".join(CASE_STATUSES))
    if filters["responsible_id"] and not (filters["responsible_id"].isdigit()
                                          and int(filters["responsible_id"]) <= INT64):
        raise Invalid("invalid_value", field="responsible_id", detail="số nguyên")
    found = search.search_cases(g.user, filters, int_arg("page", 1),
                                int_arg("per_page", 50, highest=200))
    audit.log(g.user, "case.search", "case", "", {k: v for k, v in filters.items() if v})
    return jsonify({"total": found["total"], "page": found["page"],
                    "per_page": found["per_page"],
                    "cases": casefiles.summaries(found["cases"])})


@bp.get("/cases/<int:case_id>")
@operation("A case file (audited)", security=STAFF, responses=answers("The case"))
@staff_required()
def get_case(case_id):
    return jsonify({"case": casefiles.case_view(case_id, g.user)})


@bp.patch("/cases/<int:case_id>")
@operation("Change a case (history kept)", security=STAFF, body=CaseUpdate,
           responses=answers("The case"))
@staff_required()
def patch_case(case_id):
    body = json_body(CaseUpdate)
    casefiles.update_case(case_id, body.model_dump(exclude_none=True), g.user)
    return jsonify({"case": casefiles.case_view(case_id, g.user)})


@bp.get("/cases/<int:case_id>/history")
@operation("Changes of a case", security=STAFF, responses=answers("History"))
@staff_required()
def case_history(case_id):
    return jsonify({"history": casefiles.case_history(case_id, g.user)})


@bp.post("/cases/<int:case_id>/notes")
@operation("Add a note step", security=STAFF, body=CaseNote,
           responses={"201": ok("The step"), **REFUSALS})
@staff_required()
def case_note(case_id):
    # Who may write comes before what is written: security staff learn nothing from a 400.
    require_records_role(g.user, "case.update", "case", case_id)
    body = json_body(CaseNote)
    step = casefiles.add_note(case_id, body.text, g.user)
    return jsonify({"step": {"id": step.id, "kind": step.kind, "detail": step.detail}}), 201


@bp.post("/cases/<int:case_id>/deadlines/<int:deadline_id>/met")
@operation("Mark a time limit met", security=STAFF, responses=answers("The limit"))
@staff_required()
def deadline_met(case_id, deadline_id):
    row = deadlines.mark_met(casefiles.case_deadline(case_id, deadline_id, g.user), g.user)
    return jsonify({"deadline": deadlines.deadline_view(row, clock.today(),
                                                        deadlines.near_limit())})


@bp.post("/cases/<int:case_id>/deadlines/<int:deadline_id>/extend")
@operation("Extend a time limit the law allows extending", security=STAFF,
           responses=answers("The limit", **{"409": ERROR}))
@staff_required()
def deadline_extend(case_id, deadline_id):
    row = deadlines.extend(casefiles.case_deadline(case_id, deadline_id, g.user), g.user)
    return jsonify({"deadline": deadlines.deadline_view(row, clock.today(),
                                                        deadlines.near_limit())})


@bp.get("/cases/<int:case_id>/export.pdf")
@operation("The case file as PDF (audited)", security=STAFF, responses=answers("PDF", PDF))
@staff_required()
def case_export(case_id):
    return file_answer(documents.case_pdf(case_id, g.user), exports.PDF_TYPE,
                       f"ho-so-{case_id}.pdf")
