"""Case-file registers: the logbook, form 01/TCD, the audit log and the days off.

Thin views: parse, call a reception.cases service (which checks access and audits), answer.
"""

from datetime import date

from flask import g, jsonify, request

from api import bp
from api.records import PDF, REFUSALS, answers, file_answer, int_arg
from api.views import json_body
from reception import clock
from reception.cases import audit, deadlines, exports, logbook, statistics
from reception.errors import Invalid, NotFound
from web.auth import staff_required
from web.openapi import STAFF, ok, operation, path_parameter, query
from web.record_schemas import DayOffRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD = [query("from", required=True, format="date"),
          query("to", "Inclusive; at most 366 days after from", required=True, format="date")]
DOWNLOAD = query("download", "PDF: 0 opens in the browser (inline), 1 saves it (attachment)",
                 enum=["0", "1"])
TABLE = {"200": {"description": "JSON, .xlsx or PDF", "content": {
    "application/json": {"schema": {"type": "object"}},
    XLSX: {"schema": {"type": "string", "format": "binary"}},
    PDF: {"schema": {"type": "string", "format": "binary"}}}}, **REFUSALS}


def _pdf_inline() -> bool:
    """Return whether a PDF opens in the browser: yes, unless ?download=1 asks to save it."""
    chosen = request.args.get("download", "0")
    if chosen not in ("0", "1"):
        raise Invalid("unknown_choice", field="download", field_en="download",
                      value=chosen, choices="0, 1")
    return chosen == "0"


def _format(allowed: tuple) -> str:
    """Return the asked format (?format=, default json), refusing one not allowed."""
    chosen = request.args.get("format", "json")
    if chosen not in allowed:
        raise Invalid("unknown_choice", field="Định dạng", field_en="Format",
                      value=chosen, choices=", ".join(allowed))
    return chosen


@bp.get("/logbook")
@operation("The reception logbook (Mẫu số 03), 12 columns; leaders and admins",
           security=STAFF, parameters=[*PERIOD, query("format", enum=["json", "xlsx", "pdf"]),
                                       DOWNLOAD],
           responses=TABLE)
@staff_required()
def get_logbook():
    chosen = _format(("json", "xlsx", "pdf"))
    logbook.require_reader(g.user, "logbook.view" if chosen == "json" else "logbook.export")
    start, end = logbook.parse_period(request.args.get("from"), request.args.get("to"))
    book = logbook.logbook(start, end, g.user, chosen)
    return _register_answer(chosen, book, f"so-tiep-cong-dan_{start.isoformat()}_{end.isoformat()}",
                            exports.logbook_xlsx, exports.logbook_pdf)


def _register_answer(chosen: str, table: dict, name: str, to_xlsx, to_pdf):
    """Answer a register (the logbook, form 01/TCD) as JSON, a spreadsheet or a PDF."""
    if chosen == "xlsx":
        return file_answer(to_xlsx(table), exports.XLSX_TYPE, f"{name}.xlsx")
    if chosen == "pdf":
        return file_answer(to_pdf(table), exports.PDF_TYPE, f"{name}.pdf", inline=_pdf_inline())
    return jsonify(table)


@bp.get("/reports/tcd01")
@operation("Statistics in the shape of form 01/TCD; leaders and admins", security=STAFF,
           parameters=[*PERIOD, query("format", enum=["json", "xlsx", "pdf"]), DOWNLOAD],
           responses=TABLE)
@staff_required()
def report_tcd01():
    chosen = _format(("json", "xlsx", "pdf"))
    logbook.require_reader(g.user, "report.view" if chosen == "json" else "report.export")
    start, end = logbook.parse_period(request.args.get("from"), request.args.get("to"))
    report = statistics.tcd01(start, end, g.user, chosen)
    return _register_answer(chosen, report, f"bao-cao-01-tcd_{start.isoformat()}_{end.isoformat()}",
                            exports.tcd01_xlsx, exports.tcd01_pdf)


@bp.get("/audit")
@operation("The audit log (admins)", security=STAFF,
           parameters=[query("user_id"), query("action"), query("object_type"),
                       query("object_id"), query("from"), query("to"),
                       query("page", type="integer", minimum=1, maximum=10_000),
                       query("per_page", type="integer", minimum=1, maximum=500)],
           responses=answers("Entries"))
@staff_required("admin")
def audit_log():
    filters = {key: request.args.get(key) for key in (
        "user_id", "action", "object_type", "object_id")}
    if filters["user_id"] and not filters["user_id"].isdigit():
        raise Invalid("invalid_value", field="user_id", detail="số nguyên")
    if request.args.get("from") or request.args.get("to"):
        start, end = logbook.parse_period(request.args.get("from"), request.args.get("to"))
        filters["start"], filters["end"] = logbook.period_bounds(start, end)
    result = audit.entries(filters, int_arg("page", 1), int_arg("per_page", 100, highest=500))
    audit.log(g.user, "audit.view", "audit_log", "", {k: str(v) for k, v in filters.items()
                                                      if v})
    return jsonify(result)


@bp.get("/days-off")
@operation("Public holidays and admin days off of a year", security=STAFF,
           parameters=[query("year", type="integer", minimum=2000, maximum=2100)],
           responses=answers("Days off"))
@staff_required()
def list_days_off():
    year = int_arg("year", clock.today().year, 2000, 2100)
    return jsonify({"year": year, "days_off": deadlines.days_off(year)})


@bp.post("/days-off")
@operation("Add a day off (admin)", security=STAFF, body=DayOffRequest,
           responses={"201": ok("The day"), **REFUSALS})
@staff_required("admin")
def add_day_off():
    body = json_body(DayOffRequest)
    deadlines.add_day_off(body.day, body.reason, g.user)
    return jsonify({"day": body.day.isoformat(), "reason": body.reason}), 201


@bp.delete("/days-off/<day>")
@operation("Remove an admin day off", security=STAFF,
           parameters=[path_parameter("day", format="date")],
           responses={"204": {"description": "Removed"}, **REFUSALS})
@staff_required("admin")
def remove_day_off(day):
    try:
        parsed = date.fromisoformat(day)
    except ValueError as error:
        raise Invalid("invalid_value", field="Ngày", detail="YYYY-MM-DD") from error
    if not deadlines.remove_day_off(parsed, g.user):
        raise NotFound("not_found", what=f"ngày nghỉ {day}")
    return "", 204
