"""The page metadata we keep reads as trafilatura's ``extract_metadata`` reads it."""

from __future__ import annotations

from copy import deepcopy

import pytest
from lxml.html import tostring
from trafilatura import extract_metadata

from newsstream.ingestion.htmlmetadata import PageMetadata, page_metadata
from newsstream.ingestion.htmlprocessing import parse_html

DECLARED = """\
<html><head>
  <title>Ministers agree new flood defence plan | The Example Times</title>
  <meta property="og:title" content="Ministers agree new flood defence plan">
  <meta name="author" content="Jane Doe; John Roe">
  <meta property="og:site_name" content="@exampletimes">
  <meta property="article:published_time" content="2021-03-04T10:00:00Z">
  <link rel="canonical" href="https://example.com/2021/03/04/flood-plan">
</head><body><article><p>Ministers agreed on Thursday to spend 2 billion pounds.</p></article>
</body></html>
"""
JSON_LD = """\
<html><head><title>Storm hits coast</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Storm hits coast", "author": {"@type": "Person", "name": "Ann Lee"},
"datePublished": "2022-11-02"}</script>
</head><body><p>The storm reached the coast on Tuesday night.</p></body></html>
"""
IN_BODY = """\
<html><head><title>Council backs new tram line - Riverside News</title></head><body>
<h1>Council backs new tram line</h1><div class="byline">Sam Okafor</div>
<p>Published <time datetime="2023-05-17">17 May 2023</time></p>
<p>The council voted on Wednesday to build a tram line across the river.</p></body></html>
"""
BROKEN_JSON_LD = """\
<html><head><title>Short note</title>
<script type="application/ld+json">{"@type": "NewsArticle", "author": [}</script>
</head><body><p>A short note about nothing in particular.</p></body></html>
"""


@pytest.mark.parametrize("page", [DECLARED, JSON_LD, IN_BODY, BROKEN_JSON_LD])
@pytest.mark.parametrize("url", [None, "https://www.example.org/news/2023/05/17/story"])
def test_fields_as_trafilatura_reads_them(page: str, url: str | None) -> None:
    tree = parse_html(page)
    assert tree is not None
    expected = extract_metadata(deepcopy(tree), url)
    assert page_metadata(tree, url=url) == PageMetadata(
        title=expected.title,
        author=expected.author,
        published=expected.date,
        sitename=expected.sitename,
        url=expected.url,
    )


def test_declared_fields() -> None:
    tree = parse_html(DECLARED)
    assert tree is not None
    assert page_metadata(tree) == PageMetadata(
        title="Ministers agree new flood defence plan",
        author="Jane Doe; John Roe",
        published="2021-03-04",
        sitename="Exampletimes",
        url="https://example.com/2021/03/04/flood-plan",
    )


def test_tree_is_left_as_it_was() -> None:
    tree = parse_html(IN_BODY)
    assert tree is not None
    before = tostring(tree)
    page_metadata(tree, url="https://example.org/news/1")
    assert tostring(tree) == before
