"""The author named in a page's body, found as trafilatura's ``extract_author`` finds it.

trafilatura selects the discarded sections and the author elements with XPath expressions
(``AUTHOR_DISCARD_XPATHS``, ``AUTHOR_XPATHS``) whose EXSLT regular expressions call Python for
each element; on the development corpus they took a tenth of the extraction time. The same
tests are made here in one Python pass over the elements per step, with the same regular
expressions (EXSLT ``re:test`` is Python's ``re.search``), in document order, so the result is
the same (``tests/unit/test_htmlauthor.py`` checks it against trafilatura's expressions).
trafilatura deletes the discarded sections from a copy of the tree first; here they are only
marked, and skipped when the elements are tested and their text read, as if deleted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import normalize_authors
from trafilatura.utils import trim

from newsstream.ingestion.htmlsections import matches

# a test of an element of the tree, given the elements deleted from it
ElementTest = Callable[[HtmlElement, set[HtmlElement]], bool]
TagFilter = str | Callable[..., object]  # a tag name, or etree.Element for every element

_DISCARD_TAGS = ("a", "div", "section", "span")
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
    r"|article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
_DISCARDED_ELSEWHERE = ("time", "figure")

_SPECIFIC_TAGS = ("a", "address", "div", "link", "p", "span", "strong", "author")
_SPECIFIC_CLASS = re.compile(r"author-?name|AuthorName|authorName")
_GENERIC_TAGS = ("a", "div", "h3", "h4", "p", "span")
_GENERIC_CLASSES = frozenset(("byline", "username", "byl", "BBL"))
_GENERIC_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(
    r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_ANY_ID = re.compile(r"[Aa]uthor")
_ANY_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")
AUTHOR_MAX_CHARS = 120


def extract_author(tree: HtmlElement) -> str | None:
    """The first author element's text (3 to 119 characters) outside comments, sidebars,
    figures and dates, tried from the most specific test to the least; ``tree`` is kept."""
    discarded = _discarded(tree)
    for tags, test in _AUTHOR_TESTS:
        author = _first_text(tree.iter(*tags), test, discarded)
        if author:
            return normalize_authors(None, author)
    return None


def _first_text(
    elements: Iterator[HtmlElement], test: ElementTest, discarded: set[HtmlElement]
) -> str | None:
    """trafilatura's ``extract_metainfo`` for one expression: the text of the first of
    ``elements`` passing ``test`` that has 3 to 119 characters, in the pruned tree."""
    for element in elements:
        if test(element, discarded) and not _is_pruned(element, discarded):
            text = trim(" ".join(_kept_text(element, discarded)))
            if text and 2 < len(text) < AUTHOR_MAX_CHARS:
                return text
    return None


def _discarded(tree: HtmlElement) -> set[HtmlElement]:
    """What ``prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS)`` deletes: the discarded
    sections and every time and figure element (the root is never deleted)."""
    discarded = {element for element in tree.iter(*_DISCARD_TAGS) if _is_discarded(element)}
    discarded.update(tree.iter(*_DISCARDED_ELSEWHERE))
    discarded.discard(tree)
    return discarded


def _is_pruned(element: HtmlElement, discarded: set[HtmlElement]) -> bool:
    return element in discarded or any(
        ancestor in discarded for ancestor in element.iterancestors()
    )


def _kept_text(element: HtmlElement, discarded: set[HtmlElement]) -> list[str]:
    """The text pieces of ``element`` as ``itertext`` reads them once the discarded elements
    are deleted: a deleted element's tail is joined to the piece before it (the parent's
    text or the previous kept sibling's tail), as ``delete_element`` joins it."""
    pieces = [element.text or ""]
    for child in element:
        if child in discarded:
            pieces[-1] += child.tail or ""
            continue
        if isinstance(child.tag, str):  # not a comment, whose text itertext skips
            pieces += _kept_text(child, discarded)
        pieces.append(child.tail or "")
    return pieces


def _is_discarded(element: HtmlElement) -> bool:
    element_id, css_class = element.get("id"), element.get("class")
    return (
        element_id == "comments"
        or css_class in ("comments", "title", "date")
        or matches(_DISCARD_ID, element_id)
        or matches(_DISCARD_CLASS, css_class)
        or "Figure" in element.get("data-component", "")
    )


def _is_specific_author(element: HtmlElement, discarded: set[HtmlElement]) -> bool:
    css_class = element.get("class")
    return (
        element.tag == "author"
        or element.get("rel") == "author"
        or element.get("id") == "author"
        or css_class == "author"
        or element.get("itemprop") == "author name"
        or element.get("data-testid") in ("AuthorCard", "AuthorURL")
        or any(_string_value(child, discarded) == "me" for child in element.iterchildren("rel"))
        or matches(_SPECIFIC_CLASS, css_class)
    )


def _is_generic_author(element: HtmlElement, _discarded: set[HtmlElement]) -> bool:
    css_class = element.get("class")
    return (
        css_class in _GENERIC_CLASSES
        or "author" in element.get("itemprop", "")
        or matches(_GENERIC_ID, element.get("id"))
        or matches(_GENERIC_CLASS, css_class)
    )


def _is_any_author(element: HtmlElement, _discarded: set[HtmlElement]) -> bool:
    return (
        "Byline" in element.get("data-component", "")
        or "author" in element.get("itemprop", "")
        or matches(_ANY_ID, element.get("id"))
        or matches(_ANY_CLASS, element.get("class"))
    )


_AUTHOR_TESTS: tuple[tuple[tuple[TagFilter, ...], ElementTest], ...] = (
    (_SPECIFIC_TAGS, _is_specific_author),
    (_GENERIC_TAGS, _is_generic_author),
    ((etree.Element,), _is_any_author),
)


def _string_value(element: HtmlElement, discarded: set[HtmlElement]) -> str:
    return "".join(_kept_text(element, discarded))
