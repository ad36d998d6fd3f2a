"""URL rules that compile their URL builders on first use, and the Flask class that keeps per-request work low."""
from flask import Flask
from werkzeug.routing import Rule


class LazyBuildRule(Rule):
    """A Werkzeug rule whose `url_for` builder is generated the first time a URL is built from it.

    Werkzeug compiles two Python functions per rule when the rule is added (about a third of the time it takes to
    create the app, with FAB's ~900 routes), yet a process builds URLs for only a fraction of them.
    Matching is unaffected: it uses the rule's parsed parts, which are still made at once.
    """

    def _compile_builder(self, append_unknown=True):
        attribute = "_build_unknown" if append_unknown else "_build"

        def build_then_replace(rule, *args, **kwargs):
            # Two threads may both compile the same builder here; both results are identical, so the race is benign.
            builder = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            setattr(rule, attribute, builder)
            return builder(*args, **kwargs)

        return build_then_replace


class DeskFlask(Flask):
    """Flask, remembering which hooks and views are plain functions instead of asking `inspect` on every call.

    Flask checks each hook and view with `inspect.iscoroutinefunction` on every request: about twenty calls per
    request here, 5% of the CPU of a cached public read. The answer for a given function never changes.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plain_functions = set()

    def ensure_sync(self, func):
        """`func` itself when it is known to be a plain function, else what Flask makes of it."""
        try:
            if func in self._plain_functions:
                return func
        except TypeError:  # a bound method of an unhashable object: ask Flask every time
            return super().ensure_sync(func)
        synced = super().ensure_sync(func)
        if synced is func:
            self._plain_functions.add(func)
        return synced
