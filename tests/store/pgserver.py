"""A throwaway PostgreSQL server for the store tests: a cluster in a temp dir, a unix socket there.

Runs the Debian binaries (/usr/lib/postgresql/*/bin) as the `postgres` user when we are root
(postgres refuses to run as root). No TCP: the server listens on its socket only.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

HOWTO = ("PostgreSQL is not installed: `apt-get install postgresql` (or `make postgres` as root)"
         " to run the store tests against it")
PORT = 5432  # names the socket file in our own directory, so it cannot collide


def bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class PgServer:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="compgraph-pg-"))
        self.data, self.socket = self.root / "data", self.root
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8")

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://postgres@/{db}?host={self.socket}&port={PORT}"

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        opts = f"-p {PORT} -k {self.socket} -c listen_addresses='' -c fsync=off"
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-o", opts,
                  "-l", str(self.root / "log"))

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; mode "immediate" is a crash (no shutdown checkpoint)."""
        self._run("pg_ctl", "stop", "-w", "-D", str(self.data), "-m", mode)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)
