"""token stamps and disabled users

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 22:30:00

Every account gets a random token stamp (tokens issued before carry none and are refused: all
users log in again once) and a ``disabled`` flag.
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("token_stamp", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("token_stamp", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        stamp = secrets.token_hex(16)
        connection.execute(users.update().where(users.c.id == user_id).values(token_stamp=stamp))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("token_stamp", server_default=None)
        batch_op.alter_column("disabled", server_default=None)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("disabled")
        batch_op.drop_column("token_stamp")
