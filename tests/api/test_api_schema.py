"""Schemathesis over the OpenAPI schema: no 5xx, and every answer matches its documented schema."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

from compgraph.app.main import create_app
from compgraph.app.settings import Settings

DB = Path(tempfile.mkdtemp(prefix="compgraph-schema-")) / "graphs.sqlite3"
app = create_app(Settings(db=DB, max_gradcheck_elements=200))
# every JSON endpoint: the graph API and the lesson routes (tour, quiz, training)
schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex=r"^/api/")
schema.config.phases.coverage.enabled = False  # examples + fuzzing keep it well under a minute
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)
