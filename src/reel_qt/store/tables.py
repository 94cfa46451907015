"""SQLModel tables: the library cache's schema (alembic migrations own its history).

Times are integer milliseconds since the Unix epoch. Lists (genres, studios) are JSON
arrays in text columns. Secrets never appear here: a source holds only the name of
its keyring entry.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class Source(SQLModel, table=True):
    """A Jellyfin server, a Plex server or a set of local folders."""

    __tablename__ = "sources"

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(max_length=16)
    name: str
    url: str | None = None
    # Non-secret, backend-specific settings as JSON (folders, user id, server id...).
    config: str = Field(default="{}", sa_column_kwargs={"server_default": "{}"})
    credential_ref: str | None = None  # keyring entry name, never the secret itself
    online: bool = Field(default=True, sa_column_kwargs={"server_default": text("1")})
    needs_sign_in: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})
    last_sync_at: int | None = None
    last_error: str | None = None
    created_at: int
    updated_at: int


class Library(SQLModel, table=True):
    """One library of a source: a Jellyfin view, a Plex section or a local folder set."""

    __tablename__ = "libraries"
    __table_args__ = (UniqueConstraint("source_id", "remote_id", name="uq_libraries_remote"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="sources.id", ondelete="CASCADE", index=True)
    remote_id: str
    name: str
    kind: str = Field(max_length=16)
    item_count: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})
    created_at: int
    updated_at: int


class MediaItem(SQLModel, table=True):
    """A movie, show, season or episode, linked to its parent and its show."""

    __tablename__ = "media_items"
    __table_args__ = (
        UniqueConstraint("source_id", "remote_id", name="uq_media_items_remote"),
        # Library grids sort by title; "recently added" reads by date; children and
        # episodes of a show are read in order (and these also serve ON DELETE CASCADE).
        Index("ix_media_items_library_type_sort", "library_id", "type", "sort_title"),
        Index("ix_media_items_library_added", "library_id", "added_at"),
        # Partial: movies and shows have no parent, and skipping them keeps inserts cheaper;
        # `parent_id = ?` implies the condition, so lookups and cascades still use them.
        Index(
            "ix_media_items_parent_order",
            "parent_id",
            "season_number",
            "episode_number",
            sqlite_where=text("parent_id IS NOT NULL"),
        ),
        Index(
            "ix_media_items_show",
            "show_id",
            "season_number",
            "episode_number",
            sqlite_where=text("show_id IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="sources.id", ondelete="CASCADE")
    library_id: int = Field(foreign_key="libraries.id", ondelete="CASCADE")
    remote_id: str
    type: str = Field(max_length=16)
    parent_id: int | None = Field(default=None, foreign_key="media_items.id", ondelete="CASCADE")
    show_id: int | None = Field(default=None, foreign_key="media_items.id", ondelete="CASCADE")
    # Remote ids of the parent and show, kept so links resolve whatever order items arrive in.
    parent_remote_id: str | None = None
    show_remote_id: str | None = None
    title: str
    sort_title: str
    original_title: str | None = None
    season_number: int | None = None
    episode_number: int | None = None
    year: int | None = None
    duration_ms: int | None = None
    rating: float | None = None
    content_rating: str | None = None
    overview: str | None = Field(default=None, sa_column=Column(Text))
    genres: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})
    studios: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})
    premiere_date: str | None = None
    added_at: int | None = None
    updated_at: int | None = None
    poster_ref: str | None = None
    backdrop_ref: str | None = None
    thumb_ref: str | None = None
    poster_blurhash: str | None = None
    backdrop_blurhash: str | None = None
    location: str | None = None
    available: bool = Field(default=True, sa_column_kwargs={"server_default": text("1")})
    synced_at: int
    # Digest of the record the row was last written from: an equal one means nothing changed.
    content_hash: int | None = None


class Person(SQLModel, table=True):
    """A person known to one source (actor, director, writer...)."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("source_id", "remote_id", name="uq_people_remote"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="sources.id", ondelete="CASCADE")
    remote_id: str
    name: str
    image_ref: str | None = None


class Credit(SQLModel, table=True):
    """The credits of one item: a JSON array of [person_key, kind, role] in billing order.

    person_key is the person's people.remote_id within the item's source.

    One row per item, not per credit: credits are only written and read per item, and a
    library has several times more credits than items (see repositories/credits.py).
    """

    __tablename__ = "credits"

    item_id: int = Field(
        foreign_key="media_items.id",
        ondelete="CASCADE",
        primary_key=True,
        sa_column_kwargs={"autoincrement": False},
    )
    people: str


class MediaStream(SQLModel, table=True):
    """The audio, video and subtitle tracks of one item, as a JSON array (one row per item).

    Each track is [index, type, codec, language, title, is_default, is_forced, is_external,
    channels, width, height, location]; see repositories/streams.py.
    """

    __tablename__ = "media_streams"

    item_id: int = Field(
        foreign_key="media_items.id",
        ondelete="CASCADE",
        primary_key=True,
        sa_column_kwargs={"autoincrement": False},
    )
    streams: str


class MediaMarkers(SQLModel, table=True):
    """The skippable spans and chapters of one item, as a JSON array (one row per item).

    Each marker is [kind, start_ms, end_ms, title], in playback order; see
    repositories/markers.py.
    """

    __tablename__ = "media_markers"

    item_id: int = Field(
        foreign_key="media_items.id",
        ondelete="CASCADE",
        primary_key=True,
        sa_column_kwargs={"autoincrement": False},
    )
    markers: str


class SearchQueue(SQLModel, table=True):
    """Items written since the search index last caught up (see repositories.search_index)."""

    __tablename__ = "search_queue"

    # No foreign key: the id of an item deleted before it was indexed is simply skipped.
    item_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})


class PlaybackProgress(SQLModel, table=True):
    """Watched state and resume point of an item; dirty rows still have to reach the server."""

    __tablename__ = "playback_progress"
    __table_args__ = (
        Index("ix_playback_progress_recent", "updated_at"),
        Index("ix_playback_progress_dirty", "dirty", sqlite_where=text("dirty = 1")),
    )

    item_id: int = Field(foreign_key="media_items.id", ondelete="CASCADE", primary_key=True)
    position_ms: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})
    duration_ms: int | None = None
    watched: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})
    play_count: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})
    favorite: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})
    last_played_at: int | None = None
    updated_at: int
    dirty: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})


class SyncState(SQLModel, table=True):
    """Where the sync of one library stands: cursor, last runs, last error."""

    __tablename__ = "sync_state"

    library_id: int = Field(foreign_key="libraries.id", ondelete="CASCADE", primary_key=True)
    cursor: str | None = None
    items_done: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})
    items_total: int | None = None
    last_full_sync_at: int | None = None
    last_incremental_sync_at: int | None = None
    last_error: str | None = None
    last_error_at: int | None = None


class LocalFile(SQLModel, table=True):
    """A file of a local source as last read: size, mtime and the facts read from it."""

    __tablename__ = "local_files"
    __table_args__ = ({"sqlite_with_rowid": False},)

    source_id: int = Field(foreign_key="sources.id", ondelete="CASCADE", primary_key=True)
    path: str = Field(primary_key=True)
    size: int
    mtime_ns: int
    facts: bytes  # FileFacts as msgpack (backends/local/facts.py)


class MediaVersion(SQLModel, table=True):
    """The versions of an item that has several, as a JSON array (one row per item).

    Each version is [id, name, width, height, codec, hdr, bitrate, size]; see
    repositories/versions.py. Items with a single version have no row.
    """

    __tablename__ = "media_versions"

    item_id: int = Field(
        foreign_key="media_items.id",
        ondelete="CASCADE",
        primary_key=True,
        sa_column_kwargs={"autoincrement": False},
    )
    versions: str
