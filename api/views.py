"""API routes: parse the request, call a reception service, return JSON."""

from flask import current_app, g, jsonify, request

from api import bp
from api.openapi import PUBLIC_RULE, PUBLIC_TICKET, TICKET, openapi_document
from api.printing import print_setup
from reception import (
    characters,
    desk_access,
    public,
    queue,
    sessions,
    signin,
    state,
    users,
)
from reception import settings as org_settings
from reception.booking import checkin
from reception.cases.models import Visit
from reception.cases.visits import visit_view
from reception.errors import Invalid, NotFound, UnsupportedType
from reception.models import Counter, CounterService, Service, Ticket
from reception.printing import dispatch
from web.app_settings import app_settings
from web.auth import (
    OFFICER_ROLES,
    bearer_token,
    end_session,
    staff_required,
    staff_viewer,
)
from web.devices import device_required
from web.openapi import DEVICE, ERROR, STAFF, header, ok, operation, query, refused
from web.record_schemas import MeetingRecord
from web.schemas import INT64, ActionRequest, TicketRequest, TokenRequest, TransferRequest

IDEMPOTENCY_KEY = header("Idempotency-Key", maxLength=128)
TOO_MANY_SIGN_INS = refused(
    "Too many failed sign-ins for this account or address; nothing was checked",
    headers={"Retry-After": {"description": "Seconds until an attempt is allowed again",
                             "schema": {"type": "integer"}}})
TICKET_ANSWERS = {"200": ok("The ticket after the change", TICKET),
                  "401": ERROR, "403": ERROR, "404": ERROR, "409": ERROR}


def json_body(schema, optional: bool = False):
    """Return the request's JSON body validated by a pydantic schema.

    :raises ReceptionError: not JSON, malformed or too deeply nested JSON; pydantic raises
        for invalid fields.
    """
    raw = request.get_data(cache=True)
    if not raw.strip():
        if optional:
            return None
        raise UnsupportedType("json_required")
    if not request.is_json:
        raise UnsupportedType("json_required")
    try:
        # The app's provider (web/limits.py) refuses deep nesting before parsing.
        data = current_app.json.loads(raw)
    except ValueError as error:
        raise Invalid("malformed_json") from error
    return schema.model_validate(data)


@bp.before_request
def refuse_control_characters():
    """Refuse a query parameter holding a control character (400), naming the parameter."""
    for key, value in request.args.items(multi=True):
        name = characters.printable(key)
        characters.check(key, f"Tên tham số “{name}”", field_en=f"The parameter name “{name}”")
        characters.check(value, f"Tham số “{name}”", field_en=f"The parameter “{name}”")


@bp.get("/openapi.json")
@operation("This document: the OpenAPI 3.1 description of /api/v1",
           responses={"200": ok("The OpenAPI document")})
def openapi():
    return jsonify(openapi_document())


@bp.get("/services")
@operation("Services offered at the kiosk", security=DEVICE,
           responses={"200": ok("Services and priority groups")})
@device_required
def list_services():
    values = org_settings.all_settings()
    services = Service.select().where(Service.active).order_by(Service.sort_order, Service.code)
    return jsonify(
        {
            "services": [
                {
                    "code": s.code,
                    "name": s.name_vi,
                    "name_en": s.name_en,
                    "confidential": s.confidential,
                }
                for s in services
            ],
            "priority_groups": values["priority_groups"],
            "group_threshold": values["group_threshold"],
            "max_party_size": values["max_party_size"],
        }
    )


@bp.get("/counters")
@operation("Counters and the services each serves", security=DEVICE,
           responses={"200": ok("Counters")})
@device_required
def list_counters():
    codes: dict[int, list[str]] = {}
    for counter_id, code in (
        CounterService.select(CounterService.counter, Service.code).join(Service).tuples()
    ):
        codes.setdefault(counter_id, []).append(code)
    counters = Counter.select().where(Counter.active).order_by(Counter.number)
    return jsonify(
        {
            "counters": [
                {"id": c.id, "number": c.number, "name": c.name,
                 "services": sorted(codes.get(c.id, []))}
                for c in counters
            ]
        }
    )


def idempotency_key() -> str | None:
    """Return the request's Idempotency-Key header, refusing one longer than 128 characters."""
    key = request.headers.get("Idempotency-Key") or None
    if key is not None and len(key) > 128:
        raise Invalid("invalid_value", field="Idempotency-Key", detail="tối đa 128 ký tự")
    return key


@bp.post("/tickets")
@operation(
    "Issue a queue ticket, or check a booked appointment in (`appointment`: 409 "
    "appointment_not_today on another day, 409 appointment_cancelled; the same code again "
    "gives the same ticket, `Idempotent-Replayed`)",
    description="Kiosks and anyone else get the PublicTicket (no matter); a signed-in "
    "officer, leader or admin gets the staff Ticket.",
    security=DEVICE, parameters=[IDEMPOTENCY_KEY], body=TicketRequest,
    responses={"201": ok("The ticket (PublicTicket, or Ticket for staff)",
                         {"anyOf": [PUBLIC_TICKET, TICKET]}),
               "400": ERROR, "404": ERROR, "409": ERROR, "415": ERROR})
@device_required
def create_ticket():
    body = json_body(TicketRequest)
    key = idempotency_key()
    if body.appointment is not None:
        ticket, created = checkin.check_in(body.appointment, kiosk=body.kiosk,
                                           settings=app_settings())
    elif body.service is None:
        raise Invalid("invalid_request", detail="service: thiếu trường bắt buộc")
    else:
        ticket, created = queue.issue_ticket(
            body.service, body.party_size, body.priority, idempotency_key=key,
            kiosk=body.kiosk, arrival_qr=body.identity_qr, settings=app_settings(),
        )
    # Printed after the commit; a failure is recorded on the ticket, which the kiosk still shows.
    ticket = dispatch.print_issued(ticket, created, print_setup())
    # Whoever is at the kiosk sees no matter in the answer; reception staff see the full ticket.
    view = queue.ticket_view if staff_viewer() else public.ticket_view
    response = jsonify({"ticket": view(ticket, app_settings().default_service_minutes),
                        "created": created})
    response.status_code = 201
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.get("/queue")
@operation("Waiting totals and tickets being served", security=DEVICE,
           description=PUBLIC_RULE + "`waiting` and `serving[].service` are staff-only.",
           responses={"200": ok("Queue summary", {"$ref": "#/components/schemas/QueueSummary"})})
@device_required
def queue_state():
    return jsonify(state.queue_summary(staff=staff_viewer() is not None))


@bp.get("/status/<token>")
@operation("Public status of one ticket (no personal data)", description=PUBLIC_RULE,
           responses={"200": ok("Position and status",
                                {"$ref": "#/components/schemas/PublicStatus"}),
                      "404": ERROR})
def ticket_status(token):
    return jsonify(public.public_status(token, app_settings().default_service_minutes))


@bp.post("/auth/token")
@operation(
    "Get a bearer token",
    description="Failed attempts are throttled per account (default 5 per 15 minutes) and "
    "per address (20 per 15 minutes), shared with the login page. While either is used up "
    "every attempt, the right password too, is refused with 429 `too_many_sign_ins` and a "
    "Retry-After header.",
    body=TokenRequest,
    responses={"200": ok("The token"), "401": ERROR, "429": TOO_MANY_SIGN_INS})
def create_token():
    body = json_body(TokenRequest)
    settings = app_settings()
    user = signin.sign_in(body.username, body.password, request.remote_addr, settings.sign_in,
                          settings.password_hash_method)
    return jsonify({"token": users.issue_token(user, settings.token_hours), "role": user.role,
                    "expires_in_hours": settings.token_hours})


@bp.post("/auth/logout")
@operation(
    "End the sign-in this request used",
    description="With a bearer token: revokes that token. With the browser session (and "
    "X-CSRFToken): ends the session on the server, so a copy of the cookie no longer works.",
    security=STAFF,
    responses={"204": {"description": "Signed out"}, "401": ERROR, "403": ERROR})
@staff_required()
def logout():
    """End the sign-in this request used: its bearer token, or the browser session."""
    token = bearer_token()
    if token is not None:
        sessions.revoke_token(token)
    else:
        end_session()
    return "", 204


@bp.post("/auth/logout-all")
@operation(
    "End every sign-in of the calling account",
    description="Ends every browser session of the account and revokes every bearer token, "
    "the one used included.",
    security=STAFF,
    responses={"200": ok("How many sign-ins ended", {
        "type": "object", "required": ["ended_sessions", "revoked_tokens"],
        "properties": {"ended_sessions": {"type": "integer"},
                       "revoked_tokens": {"type": "integer"}}}),
        "401": ERROR, "403": ERROR})
@staff_required()
def logout_all():
    """End every browser sign-in and bearer token of the calling account."""
    ended = sessions.sign_out_everywhere(g.user.id)
    if bearer_token() is None:
        end_session()
    return jsonify({"ended_sessions": ended["sessions"], "revoked_tokens": ended["tokens"]})


@bp.get("/desk")
@operation(
    "The officers' waiting list and counters. For an officer, the list holds what `counter` "
    "can call (without it: no confidential matter) and other counters' tickets carry no "
    "matter; leaders and admins see every matter", security=STAFF,
    parameters=[query("counter", type="integer", minimum=1, maximum=INT64)],
    responses={"200": ok("Desk state"), "400": ERROR, "401": ERROR})
@staff_required(*OFFICER_ROLES)
def desk():
    counter = request.args.get("counter")
    if counter is not None and not (counter.isdigit() and 1 <= int(counter) <= INT64):
        raise Invalid("invalid_value", field="counter", detail="số nguyên dương")
    return jsonify(state.desk_state_for(g.user, int(counter) if counter else None))


@bp.get("/tickets/<int:ticket_id>")
@operation("One ticket as reception staff see it; `service` is null when the reader may not "
           "see its matter (a denunciation, to others than its receiving officer, leaders "
           "and admins)", security=STAFF,
           responses={"200": ok("The ticket", TICKET), "401": ERROR, "403": ERROR,
                      "404": ERROR})
@staff_required(*OFFICER_ROLES)
def get_ticket(ticket_id):
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        raise NotFound("not_found", what=f"phiếu {ticket_id}")
    view = queue.ticket_view(ticket, app_settings().default_service_minutes)
    if not desk_access.may_see_matter(g.user, ticket):
        # A denunciation is named only to its receiving officer, leaders and admins.
        view["service"] = None
    return jsonify({"ticket": view})


@bp.post("/counters/<int:counter_id>/call-next")
@operation(
    "Close the counter's open ticket and call the next. Safe to retry with the same "
    "Idempotency-Key: the first call's ticket comes back (`Idempotent-Replayed: true`) and is "
    "announced again while still called there. 409 `counter_busy` when another officer is "
    "receiving the counter's open ticket", security=STAFF, parameters=[IDEMPOTENCY_KEY],
    responses={"200": ok("The called ticket", TICKET),
               "204": {"description": "Nobody is waiting"},
               "401": ERROR, "403": ERROR, "404": ERROR, "409": ERROR})
@staff_required(*OFFICER_ROLES)
def call_next(counter_id):
    json_body(ActionRequest, optional=True)
    settings = app_settings()
    ticket, replayed = queue.call_next(counter_id, user=g.user, idempotency_key=idempotency_key(),
                                       settings=settings)
    if ticket is None:
        return "", 204
    response = jsonify({"ticket": queue.ticket_view(ticket, settings.default_service_minutes)})
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _ticket_action(action, ticket_id, **kwargs):
    ticket = action(ticket_id, user=g.user, **kwargs)
    return jsonify({"ticket": queue.ticket_view(ticket, app_settings().default_service_minutes)})


@bp.post("/tickets/<int:ticket_id>/recall")
@operation("Announce a called ticket again", security=STAFF, responses=TICKET_ANSWERS)
@staff_required(*OFFICER_ROLES)
def recall(ticket_id):
    json_body(ActionRequest, optional=True)
    return _ticket_action(queue.recall, ticket_id)


@bp.post("/tickets/<int:ticket_id>/no-show")
@operation("The visitor did not come", security=STAFF, responses=TICKET_ANSWERS)
@staff_required(*OFFICER_ROLES)
def no_show(ticket_id):
    json_body(ActionRequest, optional=True)
    return _ticket_action(queue.no_show, ticket_id)


@bp.post("/tickets/<int:ticket_id>/start")
@operation("The meeting begins", security=STAFF, responses=TICKET_ANSWERS)
@staff_required(*OFFICER_ROLES)
def start(ticket_id):
    json_body(ActionRequest, optional=True)
    return _ticket_action(queue.start, ticket_id)


@bp.post("/tickets/<int:ticket_id>/finish")
@operation(
    "The meeting ends; the optional meeting record becomes a visit (and a case)",
    security=STAFF, body=MeetingRecord, body_required=False,
    responses={"200": ok("The served ticket; with a record, also `visit` (the visit as GET "
                         "/visits/{id} returns it, with its case)", TICKET),
               "409": ERROR, "400": ERROR, "401": ERROR, "403": ERROR, "404": ERROR})
@staff_required(*OFFICER_ROLES)
def finish(ticket_id):
    body = json_body(MeetingRecord, optional=True)
    record = body.model_dump() if body is not None else None
    ticket = queue.finish(ticket_id, user=g.user, record=record or None)
    answer = {"ticket": queue.ticket_view(ticket, app_settings().default_service_minutes)}
    if record:
        # The desk offers the receipt, the refusal notice and the case right after finishing.
        answer["visit"] = visit_view(Visit.get(Visit.ticket == ticket.id), g.user)
    return jsonify(answer)


@bp.post("/tickets/<int:ticket_id>/transfer")
@operation("Send to another service or counter", security=STAFF, body=TransferRequest,
           responses=TICKET_ANSWERS)
@staff_required(*OFFICER_ROLES)
def transfer(ticket_id):
    body = json_body(TransferRequest)
    return _ticket_action(
        queue.transfer, ticket_id, service_code=body.service, counter_id=body.counter
    )
