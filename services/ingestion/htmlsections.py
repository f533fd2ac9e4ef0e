"""trafilatura's main-extractor selections, ``BODY_XPATH`` and ``OVERALL_DISCARD_XPATH``, made
in Python.

The main extractor tries the ``BODY_XPATH`` expressions in turn to find the article's section,
and deletes from it what ``OVERALL_DISCARD_XPATH`` selects (unless that would delete almost all of
its text). Their EXSLT regular expressions (``re:test``) call Python for each element they test,
with or without the attribute: a fifth of the extraction time on the development corpus. Here
the same tests are made in one Python pass over the elements with the same regular expressions
(EXSLT ``re:test`` is Python's ``re.search``, and none of them matches an empty string, which
stands for a missing attribute), in document order, so the elements selected are the same
(``tests/unit/test_htmlsections.py`` checks them against trafilatura's expressions).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import xpaths

# a selection as trafilatura's main extractor calls its XPath expressions: tree -> elements
Selection = Callable[[HtmlElement], list[HtmlElement]]
ElementTest = Callable[[HtmlElement], bool]


def _pattern(tokens: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    return re.compile(xpaths._alt(tokens), flags)


# BODY_XPATH: the first section (in document order) passing each test, the tests in turn
_SECTION_TAGS = ("article", "div", "main", "section")
_ARTICLE_CONTENT_ID = _pattern(xpaths._ARTICLE_CONTENT_ID_TOKENS)
_ARTICLE_CONTENT_CLASS = _pattern(xpaths._ARTICLE_CONTENT_CLASS_TOKENS)
_STORY_CLASSES = frozenset(("postarea", "art-postcontent", "text", "cell", "story"))
_STORY_ID = _pattern(xpaths._STORY_ID_TOKENS)
_STORY_CLASS = _pattern(xpaths._STORY_CLASS_TOKENS)
_FULLTEXT_CLASS = re.compile("fulltext", re.IGNORECASE)
_MAIN_CONTENT_ID = _pattern(xpaths._MAIN_CONTENT_ID_TOKENS)
_MAIN_CONTENT_CLASS = _pattern(xpaths._MAIN_CONTENT_CLASS_TOKENS)

# OVERALL_DISCARD_XPATH: boilerplate sections, then hidden and reply elements of any kind
_BOILERPLATE_TAGS = ("div", "item", "list", "p", "section", "span")
_CONSENT = _pattern(xpaths._CONSENT_ID_CLASS_TOKENS)
_BOILERPLATE_ID = _pattern(xpaths._OVERALL_DISCARD_BOTH_TOKENS + xpaths._OVERALL_DISCARD_ID_TOKENS)
_BOILERPLATE_CLASS = _pattern(
    xpaths._OVERALL_DISCARD_BOTH_TOKENS + xpaths._OVERALL_DISCARD_CLASS_TOKENS
)
_HIDDEN = re.compile("hidden")
_HIDDEN_ID = re.compile("reader-comments|akismet")
_HIDDEN_CLASS = re.compile(
    "^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print"
    "| hidden| hide|noprint|notloaded"
)
PATTERNS = (
    _ARTICLE_CONTENT_ID,
    _ARTICLE_CONTENT_CLASS,
    _STORY_ID,
    _STORY_CLASS,
    _FULLTEXT_CLASS,
    _MAIN_CONTENT_ID,
    _MAIN_CONTENT_CLASS,
    _CONSENT,
    _BOILERPLATE_ID,
    _BOILERPLATE_CLASS,
    _HIDDEN,
    _HIDDEN_ID,
    _HIDDEN_CLASS,
)


def matches(pattern: re.Pattern[str], value: str | None) -> bool:
    """EXSLT ``re:test`` on an attribute's value (None: the element has no such attribute)."""
    return value is not None and pattern.search(value) is not None


def first_of(element: HtmlElement, first: str, second: str) -> str | None:
    """The value XPath reads from ``@first|@second``: the one written first in the tag."""
    return next((value for name, value in element.items() if name in (first, second)), None)


def first_of_passes(
    element: HtmlElement, attributes: dict[str, str | None], test: Callable[[str], object]
) -> bool:
    """Whether the value XPath reads from ``@a|@b`` passes ``test``, given the two attributes'
    values (None when missing) by name; the element's attributes are put in order (a walk over
    all of them) only when one of the two passes."""
    (first, first_value), (second, second_value) = attributes.items()
    if not (
        (first_value is not None and test(first_value))
        or (second_value is not None and test(second_value))
    ):
        return False
    return bool(test(first_of(element, first, second) or ""))


def _first_section(test: ElementTest, tags: tuple[str, ...] = _SECTION_TAGS) -> Selection:
    def select(tree: HtmlElement) -> list[HtmlElement]:
        found = next((e for e in tree.iterdescendants(*tags) if test(e)), None)
        return [] if found is None else [found]

    return select


def _is_article_content(element: HtmlElement) -> bool:
    element_id, css_class = element.get("id"), element.get("class")
    return (
        css_class in ("post", "entry")
        or element.get("itemprop") == "articleBody"
        or element_id == "articleContent"
        or matches(_ARTICLE_CONTENT_ID, element_id)
        or matches(_ARTICLE_CONTENT_CLASS, css_class)
    )


def _is_story(element: HtmlElement) -> bool:
    element_id, css_class = element.get("id"), element.get("class")
    return (
        element.get("role") == "article"
        or element_id in ("article", "story")
        or css_class in _STORY_CLASSES
        or matches(_STORY_ID, element_id)
        or matches(_FULLTEXT_CLASS, css_class)
        or matches(_STORY_CLASS, css_class)
    )


def _is_main_content(element: HtmlElement) -> bool:
    element_id, css_class = element.get("id", ""), element.get("class", "")
    return (
        element_id == "content"
        or css_class == "content"
        or _MAIN_CONTENT_ID.search(element_id) is not None
        or _MAIN_CONTENT_CLASS.search(css_class) is not None
        or "main-content" in element_id.replace("C", "c").replace("M", "m")
        or "main-content" in css_class.replace("C", "c").replace("M", "m")
        or "page-content" in css_class.replace("C", "c").replace("P", "p")
    )


def _is_main(element: HtmlElement) -> bool:
    """``(...[starts-with(@class|@id|@role, 'main')])[1] | (.//main)[1]``: the first of the
    two in document order."""
    return element.tag == "main" or any(
        element.get(name, "").startswith("main") for name in ("class", "id", "role")
    )


BODY_SELECTIONS: list[Selection] = [
    _first_section(_is_article_content),
    _first_section(lambda _: True, ("article",)),
    _first_section(_is_story),
    _first_section(_is_main_content),
    _first_section(_is_main),
]


def _boilerplate_sections(tree: HtmlElement) -> list[HtmlElement]:
    return [e for e in tree.iterdescendants(*_BOILERPLATE_TAGS) if _is_boilerplate(e)]


def _is_boilerplate(element: HtmlElement) -> bool:
    if not element.attrib:
        return False  # most elements: every test is on an attribute
    element_id, css_class = element.get("id"), element.get("class")
    return (
        element.get("data-lp-replacement-content") is not None
        or "nav" in element.get("role", "").replace("N", "n")
        or "MostPopularStories" in element.get("data-component", "")
        or first_of_passes(element, {"id": element_id, "class": css_class}, _CONSENT.search)
        or matches(_BOILERPLATE_ID, element_id)
        or matches(_BOILERPLATE_CLASS, css_class)
    )


def _starts_a_reply(value: str) -> bool:
    return value.startswith("reply-")


def _hidden_elements(tree: HtmlElement) -> list[HtmlElement]:
    return [e for e in tree.iterdescendants(etree.Element) if _is_hidden(e)]


def _is_hidden(element: HtmlElement) -> bool:
    if not element.attrib:
        return False
    element_id, css_class, style = element.get("id"), element.get("class"), element.get("style")
    return (
        css_class == "comments-title"
        or first_of_passes(element, {"id": element_id, "class": css_class}, _starts_a_reply)
        or first_of_passes(element, {"id": element_id, "style": style}, _HIDDEN.search)
        or (style is not None and ("display:none" in style or "display: none" in style))
        or matches(_HIDDEN_ID, element_id)
        or matches(_HIDDEN_CLASS, css_class)
        or element.get("aria-hidden") == "true"
    )


OVERALL_DISCARD_SELECTIONS: list[Selection] = [_boilerplate_sections, _hidden_elements]
