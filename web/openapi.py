"""Generate an OpenAPI document from the routes themselves and the operation each view carries.

A view says what its route does with `@operation(...)` (summary, body schema, answers, who
may call it); `route_paths` walks the application's URL map under a prefix, turns each rule
into a path (its `<int:id>` arguments into path parameters) and collects the pydantic request
schemas the operations name. Nothing here validates: the views keep parsing requests.
"""

import copy
import re
from dataclasses import dataclass, field

from flask import Flask

ERROR = {"$ref": "#/components/responses/Error"}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
# Who may call: a signed-in staff member (bearer token or desk session), or anyone, kiosks
# sending their device key where one is configured.
STAFF = [{"bearer": []}, {"session": []}]
DEVICE = [{}, {"deviceKey": []}]
IGNORED_METHODS = {"HEAD", "OPTIONS"}
RULE_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^>]*\))?:)?(\w+)>")
CONVERTER_TYPES = {"int": {"type": "integer"}, "float": {"type": "number"}}


@dataclass
class Operation:
    """What the document says of one view: the operation object and the models it names."""

    fields: dict
    models: tuple = field(default_factory=tuple)


def ref(name: str) -> dict:
    """Return a reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def ok(description: str, schema: dict | None = None, media: str = "application/json") -> dict:
    """Return a successful answer: JSON (an object unless told), or a file of another type."""
    if schema is None:
        schema = {"type": "object"} if media == "application/json" else {
            "type": "string", "format": "binary"}
    return {"description": description, "content": {media: {"schema": schema}}}


def refused(description: str, **extra) -> dict:
    """Return a refusal with its own description and the error body."""
    return {"description": description, **extra, "content": ERROR_CONTENT}


def query(name: str, description: str = "", required: bool = False, **schema) -> dict:
    """Return a query parameter; the schema's keywords are given as arguments (type: string)."""
    schema.setdefault("type", "string")
    parameter = {"name": name, "in": "query", "required": required, "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


def header(name: str, **schema) -> dict:
    """Return an optional header parameter."""
    schema.setdefault("type", "string")
    return {"name": name, "in": "header", "required": False, "schema": schema}


def path_parameter(name: str, description: str = "", **schema) -> dict:
    """Return a path parameter with a schema more precise than its rule's converter."""
    schema.setdefault("type", "string")
    parameter = {"name": name, "in": "path", "required": True, "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


def operation(summary: str, *, description: str | None = None, security: list | None = None,
              body=None, body_required: bool = True, form: str | None = None,
              parameters: tuple | list = (), responses: dict | None = None):
    """Attach to a view what the document says of its route.

    :param body: the pydantic model of the JSON body (its schema becomes a component).
    :param form: instead of a JSON body, the component schema of a multipart form.
    :param parameters: query, header and path parameters; a path parameter given here
        replaces the one read from the rule.
    """
    fields: dict = {"summary": summary}
    if description:
        fields["description"] = description
    if security is not None:
        fields["security"] = security
    if parameters:
        fields["parameters"] = list(parameters)
    models = ()
    if body is not None:
        models = (body,)
        fields["requestBody"] = {"required": body_required, "content": {
            "application/json": {"schema": ref(body.__name__)}}}
    elif form is not None:
        fields["requestBody"] = {"required": True, "content": {
            "multipart/form-data": {"schema": ref(form)}}}
    fields["responses"] = dict(responses or {"200": ok("Done")})

    def attach(view):
        view.openapi = Operation(fields, models)
        return view

    return attach


def model_schemas(model) -> dict:
    """Return the component schemas of a pydantic model: its own and those it nests."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    found = schema.pop("$defs", {})
    found[model.__name__] = schema
    return found


def _path_and_parameters(rule: str, prefix: str) -> tuple[str, list]:
    """Return the OpenAPI path of a rule and the path parameters its converters imply."""
    parameters = []
    for converter, name in RULE_ARGUMENT.findall(rule):
        schema = dict(CONVERTER_TYPES.get(converter, {"type": "string"}))
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return RULE_ARGUMENT.sub(r"{\2}", rule[len(prefix):]), parameters


def routes(app: Flask, prefix: str):
    """Yield (path, method, view, implied path parameters) of every route under prefix."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if not rule.rule.startswith(prefix + "/"):
            continue
        path, parameters = _path_and_parameters(rule.rule, prefix)
        view = app.view_functions[rule.endpoint]
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            yield path, method.lower(), view, parameters


def route_paths(app: Flask, prefix: str, tags: dict | None = None) -> tuple[dict, dict]:
    """Return (paths, request schemas) of the routes under prefix that carry an operation.

    tags: view module → tag name, to group the operations as their modules do.
    """
    found_paths: dict = {}
    schemas: dict = {}
    for path, method, view, implied in routes(app, prefix):
        described = getattr(view, "openapi", None)
        if described is None:
            continue
        fields = copy.deepcopy(described.fields)
        given = {p["name"]: p for p in fields.get("parameters", []) if p["in"] == "path"}
        others = [p for p in fields.get("parameters", []) if p["in"] != "path"]
        parameters = [copy.deepcopy(given.get(p["name"], p)) for p in implied] + others
        if parameters:
            fields["parameters"] = parameters
        tag = (tags or {}).get(view.__module__)
        if tag:
            fields["tags"] = [tag]
        found_paths.setdefault(path, {})[method] = fields
        for model in described.models:
            schemas.update(model_schemas(model))
    return found_paths, schemas
