"""ratings

Visitors' ratings of a site (four marks 1–5 and an optional comment, 003 Article
3.8.d), the answers to "Was this page useful?", and the daily damping: one random key
per site and day and the day's keyed hashes, deleted the next day. No table holds an
address or a cookie.

Revision ID: c4e2a7d9f1b3
Revises: b3f1d2c4a5e6
Create Date: 2026-12-05 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e2a7d9f1b3'
down_revision = 'b3f1d2c4a5e6'
branch_labels = None
depends_on = None

TABLES = ('rating_seen', 'rating_daily_key', 'page_usefulness', 'rating')


def _tenant():
    return sa.Column('tenant_id', sa.Integer(), nullable=False)


def _tenant_fk(table):
    return sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'],
                                   name=op.f(f'fk_{table}_tenant_id_tenant'),
                                   ondelete='RESTRICT')


def upgrade():
    op.create_table(
        'rating',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('rated_on', sa.Date(), nullable=False),
        sa.Column('locale', sa.String(length=8), nullable=False),
        sa.Column('interface', sa.SmallInteger(), nullable=False),
        sa.Column('content', sa.SmallInteger(), nullable=False),
        sa.Column('quality', sa.SmallInteger(), nullable=False),
        sa.Column('support', sa.SmallInteger(), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('comment_state', sa.Enum('new', 'read', 'hidden', name='commentstate',
                                           native_enum=False, create_constraint=True,
                                           length=24), nullable=True),
        _tenant(),
        sa.CheckConstraint('interface BETWEEN 1 AND 5', name=op.f('ck_rating_interface_range')),
        sa.CheckConstraint('content BETWEEN 1 AND 5', name=op.f('ck_rating_content_range')),
        sa.CheckConstraint('quality BETWEEN 1 AND 5', name=op.f('ck_rating_quality_range')),
        sa.CheckConstraint('support BETWEEN 1 AND 5', name=op.f('ck_rating_support_range')),
        _tenant_fk('rating'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rating')),
    )
    op.create_index('ix_rating_tenant_day', 'rating', ['tenant_id', 'rated_on'])
    op.create_index(op.f('ix_rating_tenant_id'), 'rating', ['tenant_id'])

    op.create_table(
        'page_usefulness',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('rated_on', sa.Date(), nullable=False),
        sa.Column('path', sa.String(length=300), nullable=False),
        sa.Column('useful', sa.Boolean(), nullable=False),
        _tenant(),
        _tenant_fk('page_usefulness'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_page_usefulness')),
    )
    op.create_index('ix_page_usefulness_tenant_day', 'page_usefulness',
                    ['tenant_id', 'rated_on'])
    op.create_index(op.f('ix_page_usefulness_tenant_id'), 'page_usefulness', ['tenant_id'])

    op.create_table(
        'rating_daily_key',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('key', sa.LargeBinary(length=32), nullable=False),
        _tenant(),
        _tenant_fk('rating_daily_key'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_daily_key')),
        sa.UniqueConstraint('tenant_id', 'day', name=op.f('uq_rating_daily_key_tenant_id_day')),
    )
    op.create_index(op.f('ix_rating_daily_key_day'), 'rating_daily_key', ['day'])
    op.create_index(op.f('ix_rating_daily_key_tenant_id'), 'rating_daily_key', ['tenant_id'])

    op.create_table(
        'rating_seen',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        _tenant(),
        _tenant_fk('rating_seen'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_seen')),
        sa.UniqueConstraint('tenant_id', 'day', 'digest',
                            name=op.f('uq_rating_seen_tenant_id_day_digest')),
    )
    op.create_index(op.f('ix_rating_seen_day'), 'rating_seen', ['day'])
    op.create_index(op.f('ix_rating_seen_tenant_id'), 'rating_seen', ['tenant_id'])


def downgrade():
    for table in TABLES:
        if op.get_bind().dialect.name == 'postgresql':
            op.execute(f'DROP POLICY IF EXISTS tenant_isolation ON {table}')
        op.drop_table(table)
