"""Alembic's environment: the service's tables, on the connection ``migrate`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from api.service.models import Base

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the migrations through api.service.migrate, which passes a connection")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
