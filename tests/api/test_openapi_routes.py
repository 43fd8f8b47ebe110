"""Issue 14: the OpenAPI document is generated from the routes, so routes and document agree."""

import re

from api.openapi import PREFIX

IGNORED = {"HEAD", "OPTIONS"}


def api_routes(app) -> set[tuple[str, str]]:
    """Return (path, method) of every rule under /api/v1, written as the document writes it."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PREFIX + "/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len(PREFIX):])
            found |= {(path, method.lower()) for method in rule.methods - IGNORED}
    return found


def documented(client) -> set[tuple[str, str]]:
    document = client.get("/api/v1/openapi.json").json
    return {(path, method) for path, operations in document["paths"].items()
            for method in operations}


def test_every_api_route_is_in_the_document(app, client):
    routes = api_routes(app)
    assert len(routes) > 70
    assert routes - documented(client) == set()


def test_every_documented_operation_is_a_route(app, client):
    assert documented(client) - api_routes(app) == set()


def test_the_document_names_its_security_errors_and_tags(client):
    document = client.get("/api/v1/openapi.json").json
    assert set(document["components"]["securitySchemes"]) == {"bearer", "session", "deviceKey"}
    assert "Error" in document["components"]["schemas"]
    tags = {tag["name"] for tag in document["tags"]}
    used = {tag for operations in document["paths"].values()
            for operation in operations.values() for tag in operation["tags"]}
    assert used == tags


def test_the_request_schemas_come_from_the_routes(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    # Named by a route's body, and nested in one (the meeting record's visitor).
    assert {"TicketRequest", "MeetingRecord", "VisitorIdentity", "AppointmentRequest",
            "WalkInRequest"} <= set(schemas)
