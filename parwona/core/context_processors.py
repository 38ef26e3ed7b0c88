from django.conf import settings
from django.urls import reverse

from .panels import nav_for


def portal(request):
    """Give every page the navigation of the signed-in user's role."""
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        for item in nav_for(user.primary_role):
            if item.permission and not user.has_perm(item.permission):
                continue
            url = reverse(item.url_name, kwargs=item.url_kwargs)
            nav.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
    return {"portal_name": settings.PORTAL_NAME, "portal_nav": nav}
