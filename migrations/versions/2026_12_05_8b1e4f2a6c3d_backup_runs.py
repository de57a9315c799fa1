"""backup runs

Every backup made and every verification (by the schedule or a command), with its
outcome: the hub's, no tenant.

Revision ID: 8b1e4f2a6c3d
Revises: 5e0c3a7b9d21
Create Date: 2026-12-05 22:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b1e4f2a6c3d'
down_revision = '5e0c3a7b9d21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('backup_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('create', 'verify', name='runkind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('outcome', sa.Enum('ok', 'failed', name='runoutcome', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('backup_name', sa.String(length=64), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_backup_run'))
    )
    with op.batch_alter_table('backup_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_backup_run_backup_name'), ['backup_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_backup_run_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_backup_run_started_at'), ['started_at'], unique=False)


def downgrade():
    with op.batch_alter_table('backup_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_backup_run_started_at'))
        batch_op.drop_index(batch_op.f('ix_backup_run_outcome'))
        batch_op.drop_index(batch_op.f('ix_backup_run_backup_name'))

    op.drop_table('backup_run')
