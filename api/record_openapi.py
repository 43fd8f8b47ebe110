"""The case-file part of the OpenAPI document, from the pydantic schemas of web.record_schemas."""

from web.record_schemas import (
    RECORD_SCHEMAS,
    CaseNote,
    CaseUpdate,
    DayOffRequest,
    MeetingRecord,
    QrScan,
    RecordSettings,
    VisitUpdate,
)

ERROR = {"$ref": "#/components/responses/Error"}
STAFF = [{"bearer": []}, {"session": []}]
REFUSALS = {"400": ERROR, "401": ERROR, "403": ERROR, "404": ERROR}
PERIOD = [
    {"name": "from", "in": "query", "required": True,
     "schema": {"type": "string", "format": "date"}},
    {"name": "to", "in": "query", "required": True,
     "schema": {"type": "string", "format": "date"},
     "description": "Inclusive; at most 366 days after from"},
]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _body(schema, required: bool = True) -> dict:
    return {"required": required,
            "content": {"application/json": {"schema": _ref(schema.__name__)}}}


def _ok(description: str, media: str = "application/json") -> dict:
    schema = {"type": "string", "format": "binary"} if media != "application/json" else {
        "type": "object"}
    return {"description": description, "content": {media: {"schema": schema}}}


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _int_query(name: str, lowest: int, highest: int, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "integer", "minimum": lowest, "maximum": highest}}


def _query(name: str, description: str = "", enum: list | None = None) -> dict:
    schema = {"type": "string", **({"enum": enum} if enum else {})}
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _op(summary: str, responses: dict, parameters=None, body=None, security=None) -> dict:
    operation = {"summary": summary, "security": security or STAFF,
                 "responses": {**responses, **REFUSALS}}
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = body
    return operation


def record_schemas() -> dict:
    """Return the JSON schemas of the case-file request bodies."""
    schemas = {}
    for schema in RECORD_SCHEMAS:
        generated = schema.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(generated.pop("$defs", {}))
        schemas[schema.__name__] = generated
    return schemas


def record_paths() -> dict:
    """Return the case-file paths (finish is described again, with its meeting record)."""
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    pdf = "application/pdf"
    download = _query("download", "PDF: 0 opens in the browser (inline), 1 saves it "
                      "(attachment)", enum=["0", "1"])
    page = [_int_query("page", 1, 10_000, "1-based page"), _int_query("per_page", 1, 200)]
    case, visit = _id("case_id"), _id("visit_id")
    deadline = [case, _id("deadline_id")]
    return {
        "/tickets/{ticket_id}/finish": {"post": _op(
            "The meeting ends; the optional meeting record becomes a visit (and a case)",
            {"200": {"description": "The served ticket; with a record, also `visit` (the visit "
                     "as GET /visits/{id} returns it, with its case)", "content": {
                         "application/json": {"schema": _ref("TicketEnvelope")}}},
             "409": ERROR}, [_id("ticket_id")],
            _body(MeetingRecord, required=False))},
        "/tickets/{ticket_id}/arrival-identity": {"get": _op(
            "The ID card scanned at the kiosk for an open ticket (null when none). Only the "
            "officer whose counter called the ticket reads it, or an admin giving `reason`; "
            "every read and refusal is audited",
            {"200": _ok("The card holder or null")},
            [_id("ticket_id"), {"name": "reason", "in": "query", "required": False,
                                "description": "Why an admin who is not receiving the ticket "
                                               "reads it (kept in the audit log)",
                                "schema": {"type": "string", "maxLength": 300}}])},
        "/tickets/{ticket_id}/visit": {"get": _op(
            "The visit recorded when the ticket was finished", {"200": _ok("The visit")},
            [_id("ticket_id")])},
        "/record-options": {
            "get": _op("Lists for the meeting record: fields, handlings, refusal reasons, "
                       "time limits", {"200": _ok("The lists")}),
            "put": _op("Change fields, time limits and the near threshold (admin)",
                       {"200": _ok("The lists")}, body=_body(RecordSettings)),
        },
        "/identity/qr": {"post": _op(
            "Read the chip ID card's QR text", {"200": _ok("The card holder")},
            body=_body(QrScan), security=[{}, {"deviceKey": []}])},
        "/visitors": {"get": _op(
            "A returning visitor by ID number, with earlier visits and cases",
            {"200": _ok("Visitor, visits, cases")},
            [{"name": "id_number", "in": "query", "required": True,
              "description": "12-digit personal ID number",
              "schema": {"type": "string", "pattern": "^[0-9]{12}$"}}])},
        "/visits": {
            "post": _op("Record a meeting without a queue ticket",
                        {"201": _ok("The visit")}, body=_body(MeetingRecord)),
            "get": _op("Search visits (diacritics and case ignored)", {"200": _ok("Visits")},
                       [_query("q"), _query("from"), _query("to"), _query("matter_type"),
                        _query("handling"), *page]),
        },
        "/visits/{visit_id}": {
            "get": _op("One visit (audited; a protected denouncer is masked)",
                       {"200": _ok("The visit")}, [visit]),
            "patch": _op("Correct a visit (history kept)", {"200": _ok("The visit")}, [visit],
                         _body(VisitUpdate)),
        },
        "/visits/{visit_id}/identity": {"get": _op(
            "Who came; 403 for a denouncer unless responsible officer, leader or admin",
            {"200": _ok("Visitor and representatives")}, [visit])},
        "/visits/{visit_id}/history": {"get": _op("Changes of a visit",
                                                  {"200": _ok("History")}, [visit])},
        "/visits/{visit_id}/receipt.pdf": {"get": _op(
            "Receipt of documents (Giấy biên nhận)", {"200": _ok("PDF", pdf)}, [visit])},
        "/visits/{visit_id}/refusal-notice.pdf": {"get": _op(
            "Refusal notice (Điều 9)", {"200": _ok("PDF", pdf), "409": ERROR}, [visit])},
        "/cases": {"get": _op(
            "Search cases: text without diacritics, ID number, status, deadline",
            {"200": _ok("Cases")},
            [_query("q", "Words, names, ID numbers, case codes; diacritics ignored"),
             _query("status", "Empty: any",
                    enum=["", "open", "in_progress", "transferred", "resolved", "filed"]),
             _query("deadline", "Empty: any", enum=["", "near", "overdue"]),
             _query("matter_type"),
             _query("field"), _int_query("responsible_id", 1, 2**63 - 1), *page])},
        "/cases/{case_id}": {
            "get": _op("A case file (audited)", {"200": _ok("The case")}, [case]),
            "patch": _op("Change a case (history kept)", {"200": _ok("The case")}, [case],
                         _body(CaseUpdate)),
        },
        "/cases/{case_id}/history": {"get": _op("Changes of a case", {"200": _ok("History")},
                                                [case])},
        "/cases/{case_id}/notes": {"post": _op("Add a note step", {"201": _ok("The step")},
                                               [case], _body(CaseNote))},
        "/cases/{case_id}/deadlines/{deadline_id}/met": {"post": _op(
            "Mark a time limit met", {"200": _ok("The limit")}, deadline)},
        "/cases/{case_id}/deadlines/{deadline_id}/extend": {"post": _op(
            "Extend a time limit the law allows extending", {"200": _ok("The limit"),
                                                              "409": ERROR}, deadline)},
        "/cases/{case_id}/export.pdf": {"get": _op("The case file as PDF (audited)",
                                                   {"200": _ok("PDF", pdf)}, [case])},
        "/logbook": {"get": _op(
            "The reception logbook (Mẫu số 03), 12 columns; leaders and admins",
            {"200": {"description": "JSON, .xlsx or PDF", "content": {
                "application/json": {"schema": {"type": "object"}},
                xlsx: {"schema": {"type": "string", "format": "binary"}},
                pdf: {"schema": {"type": "string", "format": "binary"}}}}},
            [*PERIOD, _query("format", enum=["json", "xlsx", "pdf"]), download])},
        "/reports/tcd01": {"get": _op(
            "Statistics in the shape of form 01/TCD; leaders and admins",
            {"200": {"description": "JSON, .xlsx or PDF", "content": {
                "application/json": {"schema": {"type": "object"}},
                xlsx: {"schema": {"type": "string", "format": "binary"}},
                pdf: {"schema": {"type": "string", "format": "binary"}}}}},
            [*PERIOD, _query("format", enum=["json", "xlsx", "pdf"]), download])},
        "/audit": {"get": _op("The audit log (admins)", {"200": _ok("Entries")},
                              [_query("user_id"), _query("action"), _query("object_type"),
                               _query("object_id"), _query("from"), _query("to"),
                               _int_query("page", 1, 10_000), _int_query("per_page", 1, 500)])},
        "/days-off": {
            "get": _op("Public holidays and admin days off of a year",
                       {"200": _ok("Days off")}, [_int_query("year", 2000, 2100)]),
            "post": _op("Add a day off (admin)", {"201": _ok("The day")},
                        body=_body(DayOffRequest)),
        },
        "/days-off/{day}": {"delete": _op(
            "Remove an admin day off", {"204": {"description": "Removed"}},
            [{"name": "day", "in": "path", "required": True,
              "schema": {"type": "string", "format": "date"}}])},
    }
