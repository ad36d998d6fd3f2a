"""The endpoints that take a whole registration (its documents included), named once for the hooks that treat
them apart: the body limit (app/web/limits.py) and admission control (app/web/admission.py)."""

REGISTRATION_ENDPOINTS = frozenset({"public.register", "public.waitlist_offer", "compat.register_team",
                                    "TeamApi.register", "TeamRegistrationView.register"})
