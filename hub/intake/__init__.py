"""What every form a citizen can post shares: the proof-of-work, the honeypot, the
limits per client and per site, and the handling of personal data (shortened names,
redaction). Questions use it first; consultations and ratings reuse it.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.core.jobs import register_job
    from hub.intake import proof
    register_job("intake.purge_spent_challenges", proof.purge_spent)
    app.add_template_global(proof.HONEYPOT_FIELD, "honeypot_field")
