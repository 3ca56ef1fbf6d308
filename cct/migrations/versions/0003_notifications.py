"""notifications for staff

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(), nullable=False),
    sa.Column('read_at', cct.db.UTCDateTime(), nullable=True),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('admin', 'supervisor', 'agent', 'editor', 'unit_staff', 'press', 'chancery')", name=op.f('ck_notifications_role_known')),
    sa.ForeignKeyConstraint(['read_by_id'], ['users.id'], name=op.f('fk_notifications_read_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_notifications_unread', ['role', 'read_at'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_unread')
        batch_op.drop_index(batch_op.f('ix_notifications_created_at'))

    op.drop_table('notifications')

