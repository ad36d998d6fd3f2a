"""match super over: each side's super-over runs and wickets, for a tie decided by one

Revision ID: 0007_match_result_form
Revises: 0003_registration_drafts
Create Date: 2026-12-01 15:45:00

The one result form records a tie settled by a super over. The side that batted second in the match bats first
in the super over, so the columns follow the super over's batting order. All are empty for every other result.
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_match_result_form"
down_revision = "0003_registration_drafts"
branch_labels = None
depends_on = None

COLUMNS = (("super_first_runs", "BETWEEN 0 AND 99"), ("super_first_wickets", "BETWEEN 0 AND 2"),
           ("super_second_runs", "BETWEEN 0 AND 99"), ("super_second_wickets", "BETWEEN 0 AND 2"))


def upgrade():
    with op.batch_alter_table("match") as batch:
        for name, bounds in COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
            batch.create_check_constraint(f"ck_match_{name}", f"{name} IS NULL OR {name} {bounds}")


def downgrade():
    with op.batch_alter_table("match") as batch:
        for name, _bounds in reversed(COLUMNS):
            batch.drop_constraint(f"ck_match_{name}", type_="check")
            batch.drop_column(name)
