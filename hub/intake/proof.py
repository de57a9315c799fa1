"""Proof-of-work for citizen forms, with no third party and no tracking.

The ALTCHA scheme (``altcha`` package, version 1 API): the server hands out a
challenge — ``sha256(salt + n)`` for a secret random ``n`` below ``max_number``, signed
with an HMAC of the app's secret key, bound to the site and expiring — and the browser
finds ``n`` by trying (``hub/static/proof.js``, Web Crypto). Checking costs the server
one hash and one HMAC; finding costs the sender ``max_number / 2`` hashes on average,
which a person does not notice once and a flood pays per message.

A solution is spent in the transaction that stores what it was for
(``spend``): a replay, or the same form sent twice, finds the row and is refused, and a
rolled-back submission leaves the challenge unspent. Nothing is stored about the
sender.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import altcha
from flask import Response, current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import delete

from hub.core.clock import utcnow
from hub.core.database import conflict_insert
from hub.core.ratelimit import Rule, allowed
from hub.extensions import db
from hub.intake.models import SpentChallenge
from tenants.context import current_tenant_id

HONEYPOT_FIELD = "website"          # hidden from people; bots fill in every field
PROOF_FIELD = "altcha"
ALGORITHM = "SHA-256"


class ProofRejected(Exception):
    """The proof is missing, forged, expired, of another site, or already used; or
    (``screen``) the post was refused before it: ``status`` and ``retry_after`` say how
    to answer."""

    def __init__(self, reason: str, status: int = 400, retry_after: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


def exceeded(per_client: Rule, per_site: Rule) -> Rule | None:
    """The limit this post exceeds, if any: the client's first, then the whole site's
    (which counts only what passed the client's: a flood from one address does not use
    up everyone's share)."""
    return next((rule for rule, one_client in ((per_client, True), (per_site, False))
                 if not allowed(rule, per_client=one_client)), None)


def screen(rules: tuple[Rule, ...], too_many: Callable[[int], str]) -> str:
    """What every citizen's form passes before its fields are read, in this order: the
    honeypot, the rate limits (``rules``: the client's, then the site's if given), the
    proof-of-work. Returns the challenge to ``spend`` with what is stored; raises
    ``ProofRejected`` with the status to answer (429 and ``retry_after`` for a limit,
    whose message ``too_many(minutes)`` words)."""
    if request.form.get(HONEYPOT_FIELD):
        raise ProofRejected(_("The form was filled in by a program, not a person, so it "
                              "was not sent. If you are a person, please leave the field "
                              "named “website” empty and send again."))
    rule = exceeded(*rules) if len(rules) == 2 else next(
        (rule for rule in rules if not allowed(rule)), None)
    if rule is not None:
        raise ProofRejected(too_many(rule.window_seconds // 60), 429, rule.window_seconds)
    return verify(request.form.get(PROOF_FIELD))


def refusal(response: Response, rejected: ProofRejected) -> Response:
    """``response`` (the form again, with ``rejected.reason``) with the refusal's
    ``Retry-After``."""
    if rejected.retry_after is not None:
        response.headers["Retry-After"] = str(rejected.retry_after)
    return response


def _key() -> bytes:
    return hashlib.sha256(b"portal-proof-of-work:" +
                          str(current_app.config["SECRET_KEY"]).encode()).digest()


def _ttl() -> timedelta:
    return timedelta(seconds=int(current_app.config.get("POW_TTL_SECONDS", 1800)))


def new_challenge() -> dict[str, Any]:
    """A fresh challenge for this site, as ALTCHA's solvers read it (``maxnumber``)."""
    challenge = altcha.create_challenge_v1(
        algorithm=ALGORITHM, hmac_key=_key(),
        max_number=int(current_app.config.get("POW_MAX_NUMBER", 50_000)),
        expires=utcnow() + _ttl(), params={"site": str(current_tenant_id() or 0)})
    data = challenge.to_dict()
    data["maxnumber"] = data.pop("maxNumber", challenge.max_number)
    return data


def challenge_response(rule: Rule) -> Response:
    """A form's challenge endpoint: a fresh challenge as JSON, never stored by a cache;
    ``rule`` limits how many one client may ask for (429 with ``Retry-After``)."""
    if allowed(rule):
        response = jsonify(new_challenge())
    else:
        response = jsonify(error={"status": 429, "reason": _(
            "Too many requests. Please wait a minute and reload the page.")})
        response.status_code = 429
        response.headers["Retry-After"] = str(rule.window_seconds)
    response.headers["Cache-Control"] = "no-store"
    return response


def solve(challenge: dict[str, Any]) -> str:
    """The payload a browser would send for ``challenge`` (tests, the benchmark)."""
    salt, target = challenge["salt"], challenge["challenge"]
    for number in range(int(challenge["maxnumber"]) + 1):
        if hashlib.sha256(f"{salt}{number}".encode()).hexdigest() == target:
            payload = {"algorithm": challenge["algorithm"], "challenge": target,
                       "number": number, "salt": salt,
                       "signature": challenge["signature"]}
            return base64.b64encode(json.dumps(payload).encode()).decode()
    raise ValueError("challenge has no solution")


def verify(payload: str | None) -> str:
    """Check a solution for this site; returns the challenge to ``spend``."""
    if not payload:
        raise ProofRejected(_("The anti-spam check did not run. Please wait until it "
                              "says it is done (it needs JavaScript), then send again."))
    try:
        decoded = json.loads(base64.b64decode(payload, validate=True))
        parsed = altcha.PayloadV1.from_dict(decoded)
        _salt, expires, params = parsed.parse_salt()
    except (ValueError, TypeError, KeyError, AttributeError):
        raise ProofRejected(_("The anti-spam check could not be read. Please reload "
                              "the page and send the form again.")) from None
    ok, _error = altcha.verify_solution_v1(decoded, _key(), check_expires=True)
    if not ok:
        raise ProofRejected(_("The anti-spam check has expired or is not valid. Please "
                              "wait for a new check to finish and send again."))
    if params.get("site", [""])[0] != str(current_tenant_id() or 0):
        raise ProofRejected(_("The anti-spam check belongs to another site. Please "
                              "reload the page and send the form again."))
    # Whether it was already used is known when it is spent (``spend``), in the
    # transaction that stores the message: one write, no read before it.
    return str(decoded["challenge"])


def spend(challenge: str) -> None:
    """Mark ``challenge`` used, in the caller's transaction. One INSERT that does
    nothing when the row exists: a replay, or a concurrent use of the same solution
    (which waits for the first one's transaction), is refused here, not at commit."""
    inserted = db.session.execute(
        conflict_insert(SpentChallenge.__table__).values(challenge=challenge,
                                                expires_at=utcnow() + _ttl())
        .on_conflict_do_nothing(index_elements=["challenge"])
        .returning(SpentChallenge.__table__.c.challenge)).scalar()
    if inserted is None:
        raise ProofRejected(_("This form has already been sent. If you want to send "
                              "another message, please reload the page."))


def purge_spent() -> int:
    """Forget challenges that have expired (they would be refused as expired anyway)."""
    result = db.session.execute(delete(SpentChallenge).where(
        SpentChallenge.expires_at < utcnow() - timedelta(minutes=5)))
    return int(result.rowcount or 0)

