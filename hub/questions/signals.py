"""What other capabilities learn of questions: a question and its answer became public,
or stopped being public (search indexes and removes it). Sent inside the step's
transaction, like the workflow's signals."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

question_published = _signals.signal("question-published")
question_unpublished = _signals.signal("question-unpublished")
