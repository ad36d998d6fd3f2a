"""team status links: the hash of each team's private status-page token

Revision ID: 0006_team_status_links
Revises: 0005_waiting_list
Create Date: 2026-12-01 16:00:00

Existing teams get no link: an organiser's "send a new status link" action makes one and emails it.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_team_status_links'
down_revision = "0005_waiting_list"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'team_status_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('issued_by', sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('team_id'),
        sa.UniqueConstraint('token_hash'),
    )


def downgrade():
    op.drop_table('team_status_link')
