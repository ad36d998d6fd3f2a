"""Fixtures for the statement-count tests: the shared statement counter."""
from tests.support.statements import count_statements  # noqa: F401  -- a shared fixture
