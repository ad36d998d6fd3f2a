"""Start calls at the same moment: one thread each, all released together by a barrier."""
import threading
from concurrent.futures import ThreadPoolExecutor


def at_the_same_moment(calls, timeout=60):
    """Run every zero-argument callable in `calls` in a thread of its own, none starting before every thread is
    ready to start; return their results in order (a call's exception is raised here)."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout)  # thread start-up is slow and uneven: without this the first calls may end first
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
