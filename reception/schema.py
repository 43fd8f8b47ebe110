"""Create and migrate the database schema, and create the first admin account."""

import secrets

from reception import clock
from reception.booking.models import BOOKING_MODELS
from reception.cases import storage as case_storage
from reception.crowd.models import CROWD_MODELS
from reception.database import connection
from reception.extensions import db
from reception.models import (
    ALL_MODELS,
    SchemaVersion,
    StaffSession,
    User,
)
from reception.notifications.models import NOTIFICATION_MODELS
from reception.petitions.models import PETITION_MODELS
from reception.schedule.models import SCHEDULE_MODELS


def _drop_service_prefix(migrator) -> None:
    """Drop the per-matter number prefix: a number must not tell what its holder came for."""
    from playhouse.migrate import migrate

    if any(column.name == "prefix" for column in db.get_columns("service")):
        migrate(migrator.drop_column("service", "prefix"))


def _add_staff_sessions(migrator) -> None:
    """Add the table of browser sign-ins, so logout and deactivation end them on the server.

    Sign-ins made before this version carry no key and end at the upgrade: staff sign in again.
    """
    db.create_tables([StaffSession], safe=True)


def _calling_order_index(migrator) -> None:
    """Replace the waiting-list index by one in calling order (init_db has just created it):
    the next ticket and a desk's next few are then read off it, however long the queue."""
    db.execute_sql("DROP INDEX IF EXISTS ticket_status_day_priority_rank_queued_at")


def _add_notifications_and_petitions(migrator) -> None:
    """Add the notification outbox, its delivery log, the urgent-alert recipients and the
    online petitions with their files."""
    db.create_tables(NOTIFICATION_MODELS + PETITION_MODELS, safe=True)


def _add_bookings(migrator) -> None:
    """Add online booking: a capacity per leader's reception rule, session days, appointments."""
    from peewee import IntegerField
    from playhouse.migrate import migrate

    from reception.booking.models import BOOKING_MODELS

    if not any(column.name == "capacity" for column in db.get_columns("leader_reception")):
        migrate(migrator.add_column("leader_reception", "capacity", IntegerField(default=0)))
    db.create_tables(BOOKING_MODELS, safe=True)


# Each migration: (version, function taking the playhouse migrator). Append, never edit.
MIGRATIONS: list = [(2, _drop_service_prefix), (3, _add_staff_sessions), (4, _add_bookings),
                    (5, _add_notifications_and_petitions), (6, _calling_order_index)]
BASE_VERSION = 1



def init_db() -> int:
    """Create missing tables and apply pending migrations; return the schema version."""
    from playhouse.migrate import SchemaMigrator

    with connection():
        db.create_tables(ALL_MODELS, safe=True)
        case_storage.install()
        db.create_tables(CROWD_MODELS + SCHEDULE_MODELS, safe=True)
        db.create_tables(NOTIFICATION_MODELS + PETITION_MODELS, safe=True)
        current = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
        if current is None or current.version >= 4:
            # A new database, or one past migration 4, has every booking table now.
            db.create_tables(BOOKING_MODELS, safe=True)
        if current is None:
            latest = max([BASE_VERSION] + [v for v, _ in MIGRATIONS])
            SchemaVersion.create(version=latest, applied_at=clock.stored_now())
            return latest
        migrator = SchemaMigrator.from_database(db.obj)
        version = current.version
        for number, migrate in MIGRATIONS:
            if number > version:
                with db.atomic():
                    migrate(migrator)
                    SchemaVersion.create(version=number, applied_at=clock.stored_now())
                version = number
        return version


def ensure_admin(hash_method: str) -> tuple[str, str] | None:
    """Create the first admin with a random password (hashed with hash_method) when there are
    no users.

    Returns (username, password) once, for printing on the console; None otherwise.
    """
    from reception.users import create_user

    with connection():
        if User.select().exists():
            return None
    password = secrets.token_urlsafe(12)
    create_user("admin", password, "admin", full_name="Quản trị hệ thống",
                hash_method=hash_method)
    return "admin", password
