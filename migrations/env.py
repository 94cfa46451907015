"""Alembic environment: runs Reel's migrations on the connection the runner hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine
from sqlmodel import SQLModel

import reel_qt.store.tables  # noqa: F401  (registers every table on the metadata)

config = context.config
target_metadata = SQLModel.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate through the runner's connection, or one made from the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as fresh:
        _run(fresh)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Reel's migrations run online only.")
run_migrations_online()
