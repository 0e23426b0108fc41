"""The SQLite store: WAL journal, append-only migrations, one transaction per buffer update.

A process killed at any moment leaves the database at the last committed transaction, and
every buffer update (score, evict, insert, policy state, ingest position) commits as one.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import PockettuneError
from .crypt import Key, apply_key, is_encrypted, lock_path, recover, sqlcipher
from .migrations import MIGRATIONS


class Store:
    """A connection to a home's database with its migrations applied.

    With a ``key`` the database is a SQLCipher one (see :mod:`.crypt`); a plain store is
    opened with the standard library's sqlite3. While open, the store holds a shared lock
    so that a key change (which needs it exclusively) never runs under another process.
    """

    def __init__(self, path: Path | str, key: Key | None = None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _shared_lock(self.path)
        try:
            self._connect(key)
        except BaseException:
            self.close()
            raise

    def _connect(self, key: Key | None) -> None:
        recover(self.path)
        if key is None and is_encrypted(self.path):
            raise PockettuneError(
                f"{self.path}: not a usable pockettune database without a key "
                "(it is encrypted, or not a database at all)"
            )
        self.api: Any = sqlcipher() if key is not None else sqlite3
        self.encrypted = key is not None
        self.conn: Any = None
        try:
            self.conn = self.api.connect(str(self.path), timeout=30.0, isolation_level=None)
            if key is not None:
                apply_key(self.conn, key, self.path)
            self.conn.row_factory = self.api.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints, never corrupt
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(
                "PRAGMA secure_delete=ON"
            )  # deleted text is overwritten, not left in free pages
            self.conn.execute("PRAGMA busy_timeout=30000")
            self._migrate()
        except self.api.DatabaseError as e:
            raise PockettuneError(f"{self.path}: not a usable pockettune database ({e})") from None

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)"
        )
        done = {r[0] for r in self.conn.execute("SELECT name FROM _migrations")}
        known = {name for name, _ in MIGRATIONS}
        if done - known:
            raise PockettuneError(
                f"{self.path}: made by a newer pockettune (migrations {sorted(done - known)}); upgrade"
            )
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction() as c:
                for stmt in _statements(sql):
                    c.execute(stmt)
                c.execute("INSERT INTO _migrations VALUES (?, ?)", (name, time.time()))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; rolls back on any exception, including Ctrl-C. A full
        disk or a lock held too long becomes a PockettuneError: nothing committed is lost."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except self.api.OperationalError as e:
            raise self._friendly(e) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except self.api.OperationalError as e:
            self._rollback()
            raise self._friendly(e) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _friendly(self, e: Exception) -> Exception:
        msg = str(e)
        if "full" in msg:
            return PockettuneError(
                f"{self.path}: the disk is full ({msg}); the last change was rolled back and nothing "
                "stored before it is lost: free some space and run the command again"
            )
        if "locked" in msg or "busy" in msg:
            return PockettuneError(
                f"{self.path}: another pockettune process held the database for 30 s; try again"
            )
        return e

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    @staticmethod
    def set_meta(conn: sqlite3.Connection, key: str, value: Any) -> None:
        """Inside a transaction: ``conn`` is what :meth:`transaction` yielded."""
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    @staticmethod
    def log(conn: sqlite3.Connection, kind: str, item_id: int | None = None, **detail: Any) -> None:
        conn.execute(
            "INSERT INTO events (ts, kind, item_id, detail) VALUES (?, ?, ?, ?)",
            (time.time(), kind, item_id, json.dumps(detail)),
        )

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        if getattr(self, "conn", None) is not None:
            self.conn.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _shared_lock(db: Path) -> Any:
    """A shared advisory lock on the store's lock file, released when the file is closed."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    f = open(lock_path(db), "a+b")  # noqa: SIM115 - held open for the store's lifetime
    try:
        fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        raise PockettuneError(
            f"{db}: its key is being changed by another pockettune process; try again"
        ) from None
    return f


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; ``--`` comments may contain anything, even ``;``."""
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [stmt for stmt in code.split(";") if stmt.strip()]
