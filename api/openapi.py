"""The OpenAPI 3 document, generated from the same pydantic schemas that validate requests."""

from api.booking_openapi import booking_paths, booking_schemas
from api.crowd_openapi import crowd_paths, crowd_schemas
from api.petition_openapi import petition_paths, petition_schemas
from api.record_openapi import record_paths, record_schemas
from reception import characters
from reception import settings as org_settings
from reception.models import Service
from web.limits import MAX_ID
from web.schemas import REQUEST_SCHEMAS, TicketRequest, TokenRequest, TransferRequest

ERROR = {"$ref": "#/components/responses/Error"}
STAFF = [{"bearer": []}, {"session": []}]
TICKET = {"$ref": "#/components/schemas/TicketEnvelope"}
PUBLIC_TICKET = {"$ref": "#/components/schemas/PublicTicketEnvelope"}
# Said on every public answer: nothing in it tells one matter from another (issue 9's rule).
PUBLIC_RULE = (
    "Public: readable without a staff sign-in, so it never names or counts a matter; two "
    "tickets at the same place in the day's queue read the same whatever they came for. "
)
STAFF_ONLY = "Staff only (a signed-in officer, leader or admin): "
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
TOO_MANY = {
    "description": "Too many failed sign-ins for this account or address; nothing was checked",
    "headers": {"Retry-After": {"description": "Seconds until an attempt is allowed again",
                                "schema": {"type": "integer"}}},
    "content": ERROR_CONTENT,
}


def _body(schema, required=True):
    return {
        "required": required,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema.__name__}"}}
        },
    }


def _ok(description, schema=None):
    content = {"application/json": {"schema": schema or {"type": "object"}}}
    return {"description": description, "content": content}


def _http_limits(paths: dict) -> None:
    """Say what web/limits.py enforces on every operation: id range, body size, JSON depth."""
    for operations in paths.values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"].update(minimum=0, maximum=MAX_ID)
            if "requestBody" in operation:
                responses = operation.setdefault("responses", {})
                responses.setdefault("400", ERROR)
                responses.setdefault("413", {
                    "description": "Body over RECEPTION_MAX_CONTENT_LENGTH (request_too_large)",
                    "content": ERROR_CONTENT})


def _ticket_action(summary, body=None):
    operation = {
        "summary": summary,
        "security": STAFF,
        "parameters": [{"name": "ticket_id", "in": "path", "required": True,
                        "schema": {"type": "integer"}}],
        "responses": {
            "200": _ok("The ticket after the change", TICKET),
            "401": ERROR, "403": ERROR, "404": ERROR, "409": ERROR,
        },
    }
    if body is not None:
        operation["requestBody"] = body
    return {"post": operation}


def _printing_paths(device: list) -> dict:
    """Return the paths of api/printing.py: reprints and the printers (admin)."""
    admin = [{"bearer": []}, {"session": []}]
    printer_id = [{"name": "printer_id", "in": "path", "required": True,
                   "schema": {"type": "integer"}}]
    failed = {"description": "The printer failed (error code print_failed or test_page_failed); "
                             "the failure is recorded", "content": ERROR_CONTENT}
    return {
        "/tickets/{ticket_id}/print": {"post": {
            **_ticket_action("Print a ticket again")["post"],
            "responses": {"200": _ok("The ticket, print_status printed", TICKET),
                          "401": ERROR, "403": ERROR, "404": ERROR, "409": ERROR,
                          "502": failed}}},
        "/status/{token}/print": {"post": {
            "summary": "The kiosk prints its ticket again (by the ticket's status token)",
            "security": device, "description": PUBLIC_RULE,
            "parameters": [{"name": "token", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": _ok("The ticket, print_status printed", PUBLIC_TICKET),
                          "403": ERROR, "404": ERROR, "409": ERROR, "502": failed}}},
        "/printers": {"get": {
            "summary": "Printers with their last known state, the default printer, and today's "
                       "tickets whose print failed", "security": admin,
            "responses": {"200": _ok("Printers"), "401": ERROR, "403": ERROR}}},
        "/printers/{printer_id}/check": {"post": {
            "summary": "Ask a printer for its state now (DLE EOT) and store it",
            "security": admin, "parameters": printer_id,
            "responses": {"200": _ok("The printer"), "400": ERROR, "401": ERROR, "403": ERROR,
                          "404": ERROR}}},
        "/printers/{printer_id}/test-page": {"post": {
            "summary": "Print the test page with every Vietnamese letter", "security": admin,
            "parameters": printer_id,
            "responses": {"200": _ok("The printer"), "401": ERROR, "403": ERROR, "404": ERROR,
                          "409": ERROR, "502": failed}}},
    }


def _live_choices(schemas: dict) -> None:
    """Put today's choices into the request schemas: the service codes, the priority groups
    and the largest party the organisation accepts, as they are when the document is read."""
    values = org_settings.all_settings()
    codes = [code for (code,) in Service.select(Service.code).where(Service.active)
             .order_by(Service.sort_order, Service.code).tuples()]
    priorities = [group["code"] for group in values["priority_groups"]]
    ticket = schemas["TicketRequest"]["properties"]
    ticket["service"] = {"anyOf": [{"enum": codes}, {"type": "null"}], "default": None,
                         "description": ticket["service"].get("description")}
    # Check-in: a ticket needs a matter or an appointment's code.
    schemas["TicketRequest"]["anyOf"] = [
        {"required": ["service"], "properties": {"service": {"enum": codes}}},
        {"required": ["appointment"], "properties": {"appointment": {"type": "string"}}}]
    schemas["AppointmentRequest"]["properties"]["service"]["enum"] = codes
    ticket["party_size"].update(minimum=1, maximum=int(values["max_party_size"]))
    ticket["priority"] = {"anyOf": [{"enum": priorities}, {"type": "null"}],
                          "default": None, "description": ticket["priority"].get("description")}
    # Every other request naming a service takes an active code, or null.
    for name in ("TransferRequest", "WalkInRequest", "WalkInUpdate"):
        schemas[name]["properties"]["service"] = {
            "anyOf": [{"enum": codes}, {"type": "null"}], "default": None}
    transfer = schemas["TransferRequest"]
    transfer["properties"]["counter"] = {"anyOf": [{"type": "integer", "minimum": 1},
                                                   {"type": "null"}], "default": None}
    # A transfer names where to: a service, a counter or both.
    transfer["anyOf"] = [{"required": ["service"], "properties": {"service": {"enum": codes}}},
                         {"required": ["counter"],
                          "properties": {"counter": {"type": "integer"}}}]


def _complete_refusals(paths: dict) -> None:
    """Name the refusals every operation can give: 400 for a malformed request, 401 and 403
    where a sign-in is needed, 404 where the path names a record."""
    for path, operations in paths.items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if operation.get("requestBody") or operation.get("parameters"):
                responses.setdefault("400", ERROR)
            if {} not in operation.get("security", [{}]):
                responses.setdefault("401", ERROR)
                responses.setdefault("403", ERROR)
            if "{" in path:
                responses.setdefault("404", ERROR)
            for parameter in operation.get("parameters", []):
                # Query strings and headers follow the text rule too (reception.characters).
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not (
                        {"enum", "pattern", "format"} & set(schema)):
                    schema["pattern"] = characters.refused_pattern()


def openapi_document() -> dict:
    """Return the OpenAPI 3.1 description of /api/v1."""
    schemas = {}
    for schema in REQUEST_SCHEMAS:
        schemas[schema.__name__] = schema.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
    schemas["Ticket"] = {
        "type": "object",
        "required": ["id", "number", "service", "party_size", "priority", "status", "ahead",
                     "estimated_wait_minutes", "issued_at", "status_url"],
        "properties": {
            "id": {"type": "integer"}, "number": {"type": "string"},
            "service": {"type": "string"}, "party_size": {"type": "integer"},
            "is_group": {"type": "boolean"},
            "priority": {"type": ["string", "null"]},
            "status": {"enum": ["waiting", "called", "serving", "served", "no_show", "expired"]},
            "ahead": {"type": "integer"}, "estimated_wait_minutes": {"type": "integer"},
            "issued_at": {"type": "string", "format": "date-time"},
            "status_url": {"type": "string"},
            "print_status": {"enum": ["none", "printed", "failed"]},
            "print_error": {"type": ["string", "null"],
                            "description": "Why the last print failed (Vietnamese)"},
        },
    }
    schemas["Ticket"]["description"] = (
        "A ticket as reception staff see it. `service` is staff-only; `ahead` and "
        "`estimated_wait_minutes` count the tickets the counters of its matter would call first.")
    public_fields = {key: value for key, value in schemas["Ticket"]["properties"].items()
                     if key != "service"}
    schemas["PublicTicket"] = {
        "type": "object",
        "description": PUBLIC_RULE + "No `service`; `ahead` counts every ticket of the day "
        "called before it and the wait is spread over every open counter.",
        "required": [key for key in schemas["Ticket"]["required"] if key != "service"],
        "properties": {
            **public_fields,
            "called_at": {"type": ["string", "null"], "format": "date-time"},
            "counter": {"type": ["object", "null"], "properties": {
                "id": {"type": "integer"}, "number": {"type": "integer"},
                "name": {"type": "string"}}},
        },
    }
    schemas["TicketEnvelope"] = {
        "type": "object", "properties": {"ticket": {"$ref": "#/components/schemas/Ticket"}},
    }
    schemas["PublicTicketEnvelope"] = {
        "type": "object",
        "properties": {"ticket": {"$ref": "#/components/schemas/PublicTicket"},
                       "created": {"type": "boolean"}},
    }
    schemas["QueueSummary"] = {
        "type": "object",
        "required": ["date", "tickets_waiting", "people_waiting", "serving"],
        "properties": {
            "date": {"type": "string", "format": "date"},
            "tickets_waiting": {"type": "integer"}, "people_waiting": {"type": "integer"},
            "serving": {"type": "array", "items": {"type": "object", "properties": {
                "number": {"type": "string"}, "status": {"enum": ["called", "serving"]},
                "counter": {"type": "object", "properties": {"id": {"type": "integer"}}},
                "service": {"type": "string", "description": STAFF_ONLY + "the matter's code"},
            }}},
            "waiting": {"type": "object", "additionalProperties": {"type": "integer"},
                        "description": STAFF_ONLY + "waiting tickets per matter code"},
        },
    }
    schemas["PublicStatus"] = {
        "type": "object", "description": PUBLIC_RULE,
        "properties": {
            "number": {"type": "string"}, "date": {"type": "string", "format": "date"},
            "status": {"enum": ["waiting", "called", "serving", "served", "no_show", "expired"]},
            "ahead": {"type": "integer"}, "estimated_wait_minutes": {"type": "integer"},
            "counter": {"type": ["object", "null"], "properties": {
                "number": {"type": "integer"}, "name": {"type": "string"}}},
            "issued_at": {"type": "string", "format": "date-time"},
        },
    }
    schemas["Error"] = {
        "type": "object",
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"},
            "fields": {"type": "array", "description": (
                "The input fields at fault (meeting records, ID card QR), for forms to mark"),
                "items": {"type": "object", "required": ["field", "message"], "properties": {
                    "field": {"type": "string", "description": "Dotted path: documents.0.copies"},
                    "message": {"type": "string"}}}},
            "identity": {"type": "object", "description": (
                "POST /identity/qr refused: what the card's QR code still said")},
        }}},
    }
    device = [{}, {"deviceKey": []}]
    paths = {
        "/services": {"get": {"summary": "Services offered at the kiosk", "security": device,
                              "responses": {"200": _ok("Services and priority groups")}}},
        "/counters": {"get": {"summary": "Counters and the services each serves",
                              "security": device, "responses": {"200": _ok("Counters")}}},
        "/tickets": {"post": {
            "summary": "Issue a queue ticket, or check a booked appointment in (`appointment`: "
                       "409 appointment_not_today on another day, 409 appointment_cancelled; "
                       "the same code again gives the same ticket, `Idempotent-Replayed`)",
            "security": device,
            "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                            "schema": {"type": "string", "maxLength": 128}}],
            "requestBody": _body(TicketRequest),
            "description": "Kiosks and anyone else get the PublicTicket (no matter); a signed-in "
                           "officer, leader or admin gets the staff Ticket.",
            "responses": {"201": _ok("The ticket (PublicTicket, or Ticket for staff)",
                                     {"anyOf": [PUBLIC_TICKET, TICKET]}),
                          "400": ERROR, "404": ERROR, "409": ERROR, "415": ERROR}}},
        "/queue": {"get": {
            "summary": "Waiting totals and tickets being served", "security": device,
            "description": PUBLIC_RULE + "`waiting` and `serving[].service` are staff-only.",
            "responses": {"200": _ok("Queue summary",
                                     {"$ref": "#/components/schemas/QueueSummary"})}}},
        "/status/{token}": {"get": {
            "summary": "Public status of one ticket (no personal data)",
            "parameters": [{"name": "token", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "description": PUBLIC_RULE,
            "responses": {"200": _ok("Position and status",
                                     {"$ref": "#/components/schemas/PublicStatus"}),
                          "404": ERROR}}},
        "/auth/token": {"post": {
            "summary": "Get a bearer token",
            "description": "Failed attempts are throttled per account (default 5 per 15 minutes) "
                           "and per address (20 per 15 minutes), shared with the login page. "
                           "While either is used up every attempt, the right password too, is "
                           "refused with 429 `too_many_sign_ins` and a Retry-After header.",
            "requestBody": _body(TokenRequest),
            "responses": {"200": _ok("The token"), "401": ERROR, "429": TOO_MANY}}},
        "/auth/logout": {"post": {
            "summary": "End the sign-in this request used",
            "description": "With a bearer token: revokes that token. With the browser session "
                           "(and X-CSRFToken): ends the session on the server, so a copy of "
                           "the cookie no longer works.",
            "security": STAFF,
            "responses": {"204": {"description": "Signed out"}, "401": ERROR, "403": ERROR}}},
        "/auth/logout-all": {"post": {
            "summary": "End every sign-in of the calling account",
            "description": "Ends every browser session of the account and revokes every bearer "
                           "token, the one used included.",
            "security": STAFF,
            "responses": {"200": _ok("How many sign-ins ended", {
                "type": "object", "required": ["ended_sessions", "revoked_tokens"],
                "properties": {"ended_sessions": {"type": "integer"},
                               "revoked_tokens": {"type": "integer"}}}),
                "401": ERROR, "403": ERROR}}},
        "/desk": {"get": {
            "summary": "The officers' waiting list and counters. For an officer, the list "
                       "holds what `counter` can call (without it: no confidential matter) "
                       "and other counters' tickets carry no matter; leaders and admins see "
                       "every matter", "security": STAFF,
            "parameters": [{"name": "counter", "in": "query", "required": False,
                            "schema": {"type": "integer", "minimum": 1,
                                       "maximum": 2**63 - 1}}],
            "responses": {"200": _ok("Desk state"), "400": ERROR, "401": ERROR}}},
        "/counters/{counter_id}/call-next": {"post": {
            "summary": "Close the counter's open ticket and call the next. Safe to retry with "
                       "the same Idempotency-Key: the first call's ticket comes back "
                       "(`Idempotent-Replayed: true`) and is announced again while still "
                       "called there. 409 `counter_busy` when another officer is receiving "
                       "the counter's open ticket", "security": STAFF,
            "parameters": [{"name": "counter_id", "in": "path", "required": True,
                            "schema": {"type": "integer"}},
                           {"name": "Idempotency-Key", "in": "header", "required": False,
                            "schema": {"type": "string", "maxLength": 128}}],
            "responses": {"200": _ok("The called ticket",
                                     {"$ref": "#/components/schemas/TicketEnvelope"}),
                          "204": {"description": "Nobody is waiting"},
                          "401": ERROR, "403": ERROR, "404": ERROR, "409": ERROR}}},
        "/tickets/{ticket_id}/recall": _ticket_action("Announce a called ticket again"),
        "/tickets/{ticket_id}/no-show": _ticket_action("The visitor did not come"),
        "/tickets/{ticket_id}/start": _ticket_action("The meeting begins"),
        "/tickets/{ticket_id}/transfer": _ticket_action(
            "Send to another service or counter", _body(TransferRequest)),
    }
    paths.update(_printing_paths(device))
    # The case-file module's paths; its finish entry replaces the one above with the record.
    paths.update(record_paths())
    schemas.update(record_schemas())
    paths.update(crowd_paths())
    schemas.update(crowd_schemas())
    paths.update(petition_paths())
    schemas.update(petition_schemas())
    paths.update(booking_paths())
    schemas.update(booking_schemas())
    _live_choices(schemas)
    _complete_refusals(paths)
    _http_limits(paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tiếp công dân — API", "version": "1.0.0",
                 "description": "Hàng đợi tiếp công dân: kiosk, bảng hiển thị, quầy tiếp dân."},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {"Error": {"description": "Refused; nothing changed", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "The desk's login session plus an X-CSRFToken header"},
                "deviceKey": {"type": "apiKey", "in": "header", "name": "X-Device-Key"},
            },
        },
    }
