"""Database privacy that holds for every table: the SQLite file is born private, and
deleted rows leave no copy in the write-ahead log.

On each new SQLite connection (configure_sqlite): WAL (readers do not block the writer),
foreign keys enforced, a busy timeout instead of 'database is locked', secure_delete (deleted
rows are zeroed), and the file readable by its owner only. And what those settings cannot do:
- the file is created with mode 0600 before SQLite opens it, so it is never
  readable by others, not even for the moment before a chmod (SQLite gives
  its -wal and -shm files the database file's mode);
- after a deletion, `checkpoint_wal` copies the log into the (secure_delete,
  so zeroed) database pages and truncates the log, where the deleted row's
  bytes would otherwise stay until the next automatic checkpoint;
- `commit_unhurried` commits a row that records a reading (a counselor opened a
  record) without waiting for the disk.
"""

from __future__ import annotations

import os
import sqlite3

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.pool import Pool

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


def sqlite_file_path(cargs: tuple, cparams: dict) -> str | None:
    """The file a pysqlite connection will open, or None (memory, URI filenames)."""
    database = cargs[0] if cargs else cparams.get("database")
    if not isinstance(database, str) or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


@event.listens_for(Engine, "do_connect")
def create_private_sqlite_file(dialect, _record, cargs, cparams) -> None:
    if dialect.name != "sqlite":
        return
    path = sqlite_file_path(tuple(cargs), cparams)
    if path is None:
        return
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def checkpoint_wal(session: Session | scoped_session) -> None:
    """After deleting rows on SQLite: fold the log into the database and empty it."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    session.commit()


# Set on a pooled SQLite connection whose commits stopped waiting for the disk, until it is returned.
UNHURRIED = "passage_unhurried"


def commit_unhurried(session: Session | scoped_session) -> None:
    """Commit without waiting for the disk to confirm it: for the audit row of a counselor opening
    or printing a record. Every other commit waits (SQLite's synchronous=FULL, PostgreSQL's
    synchronous_commit), about 7 ms of fsync on the benchmark's disk, as long as the record
    page's own work, and the page waited for it. A crash of the app loses nothing; a power loss
    or a crash of the system may lose such rows written since the last commit that waited (on
    SQLite the next one, or a checkpoint, writes them too), and never corrupts the database."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # SQLite refuses the change inside a transaction (a write not yet committed): it then waits.
        driver = connection.connection.driver_connection
        if driver is not None and not driver.in_transaction:
            connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
            connection.connection.info[UNHURRIED] = True
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")  # this transaction only
    session.commit()


@event.listens_for(Pool, "reset")
def wait_for_the_disk_again(dbapi_connection, record, _reset_state) -> None:
    """A connection goes back to the pool committing as every other one does."""
    if record.info.pop(UNHURRIED, False):
        dbapi_connection.execute("PRAGMA synchronous=FULL")
