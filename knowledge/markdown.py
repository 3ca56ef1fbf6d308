"""Article bodies: Markdown rendered by markdown-it-py, then sanitised by nh3 (an allow-list) before a page sees it."""

from __future__ import annotations

import html
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}

# Raw HTML in the source is shown as text, never passed through; nh3 then removes whatever Markdown itself let by.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough")


@lru_cache(maxsize=2048)
def to_html(source: str) -> Markup:
    rendered = _markdown.render(source)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above


def plain_text(source: str) -> str:
    """The words of an article without its markup (what the index and the snippets see)."""
    text = nh3.clean(_markdown.render(source), tags=set())
    return " ".join(html.unescape(text).split())
