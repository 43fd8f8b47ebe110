"""Administration pages (admin role only): services, counters, staff accounts, organisation.

Each form view parses the form, calls reception.catalogue, staff or headquarters, flashes a
message and redirects; a refused change re-renders the form with the message and what the user
typed (status 400).
"""

from functools import wraps

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from admin import bp
from admin.texts import text
from reception import catalogue, headquarters, staff
from reception import settings as org_settings
from reception.errors import ReceptionError
from reception.models import ROLES, Counter, CounterService, Service, User
from web.app_settings import app_settings
from web.auth import current_session_key

PRIORITY_FIELDS = ("priority_code", "priority_name_vi", "priority_name_en")


def admin_required(view):
    """Let only signed-in admins open the view; other staff get the 403 page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return login_required(wrapped)


def refused(template: str, error: ReceptionError, **context):
    """Render a form again with the refusal's message and the values the user typed."""
    return render_template(template, error=error.message(g.lang), **context), 400


def done(key: str, endpoint: str, **params):
    """Flash a success message and go back to a list page."""
    flash(text(key, g.lang, **params), "success")
    return redirect(url_for(endpoint))


def row_or_404(model, row_id):
    """Return the row with this id or answer 404."""
    row = model.get_or_none(model.id == row_id)
    if row is None:
        abort(404)
    return row


# Services ----------------------------------------------------------------------------------


@bp.get("/services")
@admin_required
def services():
    rows = Service.select().order_by(Service.sort_order, Service.code)
    return render_template("admin/services.html", services=rows,
                           serving=catalogue.counters_by_service(),
                           uncovered=catalogue.uncovered_services(), nav="services")


@bp.route("/services/new", methods=["GET", "POST"])
@bp.route("/services/<int:service_id>", methods=["GET", "POST"])
@admin_required
def service_form(service_id=None):
    service = row_or_404(Service, service_id) if service_id else None
    if request.method == "GET":
        return render_template("admin/service_form.html", service=service,
                               values=service_values(service), nav="services")
    values = {
        **{key: request.form.get(key, "") for key in ("code", "name_vi", "name_en", "sort_order")},
        "confidential": "confidential" in request.form,
        "active": "active" in request.form,
    }
    try:
        saved = catalogue.save_service(values, service_id)
    except ReceptionError as error:
        return refused("admin/service_form.html", error, service=service, values=values,
                       nav="services")
    return done("service_saved", "admin.services", code=saved.code)


def service_values(service: Service | None) -> dict:
    if service is None:
        last = Service.select().order_by(Service.sort_order.desc()).first()
        return {"code": "", "name_vi": "", "name_en": "", "confidential": False,
                "active": True, "sort_order": (last.sort_order + 1) if last else 0}
    return {key: getattr(service, key) for key in ("code", "name_vi", "name_en", "confidential",
                                                   "active", "sort_order")}


# Counters ----------------------------------------------------------------------------------


@bp.get("/counters")
@admin_required
def counters():
    codes: dict[int, list[str]] = {}
    for counter_id, code in (
        CounterService.select(CounterService.counter, Service.code)
        .join(Service)
        .order_by(Service.sort_order, Service.code)
        .tuples()
    ):
        codes.setdefault(counter_id, []).append(code)
    rows = Counter.select().order_by(Counter.number)
    return render_template("admin/counters.html", counters=rows, codes=codes,
                           uncovered=catalogue.uncovered_services(), nav="counters")


@bp.route("/counters/new", methods=["GET", "POST"])
@bp.route("/counters/<int:counter_id>", methods=["GET", "POST"])
@admin_required
def counter_form(counter_id=None):
    counter = row_or_404(Counter, counter_id) if counter_id else None
    context = {"counter": counter, "nav": "counters",
               "services": Service.select().order_by(Service.sort_order, Service.code)}
    if request.method == "GET":
        return render_template("admin/counter_form.html", values=counter_values(counter),
                               **context)
    values = {"number": request.form.get("number", ""), "name": request.form.get("name", ""),
              "active": "active" in request.form,
              "services": request.form.getlist("services")}
    try:
        saved = catalogue.save_counter(values, values["services"], counter_id)
    except ReceptionError as error:
        return refused("admin/counter_form.html", error, values=values, **context)
    return done("counter_saved", "admin.counters", name=saved.name)


def counter_values(counter: Counter | None) -> dict:
    if counter is None:
        last = Counter.select().order_by(Counter.number.desc()).first()
        return {"number": (last.number + 1) if last else 1, "name": "", "active": True,
                "services": []}
    links = CounterService.select().where(CounterService.counter == counter)
    return {"number": counter.number, "name": counter.name, "active": counter.active,
            "services": [str(link.service_id) for link in links]}


# Staff accounts ----------------------------------------------------------------------------


@bp.get("/users")
@admin_required
def user_list():
    rows = User.select().order_by(User.active.desc(), User.role, User.username)
    return render_template("admin/users.html", users=rows, nav="users")


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def user_new():
    if request.method == "GET":
        return render_template("admin/user_new.html", roles=ROLES, nav="users",
                               values={"username": "", "full_name": "", "role": "officer"})
    values = {key: request.form.get(key, "") for key in ("username", "full_name", "role")}
    try:
        user = staff.add_user({**values, "password": request.form.get("password", "")},
                                  app_settings().password_hash_method)
    except ReceptionError as error:
        return refused("admin/user_new.html", error, roles=ROLES, values=values, nav="users")
    return done("user_created", "admin.user_list", username=user.username)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user_edit(user_id):
    user = row_or_404(User, user_id)
    if request.method == "GET":
        return render_template("admin/user_edit.html", user=user, roles=ROLES, nav="users",
                               values={"role": user.role, "full_name": user.full_name})
    values = {"role": request.form.get("role", ""), "full_name": request.form.get("full_name")}
    try:
        staff.update_user(current_user, user_id, values["role"], values["full_name"])
    except ReceptionError as error:
        return refused("admin/user_edit.html", error, user=user, roles=ROLES, values=values,
                       nav="users")
    return done("user_saved", "admin.user_list", username=user.username)


@bp.post("/users/<int:user_id>/active")
@admin_required
def user_active(user_id):
    user = row_or_404(User, user_id)
    active = request.form.get("active") == "1"
    try:
        staff.set_user_active(current_user, user_id, active)
    except ReceptionError as error:
        return refused("admin/user_edit.html", error, user=user, roles=ROLES, nav="users",
                       values={"role": user.role, "full_name": user.full_name})
    return done("user_reactivated" if active else "user_deactivated", "admin.user_list",
                username=user.username)


@bp.post("/users/<int:user_id>/password")
@admin_required
def user_password(user_id):
    user = row_or_404(User, user_id)
    try:
        staff.reset_password(user_id, request.form.get("password", ""),
                                 app_settings().password_hash_method,
                                 keep_session=current_session_key())
    except ReceptionError as error:
        return refused("admin/user_edit.html", error, user=user, roles=ROLES, nav="users",
                       values={"role": user.role, "full_name": user.full_name})
    return done("password_reset", "admin.user_list", username=user.username)


# Organisation ------------------------------------------------------------------------------


@bp.route("/organisation", methods=["GET", "POST"])
@admin_required
def organisation():
    if request.method == "GET":
        return render_template("admin/organisation.html", values=org_settings.all_settings(),
                               nav="organisation")
    rows = list(zip(*(request.form.getlist(field) for field in PRIORITY_FIELDS), strict=False))
    values = {key: request.form.get(key, "") for key in (*headquarters.ORGANISATION_TEXTS,
                                                         "group_threshold", "max_party_size")}
    try:
        headquarters.save_organisation(values, rows)
    except ReceptionError as error:
        groups = [dict(zip(("code", "name_vi", "name_en"), row, strict=True)) for row in rows]
        return refused("admin/organisation.html", error, nav="organisation",
                       values={**values, "priority_groups": groups})
    return done("organisation_saved", "admin.organisation")
