"""OpenAPI component schemas of booking's answers (api/booking.py): sessions, appointments."""

SESSION = {"$ref": "#/components/schemas/BookableSession"}
APPOINTMENT = {"$ref": "#/components/schemas/Appointment"}
PUBLIC_TOTALS = ("Public: totals only (capacity, booked, bookable), never who booked or for "
                 "which matter. ")


def envelope(key: str, schema: dict, extra: dict | None = None) -> dict:
    """Return an answer object holding one key (and any extra properties)."""
    return {"type": "object", "required": [key],
            "properties": {key: schema, **(extra or {})}}


def booking_schemas() -> dict:
    """Return the component schemas of booking."""
    schemas = {}
    time = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
    schemas["BookableSession"] = {
        "type": "object", "description": PUBLIC_TOTALS + "One occurrence of a leader's "
        "reception (a day of a recurring rule, or a one-day session).",
        "required": ["id", "date", "starts_at", "ends_at", "kind", "host", "counter_id",
                     "capacity", "booked", "bookable"],
        "properties": {
            "id": {"type": "string"}, "date": {"type": "string", "format": "date"},
            "weekday": {"type": "string"}, "starts_at": time, "ends_at": time,
            "kind": {"type": "string"}, "kind_label": {"type": "string"},
            "host": {"type": "object", "required": ["name", "title"], "properties": {
                "name": {"type": "string"}, "title": {"type": "string"}}},
            "location": {"type": "string"},
            "counter_id": {"type": ["integer", "null"]},
            "capacity": {"type": "integer", "minimum": 0},
            "booked": {"type": "integer", "minimum": 0},
            "bookable": {"type": "boolean"}, "cancelled": {"type": "boolean"},
            "recurring": {"type": "boolean", "description": "Part of a recurring rule: only "
                          "its capacity and hours change through PATCH"}}}
    schemas["Appointment"] = {
        "type": "object", "description": "An appointment as its code holder reads it: no "
        "matter, no name, the phone masked. Staff (GET /appointments) also get service, name, "
        "phone, email, id_number and summary, null for a denunciation unless leader or admin.",
        "required": ["code", "status", "session", "manage_url"],
        "properties": {
            "code": {"type": "string"},
            "status": {"enum": ["booked", "cancelled", "checked_in"]},
            "session": {"anyOf": [SESSION, {"type": "null"}]},
            "session_id": {"type": "string"},
            "party_size": {"type": "integer"}, "phone": {"type": ["string", "null"]},
            "created_at": {"type": "string", "format": "date-time"},
            "cancelled_at": {"type": ["string", "null"], "format": "date-time"},
            "cancelled_by": {"enum": ["citizen", "office", None]},
            "checked_in_at": {"type": ["string", "null"], "format": "date-time"},
            "ticket": {"type": ["object", "null"], "properties": {
                "number": {"type": "string"}, "status_url": {"type": "string"}}},
            "manage_url": {"type": "string"},
            "protected": {"type": "boolean"},
            "service": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]},
            "email": {"type": ["string", "null"]}, "id_number": {"type": ["string", "null"]},
            "summary": {"type": ["string", "null"]}}}
    return schemas
