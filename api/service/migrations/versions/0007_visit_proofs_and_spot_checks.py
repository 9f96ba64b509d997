"""visit proofs (time, location, photo of a record) and the weekly spot checks

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 22:30:00

Revises 0005 (the visit records' form, on the loop-records branch this builds on); the
integrator re-chains the numbers on merge.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "visit_proofs",
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("accuracy_m", sa.Double(), nullable=True),
        sa.Column("distance_m", sa.Integer(), nullable=True),
        sa.Column("far_from_home", sa.Boolean(), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("photo_type", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["visit_records.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("record_id"),
    )
    op.create_index(
        op.f("ix_visit_proofs_far_from_home"), "visit_proofs", ["far_from_home"], unique=False
    )
    op.create_table(
        "spot_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("town", sa.String(length=200), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("checked_by", sa.String(length=100), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["record_id"], ["visit_records.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("week", "record_id", name="uq_spot_checks_week_record"),
    )
    op.create_index(op.f("ix_spot_checks_week"), "spot_checks", ["week"], unique=False)
    op.create_index(op.f("ix_spot_checks_town"), "spot_checks", ["town"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_spot_checks_town"), table_name="spot_checks")
    op.drop_index(op.f("ix_spot_checks_week"), table_name="spot_checks")
    op.drop_table("spot_checks")
    op.drop_index(op.f("ix_visit_proofs_far_from_home"), table_name="visit_proofs")
    op.drop_table("visit_proofs")
