from django import template
from django.utils.safestring import mark_safe

from training.markdown import markdown_render

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Render lesson Markdown to HTML that nh3 has cleaned (the only way a body reaches a page)."""
    return mark_safe(markdown_render(text))  # noqa: S308 (cleaned by nh3 in markdown_render)
