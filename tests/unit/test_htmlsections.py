"""The main-extractor selections made in Python are trafilatura's XPath selections."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import pytest
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.xpaths import BODY_XPATH, OVERALL_DISCARD_XPATH

from newsstream.ingestion.htmlbody import MAIN_TEXT_OPTIONS
from newsstream.ingestion.htmlprocessing import parse_html
from newsstream.ingestion.htmlsections import (
    BODY_SELECTIONS,
    OVERALL_DISCARD_SELECTIONS,
    PATTERNS,
    Selection,
)

SECTIONS = {
    "article content id": '<div id="x-article-body"><p>a</p></div><div class="post">b</div>',
    "post class": '<section class="post"><p>a</p></section>',
    "article body prop": '<main itemprop="articleBody">a</main><div id="articleContent">b</div>',
    "article tag": "<div><article>a</article></div><article>b</article>",
    "story": '<div role="article">a</div><div class="storyContent">b</div>',
    "story id": '<section id="primary-col">a</section><div id="story">b</div>',
    "fulltext in capitals": '<div class="FullText">a</div>',
    "story classes": '<div class="cell">a</div><div class="article x">b</div>',
    "main content": '<div id="Main-Content">a</div><div class="content__body">b</div>',
    "page content": '<div class="Page-content">a</div><div id="content">b</div>',
    "main": '<section role="main-area">a</section><main>b</main>',
    "main element first": '<main>a</main><div class="main">b</div>',
    "main by id": '<div><div id="mainstream">a</div></div>',
    "nothing": '<div class="other">a</div><span class="post">b</span>',
}
BOILERPLATE = {
    "nav role": '<div role="Navigation">a</div><p role="button">b</p>',
    "replacement": "<span data-lp-replacement-content>a</span>",
    "most popular": '<section data-component="MostPopularStories-x">a</section>',
    "cookie first": '<div class="cookie-box" id="main">a</div><div id="x" class="cookie">b</div>',
    "by id": '<div id="sharebox">a</div><p id="site-footer">b</p><div id="ad-1">c</div>',
    "by class": '<div class="widget x">a</div><span class="ad-slot">b</span><p class="meta">c</p>',
    "only some tags": '<ul class="sidebar"><li class="tags">a</li></ul><h2 class="social">b</h2>',
    "nested": '<div class="sidebar"><div class="banner"><p class="button">a</p></div></div>',
    "hidden": '<p class="comments-title">a</p><td id="reply-1">b</td><p style="display:none">c',
    "hidden by id or style first": '<div style="hidden" id="x">a</div><p id="z" style="hidden">b',
    "reply class first": '<td class="reply-to" id="x">a</td><td id="y" class="reply-z">b</td>',
    "hidden classes": '<p class="x hidden">a</p><p class="noprint">b<p aria-hidden="true">c',
    "hidden ids": '<ol id="reader-comments">a</ol><ul id="akismet-x">b</ul>',
    "none": '<div class="article"><p class="lead" id="intro">a</p></div>',
}


def cleaned_tree(page: bytes | str) -> HtmlElement:
    """A page as the main extractor sees it: cleaned and its tags converted."""
    tree = parse_html(page)
    assert tree is not None
    return convert_tags(tree_cleaning(tree, MAIN_TEXT_OPTIONS), MAIN_TEXT_OPTIONS)


def cleaned_body(body: str) -> HtmlElement:
    return cleaned_tree(f"<html><head><title>T</title></head><body>{body}</body></html>")


def first_selected(selection: Selection, tree: HtmlElement) -> HtmlElement | None:
    """What the main extractor takes of a body selection: its first element."""
    return next((element for element in selection(tree) if element is not None), None)


def assert_selections_are_trafilaturas(tree: HtmlElement) -> None:
    for selection, expression in zip(BODY_SELECTIONS, BODY_XPATH, strict=True):
        assert first_selected(selection, tree) is first_selected(expression, tree)
    discards = zip(OVERALL_DISCARD_SELECTIONS, OVERALL_DISCARD_XPATH, strict=True)
    for selection, expression in discards:
        assert selection(tree) == expression(tree)


def test_no_pattern_matches_a_missing_attribute() -> None:
    # re:test reads a missing attribute as "", which the Python tests skip
    assert not [pattern.pattern for pattern in PATTERNS if pattern.search("")]


@pytest.mark.parametrize("body", SECTIONS.values(), ids=SECTIONS.keys())
def test_the_body_sections_trafilatura_selects(body: str) -> None:
    tree = cleaned_body(body)
    assert_selections_are_trafilaturas(tree)
    found = any(first_selected(selection, tree) is not None for selection in BODY_SELECTIONS)
    assert found == (body != SECTIONS["nothing"])


@pytest.mark.parametrize("body", BOILERPLATE.values(), ids=BOILERPLATE.keys())
def test_the_boilerplate_trafilatura_selects(body: str) -> None:
    tree = cleaned_body(body)
    assert_selections_are_trafilaturas(tree)
    found = any(selection(tree) for selection in OVERALL_DISCARD_SELECTIONS)
    assert found == (body != BOILERPLATE["none"])


def test_on_corpus_pages(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus"
    rows = [orjson.loads(line) for line in (corpus / "index.jsonl").read_bytes().splitlines()]
    for row in rows[::3]:
        tree = cleaned_tree(gzip.decompress((corpus / row["file"]).read_bytes()))
        assert_selections_are_trafilaturas(tree)
        for selection in BODY_SELECTIONS:
            section = first_selected(selection, tree)
            if section is not None:
                assert_selections_are_trafilaturas(section)
