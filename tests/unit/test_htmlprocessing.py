"""HTML pages: decoding, trafilatura extraction, the page's own metadata, and the corpus."""

from __future__ import annotations

import codecs
import gzip
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml.html import tostring
from trafilatura import load_html
from trafilatura.utils import repair_faulty_html

from newsstream.ingestion.htmlprocessing import (
    _canonical_hrefs,
    canonical_link,
    declared_language,
    decode_html,
    extract_html_article,
    parse_html,
    repair_html,
    split_authors,
)

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"

ARTICLE_PAGE = """\
<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Ministers agree new flood defence plan | The Example Times</title>
  <meta property="og:title" content="Ministers agree new flood defence plan">
  <meta name="author" content="Jane Doe; John Roe; JANE DOE">
  <meta property="og:site_name" content="The Example Times">
  <meta property="article:published_time" content="2021-03-04T10:00:00Z">
  <link rel="canonical" href="/2021/03/04/flood-plan?utm_source=feed">
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  <li><a href="/politics">Politics</a></li></ul></nav>
  <article>
    <h1>Ministers agree new flood defence plan</h1>
    <p>Ministers agreed on Thursday to spend 2 billion pounds on flood defences along the
    east coast, after a winter of storms that flooded thousands of homes.</p>
    <p>The plan, which parliament still has to approve, doubles the money for sea walls and
    pays farmers to let some fields flood when rivers rise.</p>
    <p>Advertisement</p>
    <p>"We cannot keep rebuilding the same houses every year," the environment minister told
    reporters in London, adding that the first works would start in the spring.</p>
    <p>Opposition parties said the money came too late for the towns hit this winter, and
    called for an inquiry into why earlier warnings had been ignored.</p>
  </article>
  <footer><p>Copyright 2021 The Example Times. All rights reserved.</p>
  <a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body>
</html>
"""


def page_bytes(body: str, *, charset_meta: str | None, encoding: str) -> bytes:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>".encode(
        encoding
    )


def test_article_text_and_metadata() -> None:
    article = extract_html_article(ARTICLE_PAGE, url="https://example.com/news/1")
    assert article is not None
    assert article.title == "Ministers agree new flood defence plan"
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.source == "The Example Times"
    assert article.published == "2021-03-04"
    assert article.language == "en"
    assert article.canonical_url == "https://example.com/2021/03/04/flood-plan?utm_source=feed"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Ministers agreed on Thursday to spend 2 billion pounds")
    assert paragraphs[-1].endswith("why earlier warnings had been ignored.")
    for boilerplate in (
        "Advertisement",
        "Home",
        "Politics",
        "Privacy policy",
        "Copyright",
        "Ministers agree new flood defence plan",
    ):
        assert boilerplate not in article.text


def test_page_without_text_gives_none() -> None:
    empty = "<html><head><title>Loading</title></head><body><script>app()</script></body></html>"
    assert extract_html_article(empty) is None


@pytest.mark.parametrize(
    ("body", "meta", "encoding"),
    [
        ("Caf\u00e9 cr\u00e8me in K\u00f6ln", "iso-8859-1", "latin-1"),
        (
            "\u041c\u043e\u0441\u043a\u0432\u0430 \u0438 \u041a\u0438\u0435\u0432",
            "windows-1251",
            "cp1251",
        ),
        ("\u6771\u4eac\u306e\u30cb\u30e5\u30fc\u30b9", "shift_jis", "shift_jis"),
        ("Caf\u00e9 in K\u00f6ln", None, "utf-8"),
    ],
)
def test_bytes_are_decoded_with_the_declared_charset(
    body: str, meta: str | None, encoding: str
) -> None:
    assert body in decode_html(page_bytes(body, charset_meta=meta, encoding=encoding))


def test_latin_1_label_reads_as_windows_1252() -> None:
    content = page_bytes("It\u2019s \u20ac5", charset_meta="iso-8859-1", encoding="cp1252")
    assert "It\u2019s \u20ac5" in decode_html(content)


def test_http_charset_wins_over_the_meta_tag() -> None:
    body = "\u041c\u043e\u0441\u043a\u0432\u0430"
    content = page_bytes(body, charset_meta="windows-1251", encoding="koi8-r")
    assert body in decode_html(content, http_charset="koi8-r")
    assert body not in decode_html(content)


RUSSIAN_SENTENCE = (
    "\u041f\u0440\u0430\u0432\u0438\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e "
    "\u0420\u043e\u0441\u0441\u0438\u0438 \u0432 \u043f\u043e\u043d\u0435\u0434\u0435"
    "\u043b\u044c\u043d\u0438\u043a \u043e\u0431\u044a\u044f\u0432\u0438\u043b\u043e "
    "\u043e \u043d\u043e\u0432\u044b\u0445 \u043c\u0435\u0440\u0430\u0445. "
)


@pytest.mark.parametrize("meta", ["utf-8", None])
def test_a_wrong_or_missing_declaration_falls_back_to_a_guess(meta: str | None) -> None:
    body = RUSSIAN_SENTENCE * 3
    assert body in decode_html(page_bytes(body, charset_meta=meta, encoding="cp1251"))


def test_byte_order_mark_decides() -> None:
    content = codecs.BOM_UTF16_LE + "<p>K\u00f6ln</p>".encode("utf-16-le")
    assert decode_html(content, http_charset="iso-8859-1") == "<p>K\u00f6ln</p>"


@pytest.mark.parametrize(
    ("head", "base", "expected"),
    [
        ('<link rel="canonical" href="https://Example.com/a/b">', None, "https://Example.com/a/b"),
        (
            '<link rel="canonical" href="/a/b">',
            "https://example.com/x/y",
            "https://example.com/a/b",
        ),
        ('<link rel="canonical" href="//example.com/a">', None, "https://example.com/a"),
        (
            '<meta property="og:url" content="https://example.com/og">',
            None,
            "https://example.com/og",
        ),
        ('<link rel="canonical" href="https://example.com/">', "https://example.com/story/1", None),
        ('<link rel="canonical" href="/a/b">', None, None),
        (
            '<link rel="x\tCanonical" href="/c"><link rel="a canonical" href="/d">',
            "http://e.org",
            "http://e.org/d",
        ),
        ('<link rel="canonical" href="javascript:void(0)">', None, None),
        ("", "https://example.com/x", None),
    ],
)
def test_canonical_link(head: str, base: str | None, expected: str | None) -> None:
    tree = parse_html(f"<html><head>{head}<title>t</title></head><body><p>x</p></body></html>")
    assert tree is not None
    assert canonical_link(tree, base_url=base) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<html lang="en-US">', "en"),
        ('<html lang="DE">', "de"),
        ('<html xml:lang="fr_FR">', "fr"),
        ('<html><head><meta http-equiv="Content-Language" content="es, en">', "es"),
        ("<html>", None),
        ('<html lang="x">', None),
    ],
)
def test_declared_language(html: str, expected: str | None) -> None:
    tree = parse_html(f"{html}<head><title>t</title></head><body><p>x</p></body></html>")
    assert tree is not None
    assert declared_language(tree) == expected


@pytest.mark.parametrize(
    "html",
    [
        ARTICLE_PAGE,
        "",
        "just some text",
        "<p>one block</p>",
        "<p>two</p><p>blocks</p>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>a\x01b</p></body></html>',
        "<!DOCTYPE html/>\n<html><body><p>a</p></body></html>",
        "<html/>\n<body><p>a</p></body>",
    ],
)
def test_pages_parse_as_trafilatura_parses_them(html: str) -> None:
    ours, theirs = parse_html(html), load_html(html)
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        assert tostring(ours) == tostring(theirs)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>clean, caf\u00e9 \u65e5\u672c</p></body></html>",
        "<p>a\x00b\x08c\x0bd\x0ce\x1ff\tg\nh\ri</p>",
        "<p>caf\u00e9\x1f and \ufffe, \uffff</p>",
        "<!DOCTYPE html/>\n<html><body><p>a\x01</p></body></html>",
        "<!doctype html>",
        "<html lang=en />\n<body><p>a</p></body>",
        "\n\n\n\n<html/>",
    ],
)
def test_pages_are_repaired_as_trafilatura_repairs_them(html: str) -> None:
    beginning = html[:50].lower()
    assert repair_html(html, beginning) == repair_faulty_html(html, beginning)


def test_split_authors() -> None:
    assert split_authors("Stella Kim; Jennifer Jett; STELLA KIM; ") == [
        "Stella Kim",
        "Jennifer Jett",
    ]
    assert split_authors(None) == []


# --- the development corpus ----------------------------------------------------------------


def corpus_index() -> list[dict[str, Any]]:
    if not (CORPUS / "index.jsonl").is_file():
        pytest.skip(f"corpus not found at {CORPUS} (../shared is not beside the repository)")
    with (CORPUS / "index.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def corpus_page(entry: dict[str, Any]) -> bytes:
    return gzip.decompress((CORPUS / entry["file"]).read_bytes())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_corpus_canonical_links_are_those_xpath_selects() -> None:
    for entry in corpus_index():
        tree = parse_html(corpus_page(entry))
        assert tree is not None
        expected = tree.xpath(
            '//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href'
        ) + tree.xpath('//meta[@property="og:url" or @name="og:url"]/@content')
        assert list(_canonical_hrefs(tree)) == expected, entry["id"]


def test_corpus_pages_are_repaired_as_trafilatura_repairs_them() -> None:
    for entry in corpus_index():
        html = decode_html(corpus_page(entry))
        beginning = html[:50].lower()
        assert repair_html(html, beginning) == repair_faulty_html(html, beginning), entry["id"]


def test_corpus_snippets_are_kept_and_boilerplate_removed() -> None:
    """Pages with expected snippets: text that must be extracted and boilerplate that must
    not (the trafilatura project's evaluation data)."""
    kept = expected_kept = leaked = expected_absent = 0
    for entry in corpus_index():
        snippets = entry.get("expected_snippets")
        if not snippets:
            continue
        article = extract_html_article(corpus_page(entry), url=entry["url"])
        text = squeeze(article.text) if article else ""
        kept += sum(squeeze(s) in text for s in snippets["with"])
        expected_kept += len(snippets["with"])
        leaked += sum(squeeze(s) in text for s in snippets["without"])
        expected_absent += len(snippets["without"])
    assert expected_kept > 100 and expected_absent > 100
    assert kept / expected_kept >= 0.9, f"kept {kept} of {expected_kept} snippets"
    assert leaked / expected_absent <= 0.12, f"{leaked} of {expected_absent} boilerplate leaked"


@pytest.mark.parametrize(
    ("page_id", "title", "authors", "published"),
    [
        (
            "210",
            "South Korean president\u2019s impeachment fails after ruling party lawmakers walk out",
            ["Stella Kim", "Jennifer Jett"],
            "2024-12-06",
        ),
        ("204", "United States to Lift Sudan Sanctions", ["Jeffrey Gettleman"], "2017-01-13"),
        (
            "011",
            "Thousands of UK academics 'treated as second-class citizens'",
            ["Richard Adams"],
            "2020-01-20",
        ),
    ],
)
def test_corpus_page_metadata(page_id: str, title: str, authors: list[str], published: str) -> None:
    entry = next(e for e in corpus_index() if e["id"] == page_id)
    article = extract_html_article(corpus_page(entry), url=entry["url"])
    assert article is not None
    assert (article.title, article.authors, article.published) == (title, authors, published)
    assert article.language == "en"
    assert article.canonical_url is not None
    own, known = urlsplit(article.canonical_url), urlsplit(entry["url"])
    assert (own.hostname, own.path) == (known.hostname, known.path)
    assert "\n\n" in article.text and "\n\n\n" not in article.text
