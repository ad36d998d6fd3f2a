"""Fixtures for the statement-count tests: the shared statement counter, and apps without the public read cache."""
import pytest

from tests.support.statements import count_statements  # noqa: F401  -- a shared fixture


@pytest.fixture
def app(app_factory):
    """The app with the public read cache off: a read answered from the cache costs no statement, and whether an
    entry is still fresh depends on how fast the machine ran the requests before it, so counts would follow the
    clock instead of the data."""
    return app_factory(PUBLIC_READ_CACHE_SECONDS=0)
