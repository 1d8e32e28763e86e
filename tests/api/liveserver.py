"""A real uvicorn server in a subprocess, on a free loopback port, for the adversarial tests:
its peak memory is read from /proc/<pid>/status (VmHWM), and how long the OS kept its event
loop waiting for a CPU from /proc/<pid>/task/<pid>/schedstat."""

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

    def loop_cpu_wait(self) -> float:
        """Seconds the server's main thread (its event loop) has spent runnable but waiting for
        a CPU, so far (0 where the kernel does not count it)."""
        return cpu_wait(f"/proc/{self.proc.pid}/task/{self.proc.pid}/schedstat")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.sock.close()


def cpu_wait(schedstat: str = "/proc/thread-self/schedstat") -> float:
    """Seconds a thread has spent on a run queue, waiting for a CPU (the second field of its
    schedstat; the calling thread's by default); 0 where the kernel does not count it."""
    try:
        return int(Path(schedstat).read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0
