"""Case files, the leader's report page and the logbook (staff pages over reception.cases).

Thin views: each page calls the same services as the JSON API, so access rules, masking of a
denouncer's identity and the audit log apply alike; the views only shape rows for templates.
"""

import json
import math
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from admin import bp
from admin.texts import TEXTS, text
from reception import characters, clock
from reception.cases import audit, casefiles, deadlines, logbook, options, search, statistics
from reception.cases.access import require_records_role, sees_all
from reception.errors import Forbidden, Invalid, NotFound, ReceptionError
from reception.models import User
from reception.translations import translate
from web.record_schemas import CaseNote, CaseUpdate

PER_PAGE = 25
LOGBOOK_PER_PAGE = 100
LIST_FILTERS = ("q", "status", "matter_type", "field", "deadline", "responsible_id")
# Who can be made responsible for a case from the page (the service also accepts admins).
STAFF_ROLES = ("officer", "leader")
CHARTS = ("by_matter_type", "by_field", "by_handling", "by_content_group")
# Case values the change history names in words, in this order (any other follows by its key).
HISTORY_KEYS = ("status", "responsible", "title", "matter_type", "field", "accepted_on",
                "complex_case", "remote_area", "resolution_round", "result_note", "closed_at")


@bp.before_request
def remember_ip():
    """Give the audit rows of a staff page the caller's address (the API does the same)."""
    # A worker thread keeps the context variable between requests: without this, a page's
    # audit row would carry the address of whatever API request the thread served before.
    audit.set_request_ip(request.remote_addr)


def _refused(error: ReceptionError):
    """Show a refusal as the 403 page, other service errors as a flash on the same page."""
    if isinstance(error, Forbidden):
        abort(403)
    flash(error.message(g.lang), "error")


def _label(prefix: str, code: str | None, vietnamese: str | None) -> str:
    """Return the service's Vietnamese label, or a catalog's translation on other pages."""
    key = f"{prefix}_{code}"
    if key in TEXTS and translate(TEXTS[key], g.lang) != TEXTS[key]:
        return translate(TEXTS[key], g.lang)
    return vietnamese or code or ""


def _day(iso: str | None) -> str:
    """Return a YYYY-MM-DD date as dd/mm/yyyy, the way Vietnamese forms write it."""
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else "—"


def _moment(iso: str | None) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M %d/%m/%Y") if iso else "—"


def _person(user: dict | None) -> str:
    if not user:
        return text("nobody", g.lang)
    return user["full_name"] or user["username"]


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


# --- Case list ------------------------------------------------------------------------------


@bp.get("/cases")
@login_required
def case_list():
    filters = {key: (request.args.get(key) or "").strip() for key in LIST_FILTERS}
    if filters["deadline"] not in ("", "near", "overdue"):
        filters["deadline"] = ""
    if not (filters["responsible_id"].isdigit() and sees_all(current_user)):
        filters["responsible_id"] = ""
    page = _page_number()
    try:
        require_records_role(current_user, "case.search", "case")
    except ReceptionError as error:
        _refused(error)
    status = 200
    try:
        search.check_filters(filters)
    except ReceptionError as error:
        # Shown above the list; the list is searched without the refused filters.
        _refused(error)
        status = 400
        filters = {key: value if characters.is_clean(value) else ""
                   for key, value in filters.items()}
    found = search.search_cases(current_user, filters, page, PER_PAGE)
    audit.log(current_user, "case.search", "case", "", {k: v for k, v in filters.items() if v})
    pages = max(1, math.ceil(found["total"] / PER_PAGE))
    return render_template(
        "admin/cases.html", nav="cases", filters=filters, total=found["total"],
        rows=[_case_row(case) for case in casefiles.summaries(found["cases"])],
        choices=_filter_choices(), page=page, pages=pages,
        previous_url=_page_url(filters, min(page, pages) - 1) if page > 1 else None,
        next_url=_page_url(filters, page + 1) if page < pages else None), status


def _page_url(filters: dict, page: int) -> str:
    query = {key: value for key, value in filters.items() if value}
    return url_for("admin.case_list") + "?" + urlencode({**query, "page": page})


def _filter_choices() -> dict:
    return {
        "statuses": [(code, _label("case_status", code, label))
                     for code, label in options.STATUS_LABELS.items()],
        "matter_types": [(code, _label("matter", code, label))
                         for code, label in options.MATTER_LABELS.items()],
        "fields": list(options.fields().items()),
        "deadlines": [("near", text("deadline_near", g.lang)),
                      ("overdue", text("deadline_overdue", g.lang))],
        "officers": _officers() if sees_all(current_user) else None,
    }


def _case_row(case: dict) -> dict:
    flag = case["deadline_flag"]
    return {
        "id": case["id"], "code": case["code"], "title": case["title"],
        "matter": _label("matter", case["matter_type"], case["matter_label"]),
        "field": case["field_label"],
        "status": _label("case_status", case["status"], case["status_label"]),
        "responsible": _person(case["responsible"]),
        "opened": _day(case["opened_on"]), "accepted": _day(case.get("accepted_on")),
        "next_due": _day(case["next_due_on"]),
        "flag": flag, "flag_text": text(f"deadline_{flag}", g.lang) if flag else "",
    }


def _officers() -> list[tuple[int, str]]:
    return [(user.id, user.full_name or user.username) for user in User.select().where(
        User.active & User.role.in_(STAFF_ROLES)).order_by(User.full_name, User.username)]


# --- One case -------------------------------------------------------------------------------


@bp.get("/cases/<int:case_id>")
@login_required
def case_page(case_id):
    try:
        case = casefiles.case_view(case_id, current_user)
        history = casefiles.case_history(case_id, current_user)
    except ReceptionError as error:
        if isinstance(error, NotFound):
            abort(404)
        _refused(error)
        return redirect(url_for("admin.case_list"))
    today = clock.today()
    limits = options.get("cases.deadline_limits")
    return render_template(
        "admin/case.html", nav="cases", case=case, summary=_case_row(case),
        deadlines=[_deadline_row(row, today, limits, case["complex_case"])
                   for row in case["deadlines"]],
        visits=[_visit_row(visit) for visit in case["visits"]],
        steps=[{"at": _moment(step["at"]), "who": _person(step["user"]), "kind": step["kind"],
                "kind_text": _label("step", step["kind"], TEXTS.get(f"step_{step['kind']}")),
                "text": step["detail"]} for step in reversed(case["steps"])],
        history=_history_rows(history),
        statuses=[(code, _label("case_status", code, label))
                  for code, label in options.STATUS_LABELS.items()],
        officers=_officers() if sees_all(current_user) else None,
        export_url=url_for("api.case_export", case_id=case_id))


def _deadline_row(row: dict, today: date, limits: dict, complex_case: bool) -> dict:
    days = (date.fromisoformat(row["due_on"]) - today).days
    state = row["state"]
    state_text = text(f"state_{state}", g.lang, days=-days if state == "overdue" else days)
    # Only limits the law lets extend (a denunciation's resolution: once, twice if complex)
    # offer "Gia hạn", and only while an extension is left; reception.cases.deadlines.extend
    # applies the same rule.
    spec = limits.get(row["kind"], {})
    most = int(spec.get("max_extensions_complex" if complex_case else "max_extensions", 1))
    return {
        "id": row["id"], "label": row["label"], "source": row["source"],
        "start": _day(row["start_on"]), "length": f"{row['days']} {row['unit']}",
        "due": _day(row["due_on"]), "state": state, "state_text": state_text,
        "extensions": row["extensions"], "open": state != "met",
        "extendable": state != "met" and bool(spec.get("extension_days"))
        and row["extensions"] < most,
    }


def _visit_row(visit: dict) -> dict:
    person = visit["visitor"]
    hidden = visit["identity_hidden"]
    # The receipt and the refusal notice name the visitor: the service refuses them to whoever
    # may not see a denouncer, so the page offers them only when the identity is visible.
    return {
        "id": visit["id"], "received": _moment(visit["received_at"]),
        "visitor": text("identity_hidden", g.lang) if hidden else person["full_name"],
        "id_number": "" if hidden else (person.get("id_number") or ""),
        "hidden": hidden, "people": visit["party_size"], "summary": visit["summary"],
        "requests": visit["requests"],
        "handling": _label("handling", visit["handling"], visit["handling_label"]),
        "transfer_to": visit["transfer_to"], "guidance": visit["guidance"],
        "refusal": visit["refusal_label"] or "", "repeat": visit["is_repeat"],
        "received_by": visit["received_by_name"] or "",
        "receipt_url": url_for("api.visit_receipt", visit_id=visit["id"])
        if visit["documents"] and not hidden else None,
        "refusal_url": url_for("api.visit_refusal_notice", visit_id=visit["id"])
        if visit["handling"] == "tu_choi" and not hidden else None,
    }


def _history_rows(history: list[dict]) -> list[dict]:
    """Return the change history newest first, each change as (what, before, after) in words."""
    ids = {change[side].get("responsible") for change in history
           for side in ("before", "after") if change[side]}
    names = {user.id: user.full_name or user.username
             for user in User.select().where(User.id.in_([i for i in ids if i]))} if ids else {}
    rows = []
    for change in reversed(history):
        before, after = change["before"] or {}, change["after"] or {}
        keys = [key for key in HISTORY_KEYS if key in after] + sorted(
            key for key in after if key not in HISTORY_KEYS)
        changes = [] if not change["before"] else [
            {"key": key, "what": _label("changed", key, TEXTS.get(f"changed_{key}")),
             "before": _shown(key, before.get(key), names),
             "after": _shown(key, after.get(key), names)}
            for key in keys if before.get(key) != after.get(key)]
        rows.append({"at": _moment(change["at"]), "who": change["username"] or "—",
                     "created": not change["before"], "changes": changes})
    return rows


def _shown(key: str, value, names: dict) -> str:
    """Return one stored case value the way a person reads it."""
    if value in (None, ""):
        return "—"
    if key == "status":
        return _label("case_status", value, options.STATUS_LABELS.get(value))
    if key == "matter_type":
        return _label("matter", value, options.MATTER_LABELS.get(value))
    if key == "field":
        return options.fields().get(value, value)
    if key == "responsible":
        return names.get(value, f"#{value}")
    if isinstance(value, bool):
        return text("answer_yes" if value else "answer_no", g.lang)
    if key == "accepted_on":
        return _day(value)
    if key == "closed_at":
        return _moment(clock.iso(datetime.fromisoformat(value)))
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@bp.post("/cases/<int:case_id>/notes")
@login_required
def case_add_note(case_id):
    try:
        require_records_role(current_user, "case.update", "case", case_id)
        body = CaseNote.model_validate({"text": request.form.get("text", "").strip()})
        casefiles.add_note(case_id, body.text, current_user)
    except ReceptionError as error:
        _refused(error)
    else:
        flash(text("note_saved", g.lang), "success")
    return redirect(url_for("admin.case_page", case_id=case_id, _anchor="steps-heading"))


@bp.post("/cases/<int:case_id>/update")
@login_required
def case_update(case_id):
    form = request.form
    changes = {"status": form.get("status") or None, "result_note": form.get("result_note"),
               "accepted_on": _iso_day(form.get("accepted_on"))}
    if form.get("flags"):  # the form carries the checkboxes: an unticked one means False
        changes["complex_case"] = "complex_case" in form
        changes["remote_area"] = "remote_area" in form
    responsible = form.get("responsible_id", "")
    if responsible.isdigit():
        changes["responsible_id"] = int(responsible)
    try:
        body = CaseUpdate.model_validate(changes)
        casefiles.update_case(case_id, body.model_dump(exclude_none=True), current_user)
    except ReceptionError as error:
        _refused(error)
    else:
        flash(text("case_saved", g.lang), "success")
    return redirect(url_for("admin.case_page", case_id=case_id))


def _iso_day(typed: str | None) -> str | None:
    """Return a date typed dd/mm/yyyy (or YYYY-MM-DD) as YYYY-MM-DD; other text unchanged
    (the case's schema refuses it), None when left empty."""
    typed = (typed or "").strip()
    day = clock.parse_date(typed) if typed else None
    return day.isoformat() if day else (typed or None)


@bp.post("/cases/<int:case_id>/deadlines/<int:deadline_id>/<action>")
@login_required
def case_deadline(case_id, deadline_id, action):
    if action not in ("met", "extend"):
        abort(404)
    try:
        row = casefiles.case_deadline(case_id, deadline_id, current_user)
        row = deadlines.mark_met(row, current_user) if action == "met" else deadlines.extend(
            row, current_user)
    except ReceptionError as error:
        _refused(error)
    else:
        view = deadlines.deadline_view(row, clock.today(), deadlines.near_limit())
        if action == "met":
            flash(text("deadline_met_saved", g.lang, label=view["label"]), "success")
        else:
            flash(text("deadline_extended", g.lang, label=view["label"],
                       due=_day(view["due_on"])), "success")
    return redirect(url_for("admin.case_page", case_id=case_id, _anchor="deadlines-heading"))


# --- The leader's report page and the logbook ------------------------------------------------


def _quick_periods(today: date) -> list[tuple[str, str, str]]:
    def month_end(year: int, month: int) -> date:
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)

    quarter = 3 * ((today.month - 1) // 3) + 1
    return [
        ("this_month", date(today.year, today.month, 1).isoformat(),
         month_end(today.year, today.month).isoformat()),
        ("this_quarter", date(today.year, quarter, 1).isoformat(),
         month_end(today.year, quarter + 2).isoformat()),
        ("this_year", date(today.year, 1, 1).isoformat(), date(today.year, 12, 31).isoformat()),
    ]


def _period() -> tuple[dict, list]:
    """Return the asked period (this month so far by default) and the quick choices.

    The form sends dd/mm/yyyy, links and old bookmarks YYYY-MM-DD: a date either way is
    carried on as YYYY-MM-DD (the API's form, used in links); other text stays as typed so
    that the page can refuse it.
    """
    today = clock.today()
    period = {}
    for key, default in (("from", date(today.year, today.month, 1)), ("to", today)):
        typed = (request.args.get(key) or "").strip()
        day = clock.parse_date(typed) if typed else default
        period[key] = day.isoformat() if day else typed
    return period, _quick_periods(today)


def _downloads(period: dict) -> dict:
    return {
        "tcd01": url_for("api.report_tcd01", **period, format="xlsx"),
        "logbook_xlsx": url_for("api.get_logbook", **period, format="xlsx"),
        "tcd01_pdf": url_for("api.report_tcd01", **period, format="pdf"),
        "logbook_pdf": url_for("api.get_logbook", **period, format="pdf"),
        "logbook_pdf_download": url_for("api.get_logbook", **period, format="pdf", download=1),
        "logbook_page": url_for("admin.logbook_page", **period),
        "report_page": url_for("admin.reports", **period),
    }


def _read_period(period: dict, action: str, read):
    """Return (what read(first, last, user) gives, None) for a leader or admin, or
    (None, the Vietnamese message) for a bad period; anyone else gets the 403 page."""
    try:
        logbook.require_reader(current_user, action)
        for typed in (period["from"], period["to"]):
            if clock.parse_date(typed) is None:
                raise Invalid("bad_period", detail=f"ngày “{typed}” phải có dạng "
                              "dd/mm/yyyy", detail_en=f"the date “{typed}” must be "
                              "dd/mm/yyyy")
        first, last = logbook.parse_period(period["from"], period["to"])
        return read(first, last, current_user), None
    except ReceptionError as refused:
        if isinstance(refused, Forbidden):
            abort(403)
        return None, refused.message(g.lang)


@bp.get("/reports")
@login_required
def reports():
    period, quick = _period()
    report, error = _read_period(period, "report.view", statistics.tcd01)
    breakdowns = []
    if report:
        for key, title, prefix in (("by_matter_type", "by_matter_title", "matter"),
                                   ("by_field", "by_field_title", None),
                                   ("by_handling", "by_handling_title", "handling"),
                                   ("by_content_group", "by_content_title", None)):
            if key in report:  # by_content_group came later: older reports lack it
                # Fields and content groups are the admin's own (Vietnamese) names.
                rows = [{**row, "label": _label(prefix, row["code"], row["label"])}
                        if prefix else row for row in report[key]]
                breakdowns.append({"key": key, "title": text(title, g.lang), "rows": rows})
    return render_template(
        "admin/reports.html", nav="reports", period=period, report=report, error=error,
        quick=quick, downloads=_downloads(period) if report else None,
        head_rows=[values for sessions in report["head_reception"].values()
                   for values in sessions.values()] if report else [],
        breakdowns=breakdowns, charts=_charts(breakdowns),
        period_text=text("period_shown", g.lang, start=_day(report["from"]),
                         end=_day(report["to"])) if report else "")


def _charts(breakdowns: list[dict]) -> dict:
    """Return the chart data (labels and visit counts) that static/js/reports.js draws."""
    charts = {"label": text("chart_visits", g.lang)}
    for item in breakdowns:
        if item["key"] in CHARTS:
            charts[item["key"]] = {"labels": [row["label"] for row in item["rows"]],
                                   "values": [row["visits"] for row in item["rows"]]}
    return charts


@bp.get("/logbook")
@login_required
def logbook_page():
    period, quick = _period()
    page = _page_number()
    book, error = _read_period(period, "logbook.view", logbook.logbook)
    rows = book["rows"] if book else []
    pages = max(1, math.ceil(len(rows) / LOGBOOK_PER_PAGE))
    page = min(page, pages)

    def page_url(number):
        return url_for("admin.logbook_page", **period, page=number)

    return render_template(
        "admin/logbook.html", nav="reports", period=period, quick=quick, book=book,
        error=error, rows=rows[(page - 1) * LOGBOOK_PER_PAGE:page * LOGBOOK_PER_PAGE],
        total=len(rows), page=page, pages=pages,
        previous_url=page_url(page - 1) if page > 1 else None,
        next_url=page_url(page + 1) if page < pages else None,
        downloads=_downloads(period) if book else None)
