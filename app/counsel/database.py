"""SQLite settings for durable, private records, applied to every new connection:
WAL (readers do not block the writer), foreign keys enforced, a busy timeout
instead of 'database is locked', secure_delete (deleted rows are zeroed), and
the file readable by its owner only."""

from __future__ import annotations

import os
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

PRAGMAS = ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=5000", "secure_delete=ON")


@event.listens_for(Engine, "connect")
def configure_sqlite(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(f"PRAGMA {pragma}")
    path = cursor.execute("PRAGMA database_list").fetchone()[2]
    cursor.close()
    if path and os.path.exists(path):
        os.chmod(path, 0o600)
