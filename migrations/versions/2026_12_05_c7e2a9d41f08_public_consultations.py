"""public consultations

Drafts put out for public comment (dự thảo lấy ý kiến): a content type of their own,
so the type columns of items and of translation requests accept it; the comments
citizens send on them, and the agency's published outcome.

Revision ID: c7e2a9d41f08
Revises: 00e6388de69f
Create Date: 2026-12-05 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e2a9d41f08'
down_revision = '00e6388de69f'
branch_labels = None
depends_on = None

OLD_TYPES = ('article', 'page', 'legal_document', 'procedure', 'schedule_entry',
             'disclosure')
NEW_TYPES = (*OLD_TYPES, 'consultation')


def _content_type(values):
    return sa.Enum(*values, name='contenttype', native_enum=False, create_constraint=True,
                   length=24)


def _retype(values_before, values_after):
    """The CHECK of the two columns holding a content type: re-created on PostgreSQL,
    the tables rebuilt with the new one on SQLite (which cannot alter a CHECK)."""
    for table, column in (('content_item', 'type'), ('translation_request', 'source_type')):
        if op.get_bind().dialect.name == 'postgresql':
            name = op.f(f'ck_{table}_contenttype')
            op.drop_constraint(name, table, type_='check')
            values = ', '.join(f"'{value}'" for value in values_after)
            op.create_check_constraint(name, table, sa.text(f'{column} IN ({values})'))
        else:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.alter_column(column, existing_type=_content_type(values_before),
                                      type_=_content_type(values_after),
                                      existing_nullable=False)


def upgrade():
    _retype(OLD_TYPES, NEW_TYPES)
    op.create_table('consultation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('drafting_agency', sa.String(length=300), nullable=False),
    sa.Column('field', sa.String(length=200), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('contact_person', sa.String(length=300), nullable=False),
    sa.Column('clauses', sa.Text(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['content_item.id'], name=op.f('fk_consultation_id_content_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_consultation_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation'))
    )
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_closes_on'), ['closes_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('consultation_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('person', 'organisation', name='commenterkind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=300), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('clause', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('state', sa.Enum('pending', 'published', 'hidden', name='commentstate', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('hidden_reason', sa.Text(), nullable=False),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('response', sa.Enum('accepted', 'partly_accepted', 'not_accepted', name='response', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('responded_by_id', sa.Integer(), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_consultation_comment_attachment_id_attachment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_comment_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['user_account.id'], name=op.f('fk_consultation_comment_moderated_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['responded_by_id'], ['user_account.id'], name=op.f('fk_consultation_comment_responded_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_consultation_comment_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_comment'))
    )
    with op.batch_alter_table('consultation_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_comment_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index('ix_consultation_comment_listing', ['tenant_id', 'consultation_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_comment_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_comment_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('consultation_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('reminded_closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_outcome_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['user_account.id'], name=op.f('fk_consultation_outcome_published_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_consultation_outcome_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_outcome')),
    sa.UniqueConstraint('consultation_id', name=op.f('uq_consultation_outcome_consultation_id'))
    )
    with op.batch_alter_table('consultation_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_outcome_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_outcome_tenant_id'), ['tenant_id'], unique=False)


def downgrade():
    op.drop_table('consultation_outcome')
    op.drop_table('consultation_comment')
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_closes_on'))
    op.drop_table('consultation')
    op.execute("DELETE FROM content_item WHERE type = 'consultation'")
    op.execute("DELETE FROM translation_request WHERE source_type = 'consultation'")
    _retype(NEW_TYPES, OLD_TYPES)
