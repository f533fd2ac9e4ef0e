"""Building raw-article messages: stable ids, content hashes and canonical URLs."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec

from newsstream.common.records import InputKind, RawArticle
from newsstream.common.schemas import SCHEMA_VERSION, Contract, validate

TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize_url(url: str) -> str:
    """Normalise an address so that variants of one page compare equal.

    Lower-cases scheme and host, drops default ports, fragments and tracking parameters
    (``utm_*``, click ids), and sorts the remaining query parameters. An address that cannot
    be parsed (broken brackets) comes back as given.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking_parameter(name)
    )
    netloc = _canonical_netloc(parts, scheme)
    path = parts.path or "/"
    if not netloc and path.startswith("//"):  # else it would read as a host the next time
        path = "/" + path.lstrip("/")
    # Stripped again: what follows the path may have hidden trailing white space.
    return urlunsplit((scheme, netloc, path, urlencode(query), "")).strip()


def _canonical_netloc(parts: SplitResult, scheme: str) -> str:
    """Host in lower case (an IPv6 address in brackets) and the port unless it is the
    scheme's default; a netloc whose port is not a number stays as it is, in lower case."""
    try:
        port = parts.port
    except ValueError:
        return parts.netloc.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}" if port and port != DEFAULT_PORTS.get(scheme) else host


def _is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMETERS


def content_hash(text: str) -> str:
    normalised = " ".join(text.split()).lower()  # runs of white space as one space
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def article_id(canonical_url: str | None, text_hash: str) -> str:
    basis = canonical_url if canonical_url else f"content:{text_hash}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_raw_article(
    text: str,
    *,
    input_kind: InputKind,
    url: str | None = None,
    canonical_url: str | None = None,
    title: str | None = None,
    authors: list[str] | None = None,
    source: str | None = None,
    published: str | None = None,
    language: str | None = None,
    tags: Mapping[str, str] | None = None,
    fetched_at: str | None = None,
) -> RawArticle:
    """Assemble a raw-article message.

    ``canonical_url`` defaults to the canonical form of ``url``; the id derives from it, or
    from the content when there is no address at all.
    """
    if canonical_url is None and url:
        canonical_url = canonicalize_url(url)
    text_hash = content_hash(text)
    return RawArticle(
        schema_version=SCHEMA_VERSION,
        id=article_id(canonical_url, text_hash),
        url=url,
        canonical_url=canonical_url,
        title=title,
        text=text,
        authors=list(authors or []),
        source=source,
        published=published,
        language=language,
        content_hash=text_hash,
        fetched_at=fetched_at or utc_now_iso(),
        input_kind=input_kind,
        tags=dict(tags or {}),
    )


def build_raw_article(text: str, **fields: Any) -> RawArticle:
    """The raw article of new_raw_article, checked against its contract."""
    return checked_raw_article(new_raw_article(text, **fields))


def checked_raw_article(article: RawArticle) -> RawArticle:
    """``article``, or ContractViolation when the scraper may not publish it (building a Struct
    does not check its constraints)."""
    validate(Contract.RAW_ARTICLE, msgspec.to_builtins(article))
    return article
