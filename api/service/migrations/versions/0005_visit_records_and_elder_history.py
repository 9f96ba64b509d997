"""visit records carry the notice's form; elder_history keeps dated changes of facts;
elder_profiles keep the form's sections 一-四

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-07 22:10:00

Records made before this migration had no reason: they were regular visits (the form had no
other), so they get ``regular``; their observations, facts and care services are empty.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visit_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reason", sa.String(length=16), nullable=False, server_default="regular")
        )
        batch_op.add_column(
            sa.Column("town", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("village", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_visit_records_town"), ["town"], unique=False)
        batch_op.add_column(
            sa.Column("number_in_year", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(
            sa.Column("observations", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.add_column(sa.Column("facts", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("event", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("care_services", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(sa.Column("signatures", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(
            sa.Column("hazards", sa.String(length=200), nullable=False, server_default="")
        )
    # Earlier records take their elder's town and village (an elder since removed: none).
    op.execute(
        "UPDATE visit_records SET town = (SELECT town FROM elders WHERE elders.elder_id = "
        "visit_records.elder_id), village = (SELECT village FROM elders WHERE elders.elder_id "
        "= visit_records.elder_id) WHERE elder_id IN (SELECT elder_id FROM elders)"
    )
    op.create_table(
        "elder_profiles",
        sa.Column("elder_id", sa.String(length=64), nullable=False),
        sa.Column("town", sa.String(length=200), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("elder_id"),
    )
    with op.batch_alter_table("elder_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_elder_profiles_town"), ["town"], unique=False)
    op.create_table(
        "elder_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("elder_id", sa.String(length=64), nullable=False),
        sa.Column("town", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("fact", sa.String(length=40), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.Column("tier_before", sa.String(length=16), nullable=True),
        sa.Column("tier_after", sa.String(length=16), nullable=True),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=True),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("elder_history", schema=None) as batch_op:
        batch_op.create_index("ix_elder_history_elder_day", ["elder_id", "day"], unique=False)
        batch_op.create_index(batch_op.f("ix_elder_history_town"), ["town"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("elder_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_elder_history_town"))
        batch_op.drop_index("ix_elder_history_elder_day")
    op.drop_table("elder_history")
    with op.batch_alter_table("elder_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_elder_profiles_town"))
    op.drop_table("elder_profiles")
    with op.batch_alter_table("visit_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_records_town"))
        for column in (
            "hazards",
            "signatures",
            "care_services",
            "event",
            "facts",
            "observations",
            "number_in_year",
            "village",
            "town",
            "reason",
        ):
            batch_op.drop_column(column)
