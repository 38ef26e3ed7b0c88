"""Permission helpers for views."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def permission_needed(perm: str):
    """Send anonymous visitors to the login page and answer 403 to users without `perm`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def job_visible_to(job, user) -> bool:
    """A job's progress and file belong to whoever started it and to staff who oversee jobs."""
    return job.created_by_id == user.pk or user.has_perm("core.view_job")
