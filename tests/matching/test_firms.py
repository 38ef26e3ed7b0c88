"""Firm intake, the representative's own page and the coordinators' decisions on firms."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.enums import FirmStatus
from matching.forms import FirmApplicationForm
from matching.models import Firm, FirmMember
from matching.services import firm_update
from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from parwona.users.models import User
from tests.factories import FirmFactory
from tests.matching.firm_data import FIRM_POST

pytestmark = pytest.mark.django_db


def _apply(client, language="tg", **changes):
    client.cookies["parwona_language"] = language
    data = FIRM_POST | changes
    return client.post(reverse("firm_apply"), data)


# --- Intake ---------------------------------------------------------------------------------------


def test_firm_apply_creates_firm_account_and_email_in_chosen_language(
    client, roles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _apply(client, language="tg")

    firm = Firm.objects.get()
    user = User.objects.get(email="nigina@example.tj")
    assert response.status_code == 302
    assert response["Location"] == reverse("firm_apply_done")
    assert (firm.name, firm.status, firm.tax_number, firm.region, firm.city) == (
        "Асали Помир",
        FirmStatus.APPLIED,
        "123456789",
        "gbao",
        "Хоруғ",
    )
    assert (firm.channels, firm.skills_needed, firm.languages) == (
        ["instagram", "telegram"],
        ["digital_marketing", "marketplace_operations"],
        ["tg", "ru", "en"],
    )
    assert (firm.baseline_revenue, firm.baseline_shops, firm.capacity) == (Decimal("3500.50"), 2, 1)
    assert (firm.contact_phone, firm.contact_email) == ("+992935554433", "nigina@example.tj")
    assert list(firm.representatives.all()) == [user]
    assert (user.full_name, user.phone, user.language, user.roles) == (
        "Нигина Давлатова",
        "+992935554433",
        "ru",
        frozenset({Role.FIRM}),
    )
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["nigina@example.tj"]]
    assert mail.outbox[0].subject == "Мы получили заявку компании «Асали Помир»"
    assert re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    assert AuditEntry.objects.get().action == "firm.applied"


def test_firm_apply_confirmation_page_speaks_the_chosen_language(client, roles):
    response = _apply(client, language="tg")
    page = client.get(response["Location"])

    assert page.context["applied"] == {"name": "Асали Помир", "new_account": True}
    assert "Асали Помир" in page.content.decode()


def test_firm_apply_with_the_email_of_an_account_asks_to_sign_in(client, make_user):
    make_user(Role.APPLICANT, email="nigina@example.tj")

    response = _apply(client, language="en")

    assert response.status_code == 200
    assert response.context["form"].errors["contact_email"] == [
        "An account with this email address already exists. Sign in to it first and apply from your "
        "account, or give another email address."
    ]
    assert Firm.objects.count() == 0


def test_firm_apply_twice_creates_one_firm(client, roles):
    first = _apply(client, language="en")
    second = _apply(client, language="en")

    assert first.status_code == 302
    assert second.status_code == 200
    assert (Firm.objects.count(), User.objects.filter(email="nigina@example.tj").count()) == (1, 1)


def test_firm_apply_is_limited_per_connection(client, roles, monkeypatch):
    monkeypatch.setattr("matching.views.APPLY_LIMIT", 2)
    for n in range(2):
        assert _apply(client, language="en", contact_email=f"firm{n}@example.tj").status_code == 302

    response = _apply(client, language="en", contact_email="firm9@example.tj")

    assert response.context["form"].non_field_errors() == [
        "Too many applications were sent from your connection. Try again in an hour."
    ]
    assert Firm.objects.count() == 2


def test_firm_apply_from_a_representatives_account_without_firm(
    client, make_user, django_capture_on_commit_callbacks
):
    user = make_user(Role.FIRM, language="en", email="dal@example.tj")
    client.force_login(user)
    form_page = client.get(reverse("firm_apply"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("firm_apply"), FIRM_POST)

    assert form_page.context["new_account"] is False
    assert form_page.context["form"].initial["contact_email"] == "dal@example.tj"
    assert response.status_code == 302
    assert FirmMember.objects.get().user == user
    assert User.objects.filter(email="nigina@example.tj").exists() is False
    assert [m.to for m in mail.outbox] == [["dal@example.tj"]]
    assert "password/reset/key" not in mail.outbox[0].body


def test_firm_apply_sends_a_representative_with_a_firm_to_her_firm(client, representative):
    client.force_login(representative)

    response = client.get(reverse("firm_apply"))

    assert response["Location"] == reverse("my_firm")


def test_firm_apply_to_an_account_of_another_role_explains(client, make_user):
    client.force_login(make_user(Role.APPLICANT, language="en"))

    response = client.get(reverse("firm_apply"))

    assert [t.name for t in response.templates][0] == "matching/firm_apply_other_role.html"


VALIDATION = [
    (
        "tax_number",
        {"tax_number": "12345"},
        "tg",
        "Рақами мушаххаси андозсупорандаро (РМА) 9 рақам нависед ё холӣ монед.",
    ),
    ("tax_number", {"tax_number": "12345"}, "ru", "Введите ИНН из 9 цифр или оставьте поле пустым."),
    (
        "contact_phone",
        {"contact_phone": "12"},
        "ru",
        "Введите таджикский номер телефона: +992 и девять цифр, например +992 93 123 45 67.",
    ),
    ("capacity", {"capacity": "11"}, "tg", "Ширкат метавонад аз 1 то 10 менеҷерро қабул кунад."),
    ("capacity", {"capacity": "0"}, "ru", "Компания может принять от 1 до 10 менеджеров."),
    ("baseline_revenue", {"baseline_revenue": "-1"}, "tg", "Маблағи сифр ё зиёдтарро бо сомонӣ нависед."),
    ("baseline_revenue", {"baseline_revenue": "-1"}, "ru", "Введите сумму в сомони: ноль или больше."),
    (
        "channels",
        {"channels": ["none", "instagram"]},
        "en",
        "Tick “None yet” alone, or only the channels the firm uses.",
    ),
]


@pytest.mark.parametrize(("field", "changes", "language", "message"), VALIDATION)
def test_firm_apply_bad_input_is_explained_in_her_language(client, roles, field, changes, language, message):
    response = _apply(client, language=language, **changes)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert (Firm.objects.count(), User.objects.count()) == (0, 0)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789 -", max_size=14))
def test_firm_tax_number_is_nine_digits_or_nothing(raw):
    form = FirmApplicationForm(FIRM_POST | {"tax_number": raw}, new_account=True)
    digits = re.sub(r"[\s\-]", "", raw)

    valid = form.is_valid()

    assert valid == (digits == "" or len(digits) == 9)
    if valid:
        assert form.cleaned_data["tax_number"] == digits


# --- The representative's own firm ---------------------------------------------------------------


def test_my_firm_shows_her_firm_and_no_fake_manager(client, representative):
    client.force_login(representative)

    response = client.get(reverse("my_firm"))

    body = response.content.decode()
    assert response.context["firm"].name == "Атласи Хуҷанд"
    assert "Сопоставление ещё не опубликовано." in body


def test_my_firm_of_a_representative_without_firm_leads_to_the_application(client, make_user):
    client.force_login(make_user(Role.FIRM))

    assert client.get(reverse("my_firm"))["Location"] == reverse("firm_apply")


def test_firm_of_another_is_hidden_from_a_representative(client, representative):
    other = FirmFactory(name="Тоҷ Логистик")
    own = representative.firm_membership.firm
    client.force_login(representative)

    assert client.get(reverse("staff_firm_detail", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("staff_firm_detail", kwargs={"pk": own.pk})).status_code == 404
    assert "Тоҷ Логистик" not in client.get(reverse("my_firm")).content.decode()


def test_my_firm_edit_while_applied_saves_needs_and_baseline_audited(client, representative):
    client.force_login(representative)
    firm = representative.firm_membership.firm
    page = client.get(reverse("my_firm_edit"))
    data = dict(page.context["form"].initial.items())
    data |= {
        "capacity": "3",
        "baseline_revenue": "4000",
        "contact_phone": "+992 92 000 11 22",
        "channels": firm.channels,
        "skills_needed": firm.skills_needed,
        "languages": firm.languages,
    }

    response = client.post(reverse("my_firm_edit"), data)

    firm.refresh_from_db()
    assert response["Location"] == reverse("my_firm")
    assert (firm.capacity, firm.baseline_revenue, firm.contact_phone) == (3, Decimal("4000"), "+992920001122")
    entry = AuditEntry.objects.get(action="firm.updated")
    assert entry.details == {"fields": ["capacity", "baseline_revenue", "contact_phone"]}


def test_my_firm_edit_after_approval_changes_only_the_contact(client, representative):
    firm = representative.firm_membership.firm
    Firm.objects.filter(pk=firm.pk).update(status=FirmStatus.APPROVED, decided_at="2025-04-01T10:00Z")
    firm.refresh_from_db()
    client.force_login(representative)

    form = client.get(reverse("my_firm_edit")).context["form"]
    with pytest.raises(ValidationError) as refused:
        firm_update(firm=firm, actor=representative, values={"baseline_revenue": Decimal("1")})

    assert refused.value.code == "locked"
    assert sorted(form.fields) == ["contact_email", "contact_name", "contact_phone"]


# --- Coordinators --------------------------------------------------------------------------------


def test_firm_approve_is_audited_and_told_in_her_language(
    coordinator, representative, django_capture_on_commit_callbacks
):
    firm = representative.firm_membership.firm

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(reverse("staff_firm_approve", kwargs={"pk": firm.pk}))

    firm.refresh_from_db()
    assert response["Location"] == reverse("staff_firm_detail", kwargs={"pk": firm.pk})
    assert (firm.status, firm.decided_by) == (FirmStatus.APPROVED, coordinator.user)
    entry = AuditEntry.objects.get(action="firm.approved")
    assert (entry.actor, entry.target_id, entry.details) == (coordinator.user, str(firm.pk), {})
    assert [m.to for m in mail.outbox] == [["firuz@example.tj"]]
    assert (
        mail.outbox[0].subject
        == "Компания «Атласи Хуҷанд» одобрена для приёма менеджера электронной коммерции"
    )


def test_firm_decline_needs_a_reason_and_tells_it(
    coordinator, representative, django_capture_on_commit_callbacks
):
    firm = representative.firm_membership.firm
    url = reverse("staff_firm_decline", kwargs={"pk": firm.pk})

    coordinator.post(url, {"reason": "  "})
    firm.refresh_from_db()
    assert firm.status == FirmStatus.APPLIED

    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(url, {"reason": "Фирма пока не продаёт онлайн."})

    firm.refresh_from_db()
    assert (firm.status, firm.decline_reason) == (FirmStatus.DECLINED, "Фирма пока не продаёт онлайн.")
    entry = AuditEntry.objects.get(action="firm.declined")
    assert entry.details == {"reason": "Фирма пока не продаёт онлайн."}
    assert [m.to for m in mail.outbox] == [["firuz@example.tj"]]
    assert "Фирма пока не продаёт онлайн." in mail.outbox[0].body


def test_firm_decided_once(coordinator, representative):
    firm = representative.firm_membership.firm
    coordinator.post(reverse("staff_firm_approve", kwargs={"pk": firm.pk}))

    response = coordinator.post(
        reverse("staff_firm_decline", kwargs={"pk": firm.pk}), {"reason": "Late"}, follow=True
    )

    firm.refresh_from_db()
    assert firm.status == FirmStatus.APPROVED
    assert [str(m) for m in response.context["messages"]][
        -1
    ] == "This firm's application has already been decided."


def test_firm_baseline_correction_is_audited_with_both_figures(coordinator, representative):
    firm = representative.firm_membership.firm

    coordinator.post(
        reverse("staff_firm_baseline", kwargs={"pk": firm.pk}),
        {"baseline_revenue": "1800", "baseline_shops": "1"},
    )

    firm.refresh_from_db()
    assert (firm.baseline_revenue, firm.baseline_shops) == (Decimal("1800"), 1)
    assert AuditEntry.objects.get(action="firm.baseline_changed").details == {
        "before": {"revenue": "2500.00", "shops": 2},
        "after": {"revenue": "1800.00", "shops": 1},
    }


def test_firm_list_filters_and_searches(coordinator):
    FirmFactory(name="Асали Помир", region="gbao", sector="food")
    FirmFactory(
        name="Атласи Хуҷанд",
        region="sughd",
        sector="textiles",
        status=FirmStatus.APPROVED,
        decided_at="2025-04-01T10:00Z",
    )

    def names(**query):
        return [f.name for f in coordinator.get(reverse("staff_firm_list"), query).context["page"]]

    assert names(region="gbao") == ["Асали Помир"]
    assert names(status="approved") == ["Атласи Хуҷанд"]
    assert names(sector="food", q="асал") == ["Асали Помир"]
    assert names(q="пахта") == []


@pytest.mark.parametrize("count", [1, 30])
def test_firm_list_query_count_does_not_grow(coordinator, count):
    FirmFactory.create_batch(count)
    coordinator.get(reverse("staff_firm_list"))  # warm the session and permission caches

    with CaptureQueriesContext(connection) as queries:
        response = coordinator.get(reverse("staff_firm_list"))

    assert len(response.context["page"]) == count
    assert len(queries) == FIRM_LIST_QUERIES


# Session, user, her roles, her TOTP (staff two-factor check), her own and her groups' permissions,
# then the count and the page of firms.
FIRM_LIST_QUERIES = 8


def test_landing_links_firms_to_their_application(client):
    client.cookies["parwona_language"] = "en"

    body = client.get("/").content.decode()

    assert body.count('href="/firms/apply/"') == 2  # the visitors' navigation and the page itself
    assert "Host an e-commerce manager" in body
