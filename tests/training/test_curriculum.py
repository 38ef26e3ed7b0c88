"""The curriculum of a cohort: modules, lessons and links built by trainers, copied from a previous cohort,
read safely rendered by the cohort's participants."""

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import (
    AssignmentFactory,
    CohortFactory,
    LessonFactory,
    ModuleFactory,
    ParticipantFactory,
    ResourceFactory,
)
from training import curriculum
from training.curriculum_forms import LessonForm, ModuleForm, ResourceForm
from training.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, markdown_render
from training.models import Assignment, Lesson, Module, Resource

MODULE_VALUES = {
    "kind": "soft",
    "skill": "presenting",
    "title_tg": "Худро муаррифӣ кардан",
    "title_ru": "",
    "title_en": "Presenting oneself",
    "summary_tg": "",
    "summary_ru": "",
    "summary_en": "",
}


# Markdown


def test_markdown_render_keeps_the_allowed_tags():
    text = "# Мағоза\n\n* **якум**\n* *дуюм*\n\n> иқтибос\n\n`code`\n\n| a | b |\n|---|---|\n| 1 | 2 |"

    html = markdown_render(text)

    assert html == (
        "<h1>Мағоза</h1>\n<ul>\n<li><strong>якум</strong></li>\n<li><em>дуюм</em></li>\n</ul>\n"
        "<blockquote>\n<p>иқтибос</p>\n</blockquote>\n<p><code>code</code></p>\n<table>\n<thead>\n<tr>\n"
        "<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n"
        "</table>"
    )


def test_markdown_render_gives_links_noopener_nofollow():
    assert markdown_render("[LakLak](https://laklak.tj)") == (
        '<p><a href="https://laklak.tj" rel="noopener nofollow">LakLak</a></p>'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<b onclick="alert(1)">x</b>', '<p>&lt;b onclick="alert(1)"&gt;x&lt;/b&gt;</p>'),
        ("[x](javascript:alert(1))", '<p><a rel="noopener nofollow">x</a></p>'),
        ("[x](JaVaScRiPt:alert(1))", '<p><a rel="noopener nofollow">x</a></p>'),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", '<p><a rel="noopener nofollow">x</a></p>'),
        ("![x](https://evil.example/pixel.png)", "<p></p>"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
        (
            '<div>\n<iframe src="https://evil.example"></iframe>\n</div>',
            '<p>&lt;div&gt;\n&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;\n&lt;/div&gt;</p>',
        ),
        ("```\n<script>x</script>\n```", "<pre><code>&lt;script&gt;x&lt;/script&gt;\n</code></pre>"),
        ("", ""),
    ],
)
def test_markdown_render_neutralises_hostile_input(text, expected):
    assert markdown_render(text) == expected


HOSTILE = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:",
        "data:text/html,",
        "onload=",
        "[a](javascript:alert(1))",
        "![i](http://x/y.png)",
        "<a href='javascript:x'>",
        "<style>",
        "<iframe>",
        "<svg onload=alert(1)>",
        "[b](data:image/png;base64,AA)",
        '"',
        "'",
        "`",
        "*",
        "#",
        ">",
        "\n\n",
        "<",
    ]
)


class _Tags(HTMLParser):
    """Collect the tags and attributes of an HTML fragment as a browser would read them."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(HOSTILE, st.text(max_size=12)), max_size=12).map("".join))
def test_markdown_render_never_lets_markup_through(text):
    parser = _Tags()
    parser.feed(markdown_render(text))

    assert set(parser.tags) <= ALLOWED_TAGS - {"img"}
    for tag, name, value in parser.attributes:
        assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        if name == "href":
            assert value.strip().lower().split(":", 1)[0] in {"http", "https", "mailto"} or ":" not in value
        if name == "rel":
            assert value == "noopener nofollow"


# Modules, lessons, links


@pytest.mark.django_db
def test_module_create_appends_and_audits(cohort, make_user):
    actor = make_user(Role.TRAINER)
    ModuleFactory(cohort=cohort, position=4)

    module = curriculum.module_create(cohort=cohort, actor=actor, values=MODULE_VALUES)

    assert (module.position, module.title_en, module.kind) == (5, "Presenting oneself", "soft")
    entry = AuditEntry.objects.get(action="curriculum.module_created")
    assert (entry.actor, entry.target_id, entry.details) == (actor, str(module.pk), {"cohort": cohort.pk})


@pytest.mark.django_db
def test_module_create_refuses_a_skill_of_the_other_kind(cohort):
    with pytest.raises(ValidationError) as raised:
        curriculum.module_create(cohort=cohort, actor=None, values=MODULE_VALUES | {"kind": "technical"})

    assert raised.value.messages == [str(curriculum.MESSAGE_SKILL_KIND)]
    assert Module.objects.count() == 0


@pytest.mark.django_db
def test_module_form_says_a_title_is_needed_in_one_language():
    form = ModuleForm(data=MODULE_VALUES | {"title_tg": "", "title_en": " "})

    assert form.is_valid() is False
    assert form.errors == {"title_tg": ["Give the title in at least one language."]}


@pytest.mark.django_db
def test_module_form_says_the_skill_does_not_fit_the_kind():
    form = ModuleForm(data=MODULE_VALUES | {"kind": "technical"})

    assert form.is_valid() is False
    assert form.errors == {
        "skill": ["A technical module teaches a technical skill and a soft module a soft skill."]
    }


@pytest.mark.django_db
def test_module_form_messages_are_translated():
    from django.utils import translation

    with translation.override("ru"):
        form = ModuleForm(data=MODULE_VALUES | {"title_tg": "", "title_en": ""})
        assert form.is_valid() is False
        assert form.errors["title_tg"] == ["Укажите название хотя бы на одном языке."]


@pytest.mark.django_db
def test_module_move_swaps_neighbours_and_renumbers(cohort):
    first, second, third = (ModuleFactory(cohort=cohort, position=7) for _ in range(3))

    curriculum.module_move(module=third, actor=None, direction="up")

    assert list(Module.objects.filter(cohort=cohort).values_list("pk", "position")) == [
        (first.pk, 0),
        (third.pk, 1),
        (second.pk, 2),
    ]
    assert AuditEntry.objects.filter(action="curriculum.module_moved").count() == 1


@pytest.mark.django_db
def test_module_move_at_the_top_changes_nothing(cohort):
    first = ModuleFactory(cohort=cohort)

    curriculum.module_move(module=first, actor=None, direction="up")

    assert AuditEntry.objects.filter(action="curriculum.module_moved").count() == 0


@pytest.mark.django_db
def test_module_move_refuses_another_direction(cohort):
    with pytest.raises(ValidationError):
        curriculum.module_move(module=ModuleFactory(cohort=cohort), actor=None, direction="left")


@pytest.mark.django_db
def test_module_delete_takes_its_lessons_and_keeps_assignments(cohort):
    module = ModuleFactory(cohort=cohort)
    ResourceFactory(lesson=LessonFactory(module=module))
    assignment = AssignmentFactory(cohort=cohort, module=module)

    curriculum.module_delete(module=module, actor=None)

    assert (Module.objects.count(), Lesson.objects.count(), Resource.objects.count()) == (0, 0, 0)
    assignment.refresh_from_db()
    assert assignment.module_id is None
    assert AuditEntry.objects.get(action="curriculum.module_deleted").details == {
        "cohort": cohort.pk,
        "lessons": 1,
    }


@pytest.mark.django_db
def test_lesson_update_saves_the_bodies_and_audits_the_fields(cohort):
    lesson = LessonFactory(module=ModuleFactory(cohort=cohort))
    values = {name: getattr(lesson, name) for name in curriculum.LESSON_FIELDS} | {"body_ru": "Новый текст"}

    curriculum.lesson_update(lesson=lesson, actor=None, values=values)

    lesson.refresh_from_db()
    assert lesson.body_ru == "Новый текст"
    assert AuditEntry.objects.get(action="curriculum.lesson_updated").details == {"fields": ["body_ru"]}


@pytest.mark.django_db
def test_lesson_form_needs_one_title():
    form = LessonForm(data={"title_tg": "", "title_ru": "", "title_en": "", "body_tg": "x"})

    assert form.is_valid() is False
    assert form.errors == {"title_tg": ["Give the title in at least one language."]}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://files.tj/a", "laklak.tj"])
def test_resource_form_refuses_links_other_than_http(url):
    form = ResourceForm(data={"title": "Guide", "url": url})

    assert form.is_valid() is False
    assert form.errors == {"url": ["Give a link that starts with http:// or https://."]}


@pytest.mark.django_db
def test_resource_add_refuses_a_javascript_link(cohort):
    lesson = LessonFactory(module=ModuleFactory(cohort=cohort))

    with pytest.raises(ValidationError):
        curriculum.resource_add(lesson=lesson, actor=None, title="x", url="javascript:alert(1)")

    assert Resource.objects.count() == 0


@pytest.mark.django_db
def test_resource_add_appends_the_link(cohort):
    lesson = LessonFactory(module=ModuleFactory(cohort=cohort))
    ResourceFactory(lesson=lesson, position=3)

    resource = curriculum.resource_add(
        lesson=lesson, actor=None, title=" Alif Shop ", url="https://alif.shop/"
    )

    assert (resource.title, resource.position) == ("Alif Shop", 4)


# Copying a curriculum


@pytest.fixture
def previous():
    """A previous cohort's curriculum: 2 modules, 3 lessons, 2 links, 2 assignments (one without a module)."""
    source = CohortFactory(starts_on=date(2025, 3, 1))
    first, second = (
        ModuleFactory(cohort=source, position=0),
        ModuleFactory(cohort=source, position=1, kind="soft", skill="time"),
    )
    lessons = [LessonFactory(module=first), LessonFactory(module=first), LessonFactory(module=second)]
    ResourceFactory(lesson=lessons[0]), ResourceFactory(lesson=lessons[2], url="https://avval.tj/")
    due = timezone.make_aware(timezone.datetime(2025, 3, 20, 18, 0))
    AssignmentFactory(cohort=source, module=second, due_at=due, title_en="List ten products")
    AssignmentFactory(cohort=source, module=None, due_at=due + timedelta(days=7))
    return source


@pytest.mark.django_db
def test_curriculum_copy_copies_everything_with_shifted_due_dates(previous, make_user):
    target = CohortFactory(starts_on=date(2026, 3, 11))
    actor = make_user(Role.COORDINATOR)

    counts = curriculum.curriculum_copy(source=previous, target=target, actor=actor)

    assert counts == {"modules": 2, "lessons": 3, "resources": 2, "assignments": 2}
    modules = list(Module.objects.filter(cohort=target).order_by("position"))
    assert [(m.position, m.kind, m.skill) for m in modules] == [
        (0, "technical", "digital_marketing"),
        (1, "soft", "time"),
    ]
    assert [m.lessons.count() for m in modules] == [2, 1]
    assert Resource.objects.filter(lesson__module__cohort=target).count() == 2
    shift = date(2026, 3, 11) - date(2025, 3, 1)
    copied = {a.title_en: a for a in Assignment.objects.filter(cohort=target)}
    original = {a.title_en: a for a in Assignment.objects.filter(cohort=previous)}
    assert {title: a.due_at - original[title].due_at for title, a in copied.items()} == dict.fromkeys(
        copied, shift
    )
    assert copied["List ten products"].module == modules[1]
    assert Module.objects.filter(cohort=previous).count() == 2
    entry = AuditEntry.objects.get(action="curriculum.copied")
    assert entry.details == {
        "source": previous.pk,
        "shift_days": 375,
        "modules": 2,
        "lessons": 3,
        "resources": 2,
        "assignments": 2,
    }


@pytest.mark.django_db
def test_curriculum_copy_takes_the_shift_given(previous):
    target = CohortFactory(starts_on=None)

    curriculum.curriculum_copy(source=previous, target=target, actor=None, shift_days=-2)

    due = sorted(Assignment.objects.filter(cohort=target).values_list("due_at", flat=True))
    assert due[0] == timezone.make_aware(timezone.datetime(2025, 3, 18, 18, 0))


@pytest.mark.django_db
def test_curriculum_copy_refuses_a_target_with_modules(previous):
    target = CohortFactory(starts_on=date(2026, 3, 1))
    ModuleFactory(cohort=target)

    with pytest.raises(ValidationError) as raised:
        curriculum.curriculum_copy(source=previous, target=target, actor=None)

    assert raised.value.code == "not_empty"
    assert (
        Module.objects.filter(cohort=target).count(),
        Assignment.objects.filter(cohort=target).count(),
    ) == (1, 0)


@pytest.mark.django_db
def test_curriculum_copy_needs_start_dates_or_a_shift(previous):
    with pytest.raises(ValidationError) as raised:
        curriculum.curriculum_copy(source=previous, target=CohortFactory(starts_on=None), actor=None)

    assert raised.value.code == "no_dates"
    assert Module.objects.count() == 2


@pytest.mark.django_db
def test_curriculum_copy_refuses_the_same_cohort(previous):
    with pytest.raises(ValidationError):
        curriculum.curriculum_copy(source=previous, target=previous, actor=None, shift_days=0)


@pytest.mark.django_db
def test_curriculum_copy_writes_in_bulk(previous):
    target = CohortFactory(starts_on=date(2026, 3, 1))
    for _ in range(5):
        LessonFactory(module=Module.objects.filter(cohort=previous).first())

    with CaptureQueriesContext(connection) as queries:
        curriculum.curriculum_copy(source=previous, target=target, actor=None)

    # Whatever the curriculum's size: lock, check, 4 reads, 4 bulk writes, the audit entry (and savepoints).
    writes = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(writes) == 5


@pytest.mark.django_db
def test_curriculum_copy_page_copies_and_says_how_much(trainer, previous):
    target = CohortFactory(starts_on=date(2026, 3, 1))

    response = trainer.post(reverse("staff_curriculum_copy", args=[target.pk]), {"source": previous.pk})

    assert response.status_code == 302
    assert Module.objects.filter(cohort=target).count() == 2
    page = trainer.get(response["Location"])
    assert "Copied 2 modules, 3 lessons, 2 links and 2 assignments." in page.content.decode()


@pytest.mark.django_db
def test_curriculum_copy_page_shows_the_refusal(trainer, previous):
    target = CohortFactory(starts_on=None)

    response = trainer.post(reverse("staff_curriculum_copy", args=[target.pk]), {"source": previous.pk})

    assert response.status_code == 200
    assert str(curriculum.MESSAGE_COPY_NO_DATES) in response.content.decode()


# Pages of trainers


@pytest.mark.django_db
def test_module_add_page_saves_the_module(trainer, cohort):
    response = trainer.post(reverse("staff_module_add", args=[cohort.pk]), MODULE_VALUES)

    assert response.status_code == 302
    assert Module.objects.get(cohort=cohort).title_tg == "Худро муаррифӣ кардан"


@pytest.mark.django_db
def test_lesson_edit_page_previews_the_rendered_body(trainer, cohort):
    lesson = LessonFactory(module=ModuleFactory(cohort=cohort), body_en="**Bold** <script>x</script>")

    response = trainer.get(reverse("staff_lesson_edit", args=[lesson.pk]))

    body = response.content.decode()
    assert "<p><strong>Bold</strong> &lt;script&gt;x&lt;/script&gt;</p>" in body
    assert "<script>x</script>" not in body


def _modules(cohort, count):
    for _ in range(count):
        module = ModuleFactory(cohort=cohort)
        ResourceFactory(lesson=LessonFactory(module=module))
        LessonFactory(module=module)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["staff_curriculum", "lesson_list"])
def test_module_list_has_a_fixed_query_count(trainer, cohort, url_name):
    _modules(cohort, 1)
    url = reverse(url_name, args=[cohort.pk])
    with CaptureQueriesContext(connection) as one:
        assert trainer.get(url).status_code == 200
    _modules(cohort, 12)
    with CaptureQueriesContext(connection) as many:
        response = trainer.get(url)

    assert response.status_code == 200
    assert len(many) == len(one)
    assert response.content.decode().count('class="list-group-item') == 26


# The participant's pages


@pytest.mark.django_db
def test_lesson_page_shows_her_language_and_falls_back_to_tajik(client, cohort, participant):
    module = ModuleFactory(cohort=cohort)
    lesson = LessonFactory(
        module=module, title_ru="", body_ru="", title_tg="Мағоза кушодан", body_tg="**Қадами якум**"
    )
    ResourceFactory(lesson=lesson, title="Роҳнамои LakLak", url="https://laklak.tj/sellers")
    participant.user.language = "ru"
    participant.user.save()
    client.force_login(participant.user)

    body = client.get(reverse("lesson_detail", args=[lesson.pk])).content.decode()

    assert '<h1 class="h3">Мағоза кушодан</h1>' in body
    assert "<p><strong>Қадами якум</strong></p>" in body
    assert (
        '<a class="text-break" href="https://laklak.tj/sellers" rel="noopener nofollow">Роҳнамои LakLak</a>'
        in body
    )


@pytest.mark.django_db
def test_lesson_page_falls_back_to_any_filled_language(client, cohort, participant):
    lesson = LessonFactory(
        module=ModuleFactory(cohort=cohort),
        title_tg="",
        title_ru="",
        title_en="Only English",
        body_tg="",
        body_ru="",
        body_en="English *body*",
    )
    client.force_login(participant.user)

    body = client.get(reverse("lesson_detail", args=[lesson.pk])).content.decode()

    assert '<h1 class="h3">Only English</h1>' in body
    assert "<p>English <em>body</em></p>" in body


@pytest.mark.django_db
def test_lesson_page_has_no_images_beyond_the_logo_and_one_stylesheet_of_its_own(client, cohort, participant):
    lesson = LessonFactory(module=ModuleFactory(cohort=cohort), body_tg="![x](https://example.com/a.png)")
    client.force_login(participant.user)

    body = client.get(reverse("lesson_detail", args=[lesson.pk])).content.decode()

    assert body.count("<img") == 1  # the portal's logo in the header
    assert "example.com/a.png" not in body


@pytest.mark.django_db
def test_my_lessons_sends_her_to_her_cohort(client, participant):
    client.force_login(participant.user)

    response = client.get(reverse("my_lessons"))

    assert response["Location"] == reverse("lesson_list", args=[participant.cohort_id])


@pytest.mark.django_db
def test_lessons_of_another_cohort_are_hidden_from_her(client, cohort, participant):
    other = CohortFactory()
    lesson = LessonFactory(module=ModuleFactory(cohort=other))
    client.force_login(participant.user)

    assert client.get(reverse("lesson_list", args=[other.pk])).status_code == 404
    assert client.get(reverse("lesson_detail", args=[lesson.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.FIRM, Role.DONOR, Role.APPLICANT, Role.REVIEWER])
def test_lessons_are_hidden_from_other_roles(client, make_user, cohort, role):
    lesson = LessonFactory(module=ModuleFactory(cohort=cohort))
    client.force_login(make_user(role))

    assert client.get(reverse("lesson_list", args=[cohort.pk])).status_code == 404
    assert client.get(reverse("lesson_detail", args=[lesson.pk])).status_code == 404
    assert client.get(reverse("my_lessons")).status_code == 404
    assert client.get(reverse("staff_curriculum", args=[cohort.pk])).status_code == 403


@pytest.mark.django_db
def test_trainer_previews_the_lesson_page(trainer, cohort):
    lesson = LessonFactory(module=ModuleFactory(cohort=cohort))

    body = trainer.get(reverse("lesson_detail", args=[lesson.pk])).content.decode()

    assert "Preview: this is the page participants of this cohort see." in body


@pytest.mark.django_db
def test_lesson_page_has_a_fixed_query_count(client, cohort, participant):
    module = ModuleFactory(cohort=cohort)
    lesson = LessonFactory(module=module)
    ResourceFactory(lesson=lesson)
    client.force_login(participant.user)
    url = reverse("lesson_detail", args=[lesson.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(10):
        ResourceFactory(lesson=lesson)
        LessonFactory(module=module)

    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()

    assert len(many) == len(one)
    assert body.count('rel="noopener nofollow"') == 11


@pytest.mark.django_db
def test_lessons_panel_and_nav_on_her_home(client, cohort, participant):
    LessonFactory(module=ModuleFactory(cohort=cohort))
    participant.user.language = "en"
    participant.user.save()
    client.force_login(participant.user)

    body = client.get(reverse("home")).content.decode()

    assert "1 lesson in your cohort's curriculum." in body
    assert f'href="{reverse("my_lessons")}">Lessons</a>' in body


@pytest.mark.django_db
def test_a_participant_of_two_cohorts_reads_both(client, participant):
    other = ParticipantFactory(user=participant.user)
    client.force_login(participant.user)

    assert client.get(reverse("lesson_list", args=[other.cohort_id])).status_code == 200
    assert client.get(reverse("lesson_list", args=[participant.cohort_id])).status_code == 200
