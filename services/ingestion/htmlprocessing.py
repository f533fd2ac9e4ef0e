"""HTML pages -> article text and metadata, with trafilatura doing the content extraction.

Stages: decode the bytes (declared charset first), parse once with lxml, let trafilatura find
the main text and metadata, then read what trafilatura does not give us: the page's declared
language and its own canonical link.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import urljoin, urlsplit

from charset_normalizer import from_bytes
from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS, is_dubious_html

from newsstream.ingestion.htmlbody import main_text
from newsstream.ingestion.htmlmetadata import page_metadata
from newsstream.ingestion.textcleanup import clean_paragraphs

# The HTML standard reads these labels as windows-1252 and an in-page utf-16 label as utf-8.
_HTTP_CHARSET_OVERRIDES = {"ascii": "cp1252", "latin_1": "cp1252", "iso8859-1": "cp1252"}
_META_CHARSET_OVERRIDES = {**_HTTP_CHARSET_OVERRIDES, "utf-16-le": "utf-8", "utf-16-be": "utf-8"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Like the HTML standard's prescan, but over a larger window: many pages put kilobytes of
# scripts before their charset declaration.
_META_PRESCAN_BYTES = 8192
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_LANGUAGE_SUBTAG = re.compile(r"^[a-z]{2,3}$")
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() takes for space
_XML_FORBIDDEN_BYTES = bytes((*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
# trafilatura's parser settings, but every element an HtmlElement: lxml.html's own parser
# chooses each element's class in a Python call (for form classes nobody here uses), 5% of
# the extraction time on the development corpus.
_HTML_PARSER = HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_HTML_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
# A leading body heading this similar to the title is the headline again.
_HEADLINE_SIMILARITY = 0.8


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What the page says about its article; ``text`` has paragraphs separated by a blank line."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    source: str | None = None
    language: str | None = None
    canonical_url: str | None = None


def extract_html_article(
    html: bytes | str, *, url: str | None = None, charset: str | None = None
) -> HtmlArticle | None:
    """Extract the main text and metadata of a page; None when no article text is found.

    ``charset`` is the one declared by the HTTP response, if any; ``url`` is where the page
    was read from and resolves a relative canonical link.
    """
    tree = parse_html(html, charset=charset)
    if tree is None:
        return None
    with warnings.catch_warnings():
        # htmldate's date parser warns about every unknown time zone name it meets
        warnings.filterwarnings("ignore", module="dateutil")
        metadata = page_metadata(tree, url=url)
    language, canonical_url = declared_language(tree), canonical_link(tree, base_url=url)
    text = main_text(tree)  # last: it prunes the tree
    if not text:
        return None
    title = _clean_inline(metadata.title)
    body = clean_paragraphs(article_paragraphs(text, title=title), title=title)
    if not body.text:
        return None
    return HtmlArticle(
        text=body.text,
        title=title,
        authors=split_authors(metadata.author) or body.authors,
        published=metadata.published or body.published,
        source=_clean_inline(metadata.sitename) or body.source,
        language=language,
        canonical_url=canonical_url,
    )


def parse_html(html: bytes | str, *, charset: str | None = None) -> HtmlElement | None:
    """The page's tree, parsed as trafilatura's ``load_html`` parses it; None when the page
    does not say it is HTML and has fewer than two top-level elements."""
    text = html if isinstance(html, str) else decode_html(html, http_charset=charset)
    beginning = text[:50].lower()
    tree = _parse(repair_html(text, beginning))
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def repair_html(text: str, beginning: str) -> str:
    """trafilatura's ``repair_faulty_html``: the characters XML forbids go, and a doctype or
    ``<html/>`` that libxml2 chokes on is mended. Its regular expression for the characters
    runs over the whole page (250,000 characters on average in the development corpus);
    telling whether there are any takes a fifth of that time, and there seldom are."""
    if _has_xml_forbidden_characters(text):
        text = INVALID_XML_CHARS.sub("", text)
    if "doctype" in beginning:
        first_line, _, rest = text.partition("\n")
        text = DOCTYPE_TAG.sub("", first_line, count=1) + "\n" + rest
    if any("<html" in line and line.endswith("/>") for line in text[:4096].splitlines()[:4]):
        text = FAULTY_HTML.sub(r"\1>", text, count=1)
    return text


def _has_xml_forbidden_characters(text: str) -> bool:
    """What ``INVALID_XML_CHARS`` matches: C0 controls but tab and line ends, U+FFFE, U+FFFF
    (in UTF-8 the controls are single bytes that no other character's bytes contain)."""
    encoded = text.encode("utf-8", "surrogatepass")
    return (
        len(encoded.translate(None, _XML_FORBIDDEN_BYTES)) != len(encoded)
        or "\ufffe" in text
        or "\uffff" in text
    )


def _parse(text: str) -> HtmlElement | None:
    """The tree of the page's text, given to lxml as UTF-8 bytes: lxml takes a page that
    declares its encoding as bytes only, and libxml2 reads a Python string (UCS-4 or Latin-1
    inside) a sixth slower, converting it to UTF-8 itself."""
    try:
        return fromstring(text.encode("utf-8", "surrogatepass"), parser=_HTML_PARSER)
    except (ValueError, etree.LxmlError):
        return None


def decode_html(content: bytes, *, http_charset: str | None = None) -> str:
    """Decode a page: byte order mark, then the HTTP charset, then the page's own
    ``<meta charset>``, then UTF-8, then a statistical guess.

    A declaration the bytes do not decode under is skipped rather than forced.
    """
    meta_charset = _meta_charset(content[:_META_PRESCAN_BYTES])
    candidates = [
        _normalise_charset(http_charset, _HTTP_CHARSET_OVERRIDES),
        _normalise_charset(meta_charset, _META_CHARSET_OVERRIDES),
    ]
    return decode_bytes(content, declared=candidates)


def decode_bytes(content: bytes, *, declared: Sequence[str | None] = ()) -> str:
    """Decode with the byte order mark, the declared charsets in order, UTF-8, a guess
    (charset_normalizer, see _guess), and finally windows-1252 with replacement characters."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace")
    for encoding in [*declared, "utf-8"]:
        if encoding:
            try:
                return _decode_allowing_a_cut_end(content, encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    guess = _guess(content)
    if guess is not None:
        return guess
    return content.decode("cp1252", errors="replace")


def _guess(content: bytes) -> str | None:
    """charset_normalizer's best guess; windows-1252 (the HTML standard's fallback for
    Western pages) when it decodes as cleanly, since on short Latin texts the guess often
    lands on a DOS code page that turns 'é' into 'ķ'."""
    matches = from_bytes(content)
    best = matches.best()
    if best is None:
        return None
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos:
        return str(western)
    return str(best)


def _decode_allowing_a_cut_end(content: bytes, encoding: str) -> str:
    """Decode strictly, except that a body cut at the size limit may end mid-character."""
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data" or error.start < len(content) - 4:
            raise
        return content[: error.start].decode(encoding)


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _normalise_charset(label: str | None, overrides: dict[str, str]) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return overrides.get(name, name)


def article_paragraphs(text: str, *, title: str | None = None) -> list[str]:
    """trafilatura's text has one block per line; a leading headline that is a variant of
    the title ('Coronavirus: ...' above the og:title) goes."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if paragraphs and title and _is_same_headline(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    return paragraphs


def _is_same_headline(line: str, title: str) -> bool:
    a, b = _comparable(line), _comparable(title)
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b)
    # the cheap upper bounds of the ratio first: most first paragraphs are far longer
    return all(
        bound() >= _HEADLINE_SIMILARITY
        for bound in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)
    )


def _comparable(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def split_authors(author: str | None) -> list[str]:
    """trafilatura joins several authors with '; '; the same name in other letter case
    (from another meta tag) counts once."""
    names: dict[str, str] = {}
    for name in (author or "").split(";"):
        name = name.strip()
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def declared_language(tree: HtmlElement) -> str | None:
    """The primary subtag of ``<html lang>`` or of a Content-Language meta tag ('en-GB' -> 'en')."""
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    candidates += [
        meta.get("content")
        for meta in tree.iterfind(".//meta[@http-equiv]")
        if meta.get("http-equiv", "").strip().lower() == "content-language"
    ]
    for value in candidates:
        tag = (value or "").strip().replace("_", "-").split(",")[0].strip()
        primary = tag.split("-")[0].lower()
        if _LANGUAGE_SUBTAG.match(primary):
            return primary
    return None


def canonical_link(tree: HtmlElement, *, base_url: str | None = None) -> str | None:
    """The page's own address: ``<link rel=canonical>``, else ``og:url``.

    Relative links are resolved against ``base_url`` (unusable without it). A link to a
    site's home page is a template default, not this article's address, and is ignored.
    """
    for href in _canonical_hrefs(tree):
        address = _absolute_http_url(href.strip(), base_url)
        if address and not _is_home_page(address):
            return address
    return None


def _canonical_hrefs(tree: HtmlElement) -> Iterator[str]:
    """The links with 'canonical' among their rel words, then the og:url values: read by
    tag, as a walk over the elements in C, instead of two XPath walks over the page."""
    for link in tree.iter("link"):
        href = link.get("href")
        if href is not None and "canonical" in _XML_SPACE.split(link.get("rel", "")):
            yield href
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is not None and "og:url" in (meta.get("property"), meta.get("name")):
            yield content


def _is_home_page(address: str) -> bool:
    parts = urlsplit(address)
    return parts.path in ("", "/") and not parts.query


def _absolute_http_url(href: str, base_url: str | None) -> str | None:
    if base_url:
        href = urljoin(base_url, href)
    elif href.startswith("//"):
        href = f"https:{href}"
    parts = urlsplit(href)
    return href if parts.scheme in ("http", "https") and parts.hostname else None


def _clean_inline(value: str | None) -> str | None:
    cleaned = " ".join((value or "").split())
    return cleaned or None
