"""The site's banner (biểu ngữ) on its settings screen: site admins upload the picture
the header shows behind the site's name (``hub.public.banner``), or remove it.

The file goes through the uploads' own checks (an image, of an allowed type and size,
with its alternative text, whose pixels are read whole and sized:
``hub.files.operations.store_upload``) and the store. Each change
writes an audit entry; the site's pages, whose header shows the banner, are dropped
from the page cache when the tenant row commits (``hub.cache.invalidation``).
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from hub.accounts.permissions import permission_required
from hub.admin.forms import BannerForm, RemoveBannerForm
from hub.admin.settings import settings_page
from hub.audit.operations import record
from hub.extensions import db
from hub.files.operations import UploadRejected, store_upload
from hub.public.banner import banner_setting
from tenants.context import current_site
from tenants.models import Tenant


def set_banner(tenant: Tenant, file: FileStorage, alt_text: str, *, by: Any) -> None:
    """Make the uploaded picture ``tenant``'s banner, or raise ``UploadRejected``
    (nothing changed: the caller's 4xx answer rolls the stored row back)."""
    attachment = store_upload(file, alt_text=alt_text, by=by, images_only=True)
    tenant.update_settings(banner=banner_setting(attachment))
    db.session.flush()
    record("site.banner_changed", actor=by, obj=tenant, tenant_id=tenant.id,
           attachment_id=attachment.id)


def remove_banner(tenant: Tenant, *, by: Any) -> bool:
    """Back to the header's own band; False when the site had no banner."""
    if tenant.setting("banner") is None:
        return False
    tenant.update_settings(banner=None)
    db.session.flush()
    record("site.banner_removed", actor=by, obj=tenant, tenant_id=tenant.id)
    return True


@permission_required("settings.manage")
def upload_banner():  # type: ignore[no-untyped-def]
    tenant = db.get_or_404(Tenant, current_site().tenant_id)
    form = BannerForm()
    if not form.validate_on_submit():
        return settings_page(tenant, banner_form=form, status=400, error=_(
            "The banner was not saved. Please correct what is marked below."))
    try:
        set_banner(tenant, form.file.data, form.alt_text.data or "",
                   by=current_user._get_current_object())
    except UploadRejected as refused:
        form.file.errors = [refused.reason]  # type: ignore[assignment]
        return settings_page(tenant, banner_form=form, status=refused.status,
                             error=refused.reason)
    flash(_("The banner has been saved."), "success")
    return redirect(url_for("admin.settings") + "#banner")


@permission_required("settings.manage")
def delete_banner():  # type: ignore[no-untyped-def]
    tenant = db.get_or_404(Tenant, current_site().tenant_id)
    if not RemoveBannerForm().validate_on_submit():
        return settings_page(tenant, status=400,
                             error=_("The form has expired. Please send it again."))
    removed = remove_banner(tenant, by=current_user._get_current_object())
    flash(_("The banner has been removed.") if removed else _("Nothing had changed."),
          "success")
    return redirect(url_for("admin.settings") + "#banner")
