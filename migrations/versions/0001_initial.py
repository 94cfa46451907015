"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("config", sa.String(), server_default="{}", nullable=False),
        sa.Column("credential_ref", sa.String(), nullable=True),
        sa.Column("online", sa.Boolean(), server_default=sa.text("1"), nullable=False),
        sa.Column("needs_sign_in", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_sync_at", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "libraries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("remote_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "remote_id", name="uq_libraries_remote"),
    )
    with op.batch_alter_table("libraries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_libraries_source_id"), ["source_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("remote_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("image_ref", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "remote_id", name="uq_people_remote"),
    )
    op.create_table(
        "media_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("remote_id", sa.String(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("show_id", sa.Integer(), nullable=True),
        sa.Column("parent_remote_id", sa.String(), nullable=True),
        sa.Column("show_remote_id", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("sort_title", sa.String(), nullable=False),
        sa.Column("original_title", sa.String(), nullable=True),
        sa.Column("season_number", sa.Integer(), nullable=True),
        sa.Column("episode_number", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Float(), nullable=True),
        sa.Column("content_rating", sa.String(), nullable=True),
        sa.Column("overview", sa.Text(), nullable=True),
        sa.Column("genres", sa.String(), server_default="[]", nullable=False),
        sa.Column("studios", sa.String(), server_default="[]", nullable=False),
        sa.Column("premiere_date", sa.String(), nullable=True),
        sa.Column("added_at", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.Integer(), nullable=True),
        sa.Column("poster_ref", sa.String(), nullable=True),
        sa.Column("backdrop_ref", sa.String(), nullable=True),
        sa.Column("thumb_ref", sa.String(), nullable=True),
        sa.Column("poster_blurhash", sa.String(), nullable=True),
        sa.Column("backdrop_blurhash", sa.String(), nullable=True),
        sa.Column("location", sa.String(), nullable=True),
        sa.Column("available", sa.Boolean(), server_default=sa.text("1"), nullable=False),
        sa.Column("synced_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["library_id"], ["libraries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["show_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "remote_id", name="uq_media_items_remote"),
    )
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_items_library_added", ["library_id", "added_at"], unique=False
        )
        batch_op.create_index(
            "ix_media_items_library_type_sort", ["library_id", "type", "sort_title"], unique=False
        )
        batch_op.create_index(
            "ix_media_items_parent_order",
            ["parent_id", "season_number", "episode_number"],
            unique=False,
        )
        batch_op.create_index(
            "ix_media_items_show", ["show_id", "season_number", "episode_number"], unique=False
        )

    op.create_table(
        "sync_state",
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.String(), nullable=True),
        sa.Column("items_done", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("items_total", sa.Integer(), nullable=True),
        sa.Column("last_full_sync_at", sa.Integer(), nullable=True),
        sa.Column("last_incremental_sync_at", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("last_error_at", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["library_id"], ["libraries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("library_id"),
    )
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
    with op.batch_alter_table("credits", schema=None) as batch_op:
        batch_op.create_index("ix_credits_person", ["person_id"], unique=False)

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
    op.create_table(
        "playback_progress",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position_ms", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("watched", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("play_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("favorite", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_played_at", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.Column("dirty", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id"),
    )
    with op.batch_alter_table("playback_progress", schema=None) as batch_op:
        batch_op.create_index(
            "ix_playback_progress_dirty", ["dirty"], unique=False, sqlite_where=sa.text("dirty = 1")
        )
        batch_op.create_index("ix_playback_progress_recent", ["updated_at"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("playback_progress", schema=None) as batch_op:
        batch_op.drop_index("ix_playback_progress_recent")
        batch_op.drop_index("ix_playback_progress_dirty", sqlite_where=sa.text("dirty = 1"))

    op.drop_table("playback_progress")
    op.drop_table("media_streams")
    with op.batch_alter_table("credits", schema=None) as batch_op:
        batch_op.drop_index("ix_credits_person")

    op.drop_table("credits")
    op.drop_table("sync_state")
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.drop_index("ix_media_items_show")
        batch_op.drop_index("ix_media_items_parent_order")
        batch_op.drop_index("ix_media_items_library_type_sort")
        batch_op.drop_index("ix_media_items_library_added")

    op.drop_table("media_items")
    op.drop_table("people")
    with op.batch_alter_table("libraries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_libraries_source_id"))

    op.drop_table("libraries")
    op.drop_table("sources")
