"""Handlers of the translation screens, on the item's site and on the office's site.

One rhythm: load (a request of neither this site nor its office is simply not found:
404, by the isolation rule of ``SharedWithPartner``) -> check on the server -> act
through ``hub.translation.operations`` -> answer. Nothing here commits.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hub.accounts.permissions import permission_required
from hub.content.controllers.items import acting_user, load_item
from hub.content.revisions import compare_snapshots
from hub.core.clock import local_today
from hub.core.http import fail
from hub.core.lifecycle import keep_writes
from hub.extensions import db
from hub.translation import machine, operations, queries, xliff
from hub.translation.fields import translated_fields
from hub.translation.forms import DraftForm, ImportForm, RequestForm, StepForm
from hub.translation.models import TranslationRequest
from hub.translation.states import STATE_LABELS, STEPS, SYSTEM_ACTIONS
from hub.workflow.errors import ContentValidationError, NotAllowed
from tenants.models import Tenant


def template_globals() -> dict[str, Any]:
    return {"steps": STEPS, "system_actions": SYSTEM_ACTIONS}


@permission_required("translation.view")
def queue():  # type: ignore[no-untyped-def]
    filters = queries.QueueFilters.from_args(request.args)
    if filters is None:
        fail(400, _("Unknown filter value."))
    return render_template("translation/queue.html", queue=queries.queue(filters, acting_user()),
                           filters=filters, **template_globals())


def load_request(request_id: int) -> TranslationRequest:
    return db.get_or_404(TranslationRequest, request_id)


def render_request(req: TranslationRequest, *, status: int = 200, error: str | None = None,
                   draft: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                   suggestions: dict[str, str] | None = None,
                   step_form: StepForm | None = None):  # type: ignore[no-untyped-def]
    user = acting_user()
    changes = (compare_snapshots(req.source_type, req.translated_source or {}, req.source)
               if req.is_outdated and req.translated_source is not None else [])
    return render_template(
        "translation/request.html", req=req, side=operations.side_of(req),
        site=db.session.get(Tenant, req.tenant_id),
        office=db.session.get(Tenant, req.partner_tenant_id),
        fields=translated_fields(req.source_type), changes=changes,
        translation={**(req.translation or {}), **(draft or {})}, errors=errors or {},
        suggestions=suggestions or {}, may_work=operations.may_work(req, user),
        available=operations.available_steps(req, user),
        step_form=step_form or StepForm(formdata=None, version=req.version),
        suggest_on=machine.configured_provider() is not None, error=error,
        today=local_today(),
        **template_globals()), status


@permission_required("translation.view")
def show(request_id: int):  # type: ignore[no-untyped-def]
    return render_request(load_request(request_id))


@permission_required("translation.view")
def save(request_id: int):  # type: ignore[no-untyped-def]
    req = load_request(request_id)
    form = DraftForm()
    # Fields the form did not send keep their text (the form shows only the fields the
    # original has).
    values = {spec.name: request.form[f"field-{spec.name}"]
              for spec in translated_fields(req.source_type)
              if f"field-{spec.name}" in request.form}
    if not form.validate_on_submit():
        return render_request(req, status=400, draft=values,
                              error=_("The form has expired. Please send it again."))
    try:
        current = operations.save_draft(req, values, acting_user(), version=form.version.data,
                                        source_revision=form.source_revision.data)
    except ContentValidationError as exc:
        return render_request(req, status=422, draft=values,
                              errors=exc.errors, error=next(iter(exc.errors.values())))
    except NotAllowed as exc:
        return render_request(req, status=exc.http_status,
                              draft=values, error=exc.reason)
    if form.intent.data == "submit" and current:
        try:
            operations.take_step(req, "submit", acting_user(), version=req.version)
        except NotAllowed as exc:
            keep_writes()  # the draft is saved; only the submission was refused
            return render_request(req, status=exc.http_status, error=exc.reason)
    if not current:
        flash(_("The original changed while you were translating. Your text is saved; "
                "review the changes shown and update it."), "warning")
    elif form.intent.data == "submit":
        flash(_("The translation has been submitted for review."), "success")
    else:
        flash(_("Your translation has been saved."), "success")
    return redirect(url_for("translation.show", request_id=req.id))


@permission_required("translation.view")
def step(request_id: int):  # type: ignore[no-untyped-def]
    req = load_request(request_id)
    form = StepForm()
    if not form.validate_on_submit():
        return render_request(req, status=400, step_form=form,
                              error=_("Please choose one of the offered steps."))
    action = form.action.data
    try:
        operations.take_step(req, action, acting_user(), version=form.version.data,
                             comment=form.comment.data or "")
    except NotAllowed as exc:
        return render_request(req, status=exc.http_status,
                              step_form=form, error=exc.reason)
    except ContentValidationError as exc:  # publishing the approved translation refused
        return render_request(req, status=exc.http_status, step_form=form,
                              error=next(iter(exc.errors.values())))
    flash(_("Done: %(step)s. The request is now “%(state)s”.", step=STEPS[action].label,
            state=STATE_LABELS[req.state]), "success")
    return redirect(url_for("translation.show", request_id=req.id))


@permission_required("translation.view")
def suggest(request_id: int):  # type: ignore[no-untyped-def]
    """Machine suggestions shown beside the fields; nothing is saved."""
    req = load_request(request_id)
    if not operations.may_work(req, acting_user()):
        fail(403, _("Your role does not allow this step of the translation."))
    if not DraftForm().validate_on_submit():
        fail(400, _("The form has expired. Please send it again."))
    try:
        suggestions = machine.suggest_fields(
            req.source, html_fields={spec.name for spec in translated_fields(req.source_type)
                                     if spec.kind == "html"},
            source=req.source_locale, target=req.target_locale)
    except machine.MachineTranslationUnavailable as exc:
        return render_request(req, status=503, error=_(
            "Machine suggestions are unavailable right now (%(reason)s). You can go on "
            "translating without them.", reason=exc.reason))
    if not suggestions:
        return render_request(req, error=_("Machine suggestions are not set up."))
    return render_request(req, suggestions=suggestions)


@permission_required("translation.view")
def export_xliff(request_id: int):  # type: ignore[no-untyped-def]
    req = load_request(request_id)
    data = xliff.export_xliff(
        request_key=queries.xliff_key(req), source_locale=req.source_locale,
        target_locale=req.target_locale, original=req.title,
        units=[xliff.Unit(spec.name, str(req.source.get(spec.name) or ""),
                          str((req.translation or {}).get(spec.name) or ""), str(spec.label))
               for spec in translated_fields(req.source_type)
               if req.source.get(spec.name)])
    filename = f"translation-request-{req.id}-r{req.source_revision}.xlf"
    return data, 200, {"Content-Type": "application/xliff+xml; charset=utf-8",
                       "Content-Disposition": f'attachment; filename="{filename}"',
                       "X-Content-Type-Options": "nosniff"}


@permission_required("translation.view")
def import_xliff(request_id: int):  # type: ignore[no-untyped-def]
    req = load_request(request_id)
    if not operations.may_work(req, acting_user()):
        fail(403, _("Your role does not allow this step of the translation."))
    form = ImportForm()
    if not form.validate_on_submit():
        return render_request(req, status=400, error=(
            form.file.errors[0] if form.file.errors
            else _("The form has expired. Please send it again.")))
    data = form.file.data.read(xliff.MAX_FILE_BYTES + 1)  # import_xliff refuses more
    try:
        values = xliff.import_xliff(
            data, request_key=queries.xliff_key(req), source_locale=req.source_locale,
            target_locale=req.target_locale,
            expected={name: str(text) for name, text in req.source.items() if text})
        operations.save_draft(req, values, acting_user(), version=form.version.data,
                              source_revision=req.source_revision, action="import")
    except xliff.XliffError as exc:
        return render_request(req, status=422, error=_(
            "The file was not imported, nothing was changed: %(reason)s", reason=exc.reason))
    except (ContentValidationError, NotAllowed) as exc:
        reason = (next(iter(exc.errors.values())) if isinstance(exc, ContentValidationError)
                  else exc.reason)
        return render_request(req, status=exc.http_status, error=_(
            "The file was not imported, nothing was changed: %(reason)s", reason=reason))
    flash(_("The translation file has been imported (%(count)s fields).",
            count=len(values)), "success")
    return redirect(url_for("translation.show", request_id=req.id))


# --- asking, from the item's page ------------------------------------------------------

@permission_required("translation.request")
def ask(item_id: int):  # type: ignore[no-untyped-def]
    item = load_item(item_id)
    offices = operations.translation_offices(db.session.get(Tenant, item.tenant_id))
    choices = [(office.id, office.name) for office in offices]
    form = RequestForm().prepare(item.locale, choices) if request.method == "POST" \
        else RequestForm(formdata=None).prepare(item.locale, choices)
    status, error = 200, None
    if not offices:
        status, error = 409, _("No translation office with translators exists in this "
                               "province yet.")
    elif request.method == "POST":
        if form.validate_on_submit():
            office = next(o for o in offices if o.id == form.office.data)
            try:
                req = operations.request_translation(
                    item, current_user, office=office, target_locale=form.target_locale.data,
                    due_on=form.due_on.data, note=form.note.data or "", offices=offices)
            except ContentValidationError as exc:
                for name, message in exc.errors.items():
                    field = form._fields.get(name)
                    if field is not None:
                        field.errors = [*field.errors, message]  # type: ignore[list-item]
                status, error = 422, next(iter(exc.errors.values()))
            except NotAllowed as exc:
                status, error = exc.http_status, exc.reason
            else:
                flash(_("The translation has been requested from %(office)s.",
                        office=office.name), "success")
                return redirect(url_for("translation.show", request_id=req.id))
        else:
            status, error = 400, _("Please correct the fields marked below.")
    existing = operations.live_request(item, "en")
    return render_template("translation/ask.html", item=item, form=form, error=error,
                           existing=existing, **template_globals()), status


@permission_required("translation.coverage")
def coverage():  # type: ignore[no-untyped-def]
    return render_template("translation/coverage.html", report=queries.english_coverage(),
                           **template_globals())
