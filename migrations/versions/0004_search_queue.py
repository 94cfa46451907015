"""Faster sync writes: search indexing after commit, per-item credits and tracks, content hashes.

Revision ID: 0004_search_queue
Revises: 0003_markers
Create Date: 2026-11-26

- search_queue: a batch no longer writes its items' search rows; it queues their ids and
  an indexer turns them into search rows after the batch has committed.
- media_items.content_hash: a digest of the record an item was written from, so a batch
  can skip items that did not change.
- credits and media_streams: one row per item holding a JSON array, instead of one row per
  credit and per track (they are only ever written and read per item). credits no longer
  has an index on, nor a foreign key to, people: nothing looked credits up by person, and
  people are only deleted with their source, whose items (and so credits) go with it.
- The parent and show indexes skip rows without a parent (movies and shows).
"""

import itertools
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_search_queue"
down_revision: str | None = "0003_markers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LINK_INDEXES = {"ix_media_items_parent_order": "parent_id", "ix_media_items_show": "show_id"}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _group_rows(sql: str, flags: slice = slice(0)) -> list[tuple[int, str]]:
    """(item_id, JSON array of the item's rows) from rows of (item_id, *values), in order.

    Values in the `flags` positions (of the values) become JSON booleans.
    """
    packed = []
    for item_id, group in itertools.groupby(op.get_bind().exec_driver_sql(sql), lambda r: r[0]):
        values = []
        for row in group:
            value = list(row[1:])
            value[flags] = [bool(flag) for flag in value[flags]]
            values.append(value)
        packed.append((item_id, _json(values)))
    return packed


def _per_item_table(name: str, column: str) -> None:
    op.create_table(
        name,
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column(column, sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id"),
    )


def upgrade() -> None:
    """Add the queue, the hash column and partial link indexes; pack credits and tracks."""
    op.create_table(
        "search_queue",
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("item_id"),
    )
    # Plain ALTER TABLE: a batch copy of media_items would drop the search delete trigger.
    op.execute("ALTER TABLE media_items ADD COLUMN content_hash INTEGER")
    for index, column in _LINK_INDEXES.items():
        op.execute(f"DROP INDEX {index}")
        op.execute(
            f"CREATE INDEX {index} ON media_items ({column}, season_number, episode_number) "
            f"WHERE {column} IS NOT NULL"
        )

    credits = _group_rows(
        "SELECT item_id, person_id, kind, role FROM credits ORDER BY item_id, sort_order, kind"
    )
    op.drop_table("credits")  # with ix_credits_person
    _per_item_table("credits", "people")
    if credits:
        op.get_bind().exec_driver_sql(
            "INSERT INTO credits (item_id, people) VALUES (?, ?)", credits
        )

    streams = _group_rows(
        "SELECT item_id, stream_index, type, codec, language, title, is_default, is_forced, "
        "is_external, channels, width, height, location FROM media_streams "
        "ORDER BY item_id, stream_index",
        flags=slice(5, 8),
    )
    op.drop_table("media_streams")
    _per_item_table("media_streams", "streams")
    if streams:
        op.get_bind().exec_driver_sql(
            "INSERT INTO media_streams (item_id, streams) VALUES (?, ?)",
            streams,
        )


def _downgrade_credits() -> None:
    op.execute("ALTER TABLE credits RENAME TO credits_packed")
    op.create_table(
        "credits",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=True),
        sa.Column("sort_order", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "kind", "person_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_credits_person", "credits", ["person_id"], unique=False)
    op.execute(
        "INSERT OR IGNORE INTO credits (item_id, kind, person_id, role, sort_order) "
        "SELECT c.item_id, json_extract(j.value, '$[1]'), p.id, json_extract(j.value, '$[2]'), "
        "j.key FROM credits_packed c, json_each(c.people) j "
        "JOIN people p ON p.id = json_extract(j.value, '$[0]')"
    )
    op.drop_table("credits_packed")


def _downgrade_streams() -> None:
    op.execute("ALTER TABLE media_streams RENAME TO media_streams_packed")
    op.create_table(
        "media_streams",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("stream_index", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("codec", sa.String(), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("is_default", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("is_forced", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("is_external", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("channels", sa.Integer(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "stream_index"),
        sqlite_with_rowid=False,
    )
    fields = ", ".join(f"json_extract(j.value, '$[{i}]')" for i in range(12))
    op.execute(
        f"INSERT OR IGNORE INTO media_streams (item_id, stream_index, type, codec, language, "
        f"title, is_default, is_forced, is_external, channels, width, height, location) "
        f"SELECT s.item_id, {fields} FROM media_streams_packed s, json_each(s.streams) j"
    )
    op.drop_table("media_streams_packed")


def downgrade() -> None:
    """Unpack credits and tracks, index what is still queued, and drop the rest."""
    _downgrade_credits()
    _downgrade_streams()
    # The old schema indexes as it writes: nothing may stay queued.
    op.execute("DELETE FROM media_fts WHERE rowid IN (SELECT item_id FROM search_queue)")
    op.execute(
        "INSERT INTO media_fts (rowid, title, original_title, overview, genres, people) "
        "SELECT m.id, m.title, coalesce(m.original_title, ''), coalesce(m.overview, ''), "
        "coalesce((SELECT group_concat(g.value, ' ') FROM json_each(m.genres) g), ''), "
        "coalesce((SELECT group_concat(p.name, ' ') FROM credits c "
        "JOIN people p ON p.id = c.person_id WHERE c.item_id = m.id), '') "
        "FROM media_items m WHERE m.id IN (SELECT item_id FROM search_queue)"
    )
    op.drop_table("search_queue")
    for index, column in _LINK_INDEXES.items():
        op.execute(f"DROP INDEX {index}")
        op.execute(f"CREATE INDEX {index} ON media_items ({column}, season_number, episode_number)")
    op.execute("ALTER TABLE media_items DROP COLUMN content_hash")
