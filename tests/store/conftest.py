"""Every store test runs against SQLite and a real PostgreSQL server started here.

PostgreSQL missing: those cases skip with a how-to, and fail under CI=true (where `make test`
installs it).
"""

from __future__ import annotations

import itertools
import os

import pytest
from pgserver import HOWTO, PgServer, bin_dir

_names = itertools.count()


@pytest.fixture(scope="session")
def pg():
    bindir = bin_dir()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail(HOWTO)
        pytest.skip(HOWTO)
    server = PgServer(bindir)
    server.start()
    yield server
    server.remove()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path) -> str:
    """A fresh, empty store: a SQLite file path, or a postgresql:// URL of a new database."""
    if request.param == "sqlite":
        return str(tmp_path / "graphs.sqlite3")
    return request.getfixturevalue("pg").create_database(f"t{os.getpid()}_{next(_names)}")
