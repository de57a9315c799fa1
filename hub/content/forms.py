"""Forms of the staff content screens (Flask-WTF: every POST carries a CSRF token).

One form per content type, all built on ``ContentForm`` (the fields every item has:
title, summary, rich-text body, category, byline, source, language, featured, and the
hidden revision number used for optimistic locking). The forms check what a form can
check — required fields, lengths, dates that parse, choices — and hand the workflow a
plain dict (``service_data``) keyed by the model's attribute names; the rules of the
regulation (effective date not before issue, unique document number on the site) are
the workflow's, and its errors come back onto the fields with ``add_service_errors``.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from hub.content import labels
from hub.content.deadlines import STATE_LABELS
from hub.content.models import (
    ArticleKind,
    ContentType,
    DisclosureKind,
    LegalDocument,
    LegalDocumentType,
    PageKind,
    Validity,
)
from hub.core.clock import site_timezone
from hub.directory.models import Category
from hub.extensions import db
from hub.files.models import Attachment
from hub.workflow.states import STATUS_LABELS, TRANSITIONS
from i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

REQUIRED = _l("Please fill in this field.")
LANGUAGE_LABELS = {"vi": _l("Vietnamese"), "en": _l("English")}
# What <input type="datetime-local"> sends: minutes, or seconds when a step asks for them.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def _required() -> DataRequired:
    return DataRequired(message=REQUIRED)


def _value(data: Any) -> Any:
    """Enum members as their stored value, so selects show the right option."""
    return data.value if isinstance(data, enum.Enum) else data


def _optional_int(data: Any) -> int | None:
    if data in (None, "", "None"):
        return None
    return int(data)


def _choices(labels_by_member: dict[Any, Any]) -> list[SelectChoice]:
    return [SelectChoice(_value(member), label) for member, label in labels_by_member.items()]


def local_to_aware(value: datetime | None) -> datetime | None:
    """A time typed by staff (Vietnam's clock) as an aware datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=site_timezone()) if value.tzinfo is None else value


def aware_to_local(value: datetime | None) -> datetime | None:
    """A stored time (UTC; SQLite returns it naive) as Vietnam's wall clock, for inputs."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(site_timezone()).replace(tzinfo=None)


class LocalDateTimeField(DateTimeLocalField):
    """A datetime-local input that shows stored (UTC) times on Vietnam's clock."""

    def process_data(self, value: Any) -> None:
        super().process_data(aware_to_local(value) if isinstance(value, datetime) else value)


class EnumSelectField(SelectField):
    def __init__(self, label: Any, validators: Any = None, *, choices_of: dict[Any, Any],
                 **kwargs: Any) -> None:
        super().__init__(label, validators, choices=_choices(choices_of), coerce=_value,
                         **kwargs)


# --- the content forms -----------------------------------------------------------------

class ContentForm(FlaskForm):
    """The fields every item has. Subclasses list their own in ``TYPE_FIELDS``."""

    COMMON_FIELDS: tuple[str, ...] = ("title", "slug", "summary", "body", "category_id",
                                      "author_byline", "source", "locale", "featured")
    TYPE_FIELDS: tuple[str, ...] = ()
    LEAD_FIELDS: tuple[str, ...] = ()
    # Rich text, passed on as typed (not stripped): the workflow sanitises it.
    RICH_FIELDS: frozenset[str] = frozenset({"body"})

    title = StringField(_l("Title"), [_required(), Length(max=500)])
    slug = StringField(_l("Web address (made from the title when left empty)"),
                       [Length(max=200)], render_kw={"spellcheck": "false"})
    summary = TextAreaField(_l("Summary"), [Length(max=5000)], render_kw={"rows": 3})
    body = TextAreaField(_l("Body"), [Length(max=500_000)],
                         render_kw={"rows": 16, "data-editor": "rich"})
    category_id = SelectField(_l("Category"), coerce=_optional_int, choices=[])
    author_byline = StringField(_l("Author"), [Length(max=200)])
    source = StringField(_l("Source"), [Length(max=300)])
    locale = SelectField(_l("Language"), choices=[
        SelectChoice(code, LANGUAGE_LABELS.get(code, code)) for code in SUPPORTED_LOCALES],
        default=DEFAULT_LOCALE)
    featured = BooleanField(_l("Featured on the home page"))
    # Optimistic locking: the revision this edit started from.
    revision = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def prepare(self, item: Any = None) -> ContentForm:
        """Fill the choices that depend on the site (and on the item being edited)."""
        categories = db.session.scalars(
            select(Category).order_by(Category.locale, Category.position, Category.name)).all()
        self.category_id.choices = [SelectChoice(None, _l("No category"))] + [
            SelectChoice(c.id, label) for c, label in _category_tree_labels(categories)]
        return self

    def service_data(self) -> dict[str, Any]:
        """What the workflow receives: model attribute names -> typed values."""
        data: dict[str, Any] = {}
        for name in self.COMMON_FIELDS + self.TYPE_FIELDS + self.LEAD_FIELDS:
            if name not in self._fields:
                continue  # removed for this screen (the language, when editing)
            value = self[name].data
            if isinstance(self[name], DateTimeLocalField):
                value = local_to_aware(value)
            elif isinstance(value, str) and name not in self.RICH_FIELDS:
                value = value.strip()
            data[name] = value
        return data

    def add_service_errors(self, errors: dict[str, str]) -> list[str]:
        """Put the workflow's errors on their fields; return those with no field."""
        unplaced = []
        for name, message in errors.items():
            field = self._fields.get(name)
            if field is not None and name != "revision":
                field.errors = [*field.errors, message]  # type: ignore[list-item]
            else:
                unplaced.append(message)
        return unplaced

    @property
    def type_field_list(self) -> list[Any]:
        return [self[name] for name in self.TYPE_FIELDS if name in self._fields]


def _category_tree_labels(categories: list[Category]) -> list[tuple[Category, str]]:
    """Categories in tree order, children indented under their parent."""
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    known = {c.id for c in categories}
    out: list[tuple[Category, str]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for category in children.get(parent_id, []):
            out.append((category, "\u2003" * depth + category.name))
            walk(category.id, depth + 1)

    walk(None, 0)
    for category in categories:  # a parent in another locale: still listed, flat
        if category.parent_id is not None and category.parent_id not in known:
            out.append((category, category.name))
    return out


IMAGE_TYPES = "image/jpeg,image/png,image/gif,image/webp"
# Offered in the lead image's list: the site's newest images (older ones by upload).
IMAGE_CHOICES = 200


class LeadImageForm(ContentForm):
    """A lead image: one of the site's images or a new upload, its description
    (required with an image), caption, credit, and the focal point its crops keep."""

    LEAD_FIELDS = ("lead_image_id", "lead_image_alt", "lead_image_caption",
                   "lead_image_credit")

    lead_image_id = SelectField(_l("Lead image"), coerce=_optional_int, choices=[])
    lead_image_file = FileField(_l("Or upload a new lead image"),
                                render_kw={"accept": IMAGE_TYPES})
    lead_image_alt = StringField(_l("Description of the lead image"), [Length(max=500)])
    lead_image_caption = StringField(_l("Caption"), [Length(max=500)])
    lead_image_credit = StringField(_l("Photo credit"), [Length(max=200)])
    focal_x = FloatField(_l("Focal point, across (0 = left, 1 = right)"),
                         [Optional(), NumberRange(min=0, max=1)],
                         render_kw={"step": "0.01", "min": "0", "max": "1"})
    focal_y = FloatField(_l("Focal point, down (0 = top, 1 = bottom)"),
                         [Optional(), NumberRange(min=0, max=1)],
                         render_kw={"step": "0.01", "min": "0", "max": "1"})

    def prepare(self, item: Any = None) -> ContentForm:
        super().prepare(item)
        images = db.session.execute(
            select(Attachment.id, Attachment.filename).where(
                Attachment.content_type.startswith("image/"),
                Attachment.width.is_not(None))
            .order_by(Attachment.id.desc()).limit(IMAGE_CHOICES)).all()
        current = item.lead_image if item is not None else None
        if current is not None and current.id not in {row.id for row in images}:
            images.insert(0, (current.id, current.filename))
        self.lead_image_id.choices = [SelectChoice(None, _l("No lead image"))] + [
            SelectChoice(image_id, filename) for image_id, filename in images]
        if current is not None and self.focal_x.data is None:
            self.focal_x.data, self.focal_y.data = current.focal_x, current.focal_y
        return self

    @property
    def lead_image_upload(self) -> Any:
        """The uploaded file, or None when none was chosen."""
        data = self.lead_image_file.data
        return data if getattr(data, "filename", None) else None


class ArticleForm(LeadImageForm):
    TYPE_FIELDS = ("kind", "event_starts_at", "event_place")

    kind = EnumSelectField(_l("Kind of article"), choices_of=labels.ARTICLE_KIND_LABELS,
                           default=ArticleKind.NEWS.value)
    event_starts_at = LocalDateTimeField(_l("Date and time of the event"), [Optional()],
                                         format=DATETIME_FORMATS)
    event_place = StringField(_l("Place of the event"), [Length(max=300)])


class PageForm(LeadImageForm):
    TYPE_FIELDS = ("kind", "org_chart_id", "org_tree", "position")

    kind = EnumSelectField(_l("Kind of page"), choices_of=labels.PAGE_KIND_LABELS,
                           default=PageKind.OTHER.value)
    org_chart_id = SelectField(_l("Organisation chart image"), coerce=_optional_int,
                               choices=[])
    org_tree = TextAreaField(_l("Organisation tree (one unit per line, indented)"),
                             [Length(max=50_000)], render_kw={"rows": 6})
    position = IntegerField(_l("Display order"), [Optional(), NumberRange(min=0, max=10_000)],
                            default=0)

    def prepare(self, item: Any = None) -> ContentForm:
        super().prepare(item)
        # The chart is one of the page's own image attachments (attached on its page).
        images = [link.attachment for link in (item.attachments if item is not None else [])
                  if link.attachment.is_image]
        self.org_chart_id.choices = [SelectChoice(None, _l("No chart image"))] + [
            SelectChoice(a.id, a.filename) for a in images]
        return self


class LegalDocumentForm(ContentForm):
    TYPE_FIELDS = ("number", "document_type", "issuer", "signer", "issued_on",
                   "effective_on", "expires_on", "validity", "field", "gazette_number",
                   "replaces", "amends")

    number = StringField(_l("Number and symbol"), [_required(), Length(max=120)],
                         render_kw={"placeholder": "40/2024/QĐ-UBND", "spellcheck": "false"})
    document_type = EnumSelectField(_l("Type of document"),
                                    choices_of=labels.DOCUMENT_TYPE_LABELS,
                                    default=LegalDocumentType.DECISION.value)
    issuer = StringField(_l("Issuing authority"), [_required(), Length(max=300)])
    signer = StringField(_l("Signer"), [Length(max=200)])
    issued_on = DateField(_l("Issue date"), [InputRequired(message=REQUIRED)])
    effective_on = DateField(_l("Effective date"), [Optional()])
    expires_on = DateField(_l("Expiry date"), [Optional()])
    validity = EnumSelectField(_l("Validity"), choices_of=labels.VALIDITY_LABELS,
                               default=Validity.IN_FORCE.value)
    field = StringField(_l("Field"), [Length(max=200)])
    gazette_number = StringField(_l("Official gazette number"), [Length(max=60)])
    replaces = SelectMultipleField(_l("Documents it replaces"), coerce=int, choices=[],
                                   render_kw={"size": 6})
    amends = SelectMultipleField(_l("Documents it amends or supplements"), coerce=int,
                                 choices=[], render_kw={"size": 6})

    def prepare(self, item: Any = None) -> ContentForm:
        super().prepare(item)
        others = db.session.execute(
            select(LegalDocument.id, LegalDocument.number, LegalDocument.title)
            .where(LegalDocument.id != (item.id if item is not None else 0))
            .order_by(LegalDocument.issued_on.desc(), LegalDocument.id.desc())).all()
        choices = [SelectChoice(row.id, f"{row.number} — {row.title}") for row in others]
        self.replaces.choices = choices
        self.amends.choices = list(choices)
        return self

    def fill_relations(self, item: LegalDocument) -> None:
        """Preselect the documents the edited one replaces and amends."""
        for name in ("replaces", "amends"):
            self[name].data = [r.target_id for r in item.relations if r.relation == name]


class ProcedureForm(ContentForm):
    TYPE_FIELDS = ("code", "field", "agency", "service_level", "steps", "dossier",
                   "processing_time", "fees", "legal_basis", "national_portal_url",
                   "effective_on")
    RICH_FIELDS = frozenset({"body", "steps", "dossier", "legal_basis"})

    code = StringField(_l("Procedure code"), [_required(), Length(max=60)],
                       render_kw={"spellcheck": "false"})
    field = StringField(_l("Field"), [Length(max=200)])
    agency = StringField(_l("Implementing agency"), [Length(max=300)])
    service_level = StringField(_l("Level of online public service"), [Length(max=40)])
    steps = TextAreaField(_l("Steps"), [Length(max=100_000)],
                          render_kw={"rows": 6, "data-editor": "rich"})
    dossier = TextAreaField(_l("Dossier components"), [Length(max=100_000)],
                            render_kw={"rows": 6, "data-editor": "rich"})
    processing_time = StringField(_l("Processing time"), [Length(max=300)])
    fees = StringField(_l("Fees and charges"), [Length(max=500)])
    legal_basis = TextAreaField(_l("Legal basis"), [Length(max=100_000)],
                                render_kw={"rows": 4, "data-editor": "rich"})
    national_portal_url = StringField(
        _l("Link on the National Public Service Portal"),
        [Optional(), Length(max=500),
         URL(require_tld=False, message=_l("Please enter a web address starting with "
                                           "http:// or https://."))],
        render_kw={"placeholder": "https://dichvucong.gov.vn/", "spellcheck": "false"})
    effective_on = DateField(_l("Date the change takes effect"), [Optional()])


class ScheduleEntryForm(LeadImageForm):
    TYPE_FIELDS = ("leader", "day", "starts_at", "place", "participants", "host_unit")

    leader = StringField(_l("Leader"), [_required(), Length(max=200)])
    day = DateField(_l("Date"), [InputRequired(message=REQUIRED)])
    starts_at = TimeField(_l("Start time"), [Optional()])
    place = StringField(_l("Place"), [Length(max=300)])
    participants = TextAreaField(_l("Participants"), [Length(max=10_000)],
                                 render_kw={"rows": 3})
    host_unit = StringField(_l("Host unit"), [Length(max=300)])


class DisclosureForm(ContentForm):
    TYPE_FIELDS = ("kind", "period", "period_start", "period_end")

    kind = EnumSelectField(_l("Kind of disclosure"), choices_of=labels.DISCLOSURE_KIND_LABELS,
                           default=DisclosureKind.BUDGET.value)
    period = StringField(_l("Period"), [Length(max=60)],
                         render_kw={"placeholder": "Quý III/2026"})
    period_start = DateField(_l("Period starts"), [Optional()])
    period_end = DateField(_l("Period ends"), [Optional()])


class ConsultationForm(ContentForm):
    """A draft for public comment: the draft's files and its explanatory note (tờ trình)
    are attached on the item's page like any file."""

    TYPE_FIELDS = ("drafting_agency", "field", "opens_on", "closes_on", "contact_person",
                   "clauses")

    drafting_agency = StringField(_l("Drafting agency"), [_required(), Length(max=300)])
    field = StringField(_l("Field"), [Length(max=200)])
    opens_on = DateField(_l("Comments open on"), [InputRequired(message=REQUIRED)])
    closes_on = DateField(_l("Comments close on (last day, included)"),
                          [InputRequired(message=REQUIRED)])
    contact_person = StringField(_l("Contact person (name, unit, telephone or email)"),
                                 [Length(max=300)])
    clauses = TextAreaField(_l("Articles and clauses comments may address (one per line)"),
                            [Length(max=50_000)], render_kw={"rows": 8})


FORMS: dict[ContentType, type[ContentForm]] = {
    ContentType.ARTICLE: ArticleForm,
    ContentType.PAGE: PageForm,
    ContentType.LEGAL_DOCUMENT: LegalDocumentForm,
    ContentType.PROCEDURE: ProcedureForm,
    ContentType.SCHEDULE_ENTRY: ScheduleEntryForm,
    ContentType.DISCLOSURE: DisclosureForm,
    ContentType.CONSULTATION: ConsultationForm,
}


# --- workflow, attachments, revisions, import ------------------------------------------

class TransitionForm(FlaskForm):
    """One form under the item, one button per action the user may take."""

    action = SelectField(choices=[SelectChoice(name, t.label) for name, t in TRANSITIONS.items()],
                         validators=[InputRequired()])
    comment = TextAreaField(_l("Comment or reason"), [Length(max=5000)],
                            render_kw={"rows": 3})
    scheduled_at = LocalDateTimeField(_l("Publish at (for scheduling)"), [Optional()],
                                      format=DATETIME_FORMATS)


class AttachForm(FlaskForm):
    file = FileField(_l("File"), [FileRequired(message=_l("Please choose a file."))])
    role = SelectField(_l("Kind of attachment"),
                       choices=_choices(labels.ATTACHMENT_ROLE_LABELS), default="file")
    alt_text = StringField(_l("Text alternative (required for images)"),
                           [Length(max=500)])


class RestoreForm(FlaskForm):
    revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ProcedureImportForm(FlaskForm):
    file = FileField(_l("JSON or CSV file exported from the National Public Service Portal"),
                     [FileRequired(message=_l("Please choose a file."))])


class ContentFilterForm(FlaskForm):
    """The list's filters: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Title contains"), [Length(max=200)])
    type = SelectField(_l("Type"), choices=[SelectChoice("", _l("All types"))]
                       + _choices(labels.TYPE_LABELS), default="")
    status = SelectField(_l("Status"), choices=[SelectChoice("", _l("All statuses"))]
                         + _choices(STATUS_LABELS), default="")
    category = SelectField(_l("Category"), coerce=_optional_int, choices=[])
    author = SelectField(_l("Author"), coerce=_optional_int, choices=[])
    due = SelectField(_l("Deadline"), choices=[SelectChoice("", _l("Any"))]
                      + _choices(STATE_LABELS), default="")
    page = IntegerField(_l("Page"), [Optional(), NumberRange(
        min=1, max=1_000_000, message=_l("Page numbers start at 1."))], default=1)
