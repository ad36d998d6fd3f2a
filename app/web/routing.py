"""URL rules that compile their URL builders on first use instead of when the route is added."""
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
