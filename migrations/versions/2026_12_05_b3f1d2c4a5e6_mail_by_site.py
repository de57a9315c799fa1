"""mail by site

A queued message belongs to the site whose work queued it, so row-level security
shows a site's SQL its own mail only (reset links, receipts). Messages already queued
keep no site: only cross-site code (the mail job) sees them.

Revision ID: b3f1d2c4a5e6
Revises: 8ae29076699f
Create Date: 2026-12-05 10:02:11.514220

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3f1d2c4a5e6'
down_revision = '8ae29076699f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tenant_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_mail_message_tenant_id'), ['tenant_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_mail_message_tenant_id_tenant'),
                                    'tenant', ['tenant_id'], ['id'], ondelete='RESTRICT')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP POLICY IF EXISTS tenant_isolation ON mail_message')
        op.execute('ALTER TABLE mail_message DISABLE ROW LEVEL SECURITY')
    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_mail_message_tenant_id_tenant'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_mail_message_tenant_id'))
        batch_op.drop_column('tenant_id')
