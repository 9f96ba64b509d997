"""Alembic migrations of the service's database; ``api.service.migrate`` runs them."""
