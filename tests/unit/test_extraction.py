"""extract_article: kind detection, raw-article messages, canonical URLs, language, errors."""

from __future__ import annotations

import gzip
import json

import pytest

from newsstream.common.articles import article_id, canonicalize_url
from newsstream.common.schemas import Contract
from newsstream.ingestion.extraction import (
    ExtractionError,
    choose_language,
    detect_kind,
    english_word_share,
    extract_article,
)

from conftest import SEED_FILE, SHARED
from support import assert_valid

CORPUS = SHARED / "corpus"

ENGLISH = (
    "The government said on Monday that it would raise the minimum wage next year, after "
    "unions warned that prices for food and energy had risen faster than pay for most of the "
    "workers they represent."
)
SPANISH = (
    "El gobierno anunció el lunes que subirá el salario mínimo el próximo año, después de que "
    "los sindicatos advirtieran que los precios de los alimentos y de la energía habían subido "
    "más rápido que los sueldos de la mayoría de los trabajadores."
)


def html_page(paragraphs: str, *, head: str = "", lang: str | None = "en") -> str:
    lang_attribute = f' lang="{lang}"' if lang else ""
    body = "".join(f"<p>{paragraphs}</p>" for _ in range(3))
    return (
        f"<!DOCTYPE html><html{lang_attribute}><head><title>Minimum wage to rise</title>{head}"
        f"</head><body><article><h1>Minimum wage to rise</h1>{body}</article></body></html>"
    )


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    return SEED_FILE.read_bytes()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"\n  <!-- saved page -->\n<html><p>x</p></html>", "html"),
        ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>', "html"),
        ("<div><p>One</p><p>Two</p></div>", "html"),
        ("Prices rose 3% as a < b and c > d, officials said.\n\nMore text.", "text"),
        (b"Vladimir Putin, Donald Trump back Syria peace plans\n\nBy Ilya Arkhipov", "text"),
    ],
)
def test_detect_kind(content: bytes | str, kind: str) -> None:
    assert detect_kind(content) == kind


def test_seed_becomes_a_valid_text_article(seed_bytes: bytes) -> None:
    article = extract_article(seed_bytes, tags={"outlet": "demo"})
    assert_valid(Contract.RAW_ARTICLE, article)
    assert article.input_kind == "text"
    assert article.title == (
        "Vladimir Putin, Donald Trump back Syria peace plans during brief APEC meeting"
    )
    assert article.authors == ["Ilya Arkhipov"]
    assert article.source == "Bloomberg"
    assert article.language == "en"
    assert article.url is None and article.canonical_url is None
    assert article.id == article_id(None, article.content_hash)
    assert article.tags == {"outlet": "demo"}
    assert "Advertisement" not in article.text


def test_seed_with_its_address(seed_bytes: bytes) -> None:
    url = "https://www.smh.com.au/world/putin-trump-apec-20171111.html?utm_source=rss#top"
    article = extract_article(seed_bytes, kind="text", url=url)
    assert article.url == url
    assert article.canonical_url == canonicalize_url(url)
    assert article.id == article_id(canonicalize_url(url), article.content_hash)


def test_html_article_uses_the_pages_own_canonical_link() -> None:
    head = '<link rel="canonical" href="https://News.Example.com/wage?utm_medium=x&b=2&a=1">'
    article = extract_article(
        html_page(ENGLISH, head=head).encode(), url="https://example.com/amp/wage"
    )
    assert_valid(Contract.RAW_ARTICLE, article)
    assert article.input_kind == "html"
    assert article.url == "https://example.com/amp/wage"
    assert article.canonical_url == "https://news.example.com/wage?a=1&b=2"
    assert article.title == "Minimum wage to rise"
    assert article.text.startswith("The government said on Monday")


def test_html_article_without_canonical_link_derives_it_from_the_url() -> None:
    article = extract_article(html_page(ENGLISH), url="HTTPS://Example.com:443/wage?fbclid=1")
    assert article.canonical_url == "https://example.com/wage"


def test_http_charset_is_used_for_bytes() -> None:
    text = "\u041f\u0440\u0430\u0432\u0438\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e "
    page = html_page(text * 20, lang="ru").encode("koi8-r")
    article = extract_article(page, kind="html", charset="koi8-r")
    assert text.strip() in article.text
    assert article.language == "ru"


@pytest.mark.parametrize(
    ("page", "tags", "language"),
    [
        (html_page(ENGLISH, lang="en-GB"), None, "en"),
        (html_page(SPANISH, lang="es"), None, "es"),
        (html_page(ENGLISH, lang=None), None, "en"),
        (html_page(SPANISH, lang=None), None, None),
        (html_page(SPANISH, lang="en"), None, None),  # a template's default, contradicted
        (html_page(SPANISH, lang=None), {"language": "es-MX"}, "es"),
    ],
)
def test_language_is_declared_or_detected(
    page: str, tags: dict[str, str] | None, language: str | None
) -> None:
    assert extract_article(page, tags=tags).language == language


def test_language_of_text_pages_is_detected() -> None:
    assert extract_article(f"{ENGLISH}\n\n{ENGLISH}", kind="text").language == "en"
    assert extract_article(f"{SPANISH}\n\n{SPANISH}", kind="text").language is None


def test_language_share_needs_enough_words() -> None:
    assert english_word_share("The end.") is None
    share = english_word_share(ENGLISH)
    assert share is not None and share > 0.2
    assert choose_language(None, "Too short to tell.") is None


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (
            "<html><head><title>App</title></head><body><script>load()</script></body></html>",
            "html",
        ),
        ("Advertisement\n\nLoading\n\nShare\n\nMost Viewed in World\n", "text"),
        ("", "text"),
    ],
)
def test_no_article_text_raises_extraction_error(content: str, kind: str) -> None:
    with pytest.raises(ExtractionError, match="no article text found in page"):
        extract_article(content, kind=kind)  # type: ignore[arg-type]


def test_extraction_error_is_a_value_error() -> None:
    assert issubclass(ExtractionError, ValueError)


def test_every_corpus_page_gives_a_valid_article_or_a_clear_error() -> None:
    index = CORPUS / "index.jsonl"
    if not index.is_file():
        pytest.skip(f"corpus not found at {CORPUS} (../shared is not beside the repository)")
    failures = []
    for line in index.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        content = gzip.decompress((CORPUS / entry["file"]).read_bytes())
        try:
            article = extract_article(content, url=entry["url"])
        except ExtractionError:
            failures.append(entry["id"])
            continue
        assert article.input_kind == "html"
        assert article.text.strip() == article.text and "\n\n\n" not in article.text
        assert_valid(Contract.RAW_ARTICLE, article)
    # a JavaScript application shell without server-side text
    assert failures == ["125"]
