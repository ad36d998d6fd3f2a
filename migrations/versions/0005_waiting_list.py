"""waiting list: a church's queue of teams waiting for a freed slot, with hashed offer tokens

Revision ID: 0005_waiting_list
Revises: 0004_document_verdicts
Create Date: 2026-12-01 16:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0005_waiting_list'
# The task named "0002_lookalike_name_keys"; the stored revision id of that file is "0002".
down_revision = "0004_document_verdicts"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('waiting', 'offered')")


def upgrade():
    op.create_table(
        'waiting_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('church_id', sa.Integer(), nullable=False),
        sa.Column('team_name', sa.String(length=80), nullable=False),
        sa.Column('captain_name', sa.String(length=50), nullable=False),
        sa.Column('captain_email', sa.String(length=254), nullable=False),
        sa.Column('captain_phone', sa.String(length=10), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('offer_token_hash', sa.String(length=64), nullable=True),
        sa.Column('offered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('offer_expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('waiting', 'offered', 'registered', 'expired', 'removed')",
                           name='ck_waiting_entry_status'),
        sa.CheckConstraint("status != 'offered' OR (offer_token_hash IS NOT NULL AND offer_expires_at IS NOT NULL)",
                           name='ck_waiting_entry_offer'),
        sa.ForeignKeyConstraint(['church_id'], ['church.id'], ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('offer_token_hash'),
    )
    with op.batch_alter_table('waiting_entry', schema=None) as batch_op:
        batch_op.create_index('uq_waiting_entry_active_captain', ['church_id', 'captain_email'], unique=True,
                              sqlite_where=ACTIVE, postgresql_where=ACTIVE)
        batch_op.create_index('ix_waiting_entry_church_status', ['church_id', 'status', 'id'], unique=False)
        batch_op.create_index('ix_waiting_entry_offer_expires', ['status', 'offer_expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_waiting_entry_team_id'), ['team_id'], unique=False)


def downgrade():
    with op.batch_alter_table('waiting_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_waiting_entry_team_id'))
        batch_op.drop_index('ix_waiting_entry_offer_expires')
        batch_op.drop_index('ix_waiting_entry_church_status')
        batch_op.drop_index('uq_waiting_entry_active_captain')
    op.drop_table('waiting_entry')
