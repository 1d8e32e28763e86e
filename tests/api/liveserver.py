"""A real uvicorn server in a subprocess, on a free loopback port, for the adversarial tests:
its peak memory is read from /proc/<pid>/status (VmHWM)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


class LiveServer:
    def __init__(self, db: Path, **env: str):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        fd = self.sock.fileno()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "compgraph.app.main:app", "--fd", str(fd),
             "--log-level", "warning"], pass_fds=[fd],
            env={**os.environ, "COMPGRAPH_DB": str(db), **env})
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("the server did not start")
            time.sleep(0.1)

    def peak_rss_mb(self) -> float:
        """The server's peak resident memory so far (VmHWM), in MB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines()
                  if line.startswith("VmHWM:"))
        return kb / 1024

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.sock.close()
