"""The form of the office's working-day screen (Flask-WTF: CSRF on every POST).

The fields carry what was typed; ``operations.check_override`` says what is wrong, with
the same rules as ``flask calendar add-override``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice

from hub.deadlines.operations import NOTE_MAX

KIND_CHOICES = [SelectChoice("working", _l("A working day (e.g. a Saturday worked)")),
                SelectChoice("day_off", _l("A day off (e.g. a bridge day)"))]


class OverrideForm(FlaskForm):
    day = StringField(_l("Day"), render_kw={"type": "date"})
    kind = RadioField(_l("The day becomes"), choices=KIND_CHOICES, validate_choice=False)
    note = StringField(_l("Reason and decision"), render_kw={"maxlength": NOTE_MAX})
