"""OpenAPI paths and schemas of booking (api/booking.py): sessions and appointments."""

from api.booking_schemas import (
    BOOKING_SCHEMAS,
    AppointmentRequest,
    SessionRequest,
    SessionUpdate,
)

ERROR = {"$ref": "#/components/responses/Error"}
STAFF = [{"bearer": []}, {"session": []}]
SESSION = {"$ref": "#/components/schemas/BookableSession"}
APPOINTMENT = {"$ref": "#/components/schemas/Appointment"}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
PUBLIC_TOTALS = ("Public: totals only (capacity, booked, bookable), never who booked or for "
                 "which matter. ")
CODE = [{"name": "code", "in": "path", "required": True,
         "schema": {"type": "string", "minLength": 1, "maxLength": 40},
         "description": "The appointment's code: 10 letters and digits without 0, O, 1, I, L"}]
SESSION_ID = [{"name": "session_id", "in": "path", "required": True,
               "schema": {"type": "string", "minLength": 1, "maxLength": 40},
               "description": "A session's id, `<rule id>-<YYYYMMDD>`"}]
TOO_MANY = {"description": "Too many bookings from this address (rate_limited); the limit "
                           "(RECEPTION_BOOKING_LIMIT_ADDRESS, default 120 a minute) lets an "
                           "office's shared Wi-Fi book at least 60 a minute",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
            "content": ERROR_CONTENT}


def _ok(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema):
    ref = {"$ref": f"#/components/schemas/{schema.__name__}"}
    return {"required": True, "content": {"application/json": {"schema": ref}}}


def _envelope(key, schema, extra=None):
    return {"type": "object", "required": [key],
            "properties": {key: schema, **(extra or {})}}


def booking_schemas() -> dict:
    """Return the component schemas of booking."""
    schemas = {s.__name__: s.model_json_schema(ref_template="#/components/schemas/{model}")
               for s in BOOKING_SCHEMAS}
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


def booking_paths() -> dict:
    """Return the paths of booking."""
    dates = [{"name": name, "in": "query", "required": False,
              "schema": {"type": "string", "format": "date"},
              "description": f"Local date YYYY-MM-DD ({default})"}
             for name, default in (("from", "default today"),
                                   ("to", "default 59 days after from; at most 366 days"))]
    session_answer = _ok("The session", _envelope("session", SESSION))
    return {
        "/sessions": {
            "get": {"summary": "Bookable sessions between two dates", "parameters": dates,
                    "description": PUBLIC_TOTALS + "Cancelled sessions are left out.",
                    "responses": {"200": _ok("Sessions", _envelope(
                        "sessions", {"type": "array", "items": SESSION})), "400": ERROR}},
            "post": {"summary": "Add a one-day bookable session (leader, admin)",
                     "security": STAFF, "requestBody": _body(SessionRequest),
                     "responses": {"201": session_answer, "400": ERROR}}},
        "/sessions/{session_id}": {
            "patch": {"summary": "Change one session (leader, admin): capacity and hours of any "
                                 "session; leader, kind, counter and place of a one-day one "
                                 "(409 session_recurring_field otherwise); 409 "
                                 "capacity_below_booked", "security": STAFF,
                      "parameters": SESSION_ID, "requestBody": _body(SessionUpdate),
                      "responses": {"200": session_answer, "409": ERROR}},
            "delete": {"summary": "Cancel one session (one day of a recurring rule too) and "
                                  "every booking in it (leader, admin)", "security": STAFF,
                       "parameters": SESSION_ID,
                       "responses": {"200": _ok("The cancelled session", _envelope(
                           "session", SESSION,
                           {"cancelled_appointments": {"type": "integer"}}))}}},
        "/appointments": {
            "post": {"summary": "Book a place in a session (public)",
                     "description": "Safe to retry with the same Idempotency-Key: the first "
                     "appointment comes back (`Idempotent-Replayed: true`). 409 session_full "
                     "or session_closed (past, cancelled, not bookable online); 400 for a bad "
                     "phone (10 digits from 0), an empty name, an unknown service or session, "
                     "a summary over 2,000 characters. Never more bookings than places.",
                     "parameters": [{"name": "Idempotency-Key", "in": "header",
                                     "required": False,
                                     "schema": {"type": "string", "maxLength": 128}}],
                     "requestBody": _body(AppointmentRequest),
                     "responses": {"201": _ok("The appointment", _envelope(
                         "appointment", APPOINTMENT)), "409": ERROR, "415": ERROR,
                         "429": TOO_MANY}},
            "get": {"summary": "A session's appointments (reception staff: officer, leader, "
                               "admin; security 403)", "security": STAFF,
                    "parameters": [{"name": "session_id", "in": "query", "required": True,
                                    "schema": {"type": "string", "minLength": 1,
                                               "maxLength": 40}}],
                    "responses": {"200": _ok("Appointments", _envelope(
                        "appointments", {"type": "array", "items": APPOINTMENT})),
                        "404": ERROR}}},
        "/appointments/{code}": {"get": {
            "summary": "An appointment by its code (public: the code is the key)",
            "parameters": CODE,
            "responses": {"200": _ok("The appointment", _envelope("appointment", APPOINTMENT))}}},
        "/appointments/{code}/cancel": {"post": {
            "summary": "Cancel an appointment by its code and free its place (public); again: "
                       "no change. 409 appointment_checked_in once used at the kiosk",
            "parameters": CODE,
            "responses": {"200": _ok("The cancelled appointment", _envelope(
                "appointment", APPOINTMENT)), "409": ERROR}}},
    }
