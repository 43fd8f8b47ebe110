"""OpenAPI paths and schemas of the crowd API and the public schedule (api/crowd.py)."""

from web.crowd_schemas import (
    CROWD_SCHEMAS,
    AcknowledgeRequest,
    NoteRequest,
    ThresholdsRequest,
    WalkInRequest,
    WalkInUpdate,
)

ERROR = {"$ref": "#/components/responses/Error"}
CROWD_SECURITY = [{"bearer": []}, {"session": []}]
ROLE_NOTE = " Roles: security, leader, admin; a confidential matter is null for security."


def _ok(description, schema=None):
    content = {"application/json": {"schema": schema or {"type": "object"}}}
    return {"description": description, "content": content}


def _body(schema, required=True):
    ref = {"$ref": f"#/components/schemas/{schema.__name__}"}
    return {"required": required, "content": {"application/json": {"schema": ref}}}


def _id(name):
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}]


DATE = [{"name": "date", "in": "query", "required": False,
         "schema": {"type": "string", "format": "date"},
         "description": "Local date YYYY-MM-DD; today when omitted"}]
WALK_IN = {"$ref": "#/components/schemas/WalkIn"}


def crowd_schemas() -> dict:
    """Return the component schemas of the crowd API."""
    schemas = {s.__name__: s.model_json_schema(ref_template="#/components/schemas/{model}")
               for s in CROWD_SCHEMAS}
    schemas["CrowdGroup"] = {"type": "object", "required": [
        "number", "party_size", "service", "status", "arrived_at"], "properties": {
        "id": {"type": "integer"}, "number": {"type": "string"},
        "party_size": {"type": "integer"},
        "service": {"type": ["string", "null"], "description": "null for security staff when "
                    "the matter is confidential"},
        "service_name": {"type": ["string", "null"]},
        "status": {"enum": ["waiting", "called", "serving"]},
        "arrived_at": {"type": "string", "format": "date-time"},
        "waited_minutes": {"type": "integer"}}}
    schemas["WalkIn"] = {"type": "object", "properties": {
        "id": {"type": "integer"}, "party_size": {"type": "integer"},
        "service": {"type": ["string", "null"]}, "service_name": {"type": ["string", "null"]},
        "note": {"type": ["string", "null"]},
        "representatives": {"type": ["array", "null"], "items": {"type": "object"}},
        "arrived_at": {"type": "string", "format": "date-time"},
        "departed_at": {"type": ["string", "null"], "format": "date-time"},
        "present_minutes": {"type": "integer"}, "present": {"type": "boolean"}}}
    schemas["CrowdAlert"] = {"type": "object", "properties": {
        "id": {"type": "integer"},
        "kind": {"enum": ["group", "crowded", "overcrowded", "long_wait"]},
        "severity": {"enum": ["warning", "danger"]},
        "message": {"type": "string"}, "message_en": {"type": "string"},
        "raised_at": {"type": "string", "format": "date-time"},
        "cleared_at": {"type": ["string", "null"]}, "active": {"type": "boolean"},
        "acknowledged_at": {"type": ["string", "null"]},
        "acknowledged_by": {"type": ["string", "null"]}, "note": {"type": ["string", "null"]}}}
    schemas["CrowdState"] = {"type": "object", "required": [
        "people_in_hall", "tickets_waiting", "groups", "alerts", "by_service", "by_counter",
        "longest_wait_minutes", "walk_ins"], "properties": {
        "people_in_hall": {"type": "integer"}, "tickets_waiting": {"type": "integer"},
        "people_waiting": {"type": "integer"},
        "level": {"enum": ["normal", "crowded", "overcrowded"]},
        "groups": {"type": "array", "items": {"$ref": "#/components/schemas/CrowdGroup"}},
        "alerts": {"type": "array", "items": {"$ref": "#/components/schemas/CrowdAlert"}},
        "walk_ins": {"type": "array", "items": WALK_IN},
        "by_service": {"type": "array", "items": {"type": "object"}},
        "by_counter": {"type": "array", "items": {"type": "object"}},
        "longest_wait_minutes": {"type": "integer"},
        "incidents": {"type": "array", "items": {"type": "object"}}}}
    return schemas


def crowd_paths() -> dict:
    """Return the paths of api/crowd.py."""
    alert = {"$ref": "#/components/schemas/CrowdAlert"}
    return {
        "/crowd": {"get": {
            "summary": "People in the hall now, groups, walk-ins, alerts." + ROLE_NOTE,
            "security": CROWD_SECURITY,
            "responses": {"200": _ok("Crowd state", {"$ref": "#/components/schemas/CrowdState"}),
                          "401": ERROR, "403": ERROR}}},
        "/crowd/walk-ins": {
            "get": {"summary": "A day's walk-in delegations." + ROLE_NOTE,
                    "security": CROWD_SECURITY, "parameters": DATE,
                    "responses": {"200": _ok("Walk-ins"), "401": ERROR, "403": ERROR}},
            "post": {"summary": "Record a delegation that came without tickets (officer, "
                                "security, leader, admin)",
                     "security": CROWD_SECURITY, "requestBody": _body(WalkInRequest),
                     "responses": {"201": _ok("The walk-in", {"type": "object", "properties": {
                         "walk_in": WALK_IN}}), "400": ERROR, "401": ERROR, "403": ERROR}}},
        "/crowd/walk-ins/{walk_in_id}": {"patch": {
            "summary": "Change a present delegation (size, matter, note, representatives)",
            "security": CROWD_SECURITY, "parameters": _id("walk_in_id"),
            "requestBody": _body(WalkInUpdate),
            "responses": {"200": _ok("The walk-in"), "400": ERROR, "401": ERROR, "403": ERROR,
                          "404": ERROR, "409": ERROR}}},
        "/crowd/walk-ins/{walk_in_id}/depart": {"post": {
            "summary": "The delegation has left", "security": CROWD_SECURITY,
            "parameters": _id("walk_in_id"),
            "responses": {"200": _ok("The walk-in"), "401": ERROR, "403": ERROR, "404": ERROR,
                          "409": ERROR}}},
        "/crowd/alerts/{alert_id}/ack": {"post": {
            "summary": "Acknowledge an alert, with an optional note", "security": CROWD_SECURITY,
            "parameters": _id("alert_id"), "requestBody": _body(AcknowledgeRequest, False),
            "responses": {"200": _ok("The alert", {"type": "object", "properties": {
                "alert": alert}}), "401": ERROR, "403": ERROR, "404": ERROR, "409": ERROR}}},
        "/crowd/incidents": {
            "get": {"summary": "A day's incident log (sự việc), newest first",
                    "security": CROWD_SECURITY, "parameters": DATE,
                    "responses": {"200": _ok("Incident log"), "401": ERROR, "403": ERROR}},
            "post": {"summary": "Write a note into today's incident log",
                     "security": CROWD_SECURITY, "requestBody": _body(NoteRequest),
                     "responses": {"201": _ok("The log line"), "400": ERROR, "401": ERROR,
                                   "403": ERROR}}},
        "/crowd/history": {"get": {
            "summary": "People in the hall through a day, replayed from the stored logs",
            "security": CROWD_SECURITY, "parameters": DATE,
            "responses": {"200": _ok("Points by minute and the peak"), "400": ERROR,
                          "401": ERROR, "403": ERROR}}},
        "/crowd/hourly": {"get": {
            "summary": "Arrivals and peak head count by hour over the last days",
            "security": CROWD_SECURITY,
            "parameters": [{"name": "days", "in": "query", "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 366,
                                       "default": 30}}],
            "responses": {"200": _ok("Counts by hour"), "400": ERROR, "401": ERROR,
                          "403": ERROR}}},
        "/crowd/thresholds": {
            "get": {"summary": "Alert thresholds", "security": CROWD_SECURITY,
                    "responses": {"200": _ok("Thresholds"), "401": ERROR, "403": ERROR}},
            "put": {"summary": "Change alert thresholds (admin)", "security": CROWD_SECURITY,
                    "requestBody": _body(ThresholdsRequest),
                    "responses": {"200": _ok("Thresholds"), "400": ERROR, "401": ERROR,
                                  "403": ERROR}}},
        "/schedule": {"get": {
            "summary": "Leaders' reception schedule (public by law) and public holidays",
            "parameters": [{"name": "from", "in": "query", "required": False,
                            "schema": {"type": "string", "format": "date"}},
                           {"name": "days", "in": "query", "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 366}}],
            "responses": {"200": _ok("Sessions and days off"), "400": ERROR}}},
    }
