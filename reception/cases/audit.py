"""The audit log (who viewed, changed or exported what) and the history of record changes.

Both tables are append-only: the database refuses UPDATE and DELETE on them through
triggers that reception.cases.storage creates. The requesting IP address reaches the core
through a context variable that the API sets per request, so the core never imports Flask.
"""

import json
from contextvars import ContextVar
from datetime import date, datetime

from reception import characters, clock
from reception.cases.models import AuditLog, RecordHistory
from reception.database import write_transaction

request_ip: ContextVar[str] = ContextVar("request_ip", default="")

HISTORY_SKIP = {"content_key", "identity_key", "search_key", "updated_at"}


def set_request_ip(ip: str | None) -> None:
    """Remember the caller's IP address for the audit rows this request writes."""
    request_ip.set(ip or "")


def log(user, action: str, object_type: str, object_id="", detail: dict | None = None) -> None:
    """Append one audit row; joins the caller's transaction when there is one."""
    with write_transaction():
        AuditLog.create(
            at=clock.stored_now(),
            user_id=getattr(user, "id", None),
            username=getattr(user, "username", "") or "",
            role=getattr(user, "role", "") or "",
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            ip=request_ip.get(),
            detail=json.dumps(detail, ensure_ascii=False) if detail else "",
        )


def snapshot(instance) -> dict:
    """Return a record's stored values as JSON-ready data (foreign keys as ids)."""
    values = {}
    for name, field in instance._meta.fields.items():
        if name in HISTORY_SKIP:
            continue
        value = instance.__data__.get(field.name)
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        values[name] = value
    return values


def record_change(user, instance, before: dict | None, action: str = "update") -> None:
    """Append what a visitor, visit or case looked like before a change (None: created)."""
    after = snapshot(instance)
    if before is not None:
        changed = {key for key in after if after[key] != before.get(key)}
        if not changed:
            return
        before = {key: before.get(key) for key in changed}
        after = {key: after[key] for key in changed}
    RecordHistory.create(
        at=clock.stored_now(),
        user_id=getattr(user, "id", None),
        username=getattr(user, "username", "") or "",
        object_type=type(instance).__name__.lower(),
        object_id=instance.id,
        action=action,
        before=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False),
    )


def history(object_type: str, object_id: int) -> list[dict]:
    """Return the change history of one record, oldest first."""
    rows = RecordHistory.select().where(
        (RecordHistory.object_type == object_type) & (RecordHistory.object_id == object_id)
    ).order_by(RecordHistory.at, RecordHistory.id)
    return [
        {
            "at": clock.iso(row.at), "user_id": row.user_id, "username": row.username,
            "action": row.action,
            "before": json.loads(row.before) if row.before else None,
            "after": json.loads(row.after),
        }
        for row in rows
    ]


def entries(filters: dict, page: int = 1, per_page: int = 100) -> dict:
    """Return audit rows, newest first, filtered by user, action, object and date range.

    :raises ReceptionError: a filter holds a control character.
    """
    for key in ("action", "object_type", "object_id"):
        characters.check(filters.get(key), f"Bộ lọc “{key}”", field_en=f"The filter “{key}”")
    query = AuditLog.select()
    if filters.get("user_id"):
        query = query.where(AuditLog.user_id == int(filters["user_id"]))
    if filters.get("action"):
        query = query.where(AuditLog.action == filters["action"])
    if filters.get("object_type"):
        query = query.where(AuditLog.object_type == filters["object_type"])
    if filters.get("object_id"):
        query = query.where(AuditLog.object_id == str(filters["object_id"]))
    if filters.get("start"):
        query = query.where(AuditLog.at >= filters["start"])
    if filters.get("end"):
        query = query.where(AuditLog.at < filters["end"])
    total = query.count()
    rows = query.order_by(AuditLog.at.desc(), AuditLog.id.desc()).paginate(page, per_page)
    return {
        "total": total, "page": page, "per_page": per_page,
        "entries": [
            {
                "id": row.id, "at": clock.iso(row.at), "user_id": row.user_id,
                "username": row.username, "role": row.role, "action": row.action,
                "object_type": row.object_type, "object_id": row.object_id, "ip": row.ip,
                "detail": json.loads(row.detail) if row.detail else None,
            }
            for row in rows
        ],
    }
