"""search outbox source

Published questions are indexed beside content items: an outbox row names its source
("item" or "question"), whose id ``item_id`` holds. Every existing row is an item's.

Revision ID: 6d1c0a9e4b27
Revises: 2859b5f14415
Create Date: 2026-12-05 09:12:40.118203

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6d1c0a9e4b27'
down_revision = '2859b5f14415'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=10), nullable=False,
                                      server_default='item'))


def downgrade():
    op.execute("DELETE FROM search_outbox WHERE source <> 'item'")
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_column('source')
