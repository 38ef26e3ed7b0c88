from django.conf import settings
from django.urls import reverse

from .panels import PUBLIC, nav_for


def portal(request):
    """Give every page the navigation of the signed-in user's role, or the public one to visitors."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    nav = []
    for item in nav_for(user.primary_role if signed_in else PUBLIC):
        if item.permission and not (signed_in and user.has_perm(item.permission)):
            continue
        url = reverse(item.url_name, kwargs=item.url_kwargs)
        nav.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
    return {"portal_name": settings.PORTAL_NAME, "portal_nav": nav}
