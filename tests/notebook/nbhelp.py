"""Helpers for the notebook tests (tests/notebook is on sys.path for its test files)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A free loopback port (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
