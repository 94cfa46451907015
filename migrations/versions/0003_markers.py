"""Markers: skippable spans (intro, credits, recap, preview, commercial) and chapters.

Revision ID: 0003_markers
Revises: 0002_fts5
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_markers"
down_revision: str | None = "0002_fts5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the markers table, clustered on (item, kind, start)."""
    op.create_table(
        "markers",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("start_ms", sa.Integer(), nullable=False),
        sa.Column("end_ms", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "kind", "start_ms"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    """Drop the markers table."""
    op.drop_table("markers")
