"""The fixture site's content: bundled pages as stories, and the documents listing them.

A pages folder is either a folder of page files (``.html``/``.htm``/``.txt``, gzip-compressed
with ``.gz`` too: ``demo/articles``) or a corpus folder with an ``index.jsonl`` naming each
page's file and title (``../shared/corpus``).
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import orjson
import trafilatura

from newsstream.fixturesite.stories import InventedStory

PAGE_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# Every hundredth word of the re-published story is changed ("small edits").
EDIT_EVERY_WORDS = 100


@dataclass(frozen=True, slots=True)
class Story:
    slug: str  # the last path segment of its address
    path: Path  # the page file, maybe gzip-compressed
    media_type: str
    title: str

    @property
    def is_gzipped(self) -> bool:
        return self.path.suffix == ".gz"

    def content(self) -> bytes:
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.is_gzipped else data


def load_stories(folder: Path) -> list[Story]:
    """The stories of a pages folder or corpus folder, in a stable order."""
    index = folder / "index.jsonl"
    if index.is_file():
        return [
            _corpus_story(folder, orjson.loads(line)) for line in index.read_bytes().splitlines()
        ]
    stories = [_file_story(path) for path in sorted(folder.iterdir()) if _page_type(path)]
    if not stories:
        raise ValueError(f"no .html/.htm/.txt pages (or .gz) in {folder}")
    return stories


def _page_type(path: Path) -> str | None:
    name = path.name.lower().removesuffix(".gz")
    return PAGE_SUFFIXES.get(Path(name).suffix) if path.is_file() else None


def _corpus_story(folder: Path, row: dict[str, object]) -> Story:
    path = folder / str(row["file"])
    title = str(row.get("title") or row["id"])
    return Story(f"{row['id']}.html", path, "text/html", title)


def _file_story(path: Path) -> Story:
    media_type = _page_type(path) or "text/html"
    slug = path.name.removesuffix(".gz")
    content = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return Story(slug, path, media_type, _title_of(content, media_type) or slug)


def _title_of(content: bytes, media_type: str) -> str:
    """The ``<title>`` of a page, or the first line of a text page."""
    if media_type == "text/plain":
        lines = content.decode("utf-8", "replace").splitlines()
        return next((line.strip() for line in lines if line.strip()), "")
    match = _TITLE.search(content)
    return (
        " ".join(html.unescape(match.group(1).decode("utf-8", "replace")).split()) if match else ""
    )


# --- documents ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listing:
    """One link of a feed or sitemap."""

    url: str
    title: str
    published: datetime


def rss(title: str, site_url: str, listings: Iterable[Listing]) -> bytes:
    items = "".join(
        f"<item><title>{escape(item.title)}</title><link>{escape(item.url)}</link>"
        f'<guid isPermaLink="true">{escape(item.url)}</guid>'
        f"<pubDate>{format_datetime(item.published)}</pubDate></item>\n"
        for item in listings
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{escape(site_url)}</link>"
        f"<description>{escape(title)}</description><language>en</language>\n"
        f"{items}</channel></rss>\n"
    ).encode()


def news_sitemap(listings: Iterable[Listing], publication: str) -> bytes:
    urls = "".join(
        f"<url><loc>{escape(item.url)}</loc><news:news><news:publication>"
        f"<news:name>{escape(publication)}</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{item.published.isoformat()}"
        f"</news:publication_date><news:title>{escape(item.title)}</news:title>"
        "</news:news></url>\n"
        for item in listings
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}</urlset>\n"
    ).encode()


def sitemap_index(sitemap_urls: Iterable[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>\n" for url in sitemap_urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    ).encode()


def invented_page(story: InventedStory, *, charset: str = "utf-8") -> bytes:
    """An HTML page for an invented story, encoded in ``charset`` (declared nowhere inside)."""
    return _article_page(story.title, story.paragraphs, frame="Fixture News").encode(charset)


def republished_page(story: Story) -> bytes:
    """The story again as another outlet would re-publish it: its own frame (navigation,
    related links, footer), a changed headline, a word changed every hundred, an editor's
    note added, and no canonical link back."""
    text = trafilatura.extract(story.content()) or ""
    paragraphs = _edited([line for line in text.splitlines() if line.strip()])
    paragraphs.append("This story was syndicated by Fixture Wire and has been lightly edited.")
    title = f"Updated: {story.title}"
    return _article_page(title, paragraphs, frame="Fixture Wire").encode("utf-8")


def _edited(paragraphs: list[str]) -> list[str]:
    """The paragraphs with every EDIT_EVERY_WORDS-th word (counted across them) replaced."""
    edited, count = [], 0
    for paragraph in paragraphs:
        words = paragraph.split(" ")
        for i in range(len(words)):
            count += 1
            if count % EDIT_EVERY_WORDS == 0:
                words[i] = "reportedly"
        edited.append(" ".join(words))
    return edited


def _article_page(title: str, paragraphs: Iterable[str], *, frame: str) -> str:
    body = "".join(f"<p>{html.escape(paragraph)}</p>\n" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{html.escape(title)}</title>'
        f'<meta property="og:site_name" content="{frame}"></head>'
        f'<body><header><nav><a href="/">{frame}</a> <a href="/world">World</a> '
        '<a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>\n'
        f"<main><article><h1>{html.escape(title)}</h1>\n{body}</article></main>\n"
        '<aside><h2>Related stories</h2><ul><li><a href="/a">Markets close higher</a></li>'
        '<li><a href="/b">Weather warning for the weekend</a></li></ul></aside>\n'
        f"<footer>© {frame}. All rights reserved.</footer></body></html>\n"
    )
