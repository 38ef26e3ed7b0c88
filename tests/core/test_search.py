import pytest
from django.urls import reverse

from parwona.core.search import search
from parwona.users.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["ҳилола", "ҲИЛОЛА", "Ғафурова", "ғаф", "  hilola@  "])
def test_search_ignores_case_of_tajik_cyrillic(text):
    UserFactory(full_name="Ҳилола Ғафурова", email="hilola@example.tj")
    UserFactory(full_name="Зарина Саидова", email="zarina@example.tj")
    found = search(User.objects.all(), ["full_name", "email"], text)
    assert [u.full_name for u in found] == ["Ҳилола Ғафурова"]


def test_people_page_finds_a_tajik_name_in_lower_case(client, make_user):
    client.force_login(make_user("coordinator"))
    UserFactory(full_name="Ӯғилой Ҷумъаева")
    page = client.get(reverse("people_list"), {"q": "ӯғилой"})
    assert [p.full_name for p in page.context["page"]] == ["Ӯғилой Ҷумъаева"]
