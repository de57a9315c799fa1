"""session version

Each account carries a session version, kept in every session at login: raising it
(logout, a new password, the account disabled, a membership revoked) ends every
session of the account at once. Existing accounts start at 0.

Revision ID: 8ae29076699f
Revises: fe8352f0dde0
Create Date: 2026-12-04 16:02:44.950675

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8ae29076699f'
down_revision = 'fe8352f0dde0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
