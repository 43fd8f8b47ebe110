"""Case files and the leader's report page (staff pages over reception.cases).

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
from admin.texts import text
from api.record_schemas import CaseNote, CaseUpdate
from reception import clock
from reception.cases import (
    audit,
    casefiles,
    deadlines,
    logbook,
    options,
    search,
    statistics,
)
from reception.cases.access import require_records_role, sees_all
from reception.errors import ReceptionError
from reception.models import User

PER_PAGE = 25
LIST_FILTERS = ("q", "status", "matter_type", "field", "deadline")
STAFF_ROLES = ("officer", "leader")


def _refused(error: ReceptionError):
    """Show a refusal as the 403 page, other service errors as a flash on the same page."""
    if error.status == 403:
        abort(403)
    flash(error.message(g.lang), "error")


# --- Case list ------------------------------------------------------------------------------


@bp.get("/cases")
@login_required
def case_list():
    filters = {key: (request.args.get(key) or "").strip() for key in LIST_FILTERS}
    if filters["deadline"] not in ("", "near", "overdue"):
        filters["deadline"] = ""
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    try:
        require_records_role(current_user, "case.search", "case")
        found = search.search_cases(current_user, filters, page, PER_PAGE)
    except ReceptionError as error:
        _refused(error)
        found = {"total": 0, "page": 1, "cases": []}
    audit.log(current_user, "case.search", "case", "", {k: v for k, v in filters.items() if v})
    pages = max(1, math.ceil(found["total"] / PER_PAGE))
    return render_template(
        "admin/cases.html", nav="cases", filters=filters, total=found["total"],
        rows=[_case_row(case) for case in casefiles.summaries(found["cases"])],
        choices=_filter_choices(), page=found["page"], pages=pages,
        previous_url=_page_url(filters, page - 1) if page > 1 else None,
        next_url=_page_url(filters, page + 1) if page < pages else None)


def _page_url(filters: dict, page: int) -> str:
    query = {key: value for key, value in filters.items() if value}
    return url_for("admin.case_list") + "?" + urlencode({**query, "page": page})


def _filter_choices() -> dict:
    return {
        "statuses": list(options.STATUS_LABELS.items()),
        "matter_types": [(code, text(f"matter_{code}", g.lang)) for code in options.MATTER_LABELS],
        "fields": list(options.fields().items()),
        "deadlines": [("near", text("deadline_near", g.lang)),
                      ("overdue", text("deadline_overdue", g.lang))],
    }


def _day(iso: str | None) -> str:
    """Return a YYYY-MM-DD date as dd/mm/yyyy, the way Vietnamese forms write it."""
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else "—"


def _person(user: dict | None) -> str:
    if not user:
        return text("nobody", g.lang)
    return user["full_name"] or user["username"]


def _case_row(case: dict) -> dict:
    flag = case["deadline_flag"]
    return {
        "id": case["id"], "code": case["code"], "title": case["title"],
        "matter": case["matter_label"], "field": case["field_label"],
        "status": case["status_label"], "responsible": _person(case["responsible"]),
        "opened": _day(case["opened_on"]), "next_due": _day(case["next_due_on"]),
        "flag": flag, "flag_text": text(f"deadline_{flag}", g.lang) if flag else "",
    }


# --- One case -------------------------------------------------------------------------------


@bp.get("/cases/<int:case_id>")
@login_required
def case_page(case_id):
    try:
        case = casefiles.case_view(case_id, current_user)
        history = casefiles.case_history(case_id, current_user)
    except ReceptionError as error:
        if error.status == 404:
            abort(404)
        _refused(error)
        return redirect(url_for("admin.case_list"))
    today = clock.today()
    limits = options.get("cases.deadline_limits")
    return render_template(
        "admin/case.html", nav="cases", case=case, summary=_case_row(case),
        deadlines=[_deadline_row(row, today, limits) for row in case["deadlines"]],
        visits=[_visit_row(visit) for visit in case["visits"]],
        steps=[{"at": _moment(step["at"]), "who": _person(step["user"]),
                "text": step["detail"] or step["kind"]} for step in reversed(case["steps"])],
        history=[_history_row(change) for change in reversed(history)],
        statuses=list(options.STATUS_LABELS.items()),
        officers=_officers() if sees_all(current_user) else None,
        export_url=url_for("api.case_export", case_id=case_id))


def _moment(iso: str | None) -> str:
    if not iso:
        return "—"
    return datetime.fromisoformat(iso).strftime("%H:%M %d/%m/%Y")


def _deadline_row(row: dict, today: date, limits: dict) -> dict:
    due = date.fromisoformat(row["due_on"])
    days = (due - today).days
    state = row["state"]
    if state == "met":
        state_text = text("state_met", g.lang)
    elif state == "overdue":
        state_text = text("state_overdue", g.lang, days=-days)
    else:
        state_text = text(f"state_{state}", g.lang, days=days)
    return {
        "id": row["id"], "label": row["label"], "source": row["source"],
        "start": _day(row["start_on"]), "length": f"{row['days']} {row['unit']}",
        "due": _day(row["due_on"]), "state": state, "state_text": state_text,
        "extensions": row["extensions"], "open": state != "met",
        # Only limits the law lets extend (a denunciation's resolution) offer "Gia hạn".
        "extendable": state != "met" and bool(limits.get(row["kind"], {}).get(
            "extension_days")),
    }


def _visit_row(visit: dict) -> dict:
    person = visit["visitor"]
    hidden = visit["identity_hidden"]
    return {
        "id": visit["id"], "received": _moment(visit["received_at"]),
        "visitor": text("identity_hidden", g.lang) if hidden else person["full_name"],
        "id_number": "" if hidden else (person.get("id_number") or ""),
        "people": visit["party_size"], "summary": visit["summary"],
        "requests": visit["requests"], "matter": visit["matter_label"],
        "handling": visit["handling_label"], "transfer_to": visit["transfer_to"],
        "repeat": visit["is_repeat"], "received_by": visit["received_by"] or "",
        "receipt_url": url_for("api.visit_receipt", visit_id=visit["id"])
        if visit["documents"] else None,
        "refusal_url": url_for("api.visit_refusal_notice", visit_id=visit["id"])
        if visit["handling"] == "tu_choi" else None,
    }


def _history_row(change: dict) -> dict:
    before, after = change["before"] or {}, change["after"] or {}
    if not change["before"]:
        what = text("history_created", g.lang)
    else:
        what = "; ".join(f"{key}: {_shown(before.get(key))} → {_shown(after.get(key))}"
                         for key in sorted(after) if before.get(key) != after.get(key)
                         and key not in ("updated_at", "search_key"))
    return {"at": _moment(change["at"]), "who": change["username"] or "—", "what": what}


def _shown(value) -> str:
    if value in (None, ""):
        return "∅"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _officers() -> list[tuple[int, str]]:
    return [(user.id, user.full_name or user.username) for user in User.select().where(
        User.active & User.role.in_(STAFF_ROLES)).order_by(User.full_name, User.username)]


@bp.post("/cases/<int:case_id>/notes")
@login_required
def case_add_note(case_id):
    try:
        body = CaseNote.model_validate({"text": request.form.get("text", "")})
        casefiles.add_note(case_id, body.text, current_user)
    except ReceptionError as error:
        _refused(error)
    else:
        flash(text("note_saved", g.lang), "success")
    return redirect(url_for("admin.case_page", case_id=case_id))


@bp.post("/cases/<int:case_id>/update")
@login_required
def case_update(case_id):
    changes = {"status": request.form.get("status") or None,
               "result_note": request.form.get("result_note")}
    responsible = request.form.get("responsible_id", "")
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


@bp.post("/cases/<int:case_id>/deadlines/<int:deadline_id>/<action>")
@login_required
def case_deadline(case_id, deadline_id, action):
    if action not in ("met", "extend"):
        abort(404)
    try:
        row = casefiles.case_deadline(case_id, deadline_id, current_user)
        if action == "met":
            row = deadlines.mark_met(row, current_user)
            message = text("deadline_met_saved", g.lang, label=deadlines.deadline_view(
                row, clock.today(), deadlines.near_limit())["label"])
        else:
            row = deadlines.extend(row, current_user)
            view = deadlines.deadline_view(row, clock.today(), deadlines.near_limit())
            message = text("deadline_extended", g.lang, label=view["label"],
                           due=_day(view["due_on"]))
    except ReceptionError as error:
        _refused(error)
    else:
        flash(message, "success")
    return redirect(url_for("admin.case_page", case_id=case_id))


# --- The leader's report page ---------------------------------------------------------------


def _quick_periods(today: date) -> list[tuple[str, str, str]]:
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarter_end = (date(quarter_start.year + (quarter_start.month + 3 > 12),
                        (quarter_start.month + 2) % 12 + 1, 1) - timedelta(days=1))
    month_end = (date(today.year + (today.month == 12), today.month % 12 + 1, 1)
                 - timedelta(days=1))
    return [
        ("this_month", date(today.year, today.month, 1).isoformat(), month_end.isoformat()),
        ("this_quarter", quarter_start.isoformat(), quarter_end.isoformat()),
        ("this_year", date(today.year, 1, 1).isoformat(), date(today.year, 12, 31).isoformat()),
    ]


@bp.get("/reports")
@login_required
def reports():
    today = clock.today()
    start = request.args.get("from") or date(today.year, today.month, 1).isoformat()
    end = request.args.get("to") or today.isoformat()
    report, error = None, None
    try:
        logbook.require_reader(current_user, "report.view")
        first, last = logbook.parse_period(start, end)
        report = statistics.tcd01(first, last, current_user)
    except ReceptionError as refused:
        if refused.status == 403:
            abort(403)
        error = refused.message(g.lang)
    period = {"from": start, "to": end}
    downloads = None
    if report:
        downloads = {
            "tcd01": url_for("api.report_tcd01", **period, format="xlsx"),
            "logbook_xlsx": url_for("api.get_logbook", **period, format="xlsx"),
            "logbook_pdf": url_for("api.get_logbook", **period, format="pdf"),
        }
    return render_template(
        "admin/reports.html", nav="reports", period=period, report=report, error=error,
        quick=_quick_periods(today), downloads=downloads,
        head_rows=_head_rows(report) if report else [],
        charts=_charts(report) if report else None)


def _head_rows(report: dict) -> list[dict]:
    return [values for sessions in report["head_reception"].values()
            for values in sessions.values()]


def _charts(report: dict) -> dict:
    """Return the chart data (labels and visit counts) that static/js/reports.js draws."""
    def series(key):
        rows = report[key]
        return {"labels": [row["label"] for row in rows],
                "values": [row["visits"] for row in rows]}

    return {"label": text("chart_visits", g.lang),
            "by_matter_type": series("by_matter_type"), "by_field": series("by_field"),
            "by_handling": series("by_handling"),
            "by_content_group": series("by_content_group")}
