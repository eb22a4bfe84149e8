"""schemathesis generates requests from the API description and runs them in-process.

A bounded number of examples per endpoint keeps the suite quick; every answer must be
free of server errors and match the description (status, content type, body schema).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gazette_site import openapi

schema = schemathesis.openapi.from_dict(openapi.description())
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Keep the database connection open across requests, as Django's test client does.

    The WSGI handler closes connections at the end of each request; on PostgreSQL that
    would close the test transaction's connection.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
