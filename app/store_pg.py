"""The PostgreSQL store (psycopg 3 and its pool, the `postgres` extra): several app hosts, one
database. The schema is created on first use (under an advisory lock, so hosts starting
together do not race); a lost server is a StoreUnavailable (503) until it is back, and the
pool checks each connection before handing it out, so the store recovers by itself. A ping
(the readiness check) waits for a connection `PING_TIMEOUT` seconds, not the pool's timeout:
with the server down, /api/health says so at once.
"""

from __future__ import annotations

import logging
import threading

from .store import StoreUnavailable, checked, graph_id, valid_id

log = logging.getLogger("compgraph")
SCHEMA = """CREATE TABLE IF NOT EXISTS graphs (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    created TIMESTAMPTZ NOT NULL DEFAULT now()
)"""
PING_TIMEOUT = 0.5  # seconds a ping waits for a connection
LOCK_KEY = 0x636F6D70  # pg_advisory_xact_lock key for creating the schema
UPSERT = """INSERT INTO graphs (id, document) VALUES (%s, %s)
    ON CONFLICT (id) DO UPDATE SET document = excluded.document
    WHERE graphs.document IS DISTINCT FROM excluded.document"""


class PostgresStore:
    def __init__(self, url: str, *, max_size: int = 8, timeout: float = 5.0):
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError as err:  # pragma: no cover - depends on the install
            raise RuntimeError("COMPGRAPH_DB is a PostgreSQL URL: install the extra with"
                               " `pip install 'compgraph[postgres]'`") from err
        self._errors = (psycopg.Error, OSError)
        self.url = url
        self._pool = ConnectionPool(url, min_size=0, max_size=max_size, timeout=timeout,
                                    open=False, check=ConnectionPool.check_connection,
                                    kwargs={"autocommit": True, "connect_timeout": 5})
        self._ready = False
        self._lock = threading.Lock()

    def _run(self, what: str, sql: str, args: tuple = (), timeout: float | None = None):
        """Execute one statement; (rowcount, first row). Connection faults, or no connection
        within `timeout` seconds (default: the pool's): StoreUnavailable."""
        try:
            self._open(timeout)
            with self._pool.connection(timeout) as con:
                cur = con.execute(sql, args)
                return cur.rowcount, (cur.fetchone() if cur.description else None)
        except self._errors as err:  # psycopg's PoolTimeout is a psycopg.Error too
            log.error("saved-graph store (PostgreSQL): %s: %s", what, err)
            raise StoreUnavailable(f"the saved-graph database {what}"
                                   f" ({type(err).__name__}); try again later") from err

    def _open(self, timeout: float | None) -> None:
        if self._ready:
            return
        with self._lock:
            if not self._ready:
                self._pool.open()
                with self._pool.connection(timeout) as con, con.transaction():
                    con.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                    con.execute(SCHEMA)
                self._ready = True

    def save(self, text: str) -> tuple[str, bool]:
        """Store a canonical document; (id, written). An intact row is never rewritten."""
        gid = graph_id(text)
        count, _ = self._run("cannot be written", UPSERT, (gid, text))
        return gid, count == 1

    def get(self, gid: str) -> str | None:
        if not valid_id(gid):
            return None
        _, row = self._run("cannot be read", "SELECT document FROM graphs WHERE id = %s", (gid,))
        return checked(gid, row[0] if row else None)

    def ping(self) -> None:
        self._run("cannot be reached", "SELECT 1", timeout=PING_TIMEOUT)

    def close(self) -> None:
        self._pool.close()

