"""The audit log: views, changes and exports are written; the database itself refuses UPDATE
and DELETE on it (SQLite and PostgreSQL triggers); record changes keep their history."""


import pytest
from peewee import DatabaseError

from demo import headquarters
from reception.cases import audit, meetings, search
from reception.cases.models import AuditLog, RecordHistory
from reception.database import connection
from reception.extensions import db
from tests.cases.conftest import meeting


def assert_append_only():
    """Try to alter the audit log and the record history; the database must refuse."""
    for table in ("audit_log", "record_history"):
        with pytest.raises(DatabaseError, match="chỉ được ghi thêm"):
            with db.atomic():
                db.execute_sql(f"UPDATE {table} SET user_id = 999")
        with pytest.raises(DatabaseError, match="chỉ được ghi thêm"):
            with db.atomic():
                db.execute_sql(f"DELETE FROM {table}")
    assert AuditLog.select().count() > 0
    assert AuditLog.select().where(AuditLog.user_id == 999).count() == 0


def test_views_changes_and_exports_are_audited(client, staff, recorded):
    officer, headers = staff("officer")
    admin, admin_headers = staff("admin")
    visit = recorded(headers, meeting())
    case_id = visit["case"]["id"]
    client.get(f"/api/v1/cases/{case_id}", headers=headers)
    client.patch(f"/api/v1/cases/{case_id}", headers=headers,
                 json={"status": "resolved", "result_note": "Đã ban hành quyết định giải quyết"})
    client.get(f"/api/v1/cases/{case_id}/export.pdf", headers=headers)
    client.get("/api/v1/logbook?from=2026-01-01&to=2026-12-31&format=xlsx",
               headers=admin_headers)
    log = client.get("/api/v1/audit", headers=admin_headers)
    assert log.status_code == 200
    actions = [(e["username"], e["action"], e["object_id"]) for e in log.json["entries"]]
    for expected in [(officer.username, "visit.create", str(visit["id"])),
                     (officer.username, "case.create", str(case_id)),
                     (officer.username, "case.view", str(case_id)),
                     (officer.username, "case.update", str(case_id)),
                     (officer.username, "case.export", str(case_id)),
                     (admin.username, "logbook.export", "2026-01-01..2026-12-31")]:
        assert expected in actions
    assert all(entry["ip"] == "127.0.0.1" for entry in log.json["entries"])
    only_views = client.get(f"/api/v1/audit?action=case.view&object_id={case_id}",
                            headers=admin_headers)
    # The GET, and the case returned by the PATCH; the export is audited as an export.
    assert only_views.json["total"] == 2
    assert client.get("/api/v1/audit", headers=headers).status_code == 403

    history = client.get(f"/api/v1/cases/{case_id}/history", headers=headers).json["history"]
    assert [item["action"] for item in history] == ["create", "update"]
    assert history[1]["before"]["status"] == "in_progress"
    assert history[1]["after"]["status"] == "resolved"
    assert history[1]["username"] == officer.username
    case = client.get(f"/api/v1/cases/{case_id}", headers=headers).json["case"]
    assert all(d["met_at"] for d in case["deadlines"]), "closing meets every running limit"

    changed = client.patch(f"/api/v1/visits/{visit['id']}", headers=headers,
                           json={"summary": "Khiếu nại quyết định thu hồi đất (bổ sung)"})
    assert changed.status_code == 200
    visit_history = client.get(f"/api/v1/visits/{visit['id']}/history", headers=headers)
    assert visit_history.json["history"][-1]["before"]["summary"].startswith("Khiếu nại")
    with connection():
        assert_append_only()


def test_postgresql_refuses_changes_to_the_audit_log(postgres_database):
    from app import create_app
    from reception import schema
    from reception.config import Settings
    from reception.users import create_user

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": postgres_database,
                      "CLOSING_TIME": "", "REALTIME_COALESCE_SECONDS": 0})
    schema.init_db()
    schema.init_db()  # idempotent: triggers and indexes are recreated without error
    headquarters.seed()
    with connection():
        officer = create_user("canbo-pg", "mat-khau-an-toan", "officer",
                              hash_method=Settings.of(app).password_hash_method)
        visit = meetings.record_visit(meeting(), officer)
        audit.log(officer, "case.view", "case", visit.case_id)
        found = search.search_cases(officer, {"q": "nguyen van pho"})
        assert [case.id for case in found["cases"]] == [visit.case_id]
        assert search.search_cases(officer, {"q": "pho dat dai"})["total"] == 1
        assert search.search_cases(officer, {"q": "tran van pho"})["total"] == 0
        assert RecordHistory.select().count() >= 2
        assert_append_only()
        with pytest.raises(DatabaseError, match="chỉ được ghi thêm"):
            with db.atomic():
                db.execute_sql("TRUNCATE audit_log")
