"""One page (HTML or copied plain text) -> one validated raw-article message."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from newsstream.common.articles import build_raw_article, canonicalize_url
from newsstream.common.records import RawArticle
from newsstream.ingestion.htmlprocessing import decode_bytes, extract_html_article
from newsstream.ingestion.textcleanup import clean_text_page

PageKind = Literal["html", "text"]

# English is told from other languages by the share of its commonest function words among
# a text's words: 0.13-0.41 on the English news pages of the development corpus (lists and
# tables lower), under 0.02 on its Spanish and Japanese pages.
ENGLISH_FUNCTION_WORDS = frozenset(
    (
        "the",
        "of",
        "and",
        "to",
        "that",
        "for",
        "with",
        "this",
        "from",
        "which",
        "have",
        "has",
        "had",
        "were",
        "been",
        "would",
        "their",
        "they",
        "there",
        "said",
        "will",
        "about",
        "after",
        "but",
        "not",
        "are",
        "his",
        "her",
        "she",
        "who",
        "what",
        "when",
        "more",
        "than",
        "also",
        "its",
        "into",
        "other",
        "could",
        "should",
        "them",
        "these",
        "those",
        "some",
        "over",
        "just",
        "only",
        "because",
        "while",
        "where",
        "our",
        "your",
        "you",
        "it",
        "be",
        "by",
        "at",
        "as",
        "or",
        "was",
        "is",
        "he",
        "we",
    )
)
ENGLISH_MIN_SHARE = 0.1
NOT_ENGLISH_MAX_SHARE = 0.03
LANGUAGE_MIN_WORDS = 20

_SNIFF_CHARS = 4096
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|\?xml)", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|meta|title|div|p|span|article|script|a)\b", re.IGNORECASE
)
_HTML_MIN_TAGS = 3
_WORD = re.compile(r"[^\W\d_]+")
_LANGUAGE_SUBTAG = re.compile(r"^[a-z]{2,3}$")


class ExtractionError(ValueError):
    """A page has no usable article."""


def extract_article(
    content: bytes | str,
    *,
    kind: PageKind | None = None,
    url: str | None = None,
    tags: Mapping[str, str] | None = None,
    charset: str | None = None,
) -> RawArticle:
    """Extract the article of an HTML or plain-text page into a raw-article message.

    ``kind`` is detected from the content when not given; ``url`` is where the page was
    read from; ``charset`` is the one an HTTP response declared. The canonical URL is the
    page's own canonical link when it has one, else derived from ``url``. A ``language``
    tag serves as the declared language of pages that declare none.
    """
    kind = kind or detect_kind(content)
    if kind == "html":
        return _article_from_html(content, url=url, tags=tags, charset=charset)
    return _article_from_text(content, url=url, tags=tags, charset=charset)


def detect_kind(content: bytes | str) -> PageKind:
    """HTML when the content starts like an HTML document or is full of HTML tags."""
    head = content[:_SNIFF_CHARS]
    if isinstance(head, bytes):
        head = decode_bytes(head)
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= _HTML_MIN_TAGS:
        return "html"
    return "text"


def _article_from_html(
    content: bytes | str,
    *,
    url: str | None,
    tags: Mapping[str, str] | None,
    charset: str | None,
) -> RawArticle:
    page = extract_html_article(content, url=url, charset=charset)
    if page is None:
        raise ExtractionError("no article text found in page")
    declared = page.language or _tagged_language(tags)
    return build_raw_article(
        page.text,
        input_kind="html",
        url=url,
        canonical_url=canonicalize_url(page.canonical_url) if page.canonical_url else None,
        title=page.title,
        authors=page.authors,
        source=page.source,
        published=page.published,
        language=choose_language(declared, page.text),
        tags=tags,
    )


def _article_from_text(
    content: bytes | str,
    *,
    url: str | None,
    tags: Mapping[str, str] | None,
    charset: str | None,
) -> RawArticle:
    text = content if isinstance(content, str) else decode_bytes(content, declared=[charset])
    page = clean_text_page(text)
    if not page.text:
        raise ExtractionError("no article text found in page")
    return build_raw_article(
        page.text,
        input_kind="text",
        url=url,
        title=page.title,
        authors=page.authors,
        source=page.source,
        published=page.published,
        language=choose_language(_tagged_language(tags), page.text),
        tags=tags,
    )


def _tagged_language(tags: Mapping[str, str] | None) -> str | None:
    """The primary subtag of a ``language`` tag ('en-GB' -> 'en'), if it is one."""
    primary = (tags or {}).get("language", "").strip().replace("_", "-").split("-")[0].lower()
    return primary if _LANGUAGE_SUBTAG.match(primary) else None


def choose_language(declared: str | None, text: str) -> str | None:
    """The declared language unless the text contradicts a declared English; otherwise
    'en' when the text reads as English, None when unsure or another language."""
    share = english_word_share(text)
    if declared:
        contradicted = declared == "en" and share is not None and share < NOT_ENGLISH_MAX_SHARE
        return None if contradicted else declared
    if share is not None and share >= ENGLISH_MIN_SHARE:
        return "en"
    return None


def english_word_share(text: str) -> float | None:
    """Share of English function words among the words of ``text``; None when it has too
    few words to tell (also the case for scripts written without spaces)."""
    words = _WORD.findall(text.casefold())
    if len(words) < LANGUAGE_MIN_WORDS:
        return None
    return sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words)) / len(words)
