"""Create the case-file tables, the append-only triggers and the search indexes.

Called from reception.schema.init_db; every statement is idempotent. SQLite gets an FTS5
table kept in sync with visits by triggers; PostgreSQL gets trigram indexes (pg_trgm) on the
stored normalised keys when the extension can be created, plain LIKE otherwise.
"""

import logging

from peewee import DatabaseError

from reception.cases.models import CASE_MODELS
from reception.cases.search import PG_VECTORS
from reception.database import is_postgres
from reception.extensions import db

log = logging.getLogger(__name__)

APPEND_ONLY = ("audit_log", "record_history")

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS visit_fts USING fts5("
    "content_key, identity_key, content='visit', content_rowid='id')",
    "CREATE TRIGGER IF NOT EXISTS visit_fts_insert AFTER INSERT ON visit BEGIN "
    "INSERT INTO visit_fts(rowid, content_key, identity_key) "
    "VALUES (new.id, new.content_key, new.identity_key); END",
    "CREATE TRIGGER IF NOT EXISTS visit_fts_delete AFTER DELETE ON visit BEGIN "
    "INSERT INTO visit_fts(visit_fts, rowid, content_key, identity_key) "
    "VALUES ('delete', old.id, old.content_key, old.identity_key); END",
    "CREATE TRIGGER IF NOT EXISTS visit_fts_update AFTER UPDATE OF content_key, identity_key "
    "ON visit BEGIN "
    "INSERT INTO visit_fts(visit_fts, rowid, content_key, identity_key) "
    "VALUES ('delete', old.id, old.content_key, old.identity_key); "
    "INSERT INTO visit_fts(rowid, content_key, identity_key) "
    "VALUES (new.id, new.content_key, new.identity_key); END",
]

POSTGRES_APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION reception_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'Bảng ' || TG_TABLE_NAME || ' chỉ được ghi thêm: không được sửa hoặc xóa',
        ERRCODE = 'insufficient_privilege';
END
$$
"""


def install() -> None:
    """Create the case-file tables, triggers and search indexes if they are missing."""
    db.create_tables(CASE_MODELS, safe=True)
    if is_postgres():
        _install_postgres()
    else:
        _install_sqlite()


def _install_sqlite() -> None:
    existed = bool(db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'visit_fts'"
    ).fetchone())
    for statement in SQLITE_FTS:
        db.execute_sql(statement)
    if not existed:
        # Visits stored before the index existed (an upgraded database) get indexed now.
        db.execute_sql("INSERT INTO visit_fts(visit_fts) VALUES ('rebuild')")
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} "
                f"ON {table} BEGIN SELECT RAISE(ABORT, "
                f"'Bảng {table} chỉ được ghi thêm: không được sửa hoặc xóa'); END"
            )


def _install_postgres() -> None:
    db.execute_sql(POSTGRES_APPEND_ONLY_FUNCTION)
    for table in APPEND_ONLY:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        db.execute_sql(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION reception_append_only()"
        )
        db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        db.execute_sql(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reception_append_only()"
        )
    for column, vector in PG_VECTORS.items():
        db.execute_sql(f"ALTER TABLE visit ADD COLUMN IF NOT EXISTS {column} tsvector "
                       f"GENERATED ALWAYS AS ({vector}) STORED")
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS visit_{column} ON visit "
                       f"USING gin ({column})")
    if trigram_available():
        for column in ("content_key", "identity_key"):
            db.execute_sql(
                f"CREATE INDEX IF NOT EXISTS visit_{column}_trgm ON visit "
                f"USING gin ({column} gin_trgm_ops)"
            )
        db.execute_sql(
            "CREATE INDEX IF NOT EXISTS visitor_search_key_trgm ON visitor "
            "USING gin (search_key gin_trgm_ops)"
        )


def trigram_available() -> bool:
    """Create pg_trgm when allowed; tell whether it is installed."""
    try:
        with db.atomic():
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        log.warning("pg_trgm unavailable, search falls back to LIKE scans: %s", error)
    row = db.execute_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone()
    return bool(row)
