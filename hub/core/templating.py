"""The Jinja environment of the application.

Jinja gives every template its globals as a ``ChainMap`` over the environment's, so that
a template's own globals never leak into others. Reading a ``ChainMap`` is Python code
run key by key: every render copies the forty-odd globals of this application out of it
one lookup at a time, lists their names again, and every ``{% from ... import %}``
checks each name against it once more. On a public page that was a tenth of the time
spent rendering (the same cost is discussed upstream in pallets/jinja#2185).

Here a template's globals are a plain dict made when the template is loaded: the
environment's globals, with the template's own on top. Every global of the portal is
registered while ``create_app`` runs, before any template is loaded, so the copy holds
them all; a global added later reaches only templates loaded after it.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from flask.templating import Environment as FlaskEnvironment


class Environment(FlaskEnvironment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        if not d:
            return dict(self.globals)
        return {**self.globals, **d}
