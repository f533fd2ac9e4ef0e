"""The author found in Python is the one trafilatura's ``extract_author`` finds."""

from __future__ import annotations

import gzip
from copy import deepcopy
from pathlib import Path

import orjson
import pytest
from lxml.html import HtmlElement, tostring
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import extract_author as trafilatura_author
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

from newsstream.ingestion.htmlauthor import _discarded, _kept_text, extract_author
from newsstream.ingestion.htmlprocessing import parse_html

PAGES = {
    "specific": '<p>By <span class="author-name">Ann Lee</span></p><div class="byline">B C</div>',
    "specific tag": "<div><author>Cy Dunn</author></div>",
    "rel me": "<p><rel>me</rel>Di Eng</p>",
    "generic": '<h4 class="byline">Ed Fox</h4><div class="writer">Fay Gill</div>',
    "itemprop": '<span itemprop="author creator">Gus Hay</span>',
    "any": '<section id="Author-box">Ida Jones</section>',
    "in comments": '<div id="comments"><span class="author">Reader</span></div><p>Text.</p>',
    "in a figure": '<figure><figcaption class="author">Photographer</figcaption></figure>',
    "tail kept": '<p class="byline">Kim <time>today</time>Lam</p>',
    "tail joined": '<p class="byline">Kim<time>today</time>Lam <b>Ng</b><time>x</time>Oh</p>',
    "discarded inside": '<span class="author">Ann <i>B</i><span class="date">x</span>Lee</span>',
    "sidebar": '<div class="sidebar"><p class="author">Al Bo</p></div><a rel="author">Pat Ho</a>',
    "too long": f'<div class="author">{"Name " * 30}</div><p class="author">Max Ng</p>',
    "none": "<p>Nobody signed this text.</p>",
}


def tree_of(body: str) -> HtmlElement:
    tree = parse_html(f"<html><head><title>T</title></head><body>{body}</body></html>")
    assert tree is not None
    return tree


@pytest.mark.parametrize("body", PAGES.values(), ids=PAGES.keys())
def test_the_author_trafilatura_finds(body: str) -> None:
    tree = tree_of(body)
    assert extract_author(tree) == trafilatura_author(tree)


def test_the_tree_is_kept() -> None:
    tree = tree_of(PAGES["in comments"])
    before = tostring(tree)
    extract_author(tree)
    assert tostring(tree) == before


def test_on_corpus_pages(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus"
    rows = [orjson.loads(line) for line in (corpus / "index.jsonl").read_bytes().splitlines()]
    for row in rows[::5]:
        tree = parse_html(gzip.decompress((corpus / row["file"]).read_bytes()))
        assert tree is not None
        assert extract_author(tree) == trafilatura_author(tree), row["id"]
        pruned = prune_unwanted_nodes(deepcopy(tree), AUTHOR_DISCARD_XPATHS)
        kept = [piece for piece in _kept_text(tree, _discarded(tree)) if piece]
        assert kept == [piece for piece in pruned.itertext() if piece], row["id"]
