"""Periodic statistics in the shape of report form 01/TCD (Thông tư 06/2025/TT-TTCP).

Also the content groups of form 02/XLD (by the field's group, reception.cases.options) and
the handling directions of each matter type.

A matter (vụ việc) is a case, or a visit that opened none; it counts as a repeat when its
first visit in the period was a repeat (tái diễn). Sessions of reception by the head are the
distinct (day, receiving person) pairs.
"""

from datetime import date

from reception import settings as org_settings
from reception.cases import audit, options
from reception.cases.logbook import require_reader
from reception.cases.models import RECEPTION_KINDS, SESSION_KINDS, Visit

HEAD_KINDS = ("head_in_person", "head_delegated")


def tcd01(start: date, end: date, user, export_format: str = "json") -> dict:
    """Return the form 01/TCD figures of a period for a leader or admin (audited)."""
    action = "report.view" if export_format == "json" else "report.export"
    require_reader(user, action)
    report = compute(start, end)
    audit.log(user, action, "report_tcd01", f"{start.isoformat()}..{end.isoformat()}",
              {"format": export_format})
    return report


def _visits(start: date, end: date) -> list[dict]:
    return list(
        Visit.select(
            Visit.id, Visit.received_on, Visit.received_by, Visit.party_size, Visit.is_group,
            Visit.is_repeat, Visit.matter_type, Visit.field, Visit.handling,
            Visit.reception_kind, Visit.session_kind, Visit.case, Visit.received_at,
        )
        .where((Visit.received_on >= start) & (Visit.received_on <= end))
        .order_by(Visit.received_at, Visit.id)
        .dicts()
    )


def _matter_key(visit: dict) -> str:
    return f"c{visit['case']}" if visit["case"] else f"v{visit['id']}"


def _tally(visits: list[dict]) -> dict:
    """Return visits, people, matters (first/repeat) and groups of a list of visits."""
    first_visit: dict[str, dict] = {}
    for visit in visits:
        first_visit.setdefault(_matter_key(visit), visit)
    groups = [visit for visit in visits if visit["is_group"]]
    group_matters: dict[str, dict] = {}
    for visit in groups:
        group_matters.setdefault(_matter_key(visit), visit)
    repeat_matters = sum(1 for visit in first_visit.values() if visit["is_repeat"])
    return {
        "visits": {
            "total": len(visits),
            "first": sum(1 for visit in visits if not visit["is_repeat"]),
            "repeat": sum(1 for visit in visits if visit["is_repeat"]),
        },
        "people": sum(visit["party_size"] for visit in visits),
        "matters": {
            "total": len(first_visit),
            "first": len(first_visit) - repeat_matters,
            "repeat": repeat_matters,
        },
        "groups": {
            "count": len(groups),
            "people": sum(visit["party_size"] for visit in groups),
            "first": sum(1 for visit in groups if not visit["is_repeat"]),
            "repeat": sum(1 for visit in groups if visit["is_repeat"]),
            "matters": len(group_matters),
        },
    }


def _breakdown(visits: list[dict], key: str, labels: dict) -> list[dict]:
    rows = []
    codes = list(labels) + sorted({v[key] for v in visits} - set(labels))
    for code in codes:
        chosen = [visit for visit in visits if visit[key] == code]
        tally = _tally(chosen)
        rows.append({
            "code": code, "label": labels.get(code, code),
            "visits": tally["visits"]["total"], "people": tally["people"],
            "matters": tally["matters"]["total"], "groups": tally["groups"]["count"],
        })
    return rows


def compute(start: date, end: date) -> dict:
    """Return the figures of form 01/TCD for a period (no access check, no audit)."""
    visits = _visits(start, end)
    head = {}
    for kind in HEAD_KINDS:
        head[kind] = {}
        for session in SESSION_KINDS:
            chosen = [v for v in visits
                      if v["reception_kind"] == kind and v["session_kind"] == session]
            tally = _tally(chosen)
            head[kind][session] = {
                "label": f"{options.RECEPTION_LABELS[kind]} – {options.SESSION_LABELS[session]}",
                "sessions": len({(v["received_on"], v["received_by"]) for v in chosen}),
                "visits": tally["visits"]["total"], "people": tally["people"],
                "matters": tally["matters"]["total"], "groups": tally["groups"]["count"],
            }
    by_kind = {kind: _tally([v for v in visits if v["reception_kind"] == kind])
               for kind in RECEPTION_KINDS}
    groups = options.get("cases.field_groups")
    for visit in visits:
        visit["content_group"] = options.content_group(visit["field"], groups)
    return {
        "form": "01/TCD",
        "org_name": org_settings.get("org_name"),
        "from": start.isoformat(), "to": end.isoformat(),
        "totals": _tally(visits),
        "by_reception_kind": by_kind,
        "head_reception": head,
        "by_matter_type": _breakdown(visits, "matter_type", options.MATTER_LABELS),
        "by_field": _breakdown(visits, "field", options.fields()),
        "by_handling": _breakdown(visits, "handling", options.HANDLING_LABELS),
        "by_content_group": _breakdown(visits, "content_group", options.CONTENT_GROUPS),
        "handling_by_matter_type": {
            matter: _breakdown([v for v in visits if v["matter_type"] == matter], "handling",
                               options.HANDLING_LABELS)
            for matter in options.MATTER_LABELS},
    }
