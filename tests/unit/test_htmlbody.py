"""The main text is the one trafilatura's ``bare_extraction`` finds with the same options, and
the raw-tree prunes made in Python are trafilatura's XPath prunes."""

from __future__ import annotations

import gzip
from copy import deepcopy
from pathlib import Path

import orjson
import pytest
import trafilatura
from lxml.html import HtmlElement, tostring
from trafilatura.baseline import html2txt
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from newsstream.ingestion.htmlbody import MAIN_TEXT_OPTIONS, main_text, page_text, prune_raw_tree
from newsstream.ingestion.htmlprocessing import parse_html

ARTICLE = "<h1>Headline</h1>" + "<p>A sentence of the article that goes on for a while.</p>" * 8
PAGES = {
    "appended articles": f'{ARTICLE}<div class="infinite-scroll"><p>Next story.</p></div>tail',
    "infinite scroll holding the article": f'<div id="infiniteScroll">{ARTICLE}</div>',
    "zox box with a headline": f'{ARTICLE}<section class="mvp-post-add-box"><h1>N</h1></section>',
    "share buttons": f'{ARTICLE}<aside class="elementor-share-buttons x">Share</aside>',
    "share buttons in a span": f'{ARTICLE}<span class="elementor-share-buttons">Share</span>',
    "comments": f'{ARTICLE}<div id="comments"><p>First!</p></div><details class="Comments">x',
    "commentary is content": f'<div class="commentary">{ARTICLE}</div>',
    "comment list": f'{ARTICLE}<ul class="comment-list"><li>Reader: no.</li></ul>',
    "other list named like comments": f'{ARTICLE}<ol id="disqus_thread"><li>Item</li></ol>',
    "comol list": f'{ARTICLE}<ul id="comol"><li>Reader: no.</li></ul><div id="comol-x">a</div>',
    "scrolling comments": f'{ARTICLE}<div id="comments" class="infinite-scroll"><h1>N</h1></div>',
    "nested sections": f'{ARTICLE}<div id="comments"><div class="post-comments">x</div></div>',
    "short page": "<p>Too short for the extractor.</p>",
    "short page with comments": '<p>Too short.</p><div id="comments"><p>Reader: yes.</p></div>',
    "no text": "<div></div>",
}
CLUTTERED = {
    "tags": "<p>a</p><aside>b</aside><script>c</script><svg><i>d</i></svg><footer>e</footer>x",
    "footer id first": '<div id="page-footer" class="x">a</div><div class="y" id="footer">b</div>',
    "cookie banners": '<div class="Cookie-Banner">a</div><p id="onetrust-x">b</p><p>c</p>',
    # re.IGNORECASE reads the Kelvin sign as k, the long s as s, the dotted and dotless I as i
    "cookie banner with a kelvin sign": '<p id="coo\u212aie-law">a</p><p>b</p>',
    "cookie banner with a long s": '<div class="consent-\u017fdk">a</div><p>b</p>',
    "cookie banner with a dotted I": '<span id="Cook\u0130e-policy">a</span><p>b</p>',
    "cookie banner with a dotless i": '<p class="cook\u0131e-notice">a</p><p>b</p>',
    "named like a cookie banner": '<p class="cookies">a</p><p id="consent">b</p>',
    "control characters": "<p>a\u200bb</p><div>c\x7f</div>d<br>\u200ce",
    "a body that is a banner": "<p>a</p>",
}
FORUM = (
    '<script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>'
    f'{ARTICLE}<div class="comments"><p>A post of the thread that is the content.</p></div>'
)


def tree_of(body: str) -> HtmlElement:
    tree = parse_html(f"<html><head><title>T</title></head><body>{body}</body></html>")
    assert tree is not None
    return tree


def ours(tree: HtmlElement) -> str | None:
    return main_text(deepcopy(tree))


def trafilatura_text(tree: HtmlElement) -> str | None:
    document = trafilatura.bare_extraction(tree, options=MAIN_TEXT_OPTIONS)
    return document.text if document is not None else None


def trafilatura_pruned(tree: HtmlElement, *, comments: bool) -> HtmlElement:
    tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    return prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH) if comments else tree


@pytest.mark.parametrize("body", [*PAGES.values(), FORUM], ids=[*PAGES.keys(), "forum"])
def test_the_text_trafilatura_finds(body: str) -> None:
    tree = tree_of(body)
    assert ours(tree) == trafilatura_text(tree)


@pytest.mark.parametrize("comments", [True, False])
@pytest.mark.parametrize("body", PAGES.values(), ids=PAGES.keys())
def test_the_sections_trafilatura_prunes(body: str, comments: bool) -> None:
    tree = tree_of(body)
    ours = prune_raw_tree(deepcopy(tree), comments=comments)
    assert tostring(ours) == tostring(trafilatura_pruned(tree, comments=comments))


@pytest.mark.parametrize("body", CLUTTERED.values(), ids=CLUTTERED.keys())
def test_the_page_text_is_html2txt(body: str) -> None:
    tree = tree_of(body)
    assert page_text(tree) == html2txt(tree)


def test_the_page_text_keeps_a_body_named_like_clutter() -> None:
    tree = tree_of("<p>a</p>")
    tree.find(".//body").set("class", "cookie-banner footer")
    assert page_text(tree) == html2txt(tree) == "a"


def test_forum_posts_are_kept() -> None:
    text = ours(tree_of(FORUM))
    assert text is not None and "A post of the thread" in text


def test_on_corpus_pages(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus"
    rows = [orjson.loads(line) for line in (corpus / "index.jsonl").read_bytes().splitlines()]
    for row in rows[::4]:
        tree = parse_html(gzip.decompress((corpus / row["file"]).read_bytes()))
        assert tree is not None
        pruned = trafilatura_pruned(deepcopy(tree), comments=True)
        assert tostring(prune_raw_tree(deepcopy(tree), comments=True)) == tostring(pruned)
        assert ours(tree) == trafilatura_text(tree), row["id"]
        assert page_text(tree) == html2txt(tree), row["id"]
