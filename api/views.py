"""API routes: parse the request, call a reception service, return JSON."""

from flask import current_app, g, jsonify, request

from api import bp
from api.openapi import openapi_document
from api.printing import print_setup
from reception import (
    characters,
    desk_access,
    public,
    queue,
    sessions,
    signin,
    state,
    ticket_printing,
    users,
)
from reception import settings as org_settings
from reception.booking import checkin
from reception.cases.models import Visit
from reception.cases.visits import visit_view
from reception.errors import ReceptionError
from reception.models import Counter, CounterService, Service, Ticket
from web.app_settings import app_settings
from web.auth import (
    OFFICER_ROLES,
    bearer_token,
    end_session,
    staff_required,
    staff_viewer,
)
from web.devices import device_required
from web.record_schemas import MeetingRecord
from web.schemas import INT64, ActionRequest, TicketRequest, TokenRequest, TransferRequest


def json_body(schema, optional: bool = False):
    """Return the request's JSON body validated by a pydantic schema.

    :raises ReceptionError: not JSON, malformed or too deeply nested JSON; pydantic raises
        for invalid fields.
    """
    raw = request.get_data(cache=True)
    if not raw.strip():
        if optional:
            return None
        raise ReceptionError("json_required", 415)
    if not request.is_json:
        raise ReceptionError("json_required", 415)
    try:
        # The app's provider (web/limits.py) refuses deep nesting before parsing.
        data = current_app.json.loads(raw)
    except ValueError as error:
        raise ReceptionError("malformed_json", 400) from error
    return schema.model_validate(data)


@bp.before_request
def refuse_control_characters():
    """Refuse a query parameter holding a control character (400), naming the parameter."""
    for key, value in request.args.items(multi=True):
        name = characters.printable(key)
        characters.check(key, f"Tên tham số “{name}”", field_en=f"The parameter name “{name}”")
        characters.check(value, f"Tham số “{name}”", field_en=f"The parameter “{name}”")


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/services")
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
        raise ReceptionError("invalid_value", field="Idempotency-Key", detail="tối đa 128 ký tự")
    return key


@bp.post("/tickets")
@device_required
def create_ticket():
    body = json_body(TicketRequest)
    key = idempotency_key()
    if body.appointment is not None:
        ticket, created = checkin.check_in(body.appointment, kiosk=body.kiosk,
                                           settings=app_settings())
    elif body.service is None:
        raise ReceptionError("invalid_request", detail="service: thiếu trường bắt buộc")
    else:
        ticket, created = queue.issue_ticket(
            body.service, body.party_size, body.priority, idempotency_key=key,
            kiosk=body.kiosk, arrival_qr=body.identity_qr, settings=app_settings(),
        )
    # Printed after the commit; a failure is recorded on the ticket, which the kiosk still shows.
    ticket = ticket_printing.print_issued(ticket, created, print_setup())
    # Whoever is at the kiosk sees no matter in the answer; reception staff see the full ticket.
    view = queue.ticket_view if staff_viewer() else public.ticket_view
    response = jsonify({"ticket": view(ticket, app_settings().default_service_minutes),
                        "created": created})
    response.status_code = 201
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.get("/queue")
@device_required
def queue_state():
    return jsonify(state.queue_summary(staff=staff_viewer() is not None))


@bp.get("/status/<token>")
def ticket_status(token):
    return jsonify(public.public_status(token, app_settings().default_service_minutes))


@bp.post("/auth/token")
def create_token():
    body = json_body(TokenRequest)
    settings = app_settings()
    user = signin.sign_in(body.username, body.password, request.remote_addr, settings.sign_in,
                          settings.password_hash_method)
    return jsonify({"token": users.issue_token(user, settings.token_hours), "role": user.role,
                    "expires_in_hours": settings.token_hours})


@bp.post("/auth/logout")
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
@staff_required()
def logout_all():
    """End every browser sign-in and bearer token of the calling account."""
    ended = sessions.sign_out_everywhere(g.user.id)
    if bearer_token() is None:
        end_session()
    return jsonify({"ended_sessions": ended["sessions"], "revoked_tokens": ended["tokens"]})


@bp.get("/desk")
@staff_required(*OFFICER_ROLES)
def desk():
    counter = request.args.get("counter")
    if counter is not None and not (counter.isdigit() and 1 <= int(counter) <= INT64):
        raise ReceptionError("invalid_value", field="counter", detail="số nguyên dương")
    return jsonify(state.desk_state_for(g.user, int(counter) if counter else None))


@bp.get("/tickets/<int:ticket_id>")
@staff_required(*OFFICER_ROLES)
def get_ticket(ticket_id):
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        raise ReceptionError("not_found", 404, what=f"phiếu {ticket_id}")
    view = queue.ticket_view(ticket, app_settings().default_service_minutes)
    if not desk_access.may_see_matter(g.user, ticket):
        # A denunciation is named only to its receiving officer, leaders and admins.
        view["service"] = None
    return jsonify({"ticket": view})


@bp.post("/counters/<int:counter_id>/call-next")
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
@staff_required(*OFFICER_ROLES)
def recall(ticket_id):
    json_body(ActionRequest, optional=True)
    return _ticket_action(queue.recall, ticket_id)


@bp.post("/tickets/<int:ticket_id>/no-show")
@staff_required(*OFFICER_ROLES)
def no_show(ticket_id):
    json_body(ActionRequest, optional=True)
    return _ticket_action(queue.no_show, ticket_id)


@bp.post("/tickets/<int:ticket_id>/start")
@staff_required(*OFFICER_ROLES)
def start(ticket_id):
    json_body(ActionRequest, optional=True)
    return _ticket_action(queue.start, ticket_id)


@bp.post("/tickets/<int:ticket_id>/finish")
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
@staff_required(*OFFICER_ROLES)
def transfer(ticket_id):
    body = json_body(TransferRequest)
    return _ticket_action(
        queue.transfer, ticket_id, service_code=body.service, counter_id=body.counter
    )
