"""Forms of the staff's question screens (Flask-WTF: every POST carries a CSRF token),
and the period of the figures.

The forms check what a form can check — a date that parses, a choice among those
offered, the hidden version — and hand the values to ``operations``, whose rules
(a field that exists, a promised date within the law, no personal data published)
come back onto the fields through ``add_errors``. Each step's form carries the
question's ``version``: a step taken on an outdated page is refused (409).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from hub.core.periods import PeriodFilter
from hub.core.periods import read_period as read_core_period
from hub.questions import operations, states
from hub.questions.fields import FIELDS
from hub.questions.models import Channel

REQUIRED = _l("Please fill in this field.")
# What <input type="datetime-local"> sends: minutes, or seconds when a step asks for them.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
STAFF_CHANNELS = (Channel.POST, Channel.PHONE, Channel.EMAIL, Channel.IN_PERSON)


def _optional_int(data: Any) -> int | None:
    if data in (None, "", "None"):
        return None
    return int(data)


def _field_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose a field")),
            *(SelectChoice(key, label) for key, label in FIELDS.items())]


class QuestionForm(FlaskForm):
    def add_errors(self, errors: dict[str, str]) -> list[str]:
        """Put the service's errors on their fields; return those with no field."""
        unplaced = []
        for name, message in errors.items():
            target = self._fields.get(name)
            if target is not None and name not in ("csrf_token", "version"):
                target.errors = [*target.errors, message]  # type: ignore[list-item]
            else:
                unplaced.append(message)
        return unplaced


class EnterForm(QuestionForm):
    """A question that came by post, telephone, email or in person, typed in by staff
    with the day and hour it was received (the clock starts then)."""

    channel = SelectField(_l("Received by"), choices=[
        SelectChoice(channel.value, states.CHANNEL_LABELS[channel])
        for channel in STAFF_CHANNELS], validators=[InputRequired(message=REQUIRED)])
    received_at = DateTimeLocalField(
        _l("Received on (date and time, Viet Nam time)"), format=DATETIME_FORMATS,
        validators=[InputRequired(message=REQUIRED)])
    name = StringField(_l("Name of the citizen or organisation"),
                       [Length(max=operations.NAME_MAX)])
    email = StringField(_l("Email"), [Length(max=254)])
    phone = StringField(_l("Telephone"), [Length(max=30)])
    kind = SelectField(_l("Kind"), choices=[
        SelectChoice(kind.value, label) for kind, label in states.KIND_LABELS.items()],
        validate_choice=False)
    field = SelectField(_l("Field"), choices=_field_choices(), validate_choice=False)
    title = StringField(_l("Title"), [Length(max=operations.TITLE_MAX)])
    body = TextAreaField(_l("Text of the question"), [Length(max=operations.BODY_MAX)],
                         render_kw={"rows": 10})


class StepForm(QuestionForm):
    """A step with nothing to fill in (send, close): the version only."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ClassifyForm(StepForm):
    field = SelectField(_l("Field"), choices=_field_choices(), validate_choice=False)
    level = SelectField(_l("Answer level"), choices=[
        SelectChoice("", _l("Choose the answer level")),
        *(SelectChoice(level.value, label) for level, label in states.LEVEL_LABELS.items())],
        validate_choice=False)
    assignee = SelectField(_l("Assigned to"), coerce=_optional_int, choices=[])

    def prepare(self, members: list[Any]) -> ClassifyForm:
        self.assignee.choices = [SelectChoice(None, _l("Nobody in particular")),
                                 *(SelectChoice(user.id, user.display_name)
                                   for user in members)]
        return self


class ForwardForm(StepForm):
    to_tenant_id = SelectField(_l("Competent unit"), coerce=_optional_int, choices=[],
                               validate_choice=False)
    note = TextAreaField(_l("Note for the receiving unit"),
                         [Length(max=operations.NOTE_MAX)], render_kw={"rows": 3},
                         id="forward-note")

    def prepare(self, targets: list[Any]) -> ForwardForm:
        self.to_tenant_id.choices = [SelectChoice(None, _l("Choose a site")),
                                     *(SelectChoice(site.id, site.name) for site in targets)]
        return self


class RefuseForm(StepForm):
    reason = TextAreaField(_l("What the citizen is told"), [Length(max=operations.NOTE_MAX)],
                           render_kw={"rows": 5})


REFUSAL_SUGGESTION = _l(
    "Your request is a complaint or a denunciation, which the law handles through its "
    "own procedure (the Law on Complaints and the Law on Denunciations), not through the "
    "portal's questions and answers. Please send it in writing to the agency competent "
    "to settle it, or to the citizens' reception office of the province.")


class ProgressForm(StepForm):
    promised_on = DateField(_l("New date promised to the citizen"),
                            [InputRequired(message=REQUIRED)])
    note = TextAreaField(_l("What is being done (sent to the citizen)"),
                         [Length(max=operations.NOTE_MAX)], render_kw={"rows": 3},
                         id="progress-note")


class DraftForm(StepForm):
    answer = TextAreaField(_l("Answer"), [Length(max=operations.ANSWER_MAX)],
                           render_kw={"rows": 14, "data-editor": "rich"})
    signer_name = StringField(_l("Answered by (name)"), [Length(max=200)])
    signer_title = StringField(_l("Position of the person answering"), [Length(max=200)])


class ReturnForm(StepForm):
    comment = TextAreaField(_l("What should change"), [Length(max=operations.NOTE_MAX)],
                            render_kw={"rows": 3})


class PublishForm(StepForm):
    public_name = StringField(_l("Sender as published"), [Length(max=100)])
    public_title = StringField(_l("Title as published"), [Length(max=operations.TITLE_MAX)])
    public_body = TextAreaField(_l("Question as published"),
                                [Length(max=operations.BODY_MAX)], render_kw={"rows": 8})
    public_answer = TextAreaField(_l("Answer as published"),
                                  [Length(max=operations.ANSWER_MAX)],
                                  render_kw={"rows": 12, "data-editor": "rich"})


class UnpublishForm(StepForm):
    reason = TextAreaField(_l("Reason (kept in the history)"),
                           [Optional(), Length(max=operations.NOTE_MAX)],
                           render_kw={"rows": 2})


# The form of each step; "submit" is the draft form sent with the other button.
STEP_FORMS: dict[str, type[StepForm]] = {
    "classify": ClassifyForm, "forward": ForwardForm, "refuse": RefuseForm,
    "progress": ProgressForm, "draft": DraftForm, "submit": DraftForm,
    "return": ReturnForm, "send": StepForm, "publish": PublishForm,
    "unpublish": UnpublishForm, "close": StepForm,
}


# --- the period of the figures -----------------------------------------------------------

def read_period(args: Mapping[str, str]) -> PeriodFilter:
    """``?tu=YYYY-MM-DD&den=YYYY-MM-DD`` (``hub.core.periods``); this month by default."""
    return read_core_period(args, ("tu", "den"))

