"""Schemathesis over the lesson and training endpoints: no 5xx, answers match their schema."""

from __future__ import annotations

import warnings

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

from app.main import app

LESSONS = r"^/api/(tour|quiz|train)"
schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex=LESSONS)
schema.config.phases.coverage.enabled = False
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_lesson_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)
