"""featured items index

The home page reads a site's newest featured news. With only the listing index, a site
with no featured item (most communes) was read through its whole history on every
uncached home page: 3 ms of SQLite at 3,400 sites and 1,000,000 items
(`python -m bench.portal --country`). A partial index holds the featured rows only.

Revision ID: 5f3a9c1e7d20
Revises: 8b1e4f2a6c3d
Create Date: 2026-12-05 00:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5f3a9c1e7d20'
down_revision = '8b1e4f2a6c3d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_content_item_featured', 'content_item',
                    ['tenant_id', 'locale', 'status', 'published_at'],
                    sqlite_where=sa.text('featured IS 1'),
                    postgresql_where=sa.text('featured IS true'))


def downgrade():
    op.drop_index('ix_content_item_featured', table_name='content_item')
