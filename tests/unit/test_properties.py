"""Property-based tests: URL canonicalisation, text clean-up and the near-duplicate sketch take
any input without an exception, and canonicalisation is idempotent."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsstream.common.articles import build_raw_article, canonicalize_url, content_hash
from newsstream.ingestion.fetch import is_http_url
from newsstream.ingestion.textcleanup import clean_paragraphs, clean_text_page, normalise_page
from newsstream.scraper.deduplication import (
    Deduplicator,
    minhash,
    shingles,
    signature_bytes,
    sketch_from_bytes,
)
from newsstream.scraper.state import CrawlState

# No wall clock in these properties: on a busy machine an example (one that opens SQLite above
# all) may outlast Hypothesis's default 200 ms deadline, and drawing data may trip its too_slow
# health check; neither says anything about the code under test.
NO_CLOCK = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- content hashes ------------------------------------------------------------------------


SPACED_TEXT = st.text(alphabet=st.sampled_from("aZé 1\t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000"))


@given(SPACED_TEXT)
def test_the_content_hash_is_of_the_text_with_white_space_runs_as_one_space(text: str) -> None:
    normalised = re.sub(r"\s+", " ", text).strip().lower()
    assert content_hash(text) == hashlib.sha256(normalised.encode("utf-8")).hexdigest()


# --- URLs ----------------------------------------------------------------------------------

URL_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
HOSTS = st.one_of(
    st.from_regex(r"[A-Za-z0-9-]{1,12}(\.[A-Za-z0-9-]{1,8}){0,3}", fullmatch=True),
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(lambda address: f"[{address}]"),
    URL_TEXT,
)
PORTS = st.one_of(st.none(), st.integers(-1, 70_000).map(str), URL_TEXT)
QUERY_NAMES = st.one_of(
    st.sampled_from(["utm_source", "UTM_Medium", "fbclid", "gclid", "id"]), URL_TEXT
)


@st.composite
def url_like(draw: st.DrawFn) -> str:
    """Strings shaped like URLs, with odd parts: any host, port, path, query and fragment."""
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "ftp", "", "mailto"]))
    userinfo = draw(st.sampled_from(["", "user@", "user:pass@", "@"]))
    host = draw(HOSTS)
    port = draw(PORTS)
    path = "/".join(draw(st.lists(URL_TEXT, max_size=3)))
    pairs = draw(st.lists(st.tuples(QUERY_NAMES, URL_TEXT), max_size=4))
    query = "&".join(f"{name}={value}" for name, value in pairs)
    fragment = draw(st.one_of(st.none(), URL_TEXT))
    url = f"{scheme}://{userinfo}{host}" + (f":{port}" if port is not None else "")
    url += f"/{path}" + (f"?{query}" if pairs else "") + (f"#{fragment}" if fragment else "")
    return url


ANY_URL = st.one_of(url_like(), st.text())


@NO_CLOCK
@given(ANY_URL)
def test_canonicalisation_takes_any_text_and_is_idempotent(url: str) -> None:
    canonical = canonicalize_url(url)
    assert canonicalize_url(canonical) == canonical


# Strings made of the pieces that give a URL its structure, so that odd shapes ("////a",
# "http:////a", "//[@") come up: plain text rarely holds them, and the space is small enough
# for many cheap examples.
URL_SKELETONS = st.tuples(
    st.sampled_from(["", "http:", "HTTPS:", "mailto:"]),
    st.lists(st.sampled_from(["//", "/", ":", "?", "#", "[", "]", "@", "%", "a"]), max_size=6),
).map(lambda parts: parts[0] + "".join(parts[1]))


@settings(NO_CLOCK, max_examples=2000)
@given(URL_SKELETONS)
def test_canonicalisation_is_idempotent_on_url_skeletons(url: str) -> None:
    canonical = canonicalize_url(url)
    assert canonicalize_url(canonical) == canonical


@NO_CLOCK
@given(url_like())
def test_canonical_urls_keep_no_fragment_and_no_tracking_parameters(url: str) -> None:
    canonical = canonicalize_url(url)
    if is_http_url(canonical):
        parts = urlsplit(canonical)
        assert not parts.fragment and "#" not in canonical
        names = [name.lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
        assert not [name for name in names if name.startswith("utm_") or name == "fbclid"]


@NO_CLOCK
@given(ANY_URL)
def test_is_http_url_takes_any_text(url: str) -> None:
    assert is_http_url(url) in (True, False)


# --- text clean-up -------------------------------------------------------------------------

LINES = st.one_of(
    st.text(),
    st.sampled_from(
        [
            "Advertisement",
            "By JANE DOE and John Roe, Reuters",
            "Photo: AP / John Smith",
            "This was published 3 years ago",
            "Updated 12:45 GMT, 3 March 2024",
            "Most Viewed in World",
            "",
            "   ",
        ]
    ),
)


@NO_CLOCK
@given(st.lists(LINES, max_size=30))
def test_text_clean_up_takes_any_page(lines: list[str]) -> None:
    page = "\n".join(lines)
    cleaned = clean_text_page(page)
    assert isinstance(cleaned.text, str)
    assert set(cleaned.text.split()) <= set(normalise_page(page).split())


@NO_CLOCK
@given(st.lists(LINES, max_size=30), st.one_of(st.none(), st.text()))
def test_paragraph_clean_up_takes_any_paragraphs(paragraphs: list[str], title: str | None) -> None:
    cleaned = clean_paragraphs(paragraphs, title=title)
    assert isinstance(cleaned.text, str) and cleaned.title == title


# --- the near-duplicate sketch -------------------------------------------------------------


@NO_CLOCK
@given(st.text())
def test_the_sketch_takes_any_text_and_survives_storage(text: str) -> None:
    sketch = minhash(text)
    assert sketch.jaccard(minhash(text)) == 1.0
    assert sketch_from_bytes(signature_bytes(sketch)).jaccard(sketch) == 1.0
    assert shingles(" ".join(text.split())) == shingles(text)


@settings(NO_CLOCK, max_examples=60)
@given(texts=st.lists(st.text(min_size=1), min_size=1, max_size=5))
def test_the_deduplicator_takes_any_article_text(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        state = CrawlState.open(Path(folder) / "state.sqlite3", retention_s=3600)
        try:
            dedup = Deduplicator(state, 0.7)
            for number, text in enumerate(texts):
                if not text.strip():
                    continue
                url = f"https://e.com/{number}"
                article = build_raw_article(text, input_kind="text", url=url)
                sketch = minhash(article.text)
                if dedup.duplicate_kind(article, sketch) is None:
                    dedup.claim(article, sketch)
                    assert dedup.duplicate_kind(article, sketch) == "url"
        finally:
            state.close()
