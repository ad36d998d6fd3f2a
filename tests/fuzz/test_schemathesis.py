"""Schemathesis fuzzes every operation of /api/v1/_openapi (FAB's REST API and the compat API) on a live server."""
import os

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from tests.support.form_login import admin_auth
from tests.support.fuzzing import fuzz_failures
from tests.support.live_server import serving_a_copy

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# CI replays the same examples every run (derandomized), so a red build is reproducible and never a dice roll;
# FUZZ_EXPLORE=1 draws fresh examples each run to look for new findings, FUZZ_EXAMPLES sets how many.
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))


@pytest.fixture(scope="module")
def fuzz_server(template_db, tmp_path_factory):
    """One live server on one database copy for the whole module (the fuzzer makes many cheap requests)."""
    with serving_a_copy(template_db, tmp_path_factory.mktemp("fuzz")) as server:
        yield server


@pytest.fixture(scope="module")
def admin_headers(fuzz_server):
    """A JWT bearer header from the REST login, signed in as Admin."""
    return admin_auth(fuzz_server.url)


@pytest.fixture(scope="module")
def fuzz_schema(fuzz_server, admin_headers):
    """The OpenAPI document as the running app serves it (to anyone; fetched here with the admin's header)."""
    return schemathesis.openapi.from_url(f"{fuzz_server.url}/api/v1/_openapi", headers=admin_headers)


def fuzz_every_operation(schema, headers):
    """Run the checks over every operation; return the failures as text (one entry per failing operation)."""
    operations = [result.ok() for result in schema.get_all_operations()]
    return fuzz_failures(operations, lambda case: case.call_and_validate(headers=headers, checks=CHECKS, timeout=15),
                         MAX_EXAMPLES)


@pytest.mark.fuzz
def test_every_operation_conforms_as_admin(fuzz_schema, admin_headers):
    """Signed in as Admin: no 5xx, every status documented, every body matching its documented schema."""
    failures = fuzz_every_operation(fuzz_schema, admin_headers)
    assert not failures, "\n\n".join(failures)


@pytest.mark.fuzz
def test_every_operation_conforms_anonymously(fuzz_schema):
    """Anonymous: the same checks; protected operations must refuse in their documented way."""
    failures = fuzz_every_operation(fuzz_schema, {})
    assert not failures, "\n\n".join(failures)
