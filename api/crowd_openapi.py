"""OpenAPI component schemas of the crowd API's answers (api/crowd.py)."""

WALK_IN = {"$ref": "#/components/schemas/WalkIn"}


def crowd_schemas() -> dict:
    """Return the component schemas of the crowd API."""
    schemas = {}
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
