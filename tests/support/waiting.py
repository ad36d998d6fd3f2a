"""Wait for a condition, not for time: poll until it holds, failing after a generous deadline."""
import time


def wait_for(condition, timeout=30.0, interval=0.02):
    """Return `condition()`'s first truthy value; fail the test if it stays falsy for `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"gave up after {timeout} s waiting for {condition}"
        time.sleep(interval)
    return value
