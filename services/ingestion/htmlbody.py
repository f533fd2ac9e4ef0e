"""The main text of a page: trafilatura's extraction cascade for the one set of options used
here (fast, recall, no comments), with its raw-tree prunes made in Python.

For these options ``trafilatura.bare_extraction`` prunes the raw tree, cleans a copy, runs the
main extractor and, when that finds too little, the baseline on the raw tree. On the way it
copies the page's tree three times (its input, the raw tree kept for the baseline, and a
backup for the fallback extractors that fast mode does not run) and selects the pruned
sections with XPath expressions whose EXSLT regular expressions call Python for each element:
together a fifth of the extraction time on the development corpus. Here the caller's tree is
pruned and cleaned in place, the raw tree is parsed again on the rare page that needs the
baseline, and the raw-tree sections are tested in one Python pass over the elements with the
same regular expressions (EXSLT ``re:test`` is Python's ``re.search``), so the result is the
same (``tests/unit/test_htmlbody.py`` checks it against trafilatura's expressions).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement
from trafilatura.baseline import baseline
from trafilatura.core import _forum_thread_page
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xml import delete_element, xmltotxt

# fast=True skips trafilatura's fallback extractors (readability, jusText): on the 199
# evaluated corpus pages it is 16% faster at the same body F1 (make eval). recall=True
# (favor_recall) keeps a little more text, which our line clean-up then judges, and skips the
# balanced mode's recall retry, which converts the whole page to text for every short
# extraction: F1 0.941 either way, 9% faster. The options are made once: bare_extraction
# would otherwise read them from its configuration on every page.
MAIN_TEXT_OPTIONS = Extractor(
    output_format="python", fast=True, comments=False, tables=True, recall=True
)

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


def main_text(tree: HtmlElement, *, reparse: Callable[[], HtmlElement | None]) -> str | None:
    """trafilatura's main text of the page, one block per line; None when it finds none.

    ``tree`` is pruned and cleaned on the way: read anything else from it first. The baseline
    rescue, for pages where the main extractor finds too little text (3 of the 221 corpus
    pages), reads the raw tree again from ``reparse``, which saves copying every page's tree.
    """
    options = MAIN_TEXT_OPTIONS
    keep_comment_sections = _forum_thread_page(tree)
    prune_raw_tree(tree, comments=not keep_comment_sections)
    body, text = extract_content(convert_tags(tree_cleaning(tree, options), options), options)
    if len(text) < options.min_extracted_size:
        raw_tree = reparse()
        if raw_tree is not None:
            prune_raw_tree(raw_tree, comments=not keep_comment_sections)
            rescued, rescued_text, rescued_length = baseline(raw_tree)
            if rescued_length > len(text):
                body, text = rescued, rescued_text
    if len(text) < options.min_output_size:
        return None
    return xmltotxt(body, options.formatting)


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
    if not (_matches(_APPENDED, element_id) or _matches(_APPENDED, css_class)):
        return False
    return (
        _matches(_ZOX_APPENDED, element_id)
        or _matches(_ZOX_APPENDED, css_class)
        or next(element.iterdescendants("h1"), None) is None
    )


def _is_comment_section(
    element: HtmlElement, element_id: str | None, css_class: str | None
) -> bool:
    if element.tag not in _COMMENT_TAGS:
        return False
    if not (_matches(_COMMENTS_ID, element_id) or _matches(_COMMENTS_CLASS, css_class)):
        return False
    return (
        element.tag not in _COMMENT_LIST_TAGS
        or _matches(_COMMENT_LIST_ID, element_id)
        or _matches(_COMMENTS_CLASS, css_class)
    )


def _matches(pattern: re.Pattern[str], value: str | None) -> bool:
    return value is not None and pattern.search(value) is not None
