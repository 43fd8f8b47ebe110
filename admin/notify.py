"""Admin pages of notifications: the delivery log, the urgent-alert recipients, and the crowd
view's one-page urgent report (PDF)."""

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for

from admin import bp
from admin.crowd import crowd_role_required
from admin.manage import admin_required
from admin.texts import text
from reception import clock
from reception.crowd.history import parse_day
from reception.errors import NotFound, ReceptionError
from reception.models import User
from reception.notifications import outbox, urgent
from reception.notifications.urgent_report import urgent_report_pdf
from reception.translations import translate
from web.app_settings import app_settings

RECIPIENT_FIELDS = ("kind", "name", "email", "phone", "user")


def _when(moment) -> str:
    local = clock.from_storage(moment)
    return f"{local:%H:%M:%S %d/%m/%Y}" if local else "—"


@bp.get("/notifications")
@admin_required
def notification_log():
    filters = {key: request.args.get(key, "") for key in ("status", "channel", "kind")}
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1
    try:
        log = outbox.delivery_log(filters, page)
    except ReceptionError as error:
        flash(error.message(g.lang), "error")
        filters = {"status": "", "channel": "", "kind": ""}
        log = outbox.delivery_log(filters, 1)
    delivery = app_settings().delivery
    settings = {"smtp": text("set" if delivery.smtp_url else "not_set", g.lang),
                "sms": text("set" if delivery.sms_url else "not_set", g.lang)}
    return render_template("admin/notifications.html", nav="notifications", log=log,
                           filters=filters, counts=outbox.counts(), settings=settings,
                           when=_when)


@bp.post("/notifications/<int:notification_id>/retry")
@admin_required
def notification_retry(notification_id):
    try:
        outbox.retry_now(notification_id)
    except ReceptionError as error:
        flash(error.message(g.lang), "error")
    else:
        from reception import notifications

        notifications.kick()
        flash(text("log_retry_done", g.lang), "success")
    return redirect(url_for("admin.notification_log"))


def _recipients_page(values: dict, editing=None, error: str | None = None, status: int = 200):
    return render_template(
        "admin/alert_recipients.html", nav="alert_recipients",
        recipients=urgent.list_recipients(), values=values,
        kinds={code: translate(label, g.lang) for code, label in urgent.RECIPIENT_KINDS.items()},
        editing=editing, error=error, today=urgent.recipients_today(),
        defaults={"emails": ", ".join(app_settings().alert_emails) or "—",
                  "phones": ", ".join(app_settings().alert_phones) or "—"},
        users=list(User.select().where(User.active).order_by(User.full_name, User.username)),
    ), status


@bp.get("/alert-recipients")
@admin_required
def alert_recipients():
    edit = request.args.get("edit", "")
    editing = None
    if edit.isdigit() and len(edit) < 19:
        editing = next((r for r in urgent.list_recipients() if r.id == int(edit)), None)
    values = ({"kind": editing.kind, "name": editing.name, "email": editing.email,
               "phone": editing.phone, "user": str(editing.user_id or ""),
               "active": editing.active} if editing else
              {"kind": "inspectorate", "name": "", "email": "", "phone": "", "user": "",
               "active": True})
    return _recipients_page(values, editing)


@bp.post("/alert-recipients")
@bp.post("/alert-recipients/<int:recipient_id>")
@admin_required
def alert_recipient_save(recipient_id=None):
    values = {key: request.form.get(key, "") for key in RECIPIENT_FIELDS}
    values["active"] = "active" in request.form
    try:
        saved = urgent.save_recipient(values, recipient_id)
    except ReceptionError as error:
        if isinstance(error, NotFound) and recipient_id is not None and not values["user"]:
            abort(404)
        return _recipients_page(values, None, error.message(g.lang), 400)
    flash(text("recipient_saved", g.lang, name=saved.name), "success")
    return redirect(url_for("admin.alert_recipients"))


@bp.post("/alert-recipients/<int:recipient_id>/delete")
@admin_required
def alert_recipient_delete(recipient_id):
    try:
        urgent.delete_recipient(recipient_id)
    except ReceptionError:
        abort(404)
    flash(text("recipient_deleted", g.lang), "success")
    return redirect(url_for("admin.alert_recipients"))


@bp.get("/crowd/report.pdf")
@crowd_role_required
def crowd_urgent_report():
    try:
        day = parse_day(request.args.get("date"))
    except ReceptionError as error:
        return make_response(error.message(g.lang), 400)
    response = make_response(urgent_report_pdf(day))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'inline; filename="bao-cao-nhanh-{day.isoformat()}.pdf"')
    return response
