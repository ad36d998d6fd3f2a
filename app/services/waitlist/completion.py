"""Completing a registration through an offer's link: the same registration service, with the held slot."""
from ...models import name_key
from ...web.errors import ValidationFailed
from ..registration.register import register_team
from .offers import close_offer, open_offer


def offer_values(entry):
    """The registration form's fields filled from the entry (the captain may still change them)."""
    return {"team_name": entry.team_name, "church_name": entry.church.name, "captain_name": entry.captain_name,
            "captain_email": entry.captain_email, "captain_phone": entry.captain_phone}


def complete_offer(token, data, language, before_commit=None):
    """Register the team of an open offer (every registration rule applies; the offer's own held slot is
    its to take) and close the entry in the same transaction; return the Team. `before_commit(team)` runs in
    that transaction too (a registration draft handing over its files)."""
    entry = open_offer(token)
    if name_key(data.church_name) != entry.church.name_key:
        raise ValidationFailed({"church_name": f"This offer is for a slot at {entry.church.name}."})
    entry_id = entry.id

    def close(team):
        close_offer(entry_id, team)
        if before_commit is not None:
            before_commit(team)

    return register_team(data, language=language, before_commit=close, held_for=entry_id)
