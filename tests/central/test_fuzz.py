"""A contract fuzz over the OpenAPI document: no 5xx, and every response matches the schema.

Driven by hand (one Hypothesis run per operation) rather than through schemathesis' pytest
plugin, which does not load under this pytest; seeded and bounded, so every run is the same.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import Central

EXAMPLES_PER_OPERATION = 15

# The time-stamping authority's body is binary (a DER TimeStampReq): sent as raw bytes.
schemathesis.serializer.alias("application/timestamp-query", "application/octet-stream")


def test_api_contract(central: Central) -> None:
    """Generated requests to every operation never get a 5xx or a reply off the schema."""
    session = central.sign_in(central.user("assessor"))
    headers = {**session.headers, "X-QPM-Protocol": "1"}
    schema = schemathesis.openapi.from_url(f"{central.base_url}/openapi.json")
    checks = [
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
        content_type_conformance,
    ]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=checks)

        run()
