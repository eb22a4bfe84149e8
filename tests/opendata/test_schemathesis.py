"""schemathesis generates requests from the API description and runs them in-process.

A bounded number of examples per endpoint keeps the suite quick; every answer must be
free of server errors and match the description (status, content type, body schema).
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gazette_site import openapi

schema = schemathesis.openapi.from_dict(openapi.description())
schema.app = get_wsgi_application()

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_endpoint_answers_within_its_description(case):
    case.call_and_validate(checks=CHECKS)
