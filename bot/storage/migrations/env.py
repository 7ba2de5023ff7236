"""Alembic environment: runs on the connection :meth:`Database.upgrade` hands over.

There is no alembic.ini: :func:`bot.storage.database.alembic_config` builds the
configuration in code, so migrations work from any working directory and from an
installed package.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.storage.database import target_metadata

config = context.config
connection = config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through bot.storage.database.Database.upgrade()")

context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
