"""Churches whose teams take part, with their slot limits."""
from sqlalchemy import Boolean, CheckConstraint, Column, Integer, String

from flask_appbuilder import Model

from ..text import KEY_ROOM, normalize_text
from .base import UTCDateTime, name_key, utcnow


class Church(Model):
    """A church; `name_key` makes names unique with case, spacing and look-alikes folded (app.text.name_key)."""

    __tablename__ = "church"
    __table_args__ = (CheckConstraint("slot_limit IS NULL OR slot_limit >= 0", name="ck_church_slot_limit"),)

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    name_key = Column(String(KEY_ROOM * 100), nullable=False, unique=True)
    slot_limit = Column(Integer)
    verified = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    def set_name(self, value):
        """Set the display name (NFC, spacing collapsed) and its uniqueness key together."""
        self.name = normalize_text(value)
        self.name_key = name_key(value)

    def effective_limit(self, default_limit):
        """Return this church's slot limit, falling back to the tournament default."""
        return effective_slot_limit(self.slot_limit, default_limit)

    def __repr__(self):
        return self.name


def effective_slot_limit(slot_limit, default_limit):
    """A church's own slot limit when it has one, else the tournament default."""
    return default_limit if slot_limit is None else slot_limit
