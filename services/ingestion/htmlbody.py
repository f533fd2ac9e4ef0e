"""The main text of a page: trafilatura's extraction cascade for the one set of options used
here (fast, no comments), with its raw-tree prunes made in Python.

For these options ``trafilatura.bare_extraction`` prunes the raw tree, runs the main extractor
on a cleaned copy, then the baseline on the raw tree when that found too little, and a retry
in recall mode when the text covers little of the page. On the way it copies the page's tree
twice more (its input, and a backup for the fallback extractors that fast mode does not run)
and selects the pruned sections with XPath expressions whose EXSLT regular expressions call
Python for each element: together a fifth of the extraction time on the development corpus.
Here the caller's tree is pruned in place, and the raw-tree sections are tested in one Python
pass over the elements with the same regular expressions (EXSLT ``re:test`` is Python's
``re.search``), so the result is the same (``tests/unit/test_htmlbody.py`` checks it against
trafilatura's expressions and ``bare_extraction``'s text). The main extractor is trafilatura's
own, given the selections of ``htmlsections`` in place of its XPath expressions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import copy
from types import FunctionType
from typing import Any

from lxml.etree import Element, XPath, _Element
from lxml.html import HtmlElement
from trafilatura import main_extractor
from trafilatura.baseline import _BLOCK_ELEMS, _spaced_text, baseline
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
)
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import _COOKIE_CONSENT_RE, Extractor
from trafilatura.xml import delete_element, xmltotxt

from newsstream.ingestion.htmlsections import (
    BODY_SELECTIONS,
    OVERALL_DISCARD_SELECTIONS,
    matches,
)

# fast=True skips trafilatura's fallback extractors (readability, jusText): on the 199
# evaluated corpus pages it is 16% faster at the same body F1 (make eval). The options are
# made once: bare_extraction would otherwise read them from its configuration on every page.
# (recall=True would be 9% faster still, at the same F1, but changes the text of annotated
# pages of tests/gold.)
MAIN_TEXT_OPTIONS = Extractor(output_format="python", fast=True, comments=False, tables=True)
_RECALL_OPTIONS = copy(MAIN_TEXT_OPTIONS)
_RECALL_OPTIONS.focus = "recall"

# RAW_TREE_PRUNE_XPATH: infinite-scroll containers of appended articles (unless they hold the
# page's h1, where only the Zox News theme's own boxes go) and Elementor share buttons.
_APPENDED_TAGS = frozenset(("div", "section", "aside"))
_APPENDED = re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll")
_ZOX_APPENDED = re.compile(r"mvp-post-add-(?:box|wrap)")
_SHARE_BUTTONS = "elementor-share-buttons"
# REMOVE_COMMENTS_AND_LISTS_XPATH: comment sections, and ol/ul comment lists.
_COMMENT_TAGS = frozenset(("div", "list", "section", "details", "ol", "ul"))
_COMMENT_LIST_TAGS = frozenset(("ol", "ul"))
_COMMENTS_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
_COMMENT_LIST_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol)")
_COMMENTS_CLASS = re.compile(r"^[Cc]omment(?!ary)|(?:article|post)-comments")
_PRUNED_TAGS = tuple(_APPENDED_TAGS | _COMMENT_TAGS)
# An id or class that one of the prunes above selects holds one of these words; the regular
# expressions (each a search along the value) are run only on those that do.
_PRUNED_WORDS = ("mvp-post-add-", "infinite", _SHARE_BUTTONS, "omment", "comol", "disqus_thread")
# BASIC_CLEAN_XPATH
_CLUTTER_TAGS = frozenset(("aside", "fencedframe", "footer", "script", "style", "svg", "template"))
_COOKIE_CONSENT = re.compile(_COOKIE_CONSENT_RE, re.IGNORECASE)
_CLUTTER_SECTIONS = XPath(
    "|".join(
        (*(f".//{tag}" for tag in sorted(_CLUTTER_TAGS)), ".//div[contains(@class|@id, 'footer')]")
    )
)
_CLASSES_AND_IDS = XPath(".//@class|.//@id", smart_strings=False)
# Every cookie-banner pattern holds one of these words.
_COOKIE_WORDS = ("cookie", "consent", "borlabs", "cmplz", "onetrust", "moove")


def _rebound(function: Callable[..., Any], **globals_: object) -> Callable[..., Any]:
    """trafilatura's ``function`` as it is, reading ``globals_`` in place of its module's."""
    rebound = FunctionType(
        function.__code__,
        {**function.__globals__, **globals_},
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    rebound.__kwdefaults__ = function.__kwdefaults__
    return rebound


# trafilatura's main extractor with its XPath selections made in Python (htmlsections): its
# own functions, given the selections (and each other) in place of their module's globals.
_prune_unwanted_sections = _rebound(
    main_extractor.prune_unwanted_sections, OVERALL_DISCARD_XPATH=OVERALL_DISCARD_SELECTIONS
)
extract_content = _rebound(
    main_extractor.extract_content,
    _extract=_rebound(
        main_extractor._extract,
        BODY_XPATH=BODY_SELECTIONS,
        prune_unwanted_sections=_prune_unwanted_sections,
    ),
    recover_wild_text=_rebound(
        main_extractor.recover_wild_text, prune_unwanted_sections=_prune_unwanted_sections
    ),
)


def main_text(tree: HtmlElement) -> str | None:
    """trafilatura's main text of the page, one block per line; None when it finds none.

    ``tree`` is pruned on the way: read anything else from it first.
    """
    options = MAIN_TEXT_OPTIONS
    try:
        prune_raw_tree(tree, comments=not _forum_thread_page(tree))
        body, text = _extracted(tree, options)
        if len(text) < options.min_extracted_size:
            rescued, rescued_text, rescued_length = baseline(tree)
            if rescued_length > len(text):
                body, text = rescued, rescued_text
        if _covers_little_of_the_page(text, tree):
            body, text = _retried_in_recall_mode(tree, body, text)
    except (TypeError, ValueError):  # bare_extraction's "discarding data"
        return None
    if len(text) < options.min_output_size:
        return None
    return xmltotxt(body, options.formatting)


def _extracted(tree: HtmlElement, options: Extractor) -> tuple[_Element, str]:
    """The main extractor on a cleaned copy of the raw tree (kept for the later stages)."""
    cleaned = convert_tags(tree_cleaning(copy(tree), options), options)
    return extract_content(cleaned, options)


def _covers_little_of_the_page(text: str, tree: HtmlElement) -> bool:
    if not 0 < len(text) < ESCALATION_MAX_LENGTH:
        return False
    return len(text) < ESCALATION_PAGE_SHARE * len(page_text(tree))


def page_text(tree: HtmlElement) -> str:
    """``html2txt(tree)``: the text of a copy of the body without its scripts, styles,
    footers, asides and cookie banners, with its blocks spaced."""
    tree = copy(tree)
    body = tree.find(".//body")
    body = tree if body is None else body
    for element in _basic_clutter(body):
        delete_element(element)
    if not _has_control_characters(body.text_content()):
        return _spaced_printable_text(body)
    return _spaced_text(body)


def _basic_clutter(body: HtmlElement) -> list[HtmlElement]:
    """What ``BASIC_CLEAN_XPATH`` selects below the body (``contains(@class|@id, 'footer')``
    reads whichever of the two attributes comes first), the cookie banners looked for element
    by element only on pages whose classes and ids may name one. Deleted in any order (an
    element twice too), they leave the same tree."""
    clutter: list[HtmlElement] = _CLUTTER_SECTIONS(body)
    if _may_name_a_cookie_banner(_CLASSES_AND_IDS(body)):
        clutter += [e for e in body.iterdescendants(Element) if _is_cookie_banner(e)]
    return clutter


def _may_name_a_cookie_banner(values: list[str]) -> bool:
    """Whether a cookie-banner word is in ``values`` in any letter case: re.IGNORECASE
    also reads U+212A (Kelvin sign), U+017F (long s), U+0130 and U+0131 (dotted and dotless
    I) as k, s and i, which casefold turns into k, s, i with a combining dot, and U+0131."""
    folded = "\n".join(values).casefold().replace("\u0131", "i").replace("\u0307", "")
    return any(word in folded for word in _COOKIE_WORDS)


def _is_cookie_banner(element: HtmlElement) -> bool:
    return matches(_COOKIE_CONSENT, element.get("class")) or matches(
        _COOKIE_CONSENT, element.get("id")
    )


def _has_control_characters(text: str) -> bool:
    """Whether ``remove_control_characters`` would take anything out of ``text``: characters
    that are neither printable nor white space."""
    return not "".join(text.split()).isprintable()


def _spaced_printable_text(body: HtmlElement) -> str:
    """``_spaced_text`` for a text without control characters, which it would remove (its
    test of each block's text and tail falls back to a character by character filter for
    any line break)."""
    for element in body.iter(*_BLOCK_ELEMS):
        element.text = f" {element.text or ''}"
        element.tail = f" {element.tail or ''}"
    return " ".join(body.text_content().split())


def _retried_in_recall_mode(tree: HtmlElement, body: _Element, text: str) -> tuple[_Element, str]:
    """The balanced mode's recall retry, kept when clearly longer; trafilatura goes on
    without it when it fails, whatever the error."""
    try:
        retried, retried_text = _extracted(tree, _RECALL_OPTIONS)
    except Exception:
        return body, text
    if len(retried_text) >= MAIN_TEXT_OPTIONS.min_extracted_size and len(
        retried_text
    ) > ESCALATION_ACCEPT_RATIO * len(text):
        return retried, retried_text
    return body, text


def prune_raw_tree(tree: HtmlElement, *, comments: bool) -> HtmlElement:
    """``prune_unwanted_nodes`` with ``RAW_TREE_PRUNE_XPATH``, then (``comments``) with
    ``REMOVE_COMMENTS_AND_LISTS_XPATH``: the sections deleted with their tails kept.

    The elements are chosen on the intact tree: one inside a section deleted before would be
    deleted from that detached section only, which changes nothing in ``tree``.
    """
    pruned = [
        element
        for element in tree.iter(*_PRUNED_TAGS)
        if _is_pruned(element, element.get("id"), element.get("class"), comments=comments)
    ]
    for element in pruned:
        delete_element(element)
    return tree


def _is_pruned(
    element: HtmlElement, element_id: str | None, css_class: str | None, *, comments: bool
) -> bool:
    if element_id is None and css_class is None:
        return False  # most elements: every test is on the id or the class
    values = f"{element_id or ''} {css_class or ''}"
    if not any(word in values for word in _PRUNED_WORDS):
        return False
    return (
        _is_appended_article(element, element_id, css_class)
        or (element.tag in _APPENDED_TAGS and _SHARE_BUTTONS in (css_class or ""))
        or (comments and _is_comment_section(element, element_id, css_class))
    )


def _is_appended_article(
    element: HtmlElement, element_id: str | None, css_class: str | None
) -> bool:
    if element.tag not in _APPENDED_TAGS:
        return False
    if not (matches(_APPENDED, element_id) or matches(_APPENDED, css_class)):
        return False
    return (
        matches(_ZOX_APPENDED, element_id)
        or matches(_ZOX_APPENDED, css_class)
        or next(element.iterdescendants("h1"), None) is None
    )


def _is_comment_section(
    element: HtmlElement, element_id: str | None, css_class: str | None
) -> bool:
    if element.tag not in _COMMENT_TAGS:
        return False
    if not (matches(_COMMENTS_ID, element_id) or matches(_COMMENTS_CLASS, css_class)):
        return False
    return (
        element.tag not in _COMMENT_LIST_TAGS
        or matches(_COMMENT_LIST_ID, element_id)
        or matches(_COMMENTS_CLASS, css_class)
    )
