"""elders' pauses and endings, visitors' absences, follow-ups, surge re-plan jobs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 22:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "elder_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("elder_id", sa.String(length=64), nullable=False),
        sa.Column("town", sa.String(length=200), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("elder_statuses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_elder_statuses_elder_id"), ["elder_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_elder_statuses_town"), ["town"], unique=False)
    op.create_table(
        "visitor_absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visitor_id", sa.String(length=64), nullable=False),
        sa.Column("town", sa.String(length=200), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visitor_absences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visitor_absences_visitor_id"), ["visitor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visitor_absences_town"), ["town"], unique=False)
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("elder_id", sa.String(length=64), nullable=False),
        sa.Column("town", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("due_by", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_by_record", sa.Uuid(), nullable=False),
        sa.Column("closed_by_record", sa.Uuid(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("satisfaction", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_followups_elder_id"), ["elder_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_followups_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_followups_town"), ["town"], unique=False)
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("job", sa.String(length=16), server_default="plan", nullable=False)
        )
        batch_op.add_column(sa.Column("base_plan_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("surge", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(
            "fk_plans_base_plan_id_plans", "plans", ["base_plan_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_constraint("fk_plans_base_plan_id_plans", type_="foreignkey")
        batch_op.drop_column("surge")
        batch_op.drop_column("base_plan_id")
        batch_op.drop_column("job")
    op.drop_table("followups")
    op.drop_table("visitor_absences")
    op.drop_table("elder_statuses")
