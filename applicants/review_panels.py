"""The reviewer's home panel of applications to review and her navigation link."""

from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .review_selectors import assignments_progress


def _to_review(request) -> dict | None:
    if not request.user.has_perm("applicants.review_application"):
        return None
    return assignments_progress(reviewer=request.user)


panel_register(roles=[Role.REVIEWER], panel=Panel("applicants/panels/to_review.html", _to_review, order=10))
nav_register(
    roles=[Role.REVIEWER],
    item=NavItem(_("My reviews"), "review_list", order=10, permission="applicants.review_application"),
)
