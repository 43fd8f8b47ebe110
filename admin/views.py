"""Login, the counter picker and the officer desk; shared page context and error pages."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError

from admin import bp
from admin.meeting import record_choices, record_defaults
from admin.menu import landing, menu_for
from admin.texts import script_texts, text, translator
from reception import clock, sessions, signin
from reception import settings as org_settings
from reception.errors import ReceptionError, message
from reception.models import Counter, CounterService, Service
from reception.translations import languages
from web.app_settings import app_settings
from web.auth import OFFICER_ROLES, end_session, start_session
from web.errors import status_of
from web.i18n import chosen_language


def language() -> str:
    """Return the language chosen with ?lang= or the lang cookie when offered, else "vi"."""
    # Not Accept-Language: office computers in Vietnam often run an English browser, and
    # staff screens are Vietnamese first.
    return chosen_language() or "vi"


@bp.before_request
def staff_language():
    """Set g.lang for staff pages (overrides the app's Accept-Language guess)."""
    g.lang = language()


@bp.context_processor
def page_context():
    """Give every staff template t(), the language, the organisation's name and the menu."""
    lang = language()
    role = current_user.role if current_user.is_authenticated else None
    menu = menu_for(role)
    return {"t": translator(lang), "lang": lang, "org_name": org_settings.get("org_name"),
            "menu": menu, "menu_keys": {key for key, _, _ in menu}}


@bp.app_template_filter("dmy")
def day_month_year(value) -> str:
    """Show a date (or a YYYY-MM-DD text) as dd/mm/yyyy on staff pages; other text as is."""
    return clock.show_date(value)


@bp.after_request
def remember_language(response):
    """Keep a language chosen with ?lang= for the next pages."""
    chosen = request.args.get("lang")
    if chosen in languages():
        response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@bp.errorhandler(403)
def forbidden(error):
    return render_template("admin/forbidden.html", reason=text("forbidden_text", language())), 403


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    return render_template("admin/forbidden.html", reason=message("csrf_failed", language())), 400


@bp.route("/login", methods=["GET", "POST"])
def login():
    error, status, headers = None, 200, {}
    if request.method == "POST":
        try:
            settings = app_settings()
            user = signin.sign_in(request.form.get("username", ""),
                                  request.form.get("password", ""), request.remote_addr,
                                  settings.sign_in, settings.password_hash_method)
        except ReceptionError as refused:
            # A wrong password says so plainly; a lockout keeps its own message and wait.
            error, status = (text("login_failed", g.lang) if refused.code == "bad_credentials"
                             else refused.message(g.lang)), status_of(refused)
            if "retry_after" in refused.params:
                headers["Retry-After"] = str(refused.params["retry_after"])
        else:
            start_session(user)
            target = request.args.get("next", "")
            # Only local paths: an absolute URL here would be an open redirect.
            if not target.startswith("/") or target.startswith("//"):
                target = url_for(landing(user.role))
            return redirect(target)
    return render_template("admin/login.html", login_error=error,
                           username=request.form.get("username", "")), status, headers


@bp.post("/logout")
@login_required
def logout():
    end_session()
    flash(text("logged_out", g.lang), "success")
    return redirect(url_for("admin.login"))


@bp.post("/logout-all")
@login_required
def logout_all():
    """End every sign-in of the current user: browsers elsewhere, API tokens, this page."""
    sessions.sign_out_everywhere(current_user.id)
    end_session()
    flash(text("logged_out_everywhere", g.lang), "success")
    return redirect(url_for("admin.login"))


@bp.get("/")
@login_required
def index():
    start = landing(current_user.role)
    if start != "admin.index":  # security staff have no desk: their start is the crowd view
        return redirect(url_for(start))
    counters = list(Counter.select().where(Counter.active).order_by(Counter.number))
    served: dict[int, list[str]] = {}
    for counter_id, name in (
        CounterService.select(CounterService.counter, Service.name_vi)
        .join(Service)
        .where(Service.active)
        .order_by(Service.sort_order, Service.code)
        .tuples()
    ):
        served.setdefault(counter_id, []).append(name)
    return render_template("admin/index.html", counters=counters, served=served,
                           can_desk=current_user.role in OFFICER_ROLES, nav="desk")


@bp.get("/desk/<int:counter_id>")
@login_required
def desk(counter_id):
    if current_user.role not in OFFICER_ROLES:
        abort(403)
    counter = Counter.get_or_none((Counter.id == counter_id) & Counter.active)
    if counter is None:
        return redirect(url_for("admin.index"))
    config = {
        "counter": {"id": counter.id, "number": counter.number, "name": counter.name},
        # The desk snapshot names a counter's services by id and tickets' services by code.
        "service_codes": {s.id: s.code for s in Service.select(Service.id, Service.code)},
        "priority_groups": org_settings.get("priority_groups"),
        "lang": g.lang,
        "texts": script_texts(g.lang),
        "login_url": url_for("admin.login", next=request.path),
        "user_id": current_user.id,
        "cases_url": url_for("admin.case_list"),
    }
    return render_template("admin/desk.html", counter=counter, config=config, nav="desk",
                           choices=record_choices(g.lang), defaults=record_defaults(current_user))
