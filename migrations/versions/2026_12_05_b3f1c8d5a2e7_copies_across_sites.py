"""copies across sites

Copies of one document on several sites (a legal document's number, a procedure's
code, in one language) are found by their natural key across every site when search
groups them: an index on it, the per-site unique constraint's columns in another order.

Revision ID: b3f1c8d5a2e7
Revises: a7d4e2c9b815
Create Date: 2026-12-05 07:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b3f1c8d5a2e7'
down_revision = 'a7d4e2c9b815'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_content_item_copies', 'content_item',
                    ['natural_key', 'type', 'locale'])


def downgrade():
    op.drop_index('ix_content_item_copies', table_name='content_item')
