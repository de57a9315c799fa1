"""``flask search status`` (outbox lag, documents in the index), ``flask search
reindex`` (rebuild the index from the database, without downtime) and ``flask search
extract`` (read the text of attached files again, or those never read)."""

from __future__ import annotations

from itertools import chain

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from hub.content.models import ContentItem
from hub.core.clock import aware, utcnow
from hub.extensions import db
from hub.files.models import Attachment
from hub.questions.models import Question, QuestionState
from hub.workflow.states import PUBLIC_STATES
from search.backends.base import SearchUnavailable
from search.documents import all_public_documents, all_public_question_documents
from search.file_text import attached_files, not_yet_read, read_file
from search.indexer import drain
from search.models import SearchOutbox
from search.service import get_backend
from tenants.context import unscoped


@click.group("search")
def search_cli() -> None:
    """The search index: status, reindex, drain."""


@search_cli.command("status")
@with_appcontext
def status_command() -> None:
    """Outbox lag and document counts."""
    with unscoped():
        pending = SearchOutbox.processed_at.is_(None)
        count = db.session.scalar(select(func.count()).where(pending)) or 0
        oldest = db.session.scalar(select(func.min(SearchOutbox.created_at)).where(pending))
        failing = db.session.scalar(select(func.count()).where(
            pending, SearchOutbox.attempts > 0)) or 0
        last_error = db.session.scalar(select(SearchOutbox.last_error).where(
            pending, SearchOutbox.last_error.is_not(None))
            .order_by(SearchOutbox.id.desc()).limit(1))
        public = db.session.scalar(select(func.count()).select_from(ContentItem).where(
            ContentItem.status.in_(PUBLIC_STATES))) or 0
        questions = db.session.scalar(select(func.count()).select_from(Question).where(
            Question.state == QuestionState.PUBLISHED)) or 0
    backend = get_backend()
    age = f"{(utcnow() - aware(oldest)).total_seconds():.0f} s" if oldest else "-"
    click.echo(f"outbox: {count} pending (oldest {age}), {failing} failing")
    if last_error:
        click.echo(f"last error: {last_error[:300]}")
    click.echo(f"database: {public} published items, {questions} published questions")
    try:
        click.echo(f"{backend.name}: {backend.count()} documents")
    except SearchUnavailable as exc:
        click.echo(f"{backend.name}: unavailable ({exc})")
        raise SystemExit(1) from None


@search_cli.command("reindex")
@click.option("--if-unreadable", is_flag=True,
              help="Only when the index cannot be searched: none yet, or one of an older "
                   "layout after an upgrade (what make run does).")
@with_appcontext
def reindex_command(if_unreadable: bool) -> None:
    """Rebuild the index from the database (every published item and question of
    every site)."""
    backend = get_backend()
    if if_unreadable:
        try:
            click.echo(f"{backend.name}: {backend.count()} documents, readable; "
                       "not rebuilt")
            return
        except SearchUnavailable:
            pass
    with unscoped():
        count = backend.rebuild(chain(all_public_documents(),
                                      all_public_question_documents()))
    click.echo(f"{backend.name}: {count} documents indexed")


@search_cli.command("drain")
@with_appcontext
def drain_command() -> None:
    """Drain the outbox now (what `flask worker` does continuously)."""
    click.echo(f"{drain()} outbox rows processed")


@search_cli.command("extract")
@click.option("--all", "every", is_flag=True,
              help="Read every attached PDF and Word file again.")
@click.option("--missing", is_flag=True,
              help="Read only the files never read, or read from other bytes (default).")
@with_appcontext
def extract_command(every: bool, missing: bool) -> None:
    """Read the text of attached files (what the attachment_text job does), committing
    after each file, then index their public items again."""
    if every and missing:
        raise click.UsageError("choose --all or --missing, not both")
    chosen = attached_files() if every else not_yet_read()
    with unscoped():
        ids = list(db.session.scalars(chosen.with_only_columns(Attachment.id)
                                      .order_by(Attachment.id)))
    done = 0
    for attachment_id in ids:
        with unscoped():
            attachment = db.session.get(Attachment, attachment_id)
            if attachment is not None and read_file(attachment):
                done += 1
                click.echo(f"{attachment.id} {attachment.filename}: "
                           f"{attachment.extraction_status}")
            db.session.commit()
    click.echo(f"{done} of {len(ids)} files read, {drain()} outbox rows processed")
