"""An organiser's wording of one email in one language, used instead of the file template while it exists."""
from sqlalchemy import CheckConstraint, Column, Integer, String, Text, UniqueConstraint

from flask_appbuilder import Model

from .base import UTCDateTime, utcnow


class EmailTemplate(Model):
    """Subject and plain-text body (Jinja, rendered in a sandbox) of one email in one language."""

    __tablename__ = "email_template"
    __table_args__ = (
        UniqueConstraint("name", "language", name="uq_email_template_name_language"),
        CheckConstraint("language IN ('en', 'ta')", name="ck_email_template_language"),
    )

    id = Column(Integer, primary_key=True)
    name = Column(String(40), nullable=False)
    language = Column(String(5), nullable=False, default="en")
    subject = Column(String(200), nullable=False)
    body = Column(Text, nullable=False)
    updated_by = Column(String(120))
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    def __repr__(self):
        return f"{self.name} ({self.language})"
