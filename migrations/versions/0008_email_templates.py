"""email templates organisers edit in the admin

Revision ID: 0008_email_templates
Revises: 0007_match_result_form
Create Date: 2026-12-01 16:30:00

One row per email and language: its subject and plain-text body, rendered in Jinja's sandbox instead of the
file template under templates/email/ while the row exists.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_email_templates'
down_revision = "0007_match_result_form"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'email_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('updated_by', sa.String(length=120), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("language IN ('en', 'ta')", name='ck_email_template_language'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name', 'language', name='uq_email_template_name_language'),
    )


def downgrade():
    op.drop_table('email_template')
