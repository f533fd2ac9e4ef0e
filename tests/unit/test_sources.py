"""Reading offline (iter_articles): files, folders, JSON Lines, page URLs, feeds and sitemaps
from a local HTTP server.

No test reaches the internet: pages and feeds are served by http.server on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from newsstream.common.articles import canonicalize_url
from newsstream.common.records import RawArticle
from newsstream.common.schemas import Contract
from newsstream.common.settings import Settings
from newsstream.ingestion.feeds import FeedEntry, FeedError, is_feed, parse_feed
from newsstream.ingestion.offline import iter_articles
from newsstream.ingestion.sources import ArticleResult, article_from_json, fill_from_feed

from processes import NEWSSTREAM, REPO_ROOT
from support import assert_valid

SHARED = Path(__file__).parents[2].parent / "shared"
SEED_FILE = SHARED / "seeds" / "000_28347a80e5ea574f.txt"
CORPUS = SHARED / "corpus"
TIMEOUT_S = 1.0

PARAGRAPHS = (
    "The central bank held interest rates on Wednesday, saying inflation was falling but "
    "remained above its target, and signalled that cuts could come later in the year.",
    "Economists had expected the decision, which was backed by seven of the nine members of "
    "the bank's rate-setting committee, according to minutes published with it.",
    "The governor told reporters that the bank would watch wage growth closely before making "
    "any move, and that it was ready to act if prices rose again.",
)


def article_html(title: str | None, *, extra_head: str = "") -> str:
    title_tag = f"<title>{title}</title>" if title else ""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{title_tag}{extra_head}'
        f"</head><body><article>{body}</article></body></html>"
    )


def rss(items: list[dict[str, str]]) -> str:
    entries = "".join(
        "<item>"
        + "".join(f"<{key}>{escape(value)}</{key}>" for key, value in item.items())
        + "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test</title>'
        f"<link>http://localhost/</link><description>d</description>{entries}</channel></rss>"
    )


def settings(**changes: Any) -> Settings:
    local = {
        "http_timeout_s": TIMEOUT_S,
        "fetch_allowed_networks": "127.0.0.1/32",
        "fetch_per_host_delay_s": 0.0,
    }
    return Settings().model_copy(update={**local, **changes})


def run(inputs: list[str], **kwargs: Any) -> list[ArticleResult]:
    options = {"settings": settings(), **kwargs}
    return list(iter_articles(inputs, **options))


def only(results: list[ArticleResult]) -> RawArticle:
    assert len(results) == 1, results
    assert results[0].error is None, results[0].error
    assert results[0].article is not None
    return results[0].article


# --- local HTTP server ---------------------------------------------------------------------


class Handler(SimpleHTTPRequestHandler):
    """Serves a folder, plus /redirect (to /page.html), /loop (to itself) and /slow."""

    def do_GET(self) -> None:
        if self.path == "/redirect":
            self._redirect("/page.html")
        elif self.path == "/loop":
            self._redirect("/loop")
        elif self.path == "/slow":
            time.sleep(TIMEOUT_S * 2)
            self._redirect("/page.html")
        else:
            super().do_GET()

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(base URL, served folder)."""
    root = tmp_path / "site"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    server.daemon_threads = True
    # shutdown() waits for the serving loop's next poll: 0.5 s by default, at every teardown
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()
    thread.join()


# --- local files ---------------------------------------------------------------------------


def test_html_file_plain_and_gzipped(tmp_path: Path) -> None:
    page = article_html("Rates held")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(page.encode()))
    first, second = run([str(tmp_path / "a.html"), str(tmp_path / "b.html.gz")])
    for result in (first, second):
        assert result.error is None and result.article is not None
        assert_valid(Contract.RAW_ARTICLE, result.article)
        assert result.article.input_kind == "html"
        assert result.article.title == "Rates held"
    assert first.origin == str(tmp_path / "a.html")
    assert first.article and second.article
    assert first.article.text == second.article.text


def test_text_file_with_its_url(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("Rates held as inflation eases\n\nBy Jane Doe\n\n" + "\n\n".join(PARAGRAPHS))
    url = "https://Example.com/rates?utm_source=x"
    article = only(run([str(path)], url=url))
    assert article.input_kind == "text"
    assert (article.title, article.authors) == ("Rates held as inflation eases", ["Jane Doe"])
    assert article.url == url
    assert article.canonical_url == "https://example.com/rates"


def test_url_is_refused_for_anything_but_one_page_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="single local"):
        iter_articles([str(tmp_path)], url="https://example.com/a", settings=settings())
    with pytest.raises(ValueError, match="single local"):
        iter_articles(["a.html", "b.html"], url="https://example.com/a", settings=settings())


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "inner.txt").write_text("\n\n".join(PARAGRAPHS))
    (tmp_path / "a.html").write_text(article_html("A"))
    (tmp_path / "c.htm").write_text(article_html("C"))
    (tmp_path / "README.md").write_text("# not an article")
    (tmp_path / ".hidden.html").write_text(article_html("hidden"))
    results = run([str(tmp_path)])
    assert [Path(result.origin).relative_to(tmp_path).as_posix() for result in results] == [
        "a.html",
        "b/inner.txt",
        "c.htm",
    ]
    assert all(result.article is not None for result in results)


def test_bad_inputs_give_errors_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "broken.html.gz").write_bytes(b"not gzip at all")
    (tmp_path / "empty.html").write_text("<html><body><script>x()</script></body></html>")
    (tmp_path / "good.txt").write_text("\n\n".join(PARAGRAPHS))
    inputs = ["missing.html", "notes.md", "broken.html.gz", "empty.html", "good.txt"]
    results = run([str(tmp_path / name) for name in inputs])
    errors = [result.error for result in results]
    assert errors[0] == "no such file, folder or http(s) URL"
    assert errors[1] is not None and errors[1].startswith("unsupported file type")
    assert errors[2] is not None and errors[2].startswith("cannot read file")
    assert errors[3] == "no article text found in page"
    assert errors[4] is None and results[4].article is not None


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.html.gz"
    path.write_bytes(gzip.compress(article_html("Big").encode() + b" " * 5000))
    [result] = list(iter_articles([str(path)], settings=settings(max_file_bytes=2000)))
    assert result.error is not None and "larger than 2000 bytes" in result.error


# --- JSON Lines ----------------------------------------------------------------------------


def test_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps(
            {
                "text": "Angela Merkel met Emmanuel Macron in Berlin.",
                "title": "Talks",
                "authors": "Jane Doe; John Roe",
                "tags": {"region": "eu"},
                "canonical_url": "HTTPS://Example.com/talks?utm_campaign=x",
            }
        ),
        "",
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "Fine.", "authors": [1, 2]}),
        json.dumps({"text": "Second article.", "id": "ignored", "language": "en"}),
        json.dumps({"text": "Typed wrong.", "url": 5}),
        json.dumps({"text": "Typed wrong.", "authors": 5}),
    ]
    path.write_text("\n".join(lines) + "\n")
    results = run([str(path)], tags={"feed": "manual"})
    assert [result.origin for result in results] == [
        f"{path}:line {n}" for n in (1, 3, 4, 5, 6, 7, 8, 9)
    ]
    first = results[0].article
    assert first is not None
    assert_valid(Contract.RAW_ARTICLE, first)
    assert first.input_kind == "json"
    assert first.authors == ["Jane Doe", "John Roe"]
    assert first.canonical_url == "https://example.com/talks"
    assert first.tags == {"feed": "manual", "region": "eu"}
    assert results[1].error is not None and results[1].error.startswith("invalid JSON")
    assert results[2].error == "missing 'text': a non-empty string is required"
    assert results[3].error is not None and "must be an object" in results[3].error
    assert results[4].error is not None and results[4].error.startswith("raw_article")
    second = results[5].article
    assert second is not None and second.language == "en" and second.id != "ignored"
    assert results[6].error == "'url' must be a string"
    assert results[7].error is not None and results[7].error.startswith("'authors' must be")


def test_article_from_json_fills_computed_fields() -> None:
    article = article_from_json({"text": "Some text.", "url": "https://example.com/a#x"})
    assert article.canonical_url == canonicalize_url("https://example.com/a#x")
    assert article.authors == [] and article.tags == {}


# --- HTTP ----------------------------------------------------------------------------------


def test_page_url_and_redirect(site: tuple[str, Path]) -> None:
    base, root = site
    (root / "page.html").write_text(article_html("Served page"), encoding="utf-8")
    direct = only(run([f"{base}/page.html"]))
    redirected = run([f"{base}/redirect"])
    assert direct.title == "Served page"
    assert direct.url == f"{base}/page.html"
    assert redirected[0].origin == f"{base}/redirect"
    assert redirected[0].article is not None
    assert redirected[0].article.url == f"{base}/page.html"


def test_http_failures_are_reported(site: tuple[str, Path]) -> None:
    base, root = site
    (root / "page.html").write_text(article_html("Served page"))
    results = run(
        [f"{base}/missing.html", f"{base}/loop", f"{base}/slow", f"{base}/page.html"],
        settings=settings(http_max_redirects=3),
    )
    assert [result.error for result in results[:3]] == [
        "http_error: HTTP 404",
        "too_many_redirects: more than 3 redirects",
        f"timeout: no complete response in {TIMEOUT_S:g} s",
    ]
    assert results[3].article is not None


def test_body_over_the_size_limit_is_refused(site: tuple[str, Path]) -> None:
    base, root = site
    page = article_html("Long page").replace("</article>", "</article>" + "<p>x</p>" * 5000)
    (root / "long.html").write_text(page)
    [result] = run([f"{base}/long.html"], settings=settings(max_body_bytes=2048))
    assert result.error == f"too_large: Content-Length {len(page)} > 2048 bytes"


def assert_gaps_filled(
    titled: ArticleResult,
    untitled: ArticleResult,
    *,
    published: str,
    tags: dict[str, str],
    title: str,
) -> None:
    """The page's own title stays; its feed or sitemap entry gives what the page lacks."""
    assert titled.article is not None and untitled.article is not None
    assert titled.article.title == "Title on the page"
    assert titled.article.published == published
    assert titled.article.tags == tags
    assert untitled.article.title == title
    assert_valid(Contract.RAW_ARTICLE, untitled.article)


def test_feed_url_fetches_every_entry_and_fills_gaps(site: tuple[str, Path]) -> None:
    base, root = site
    (root / "titled.html").write_text(article_html("Title on the page"))
    (root / "untitled.html").write_text(article_html(None))
    (root / "feed.xml").write_text(
        rss(
            [
                {
                    "title": "Title in the feed",
                    "link": f"{base}/titled.html",
                    "pubDate": "Tue, 05 Mar 2024 08:00:00 GMT",
                    "author": "desk@example.com (Jane Doe)",
                },
                {"title": "Feed title only", "link": f"{base}/untitled.html"},
                {"title": "Gone", "link": f"{base}/gone.html"},
                {"title": "No link at all"},
            ]
        )
    )
    results = run([f"{base}/feed.xml"])
    assert [result.origin for result in results] == [
        f"{base}/titled.html",
        f"{base}/untitled.html",
        f"{base}/gone.html",
        f"{base}/feed.xml entry 4",
    ]
    assert_gaps_filled(
        results[0],
        results[1],
        published="2024-03-05T08:00:00Z",
        tags={"feed": f"{base}/feed.xml"},
        title="Feed title only",
    )
    assert results[2].error == "http_error: HTTP 404"
    assert results[3].error == "feed entry has no link"


def test_feed_file_on_disk(site: tuple[str, Path], tmp_path: Path) -> None:
    base, root = site
    (root / "one.html").write_text(article_html("One"))
    feed = tmp_path / "news.rss"
    feed.write_text(rss([{"title": "One", "link": f"{base}/one.html"}]))
    article = only(run([str(feed)]))
    assert article.title == "One" and article.tags == {"feed": str(feed)}


def test_corpus_feed_served_locally(site: tuple[str, Path]) -> None:
    """feeds/world.xml with its 30 links pointed at a local copy of the corpus pages."""
    feed_file = CORPUS / "feeds" / "world.xml"
    if not feed_file.is_file():
        pytest.skip(f"corpus not found at {CORPUS} (../shared is not beside the repository)")
    base, root = site
    feed = feed_file.read_text(encoding="utf-8")
    items = re.findall(r"<item>.*?</item>", feed, flags=re.DOTALL)
    for item in items:
        page_id = re.search(r"Corpus page (\d+)", item)
        link = re.search(r"<link>(.*?)</link>", item)
        assert page_id and link
        local = f"{base}/{page_id[1]}.html"
        (root / f"{page_id[1]}.html").write_bytes(
            gzip.decompress((CORPUS / "pages" / f"{page_id[1]}.html.gz").read_bytes())
        )
        feed = feed.replace(f"<link>{link[1]}</link>", f"<link>{local}</link>", 1)
    (root / "world.xml").write_text(feed, encoding="utf-8")
    results = run([f"{base}/world.xml"])
    assert len(results) == len(items) == 30
    for result in results:
        assert result.error is None, (result.origin, result.error)
        assert result.article is not None
        assert result.article.title and result.article.published
        assert result.article.url == result.origin


def sitemap(entries: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        + "".join(entries)
        + "</urlset>"
    )


def news_entry(link: str, title: str) -> str:
    return (
        f"<url><loc>{link}</loc><news:news><news:publication><news:name>Example Times"
        "</news:name><news:language>en</news:language></news:publication>"
        "<news:publication_date>2024-05-01T10:00:00+00:00</news:publication_date>"
        f"<news:title>{title}</news:title></news:news></url>"
    )


def test_sitemap_index_url_fetches_every_page_with_its_news_tags(site: tuple[str, Path]) -> None:
    base, root = site
    (root / "titled.html").write_text(article_html("Title on the page"))
    (root / "untitled.html").write_text(article_html(None))
    (root / "news.xml").write_text(
        sitemap(
            [
                news_entry(f"{base}/titled.html", "Title in the sitemap"),
                news_entry(f"{base}/untitled.html", "Sitemap title only"),
                f"<url><loc>{base}/gone.html</loc></url>",
            ]
        )
    )
    (root / "index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/news.xml</loc></sitemap>"
        f"<sitemap><loc>{base}/missing.xml</loc></sitemap></sitemapindex>"
    )
    results = run([f"{base}/index.xml"])
    assert [(result.origin, result.error) for result in results] == [
        (f"{base}/titled.html", None),
        (f"{base}/untitled.html", None),
        (f"{base}/gone.html", "http_error: HTTP 404"),
        (f"{base}/missing.xml", "http_error: HTTP 404"),
    ]
    assert_gaps_filled(
        results[0],
        results[1],
        published="2024-05-01T10:00:00+00:00",
        tags={"sitemap": f"{base}/index.xml"},
        title="Sitemap title only",
    )


def test_sitemap_file_on_disk(site: tuple[str, Path], tmp_path: Path) -> None:
    base, root = site
    (root / "one.html").write_text(article_html("One"))
    path = tmp_path / "sitemap.xml"
    path.write_text(sitemap([news_entry(f"{base}/one.html", "One")]))
    article = only(run([str(path)]))
    assert article.title == "One" and article.tags == {"sitemap": str(path)}


def test_json_lines_on_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = b'{"text": "Rates held."}\n\nnot json\n'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(lines)))
    first, second = run(["-"])
    assert first.origin == "<stdin>:line 1" and first.article is not None
    assert first.article.input_kind == "json"
    assert second.origin == "<stdin>:line 3"
    assert second.error is not None and second.error.startswith("invalid JSON")


def test_extract_and_enrich_read_a_sitemap_url(site: tuple[str, Path]) -> None:
    """The offline commands read what the scraper reads: here a sitemap served locally."""
    base, root = site
    (root / "one.html").write_text(article_html("Angela Merkel visits Paris"))
    (root / "sitemap.xml").write_text(sitemap([news_entry(f"{base}/one.html", "One")]))
    env = {**os.environ, "NEWSSTREAM_FETCH_ALLOWED_NETWORKS": "127.0.0.1/32"}
    for command, contract in (
        ("extract", Contract.RAW_ARTICLE),
        ("enrich", Contract.ENRICHED_ARTICLE),
    ):
        done = subprocess.run(
            [*NEWSSTREAM, command, f"{base}/sitemap.xml"],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        [record] = [json.loads(line) for line in done.stdout.splitlines()]
        assert_valid(contract, record)
        assert record["url"] == f"{base}/one.html"
        assert record["tags"] == {"sitemap": f"{base}/sitemap.xml"}


# --- feeds on their own --------------------------------------------------------------------


def test_feed_detection_by_content() -> None:
    assert is_feed(rss([]).encode())
    assert is_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c -->\n<feed xmlns="x"></feed>')
    assert not is_feed(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>')
    assert not is_feed(b"<!DOCTYPE html><html></html>")


def test_atom_feed_entries() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>A  story</title><link href="/a/1"/><updated>2024-01-02T03:04:05Z</updated>
        <author><name>Jane Doe</name></author><author><name>John Roe</name></author></entry>
    </feed>"""
    [entry] = parse_feed(atom, base_url="https://example.com/feeds/atom")
    assert entry == FeedEntry(
        link="https://example.com/a/1",
        title="A story",
        published="2024-01-02T03:04:05Z",
        authors=["Jane Doe", "John Roe"],
    )


def test_feeds_declaring_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<rss version="2.0"><channel><title>&b;</title></channel></rss>'
    )
    with pytest.raises(FeedError, match="XML entities or external references refused"):
        parse_feed(bomb)


def test_not_a_feed() -> None:
    with pytest.raises(FeedError, match="not an RSS/Atom feed"):
        parse_feed(b"<notes><note>hello</note></notes>")


def test_feed_metadata_only_fills_gaps() -> None:
    article = article_from_json({"text": "Body.", "title": "Own title"})
    entry = FeedEntry(
        link="https://example.com/a",
        title="Feed title",
        published="2024-01-01",
        authors=["Jane Doe"],
    )
    filled = fill_from_feed(article, entry)
    assert filled.title == "Own title"
    assert filled.published == "2024-01-01"
    assert filled.authors == ["Jane Doe"]
    assert filled.id == article.id


def test_demo_articles_all_extract() -> None:
    """`make run` scrapes demo/articles: every file there must give an article."""
    demo = Path(__file__).parents[2] / "demo" / "articles"
    results = run([str(demo)])
    assert len(results) == 6
    assert [result.error for result in results] == [None] * 6
    seed = results[0].article
    assert seed is not None and seed.source == "Bloomberg"
    if SEED_FILE.is_file():
        assert (demo / SEED_FILE.name).read_bytes() == SEED_FILE.read_bytes()
