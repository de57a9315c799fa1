"""console reminders and periodic reports

The reminders the province office sends to sites (one site's rows, under row-level
security; a weekly digest unique per site and ISO week) and the archive of periodic
reports (the hub's, no tenant) with their XLSX and PDF files.

Revision ID: 5e0c3a7b9d21
Revises: e392dba3e9b6
Create Date: 2026-12-04 21:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e0c3a7b9d21'
down_revision = 'e392dba3e9b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('weekly', 'manual', name='reminderkind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('week', sa.String(length=10), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_site_reminder_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_site_reminder_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_reminder')),
    sa.UniqueConstraint('tenant_id', 'week', name=op.f('uq_site_reminder_tenant_id_week'))
    )
    with op.batch_alter_table('site_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_reminder_sent_at'), ['sent_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_reminder_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('periodic_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('period_kind', sa.String(length=16), nullable=False),
    sa.Column('period_first', sa.Date(), nullable=False),
    sa.Column('period_last', sa.Date(), nullable=False),
    sa.Column('period_label', sa.String(length=64), nullable=False),
    sa.Column('units', sa.JSON(), nullable=False),
    sa.Column('unit_count', sa.Integer(), nullable=False),
    sa.Column('generated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('generated_by_id', sa.Integer(), nullable=True),
    sa.Column('xlsx', sa.LargeBinary(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('xlsx_sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('xlsx_size', sa.Integer(), nullable=False),
    sa.Column('pdf_size', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['generated_by_id'], ['user_account.id'], name=op.f('fk_periodic_report_generated_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_periodic_report'))
    )
    with op.batch_alter_table('periodic_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_periodic_report_generated_at'), ['generated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_periodic_report_kind'), ['kind'], unique=False)


def downgrade():
    with op.batch_alter_table('periodic_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_periodic_report_kind'))
        batch_op.drop_index(batch_op.f('ix_periodic_report_generated_at'))
    op.drop_table('periodic_report')

    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP POLICY IF EXISTS tenant_isolation ON site_reminder')
    with op.batch_alter_table('site_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_reminder_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_site_reminder_sent_at'))
    op.drop_table('site_reminder')
