"""images

Photographs: an image's size in pixels and focal point on its attachment, the
renditions made of it (one row per image, spec and format, each file kept in the
site's store), an item's lead image with its description, caption and credit, and the
photo news kind of article (tin ảnh).

Revision ID: a7d4e2c9b815
Revises: e8a4c2f6b1d9
Create Date: 2026-12-05 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d4e2c9b815'
down_revision = 'e8a4c2f6b1d9'
branch_labels = None
depends_on = None

OLD_KINDS = ('news', 'event', 'propaganda', 'direction')
NEW_KINDS = (*OLD_KINDS, 'photo')


def _article_kind(values):
    return sa.Enum(*values, name='articlekind', native_enum=False, create_constraint=True,
                   length=24)


def _rekind(values_before, values_after):
    """The CHECK of an article's kind: re-created on PostgreSQL, the table rebuilt with
    the new one on SQLite (which cannot alter a CHECK)."""
    if op.get_bind().dialect.name == 'postgresql':
        name = op.f('ck_article_articlekind')
        op.drop_constraint(name, 'article', type_='check')
        values = ', '.join(f"'{value}'" for value in values_after)
        op.create_check_constraint(name, 'article', sa.text(f'kind IN ({values})'))
    else:
        with op.batch_alter_table('article', schema=None) as batch_op:
            batch_op.alter_column('kind', existing_type=_article_kind(values_before),
                                  type_=_article_kind(values_after),
                                  existing_nullable=False)


def upgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('width', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('height', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('focal_x', sa.Float(), server_default='0.5',
                                      nullable=False))
        batch_op.add_column(sa.Column('focal_y', sa.Float(), server_default='0.5',
                                      nullable=False))

    with op.batch_alter_table('content_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lead_image_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('lead_image_alt', sa.String(length=500),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('lead_image_caption', sa.String(length=500),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('lead_image_credit', sa.String(length=200),
                                      server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_content_item_lead_image_id_attachment'),
                                    'attachment', ['lead_image_id'], ['id'],
                                    ondelete='SET NULL')

    op.create_table(
        'image_rendition',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('attachment_id', sa.Integer(), nullable=False),
        sa.Column('spec', sa.String(length=20), nullable=False),
        sa.Column('format', sa.String(length=8), nullable=False),
        sa.Column('storage_key', sa.String(length=300), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'],
                                name=op.f('fk_image_rendition_attachment_id_attachment'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'],
                                name=op.f('fk_image_rendition_tenant_id_tenant'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_image_rendition')),
        sa.UniqueConstraint('attachment_id', 'spec', 'format',
                            name=op.f('uq_image_rendition_attachment_id_spec_format')),
    )
    op.create_index(op.f('ix_image_rendition_tenant_id'), 'image_rendition', ['tenant_id'])

    _rekind(OLD_KINDS, NEW_KINDS)


def downgrade():
    op.execute("UPDATE article SET kind = 'news' WHERE kind = 'photo'")
    _rekind(NEW_KINDS, OLD_KINDS)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP POLICY IF EXISTS tenant_isolation ON image_rendition')
    op.drop_table('image_rendition')
    with op.batch_alter_table('content_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_content_item_lead_image_id_attachment'),
                                 type_='foreignkey')
        batch_op.drop_column('lead_image_credit')
        batch_op.drop_column('lead_image_caption')
        batch_op.drop_column('lead_image_alt')
        batch_op.drop_column('lead_image_id')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_column('focal_y')
        batch_op.drop_column('focal_x')
        batch_op.drop_column('height')
        batch_op.drop_column('width')
