"""The local folders source's file index.

Revision ID: 0005_local_files
Revises: 0004_search_queue
Create Date: 2026-12-01

- local_files: per local source, each file's size and mtime when it was last read and
  what was read (parsed name, tracks, chapters), so a rescan reads only changed files.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_local_files"
down_revision: str | None = "0004_search_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the file index."""
    op.create_table(
        "local_files",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mtime_ns", sa.Integer(), nullable=False),
        sa.Column("facts", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("source_id", "path"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    """Drop the file index (the next scan reads every file again)."""
    op.drop_table("local_files")
