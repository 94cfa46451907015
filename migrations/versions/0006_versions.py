"""Versions: the several files (qualities, cuts) a server may offer for one item.

Revision ID: 0006_versions
Revises: 0005_local_files
Create Date: 2026-12-02

- media_versions: per item with more than one version, a JSON array of the versions
  (id, name, size, resolution, codec, HDR, bitrate), like media_streams.
- sync_state.cursor is cleared: an incremental sync only reads items changed on the
  server, so without a full listing the versions of items synced before would stay unknown.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_versions"
down_revision: str | None = "0005_local_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the versions table; the next sync of every library lists it in full."""
    op.create_table(
        "media_versions",
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("versions", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id"),
    )
    op.execute("UPDATE sync_state SET cursor = NULL")


def downgrade() -> None:
    """Drop the versions table (items play their first version again)."""
    op.drop_table("media_versions")
