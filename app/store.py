"""Saved graphs: immutable rows keyed by a hash of the canonical document, in SQLite or PostgreSQL.

Ids are 24 lowercase hex characters (96 bits of SHA-256 of the canonical JSON: keys sorted, no
spaces, whole floats written as integers), so they are URL-safe and the same document always gets
the same id. A row whose text no longer hashes to its id is damaged: reading it raises
`DamagedGraph` (a server fault), and saving the document again repairs it. A store that cannot be
reached or written raises `StoreUnavailable` (503). `open_store(db)` picks the backend:
a `postgresql://` URL or a SQLite file path.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Protocol

ID_RE = re.compile(r"[0-9a-f]{24}")


class StoreUnavailable(Exception):
    """The store cannot be reached or written now; the message says why (a 503)."""


class DamagedGraph(Exception):
    """A stored row does not match its id (a 500 the server logs; saving it again repairs it)."""


class GraphStore(Protocol):
    def save(self, text: str) -> tuple[str, bool]: ...
    def get(self, gid: str) -> str | None: ...
    def ping(self) -> None: ...
    def close(self) -> None: ...


def canonical(doc) -> str:
    return json.dumps(_normal(doc), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def _normal(v):
    if isinstance(v, dict):
        return {k: _normal(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_normal(x) for x in v]
    if isinstance(v, float):
        if not math.isfinite(v):
            return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
        if v.is_integer() and abs(v) < 2 ** 53 and not (v == 0 and math.copysign(1, v) < 0):
            return int(v)
    return v


def graph_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def valid_id(gid: str) -> bool:
    return ID_RE.fullmatch(gid) is not None


def checked(gid: str, text: str | None) -> str | None:
    """The stored text if it still hashes to its id; DamagedGraph if it does not."""
    if text is not None and graph_id(text) != gid:
        raise DamagedGraph(f"the stored graph {gid} is damaged (its text no longer matches its"
                           " id); saving the same document again repairs it")
    return text


def open_store(db: str | Path) -> GraphStore:
    """A PostgreSQL store for a postgresql:// URL, else a SQLite store for a file path."""
    if str(db).startswith(("postgresql://", "postgres://")):
        from .store_pg import PostgresStore

        return PostgresStore(str(db))
    from .store_sqlite import SQLiteStore

    return SQLiteStore(Path(db))
