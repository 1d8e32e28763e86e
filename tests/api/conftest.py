"""An app per test around its own settings and a temporary database."""

from __future__ import annotations

import pytest
from apihelp import make_client


@pytest.fixture
def client(tmp_path):
    with make_client(tmp_path) as c:
        yield c
