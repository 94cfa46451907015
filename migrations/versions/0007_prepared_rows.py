"""Rows a page parsing process can prepare: markers packed, credits naming people by key.

Revision ID: 0007_prepared_rows
Revises: 0006_versions
Create Date: 2026-11-25

- media_markers: per item with markers, a JSON array of `[kind, start_ms, end_ms, title]`
  in playback order. Markers are only written and read per item; a row per marker made a
  full sync of a Plex library write several rows per episode (its chapters).
- markers, one row per marker, is dropped once its rows are packed.
- credits name each person by their key within the item's source (people.remote_id)
  instead of people.id, so an item's credits can be packed before the store has seen the
  people (`core.prepared`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_prepared_rows"
down_revision: str | None = "0006_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Pack each item's marker rows into one media_markers row; credits name people by key."""
    op.create_table(
        "media_markers",
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("markers", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id"),
    )
    # json_group_array keeps the order of the rows it is fed: playback order.
    op.execute(
        "INSERT INTO media_markers (item_id, markers) "
        "SELECT item_id, json_group_array(json_array(kind, start_ms, end_ms, title)) "
        "FROM (SELECT * FROM markers ORDER BY item_id, start_ms, kind) GROUP BY item_id"
    )
    op.drop_table("markers")
    _rekey_credits("p.id", "p.remote_id")


def downgrade() -> None:
    """Unpack media_markers into one markers row per marker; credits name people by id."""
    _rekey_credits("p.remote_id", "p.id")
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
    op.execute(
        "INSERT OR IGNORE INTO markers (item_id, kind, start_ms, end_ms, title) "
        "SELECT m.item_id, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), "
        "json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]') "
        "FROM media_markers m, json_each(m.markers) j"
    )
    op.drop_table("media_markers")


def _rekey_credits(old: str, new: str) -> None:
    """Rewrite every credit's person from the `old` column of people to the `new` one."""
    # Each credit's element order (billing order) is kept by aggregating in json_each's order.
    op.execute(
        "UPDATE credits SET people = ("
        "SELECT json_group_array(json_array("
        f"{new}, json_extract(c.value, '$[1]'), json_extract(c.value, '$[2]'))) "
        "FROM (SELECT key, value FROM json_each(credits.people) ORDER BY key) c "
        "CROSS JOIN media_items m ON m.id = credits.item_id "
        "CROSS JOIN people p "
        f"ON p.source_id = m.source_id AND {old} = json_extract(c.value, '$[0]'))"
    )
