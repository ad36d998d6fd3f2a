"""Run schemathesis over a list of operations and collect every failing operation, not only the first."""
import os
from datetime import timedelta

from hypothesis import HealthCheck, given, settings

DERANDOMIZE = not os.environ.get("FUZZ_EXPLORE")  # FUZZ_EXPLORE=1 draws new examples each run


def fuzz_failures(operations, call, max_examples):
    """Run up to `max_examples` generated cases of each operation through `call(case)` (which calls and
    validates it); return one line of text per failing operation."""
    failures = []
    for operation in operations:

        @settings(max_examples=max_examples, deadline=timedelta(seconds=60), database=None, derandomize=DERANDOMIZE,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            call(case)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # collect every operation's failure, not the first only
            failures.append(f"{operation.label}: {error}")
    return failures
