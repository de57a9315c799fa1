"""attachment text

The text search reads from an attached PDF or Word file, how the reading went
(ok, no_text, encrypted, too_large, timeout, failed), when, and the sha256 of the bytes
it was read from.

Revision ID: e8a4c2f6b1d9
Revises: 5f3a9c1e7d20
Create Date: 2026-12-05 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a4c2f6b1d9'
down_revision = '5f3a9c1e7d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extraction_status', sa.String(length=20),
                                      nullable=True))
        batch_op.add_column(sa.Column('extraction_detail', sa.String(length=500),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('extracted_sha256', sa.String(length=64),
                                      nullable=True))
        batch_op.add_column(sa.Column('extracted_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('extracted_text', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_column('extracted_text')
        batch_op.drop_column('extracted_at')
        batch_op.drop_column('extracted_sha256')
        batch_op.drop_column('extraction_detail')
        batch_op.drop_column('extraction_status')
