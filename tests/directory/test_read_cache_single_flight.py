"""One build per key at a time: askers that miss while it runs share its value, also when it outlives the entry's
lifetime; a failed build or one overtaken by a commit is not handed out, so they build again."""
import threading
import time

import pytest

from app.services.directory.cache import ReadCache
from tests.support.waiting import wait_for

ASKERS = 8


class CountingClock:
    """A monotonic clock moved by the test that counts how often it is read (each ask reads it once per try)."""

    def __init__(self):
        self.now, self.reads = 1000.0, 0

    def __call__(self):
        self.reads += 1
        return self.now


def ask_together(cache, clock, build, gate):
    """Start ASKERS threads asking for one key while `build` holds at `gate`; open it once all have asked.
    Returns (values, errors) by thread."""
    values, errors = {}, {}

    def ask(n):
        try:
            values[n] = cache.get_or_build("teams", build)
        except Exception as error:  # noqa: BLE001 -- recorded for the test to check
            errors[n] = error

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(ASKERS)]
    for thread in threads:
        thread.start()
    wait_for(lambda: clock.reads >= ASKERS)
    time.sleep(0.1)  # from reading the clock to waiting on the build is a few instructions
    gate.set()
    for thread in threads:
        thread.join(timeout=10)
    return values, errors


def first_build_differs(gate, builds, first, later):
    """A build that counts itself in `builds` and holds at `gate`; the first one then returns `first()`, every
    later one `later`."""
    def build():
        builds.append(1)
        gate.wait(10)
        return first() if len(builds) == 1 else later
    return build


def test_askers_that_miss_together_share_one_build_even_when_it_outlives_the_entry():
    """Eight askers, one build; the build takes longer than the lifetime and every asker still gets its value."""
    clock, gate, builds = CountingClock(), threading.Event(), []
    cache = ReadCache(2, clock=clock)

    def build():
        builds.append(1)
        gate.wait(10)
        clock.now += 5  # longer than the entry's 2 s lifetime
        return "document"

    values, errors = ask_together(cache, clock, build, gate)
    assert errors == {} and set(values.values()) == {"document"} and len(values) == ASKERS
    assert len(builds) == 1


def test_a_failed_build_fails_its_own_request_only_and_the_others_build_again():
    """The builder's error is its own; the waiting askers build again (one at a time) and get a value."""
    clock, gate, builds = CountingClock(), threading.Event(), []
    cache = ReadCache(60, clock=clock)

    def fail():
        raise RuntimeError("database went away")

    values, errors = ask_together(cache, clock, first_build_differs(gate, builds, fail, "document"), gate)
    assert len(errors) == 1 and isinstance(next(iter(errors.values())), RuntimeError)
    assert set(values.values()) == {"document"} and len(values) == ASKERS - 1
    assert len(builds) == 2


def test_a_commit_during_the_build_sends_the_waiting_askers_to_a_new_build():
    """A build overtaken by this process's commit is not shared: the others get the value built after it."""
    clock, gate, builds = CountingClock(), threading.Event(), []
    cache = ReadCache(60, clock=clock)

    def commit_meanwhile():
        cache.invalidate()  # a commit lands while the first build reads
        return "before the commit"

    values, errors = ask_together(cache, clock, first_build_differs(gate, builds, commit_meanwhile,
                                                                    "after the commit"), gate)
    assert errors == {} and len(builds) == 2
    assert sorted(values.values()) == ["after the commit"] * (ASKERS - 1) + ["before the commit"]
    assert cache.get_or_build("teams", lambda: pytest.fail("the second build's value is cached")) == \
        "after the commit"
