"""The foundation's own home panels and navigation."""

from django.utils.translation import gettext_lazy as _

from parwona.users.enums import Role

from .models import AuditEntry
from .panels import NavItem, Panel, nav_register, panel_register


def _recent_audit(request) -> dict | None:
    if not request.user.has_perm("core.view_auditentry"):
        return None
    entries = AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")[:5]
    return {"entries": entries}


panel_register(roles=[Role.COORDINATOR], panel=Panel("core/panels/audit.html", _recent_audit, order=900))
nav_register(roles=[Role.COORDINATOR], item=NavItem(_("Audit log"), "audit_log", order=900,
                                                     permission="core.view_auditentry"))
nav_register(roles=[Role.COORDINATOR], item=NavItem(_("Jobs"), "job_list", order=910,
                                                     permission="core.view_job"))
