"""Online petitions for staff: the list, one petition with its classification form, its files.

Thin views over reception.petitions.review, which checks who may see what (a denouncer's
identity and files), and audits every view and download.
"""

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from admin import bp
from admin.texts import text
from reception import clock
from reception.cases import options
from reception.errors import Forbidden, ReceptionError
from reception.petitions import review
from web.app_settings import app_settings


def _user():
    return current_user._get_current_object()


def _when(moment) -> str:
    local = clock.from_storage(moment)
    return f"{local:%H:%M %d/%m/%Y}" if local else "—"


@bp.get("/petitions")
@login_required
def petition_list():
    status = request.args.get("status", "")
    try:
        rows = review.list_petitions(_user(), status)
    except ReceptionError as error:
        if isinstance(error, Forbidden):
            abort(403)
        flash(error.message(g.lang), "error")
        rows, status = review.list_petitions(_user()), ""
    return render_template("admin/petitions.html", nav="petitions", rows=rows, status=status,
                           when=_when, labels=options.MATTER_LABELS)


def _petition_page(petition_id: int, values: dict | None = None, error: str | None = None,
                   status: int = 200):
    try:
        petition = review.petition_view(_user(), petition_id)
    except ReceptionError as refused:
        if isinstance(refused, Forbidden):
            abort(403)
        abort(404)
    values = values or {"matter_type": petition["matter_type"] or "",
                        "field": petition["field"] or "", "handling": petition["handling"] or "",
                        "responsible": str(petition["responsible_id"] or ""),
                        "note": petition["classification_note"]}
    return render_template(
        "admin/petition.html", nav="petitions", p=petition, values=values, error=error,
        when=_when, matter_labels=options.MATTER_LABELS, fields=options.fields(),
        handlings=options.HANDLING_LABELS, groups=options.CONTENT_GROUPS,
        officers=review.officers(),
    ), status


@bp.get("/petitions/<int:petition_id>")
@login_required
def petition_page(petition_id):
    return _petition_page(petition_id)


@bp.post("/petitions/<int:petition_id>/classify")
@login_required
def petition_classify(petition_id):
    values = {key: request.form.get(key, "") for key in
              ("matter_type", "field", "handling", "responsible", "note")}
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    try:
        petition = review.classify(_user(), petition_id, values, base)
    except ReceptionError as error:
        if isinstance(error, Forbidden):
            abort(403)
        # An unknown petition answers 404 from the page itself.
        return _petition_page(petition_id, values, error.message(g.lang), 400)
    flash(text("classified_saved", g.lang, code=petition.code), "success")
    return redirect(url_for("admin.petition_page", petition_id=petition.id))


@bp.get("/petitions/<int:petition_id>/files/<int:file_id>")
@login_required
def petition_file(petition_id, file_id):
    try:
        path, media_type, name = review.file_for(_user(), petition_id, file_id,
                                                 app_settings().petitions.folder)
    except ReceptionError as error:
        abort(403 if isinstance(error, Forbidden) else 404)
    # Attachment: a PDF or image from the public is never rendered inside the staff site.
    return send_file(path, mimetype=media_type, as_attachment=True, download_name=name)
