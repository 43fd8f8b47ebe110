"""The OpenAPI 3 document of /api/v1, generated from the routes and their request schemas.

Each view carries its operation (web.openapi.operation, next to the route); this module adds
the answers' component schemas, today's choices and the refusals every operation can give.
"""

from flask import current_app

from api.booking_openapi import booking_schemas
from api.crowd_openapi import crowd_schemas
from api.petition_openapi import petition_schemas
from reception import characters
from reception import settings as org_settings
from reception.models import Service
from reception.queue import STATUS_LABELS
from web.limits import MAX_ID
from web.openapi import ERROR, ERROR_CONTENT, route_paths

PREFIX = "/api/v1"
TICKET_STATUSES = list(STATUS_LABELS)
TICKET = {"$ref": "#/components/schemas/TicketEnvelope"}
PUBLIC_TICKET = {"$ref": "#/components/schemas/PublicTicketEnvelope"}
# Said on every public answer: nothing in it tells one matter from another (issue 9's rule).
PUBLIC_RULE = (
    "Public: readable without a staff sign-in, so it never names or counts a matter; two "
    "tickets at the same place in the day's queue read the same whatever they came for. "
)
STAFF_ONLY = "Staff only (a signed-in officer, leader or admin): "
# The operations are grouped by the module that holds their views.
TAGS = {"api.views": "queue", "api.printing": "printing", "api.records": "records",
        "api.reports": "records",
        "api.crowd": "crowd", "api.petitions": "petitions", "api.booking": "booking"}
TAG_TEXTS = {
    "queue": "Tickets, the queue, the officers' desk and sign-in",
    "printing": "Reprints and the ticket printers",
    "records": "Meeting records, visitors, cases, the logbook, 01/TCD, audit, days off",
    "crowd": "Crowd safety and the public reception schedule",
    "petitions": "Online petitions",
    "booking": "Bookable sessions and appointments",
}


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
    schemas["Ticket"] = {
        "type": "object",
        "required": ["id", "number", "service", "party_size", "priority", "status", "ahead",
                     "estimated_wait_minutes", "issued_at", "status_url"],
        "properties": {
            "id": {"type": "integer"}, "number": {"type": "string"},
            "service": {"type": ["string", "null"], "description": (
                "The matter's code; null in GET /tickets/{ticket_id} for a reader who may not "
                "see it")},
            "party_size": {"type": "integer"},
            "is_group": {"type": "boolean"},
            "priority": {"type": ["string", "null"]},
            "status": {"enum": TICKET_STATUSES},
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
            "status": {"enum": TICKET_STATUSES},
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
    found_paths, requests = route_paths(current_app, PREFIX, TAGS)
    schemas.update(requests)
    schemas.update(booking_schemas())
    schemas.update(crowd_schemas())
    schemas.update(petition_schemas())
    _live_choices(schemas)
    _complete_refusals(found_paths)
    _http_limits(found_paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tiếp công dân — API", "version": "1.0.0",
                 "description": "Hàng đợi tiếp công dân: kiosk, bảng hiển thị, quầy tiếp dân."},
        "servers": [{"url": "/api/v1"}],
        "paths": found_paths,
        "tags": [{"name": name, "description": text} for name, text in TAG_TEXTS.items()],
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
