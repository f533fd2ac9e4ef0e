"""Sitemaps (indexes, Google News tags, gzip, entity bombs) and the sources file format."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsstream.ingestion.feeds import (
    MAX_SITEMAP_BYTES,
    FeedEntry,
    FeedError,
    is_sitemap,
    parse_feed,
    parse_sitemap,
)
from newsstream.ingestion.sourcesfile import (
    ArgumentError,
    SourcesFileError,
    load_sources,
    sources_from_arguments,
)

from processes import REPO_ROOT

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://example.com/a</loc>
    <news:news><news:publication><news:name>Example Times</news:name>
      <news:language>en-GB</news:language></news:publication>
      <news:publication_date>2024-05-01T10:00:00+00:00</news:publication_date>
      <news:title>Rates  held</news:title></news:news></url>
  <url><loc>https://example.com/b</loc><lastmod>2024-05-02</lastmod></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/news.xml</loc></sitemap>
<sitemap><loc>https://example.com/archive.xml.gz</loc></sitemap></sitemapindex>"""
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><urlset><url><loc>&b;</loc></url></urlset>'
)


def test_news_sitemap_entries_carry_the_google_news_tags() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert sitemap.children == []
    assert sitemap.entries == [
        FeedEntry(
            link="https://example.com/a",
            title="Rates held",
            published="2024-05-01T10:00:00+00:00",
            language="en",
            site_name="Example Times",
        ),
        FeedEntry(link="https://example.com/b", published="2024-05-02"),
    ]


def test_sitemap_index_and_gzipped_sitemaps() -> None:
    assert parse_sitemap(INDEX).children == [
        "https://example.com/news.xml",
        "https://example.com/archive.xml.gz",
    ]
    compressed = gzip.compress(NEWS_SITEMAP)
    assert is_sitemap(compressed) and is_sitemap(INDEX) and not is_sitemap(b"<html></html>")
    assert len(parse_sitemap(compressed).entries) == 2


def test_sitemaps_and_feeds_declaring_entities_are_refused() -> None:
    with pytest.raises(FeedError, match="entities"):
        parse_sitemap(BOMB)
    with pytest.raises(FeedError, match="not a sitemap"):
        parse_sitemap(b"<rss version='2.0'><channel/></rss>")


LAUGHS = b'<!ENTITY a "aaaaaaaaaa">' + b"".join(
    b'<!ENTITY %s "%s">' % (bytes([ord("a") + n]), b"&%s;" % bytes([ord("a") + n - 1]) * 10)
    for n in range(1, 9)
)
ENTITY_ATTACKS = {
    "billion laughs": (LAUGHS, b"&i;"),
    "quadratic blowup": (b'<!ENTITY big "' + b"x" * 100_000 + b'">', b"&big;" * 1000),
    "external entity": (b'<!ENTITY xxe SYSTEM "file:///etc/passwd">', b"&xxe;"),
    "external parameter entity": (b'<!ENTITY % dtd SYSTEM "http://127.0.0.1:1/x.dtd"> %dtd;', b""),
}


def hostile_document(root: bytes, attack: str, *, junk: bytes = b"") -> bytes:
    declarations, reference = ENTITY_ATTACKS[attack]
    template = (
        b'%(junk)s<?xml version="1.0"?><!DOCTYPE %(root)s [%(declarations)s]>'
        b'<%(root)s version="2.0"><channel><title>%(reference)s</title><item><title>'
        b"%(reference)s</title><link>https://example.com/a</link></item></channel></%(root)s>"
    )
    parts = {b"junk": junk, b"root": root, b"declarations": declarations, b"reference": reference}
    return template % parts


@pytest.mark.parametrize("junk", [b"", b"\x00 malformed "], ids=["well-formed", "malformed"])
@pytest.mark.parametrize("attack", ENTITY_ATTACKS)
def test_entity_attacks_are_refused_in_feeds_and_sitemaps(attack: str, junk: bytes) -> None:
    with pytest.raises(FeedError, match="entities"):
        parse_feed(hostile_document(b"rss", attack, junk=junk))
    with pytest.raises(FeedError):
        parse_sitemap(hostile_document(b"urlset", attack, junk=junk))


def test_a_gzip_bomb_sitemap_is_cut_at_its_limit() -> None:
    bomb = gzip.compress(b"<!-- " + b" " * (MAX_SITEMAP_BYTES + 1024) + b" -->", 9)
    assert is_sitemap(bomb) and len(bomb) < MAX_SITEMAP_BYTES // 500
    with pytest.raises(FeedError, match="larger than"):
        parse_sitemap(bomb)


@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"<rss",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off</ti',
        b"\xff\xfe\x00<",
        b"<urlset><url><loc>x</loc></url>",
        b"<html></html>",
    ],
)
def test_malformed_feeds_and_sitemaps_raise_feed_errors(document: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(document)
    with pytest.raises(FeedError):
        parse_sitemap(document)


def test_a_feed_with_an_external_doctype_but_no_entities_is_read() -> None:
    rss091 = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<title>t</title><language>en-us</language><item><title>A</title>"
        b"<link>https://example.com/a</link></item></channel></rss>"
    )
    [entry] = parse_feed(rss091)
    assert entry.link == "https://example.com/a" and entry.language == "en"


# --- the sources file ----------------------------------------------------------------------


def test_yaml_sources_with_defaults_tags_and_relative_paths(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "defaults: {interval: 600, tags: {language: en}}\n"
        "sources:\n"
        "  - {name: world, feed: 'https://example.com/rss', interval: 60, tags: {region: eu}}\n"
        "  - sitemap: https://example.com/sitemap.xml\n"
        "  - folder: pages\n"
        "  - url_list: urls.txt\n"
    )
    world, sitemap, folder, urls = load_sources(path, default_interval_s=300)
    assert (world.name, world.kind, world.interval_s) == ("world", "feed", 60)
    assert world.tags == {"language": "en", "region": "eu"}
    assert (sitemap.name, sitemap.interval_s) == ("https://example.com/sitemap.xml", 600)
    assert folder.location == str(tmp_path / "pages") and urls.kind == "url_list"


def test_toml_sources(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text('[[sources]]\njsonl = "a.jsonl"\ntags = {outlet = "Wire"}\n')
    [source] = load_sources(path, default_interval_s=300)
    assert (source.kind, source.interval_s, source.tags) == ("jsonl", 300, {"outlet": "Wire"})


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("sources: []\n", "at least 1"),
        ("sources:\n  - {feed: 'https://a/rss', url: 'https://a/b'}\n", "exactly one"),
        ("sources:\n  - {feed: 'ftp://a/rss'}\n", "not an http(s) URL"),
        ("sources:\n  - {feed: 'https://a/rss', every: 5}\n", "every"),
        (
            "sources:\n  - {name: x, url: 'https://a/1'}\n  - {name: x, url: 'https://a/2'}\n",
            "unique",
        ),
        ("sources: [\n", "not valid YAML"),
    ],
)
def test_bad_sources_files_say_what_is_wrong(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(text)
    with pytest.raises(SourcesFileError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        load_sources(path, default_interval_s=300)


def test_the_demo_sources_file_loads() -> None:
    sources = load_sources(REPO_ROOT / "demo" / "sources.yaml", default_interval_s=300)
    assert {source.kind for source in sources} == {"feed", "sitemap"}


def test_command_line_sources(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>x</p>")
    arguments = ["https://example.com/rss", str(tmp_path), str(tmp_path / "page.html"), "-"]
    url, folder, page, stdin = sources_from_arguments(arguments, page_url=None, interval_s=300)
    assert (url.kind, folder.kind, page.kind, stdin.kind) == ("url", "folder", "file", "jsonl")
    [saved] = sources_from_arguments(
        [str(tmp_path / "page.html")], page_url="https://example.com/page", interval_s=300
    )
    assert saved.page_url == "https://example.com/page"


@pytest.mark.parametrize(
    "arguments", [["folder/"], ["a.html", "b.html"], ["https://example.com/a"], ["a.jsonl"]]
)
def test_a_page_url_goes_with_a_single_local_page_file_only(arguments: list[str]) -> None:
    with pytest.raises(ArgumentError, match="--url applies to a single local page file"):
        sources_from_arguments(arguments, page_url="https://example.com/a", interval_s=300)
