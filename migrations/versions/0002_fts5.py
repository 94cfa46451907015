"""Full-text search: an FTS5 index over titles, overviews, genres and people.

Revision ID: 0002_fts5
Revises: 0001_initial
Create Date: 2026-11-24

The index's rowid is media_items.id. The repositories write its rows together with the
items they describe; a trigger drops them when items go, including cascaded deletes.
Tokens fold case and diacritics; prefix indexes make search-as-you-type cheap.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_fts5"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the index and its delete trigger, and index the items already stored."""
    op.execute(
        "CREATE VIRTUAL TABLE media_fts USING fts5("
        "title, original_title, overview, genres, people, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    op.execute(
        "CREATE TRIGGER media_items_fts_delete AFTER DELETE ON media_items BEGIN "
        "DELETE FROM media_fts WHERE rowid = old.id; END"
    )
    op.execute(
        "INSERT INTO media_fts (rowid, title, original_title, overview, genres, people) "
        "SELECT m.id, m.title, coalesce(m.original_title, ''), coalesce(m.overview, ''), "
        "coalesce((SELECT group_concat(value, ' ') FROM json_each(m.genres)), ''), "
        "coalesce((SELECT group_concat(p.name, ' ') FROM credits c "
        "JOIN people p ON p.id = c.person_id WHERE c.item_id = m.id), '') "
        "FROM media_items m"
    )


def downgrade() -> None:
    """Drop the trigger and the index."""
    op.execute("DROP TRIGGER IF EXISTS media_items_fts_delete")
    op.execute("DROP TABLE IF EXISTS media_fts")
