"""The SQLite store (stdlib): one short-lived connection per call, WAL beside readers.

Reads never write: they open the file read-only (immutable when not even the WAL index can be
created), so a read-only database still serves its graphs. The schema and WAL mode are set up
by the first save.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from .store import StoreUnavailable, checked, graph_id, valid_id

log = logging.getLogger("compgraph")
SCHEMA = """CREATE TABLE IF NOT EXISTS graphs (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
)"""
# insert, or repair a damaged row; an intact row is left as it is (rowcount 0)
UPSERT = """INSERT INTO graphs (id, document) VALUES (?, ?)
    ON CONFLICT (id) DO UPDATE SET document = excluded.document
    WHERE graphs.document IS NOT excluded.document"""


class SQLiteStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._ready = False
        self._lock = threading.Lock()

    def _writer(self) -> sqlite3.Connection:
        try:
            if not self._ready:
                with self._lock:
                    if not self._ready:
                        self.path.parent.mkdir(parents=True, exist_ok=True)
                        with closing(self._open(f"file:{quote(str(self.path))}")) as con:
                            con.execute("PRAGMA journal_mode=WAL")
                            con.execute(SCHEMA)
                        self._ready = True
            return self._open(f"file:{quote(str(self.path))}")
        except (sqlite3.Error, OSError) as err:
            raise self._unavailable("cannot write", err) from err

    def _reader(self) -> sqlite3.Connection | None:
        """A read-only connection, or None when there is no database file yet."""
        if not self.path.exists():
            if self.path.parent.exists() and not self.path.parent.is_dir():
                raise self._unavailable("cannot be created", NotADirectoryError(self.path.parent))
            return None
        uri = f"file:{quote(str(self.path))}?mode=ro"
        con = self._open(uri)
        try:
            con.execute("PRAGMA schema_version")  # opening is lazy: this reads the file
            return con
        except sqlite3.OperationalError:
            # a WAL database whose index (-shm) cannot be created in a read-only folder
            con.close()
            return self._open(uri + "&immutable=1")

    @staticmethod
    def _open(uri: str) -> sqlite3.Connection:
        con = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 30000")
        return con

    def _unavailable(self, what: str, err: Exception) -> StoreUnavailable:
        log.error("saved-graph store %s: %s %s", self.path, what, err)
        return StoreUnavailable(f"the saved-graph store {what} ({err}); try again later")

    def save(self, text: str) -> tuple[str, bool]:
        """Store a canonical document; (id, written). An intact row is never rewritten."""
        gid = graph_id(text)
        con = self._writer()
        try:
            with closing(con):
                cur = con.execute(UPSERT, (gid, text))
        except sqlite3.Error as err:
            raise self._unavailable("cannot write", err) from err
        return gid, cur.rowcount == 1

    def get(self, gid: str) -> str | None:
        if not valid_id(gid):
            return None
        try:
            con = self._reader()
            if con is None:
                return None
            with closing(con):
                row = con.execute("SELECT document FROM graphs WHERE id = ?", (gid,)).fetchone()
        except sqlite3.OperationalError as err:
            if "no such table" in str(err):
                return None
            raise self._unavailable("cannot be read", err) from err
        except sqlite3.Error as err:
            raise self._unavailable("cannot be read", err) from err
        return checked(gid, row[0] if row else None)

    def ping(self) -> None:
        """StoreUnavailable unless the database (or the folder it will be created in) is usable."""
        try:
            con = self._reader()
            if con is not None:
                with closing(con):
                    con.execute("SELECT 1").fetchone()
        except sqlite3.Error as err:
            raise self._unavailable("cannot be read", err) from err

    def close(self) -> None:
        pass

