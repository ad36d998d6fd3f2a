"""document verdicts and match check-ins: the organiser's OK or problem on each file; players present at a match

Revision ID: 0004_document_verdicts
Revises: 0003_registration_drafts
Create Date: 2026-12-01 15:40:00

Every existing document starts unreviewed (NULL). A problem's note is what the captain is told to fix.
A match_checkin row is one player ticked present at one match.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004_document_verdicts'
down_revision = "0003_registration_drafts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verdict', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('verdict_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('verdict_by', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('verdict_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint('ck_document_verdict', "verdict IS NULL OR verdict IN ('ok', 'problem')")
    op.create_table(
        'match_checkin',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('match_id', sa.Integer(), nullable=False),
        sa.Column('player_id', sa.Integer(), nullable=False),
        sa.Column('checked_by', sa.String(length=120), nullable=False),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['match_id'], ['match.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('match_id', 'player_id', name='uq_match_checkin_player'),
    )
    with op.batch_alter_table('match_checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_checkin_match_id'), ['match_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_checkin_player_id'), ['player_id'], unique=False)


def downgrade():
    with op.batch_alter_table('match_checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_checkin_player_id'))
        batch_op.drop_index(batch_op.f('ix_match_checkin_match_id'))
    op.drop_table('match_checkin')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint('ck_document_verdict', type_='check')
        batch_op.drop_column('verdict_at')
        batch_op.drop_column('verdict_by')
        batch_op.drop_column('verdict_note')
        batch_op.drop_column('verdict')
