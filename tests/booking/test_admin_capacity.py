"""Issue 13: an admin makes a leader's weekly reception bookable on the schedule page, and an
older database migrates to the schema with bookings (migration 4)."""

import re

from playhouse.migrate import SchemaMigrator, migrate

from reception import schema
from reception.database import connection
from reception.extensions import db
from reception.models import SchemaVersion
from tests.admin.conftest import csrf_from, log_in
from tests.booking.conftest import citizen

WEEKLY_WEDNESDAY = {"leader_name": "Nguyễn Văn Bình", "leader_title": "Chủ tịch UBND xã",
                    "kind": "scheduled", "recurrence": "weekly", "weekday": "2",
                    "start_time": "13:30", "end_time": "16:30", "counter": "1",
                    "on_holiday": "next_working_day"}


def test_the_schedule_page_sets_the_places_citizens_can_book(app, client, make_user, morning):
    user, password = make_user("admin")
    admin = app.test_client()
    log_in(admin, user.username, password)
    token = csrf_from(admin.get("/admin/schedule").get_data(as_text=True))
    assert admin.post("/admin/schedule/sessions", data={
        **WEEKLY_WEDNESDAY, "csrf_token": token, "capacity": "4"}).status_code == 302
    first = client.get("/api/v1/sessions").json["sessions"][0]
    assert (first["capacity"], first["bookable"], first["host"]["name"]) == (
        4, True, "Nguyễn Văn Bình")
    assert client.post("/api/v1/appointments", json=citizen(first["id"])).status_code == 201
    html = admin.get("/admin/schedule").get_data(as_text=True)
    entry_id = re.search(r'data-entry-id="(\d+)"', html).group(1)
    edit = admin.get(f"/admin/schedule?edit={entry_id}").get_data(as_text=True)
    assert 'name="capacity" type="number" min="0" max="1000" value="4"' in edit
    refused = admin.post("/admin/schedule/sessions", data={
        **WEEKLY_WEDNESDAY, "csrf_token": token, "capacity": "-3"})
    assert refused.status_code == 400
    assert "Số chỗ đặt lịch" in refused.get_data(as_text=True)


def test_a_version_3_database_gains_bookings(app, client, auth_headers, morning):
    with connection():
        migrator = SchemaMigrator.from_database(db.obj)
        db.execute_sql("DROP TABLE booking_appointment")
        db.execute_sql("DROP TABLE booking_session_day")
        migrate(migrator.drop_column("leader_reception", "capacity"))
        SchemaVersion.delete().where(SchemaVersion.version > 3).execute()
        SchemaVersion.insert(version=3, applied_at="2026-11-01 00:00:00").on_conflict_ignore(
        ).execute()
    assert schema.init_db() == max(version for version, _ in schema.MIGRATIONS)
    with connection():
        assert "capacity" in {c.name for c in db.get_columns("leader_reception")}
    from tests.booking.conftest import add_session

    session = add_session(client, auth_headers("leader")).json["session"]
    assert client.post("/api/v1/appointments", json=citizen(session["id"])).status_code == 201
