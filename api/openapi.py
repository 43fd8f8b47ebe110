"""The OpenAPI 3 document, generated from the same pydantic schemas that validate requests."""

from api.crowd_openapi import crowd_paths, crowd_schemas
from api.record_openapi import record_paths, record_schemas
from api.schemas import REQUEST_SCHEMAS, TicketRequest, TokenRequest, TransferRequest

ERROR = {"$ref": "#/components/responses/Error"}
STAFF = [{"bearer": []}, {"session": []}]
TICKET = {"$ref": "#/components/schemas/TicketEnvelope"}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


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
            "security": device,
            "parameters": [{"name": "token", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": _ok("The ticket, print_status printed", TICKET),
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
    schemas["TicketEnvelope"] = {
        "type": "object", "properties": {"ticket": {"$ref": "#/components/schemas/Ticket"}},
    }
    schemas["Error"] = {
        "type": "object",
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}}}},
    }
    device = [{}, {"deviceKey": []}]
    paths = {
        "/services": {"get": {"summary": "Services offered at the kiosk", "security": device,
                              "responses": {"200": _ok("Services and priority groups")}}},
        "/counters": {"get": {"summary": "Counters and the services each serves",
                              "security": device, "responses": {"200": _ok("Counters")}}},
        "/tickets": {"post": {
            "summary": "Issue a queue ticket", "security": device,
            "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                            "schema": {"type": "string", "maxLength": 128}}],
            "requestBody": _body(TicketRequest),
            "responses": {"201": _ok("The ticket", {"$ref": "#/components/schemas/TicketEnvelope"}),
                          "400": ERROR, "409": ERROR, "415": ERROR}}},
        "/queue": {"get": {"summary": "Waiting counts and tickets being served",
                           "security": device, "responses": {"200": _ok("Queue summary")}}},
        "/status/{token}": {"get": {
            "summary": "Public status of one ticket (no personal data)",
            "parameters": [{"name": "token", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": _ok("Position and status"), "404": ERROR}}},
        "/auth/token": {"post": {"summary": "Get a bearer token",
                                 "requestBody": _body(TokenRequest),
                                 "responses": {"200": _ok("The token"), "401": ERROR}}},
        "/desk": {"get": {"summary": "The officers' waiting list and counters", "security": STAFF,
                          "responses": {"200": _ok("Desk state"), "401": ERROR}}},
        "/counters/{counter_id}/call-next": {"post": {
            "summary": "Close the counter's open ticket and call the next", "security": STAFF,
            "parameters": [{"name": "counter_id", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
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
