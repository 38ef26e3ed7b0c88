"""The steps of the application form, in order. Each step is one screen, saved on the server."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    slug: str
    title: str  # a lazy translation


STEPS = [
    Step("personal", _("About you")),
    Step("location", _("Where you live")),
    Step("education", _("Education and languages")),
    Step("skills", _("Digital skills")),
    Step("work", _("Work and time")),
    Step("motivation", _("Motivation")),
    Step("documents", _("CV and consent")),
]
STEP_SLUGS = [s.slug for s in STEPS]


def step_by_slug(slug: str) -> Step | None:
    return next((s for s in STEPS if s.slug == slug), None)


def missing_steps(application) -> list[Step]:
    """Return the steps she has not completed yet, in order."""
    return [s for s in STEPS if s.slug not in application.steps_done]


def next_step(application, after: str | None = None) -> Step | None:
    """Return the step to show after `after`: the next one not yet done, or None for the review."""
    start = STEP_SLUGS.index(after) + 1 if after in STEP_SLUGS else 0
    for step in STEPS[start:]:
        if step.slug not in application.steps_done:
            return step
    return next(iter(missing_steps(application)), None)
