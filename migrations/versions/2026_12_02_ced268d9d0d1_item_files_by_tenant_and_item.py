"""item files by tenant and item

An item page reads its files under the tenant scope (tenant_id and item_id): one index
on both finds them directly.

Revision ID: ced268d9d0d1
Revises: b3ccc7f7fdfb
Create Date: 2026-12-02 04:59:46.489949

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'ced268d9d0d1'
down_revision = 'b3ccc7f7fdfb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('item_attachment', schema=None) as batch_op:
        batch_op.create_index('ix_item_attachment_tenant_item', ['tenant_id', 'item_id'], unique=False)


def downgrade():
    with op.batch_alter_table('item_attachment', schema=None) as batch_op:
        batch_op.drop_index('ix_item_attachment_tenant_item')
