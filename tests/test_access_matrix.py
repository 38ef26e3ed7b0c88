"""Every named URL of the portal against anonymous visitors and every role.

Expected answers: PAGE (200), LOGIN (redirect to the login page), REDIRECT (another redirect),
DENIED (403), HIDDEN (404: another person's object), GONE (405: wrong method).
A URL name of the portal missing from MATRIX fails `test_access_matrix_lists_every_url`.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from parwona.core.enums import JobStatus
from parwona.users.enums import Role
from tests.factories import JobFactory

PAGE, LOGIN, REDIRECT, DENIED, HIDDEN = 200, "login", 302, 403, 404

ANON = "anonymous"
ADMIN = "admin"
ROLES = [ANON, *Role.values, ADMIN]
STAFF_ONLY = dict.fromkeys(Role.values, DENIED) | {ANON: LOGIN, Role.COORDINATOR: PAGE, ADMIN: PAGE}
OWNER_ONLY = dict.fromkeys(Role.values, HIDDEN) | {ANON: LOGIN, Role.COORDINATOR: PAGE, ADMIN: PAGE}
EVERYONE = dict.fromkeys(ROLES, PAGE)
SIGNED_IN = dict.fromkeys(ROLES, PAGE) | {ANON: LOGIN}

# name: (method, expectations per role). Object URLs take the demo job the coordinator started.
MATRIX = {
    "landing": ("get", EVERYONE),
    "healthz": ("get", EVERYONE),
    "readyz": ("get", EVERYONE),
    "language_set": ("post", dict.fromkeys(ROLES, REDIRECT)),
    "home": ("get", SIGNED_IN),
    "people_list": ("get", STAFF_ONLY),
    "invite": ("get", STAFF_ONLY),
    "audit_log": ("get", STAFF_ONLY),
    "audit_export": ("post", STAFF_ONLY | {Role.COORDINATOR: REDIRECT, ADMIN: REDIRECT}),
    "job_list": ("get", STAFF_ONLY),
    "job_detail": ("get", OWNER_ONLY),
    "job_progress": ("get", OWNER_ONLY),
    "job_download": ("get", OWNER_ONLY),
}
OBJECT_URLS = {"job_detail", "job_progress", "job_download"}
# allauth's and the admin's own URLs are theirs to test; the matrix covers the portal's.
THIRD_PARTY_MODULES = ("allauth.", "django.contrib.admin")


def _portal_url_names(resolver=None, third_party=False):
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if entry.namespace == "admin" or module.startswith(THIRD_PARTY_MODULES):
                continue
            names |= _portal_url_names(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


def test_access_matrix_lists_every_url():
    assert _portal_url_names() == set(MATRIX)


@pytest.fixture
def users(make_user):
    people = {role: make_user(role) for role in Role.values}
    people[ADMIN] = make_user(None, is_superuser=True, is_staff=True)
    people[ANON] = None
    return people


@pytest.fixture
def job(users):
    job = JobFactory(created_by=users[Role.COORDINATOR], status=JobStatus.DONE)
    job.result_file.save("audit.csv", ContentFile(b"when,actor\n"), save=True)
    return job


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_access_matrix(client, users, job, name, role):
    method, expectations = MATRIX[name]
    expected = expectations[role]
    if users[role] is not None:
        client.force_login(users[role])
    url = reverse(name, kwargs={"pk": job.pk} if name in OBJECT_URLS else None)
    data = {"language": "en", "next": "/"} if name == "language_set" else {}
    response = getattr(client, method)(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected
