"""document verdicts: the organiser's OK or problem, with a note, on each uploaded file

Revision ID: 0004_document_verdicts
Revises: 0002
Create Date: 2026-12-01 15:40:00

Every existing document starts unreviewed (NULL). A problem's note is what the captain is told to fix.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004_document_verdicts'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verdict', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('verdict_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('verdict_by', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('verdict_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint('ck_document_verdict', "verdict IS NULL OR verdict IN ('ok', 'problem')")


def downgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint('ck_document_verdict', type_='check')
        batch_op.drop_column('verdict_at')
        batch_op.drop_column('verdict_by')
        batch_op.drop_column('verdict_note')
        batch_op.drop_column('verdict')
