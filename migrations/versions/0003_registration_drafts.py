"""registration drafts: documents uploaded one by one before the final submit

Revision ID: 0003_registration_drafts
Revises: 0002
Create Date: 2026-12-01 16:00:00

A draft holds the files a captain has uploaded so far under a secret token (stored only as its SHA-256). Its
files move to the team's documents when the registration commits; an expired draft's files are swept.
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_registration_drafts'
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'registration_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('folder', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
        sa.UniqueConstraint('folder'),
    )
    with op.batch_alter_table('registration_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_draft_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_draft_team_id'), ['team_id'], unique=False)
    op.create_table(
        'draft_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('draft_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=40), nullable=False),
        sa.Column('backend', sa.String(length=16), nullable=False),
        sa.Column('storage_key', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('extension', sa.String(length=8), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('private', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('size >= 0', name='ck_draft_file_size'),
        sa.ForeignKeyConstraint(['draft_id'], ['registration_draft.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('draft_id', 'field', name='uq_draft_file_field'),
        sa.UniqueConstraint('backend', 'storage_key', name='uq_draft_file_storage_key'),
    )
    with op.batch_alter_table('draft_file', schema=None) as batch_op:
        batch_op.create_index('ix_draft_file_draft', ['draft_id'], unique=False)


def downgrade():
    with op.batch_alter_table('draft_file', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_file_draft')
    op.drop_table('draft_file')
    with op.batch_alter_table('registration_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_draft_team_id'))
        batch_op.drop_index(batch_op.f('ix_registration_draft_expires_at'))
    op.drop_table('registration_draft')
