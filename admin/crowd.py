"""The crowd view for security staff (wall screen) and the reception schedule's admin page.

Thin views: the crowd page is a shell that crowd.js fills from the /crowd Socket.IO namespace
and the JSON API; the schedule forms parse, call reception.schedule.edit and redirect.
"""

import json
from datetime import timedelta
from functools import wraps

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from admin import bp
from admin.crowd_texts import crowd_script_texts, crowd_text, crowd_translator
from admin.manage import admin_required
from admin.menu import SCHEDULE_ROLES
from reception import clock, schedule
from reception.crowd import live, snapshot, thresholds
from reception.crowd.history import parse_day
from reception.errors import ReceptionError
from reception.models import Counter, Service, User
from reception.schedule import edit as schedule_edit
from reception.schedule.models import LeaderReception
from web.limits import parse_id

SCHEDULE_DAYS = 42
THRESHOLD_FIELDS = ("group_threshold", "crowded", "overcrowded", "long_wait_minutes")
SESSION_FIELDS = ("leader_name", "leader_title", "leader_user", "kind", "recurrence", "weekday",
                  "month_day", "week_of_month", "dates", "valid_from", "valid_until",
                  "start_time", "end_time", "counter", "on_holiday", "location", "note",
                  "capacity")
SHIFT_FIELDS = ("user", "person_name", "first_day", "last_day", "days", "duty", "start_time",
                "end_time", "counter", "note")


def roles_required(roles):
    """Let only signed-in staff with one of these roles open the view; others get the 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapped)

    return decorator


# Security staff, leaders and admins (reception.crowd.snapshot.CROWD_ROLES).
crowd_role_required = roles_required(snapshot.CROWD_ROLES)


def _page(template: str, status: int = 200, **context):
    """Render a crowd or schedule page with ct() and the page's language."""
    return render_template(template, ct=crowd_translator(g.lang), **context), status


@bp.get("/crowd")
@crowd_role_required
def crowd():
    services = Service.select().where(Service.active).order_by(Service.sort_order, Service.code)
    config = {
        "lang": g.lang,
        "namespace": live.NAMESPACE,
        "texts": crowd_script_texts(g.lang),
        "sound_url": url_for("static", filename="sounds/alert.wav"),
        "login_url": url_for("admin.login", next=request.path),
        "today": clock.today().isoformat(),
        "services": [{"code": s.code, "name": s.name_vi if g.lang != "en" else s.name_en}
                     for s in services],
    }
    return _page("admin/crowd.html", config=config, nav="crowd",
                 thresholds=thresholds.limits(), can_configure=current_user.role == "admin")


@bp.post("/crowd/thresholds")
@admin_required
def crowd_thresholds():
    try:
        thresholds.save({key: request.form.get(key, "") for key in THRESHOLD_FIELDS})
    except ReceptionError as error:
        flash(error.message(g.lang), "error")
    else:
        live.crowd_changed()
        flash(crowd_text("thresholds_saved", g.lang), "success")
    return redirect(url_for("admin.crowd"))


# Reception schedule ------------------------------------------------------------------------


def _schedule_page(error: ReceptionError | None = None, **typed):
    # A form sent with its date left empty shows from today.
    # dd/mm/yyyy or YYYY-MM-DD (the earlier/later links); other text is refused.
    asked = request.args.get("from") or None
    first = (clock.parse_date(asked) if asked else None) or parse_day(asked)
    days = request.args.get("days", "")
    days = int(days) if days.isdigit() and 1 <= int(days) <= 366 else SCHEDULE_DAYS
    editing = None
    edit_id = parse_id(request.args.get("edit"))
    if edit_id is not None:
        editing = LeaderReception.get_or_none(LeaderReception.id == edit_id)
    context = {
        "first": first,
        "days": schedule.review(first, first + timedelta(days=days - 1)),
        "span": days,
        "entries": list(LeaderReception.select().order_by(LeaderReception.active.desc(),
                                                           LeaderReception.id)),
        "editing": editing,
        "session": typed.get("session") or _session_values(editing),
        "shift": typed.get("shift") or {"days": "all", "duty": "tiep_dan",
                                        "start_time": "07:30", "end_time": "17:00"},
        "options": schedule.options(),
        "counter_options": [(c.id, c.name) for c in Counter.select().order_by(Counter.number)],
        "services": list(Service.select().order_by(Service.sort_order, Service.code)),
        "leader_options": [(u.id, u.full_name or u.username) for u in schedule.leader_choices()],
        "staff_options": [(u.id, u.full_name or u.username) for u in
                          User.select().where(User.active).order_by(User.full_name, User.username)],
        "weekday_options": list(enumerate(schedule.WEEKDAYS)),
        "describe": schedule.describe,
        "earlier_url": url_for("admin.reception_schedule", days=days,
                               **{"from": (first - timedelta(days=days)).isoformat()}),
        "later_url": url_for("admin.reception_schedule", days=days,
                             **{"from": (first + timedelta(days=days)).isoformat()}),
        "kinds": schedule.KIND_LABELS,
        "duties": schedule.DUTY_LABELS,
        "error": error.message(g.lang) if error else None,
        "nav": "schedule",
        # Leaders read the schedule; only admins change it (the POST routes are admin-only).
        "can_edit": current_user.role == "admin",
    }
    return _page("admin/schedule.html", 400 if error else 200, **context)


def _session_values(entry: LeaderReception | None) -> dict:
    if entry is None:
        return {"kind": "scheduled", "recurrence": "weekly", "weekday": "0",
                "start_time": "07:30", "end_time": "11:30", "on_holiday": "next_working_day",
                "route_services": [], "capacity": 0}
    values = {key: getattr(entry, key) for key in SESSION_FIELDS
              if key not in ("leader_user", "counter", "dates")}
    values.update({
        "leader_user": entry.leader_user_id or "", "counter": entry.counter_id or "",
        "dates": " ".join(json.loads(entry.dates or "[]")),
        "route_tickets": entry.route_tickets,
        "route_services": json.loads(entry.route_services or "[]"),
        "valid_from": clock.show_date(entry.valid_from) if entry.valid_from else "",
        "valid_until": clock.show_date(entry.valid_until) if entry.valid_until else "",
    })
    return {key: "" if value is None else value for key, value in values.items()}


def _done(key: str, **params):
    flash(crowd_text(key, g.lang, **params), "success")
    return redirect(url_for("admin.reception_schedule", **{
        k: v for k, v in request.args.items() if k in ("from", "days")}))


@bp.get("/schedule")
@roles_required(SCHEDULE_ROLES)
def reception_schedule():
    return _schedule_page()


@bp.post("/schedule/sessions")
@bp.post("/schedule/sessions/<int:session_id>")
@admin_required
def save_session(session_id=None):
    values = {key: request.form.get(key, "") for key in SESSION_FIELDS}
    values["route_tickets"] = "route_tickets" in request.form
    values["route_services"] = request.form.getlist("route_services")
    try:
        schedule_edit.save_session(values, session_id, user=current_user)
    except ReceptionError as error:
        return _schedule_page(error, session=values)
    return _done("session_saved", name=values["leader_name"])


@bp.post("/schedule/sessions/<int:session_id>/cancel")
@admin_required
def cancel_session(session_id):
    try:
        entry = schedule_edit.cancel_session(session_id, user=current_user)
    except ReceptionError as error:
        return _schedule_page(error)
    return _done("session_cancelled", name=entry.leader_name)


@bp.post("/schedule/shifts")
@admin_required
def add_shifts():
    values = {key: request.form.get(key, "") for key in SHIFT_FIELDS}
    try:
        added = schedule_edit.add_shifts(values, user=current_user)
    except ReceptionError as error:
        return _schedule_page(error, shift=values)
    return _done("shifts_added", count=added)


@bp.post("/schedule/shifts/<int:shift_id>/delete")
@admin_required
def delete_shift(shift_id):
    try:
        schedule_edit.delete_shift(shift_id)
    except ReceptionError as error:
        return _schedule_page(error)
    return _done("shift_deleted")


@bp.post("/schedule/options")
@admin_required
def schedule_options():
    try:
        schedule_edit.save_options({key: request.form.get(key, "")
                                    for key in ("duty_days", "public_days")})
    except ReceptionError as error:
        return _schedule_page(error)
    return _done("options_saved")
