"""Lesson bodies: Markdown rendered to a small, safe set of HTML tags.

Raw HTML in the source is shown as text (the Markdown parser's HTML handling is switched off), and the
result is cleaned by nh3 all the same: no script, no event attributes, no images (the pages stay light
and work offline), links only to http, https and mailto addresses, each with rel="noopener nofollow".
"""

import markdown
import nh3
from markdown.extensions import Extension

ALLOWED_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener nofollow"


class _NoRawHtml(Extension):
    """Treat HTML in the source as text: block HTML and inline tags are escaped, not passed through."""

    def extendMarkdown(self, md):  # noqa: N802 (the name Markdown calls)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def markdown_render(text: str) -> str:
    """Return the safe HTML of the Markdown `text`."""
    if not text:
        return ""
    html = markdown.markdown(
        text, extensions=["tables", "fenced_code", "sane_lists", _NoRawHtml()], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
