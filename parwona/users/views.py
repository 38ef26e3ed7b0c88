from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parwona.core.panels import panels_render
from parwona.core.personal_data import personal_data_export
from parwona.core.rules import permission_needed

from . import services
from .forms import InviteForm, PeopleFilterForm
from .selectors import people


@login_required
def home(request):
    """Render the home page of her role from the panels the apps registered for it."""
    role = request.user.primary_role
    return render(request, "users/home.html", {"role": role, "panels": panels_render(request, role)})


@login_required
def personal_data(request):
    """Tell her what the portal holds about her and offer it as a download; only ever her own."""
    return render(request, "users/personal_data.html")


@login_required
def personal_data_download(request):
    """Send her a ZIP of everything the portal holds about her (audited)."""
    content = personal_data_export(user=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="parwona-my-data.zip"'
    return response


@require_POST
def language_set(request):
    """Switch the language: a cookie for everyone, remembered on the account when signed in."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if request.user.is_authenticated:
        try:
            services.user_language_set(user=request.user, language=language)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return response
    elif language not in dict(settings.LANGUAGES):
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@permission_needed("users.view_user")
def people_list(request):
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(people(q=filters.get("q", ""), role=filters.get("role", "")), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "users/people_list.html", {"form": form, "page": page, "query": query.urlencode()})


@permission_needed("users.invite_user")
def invite(request):
    form = InviteForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
            return redirect(reverse("people_list"))
    return render(request, "users/invite.html", {"form": form})
