"""Building raw-article messages: stable ids, content hashes and canonical URLs."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsstream.common.schemas import Contract, validate

SCHEMA_VERSION = "1.0"
InputKind = Literal["html", "text", "json"]

TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}
_WHITESPACE = re.compile(r"\s+")


def canonicalize_url(url: str) -> str:
    """Normalise an address so that variants of one page compare equal.

    Lower-cases scheme and host, drops default ports, fragments and tracking parameters
    (``utm_*``, click ids), and sorts the remaining query parameters.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking_parameter(name)
    )
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def _is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMETERS


def content_hash(text: str) -> str:
    normalised = _WHITESPACE.sub(" ", text).strip().lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def article_id(canonical_url: str | None, text_hash: str) -> str:
    basis = canonical_url if canonical_url else f"content:{text_hash}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def build_raw_article(
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
) -> dict[str, Any]:
    """Assemble a raw-article message and check it against its contract.

    ``canonical_url`` defaults to the canonical form of ``url``; the id derives from it, or
    from the content when there is no address at all.
    """
    if canonical_url is None and url:
        canonical_url = canonicalize_url(url)
    text_hash = content_hash(text)
    article = {
        "schema_version": SCHEMA_VERSION,
        "id": article_id(canonical_url, text_hash),
        "url": url,
        "canonical_url": canonical_url,
        "title": title,
        "text": text,
        "authors": list(authors or []),
        "source": source,
        "published": published,
        "language": language,
        "content_hash": text_hash,
        "fetched_at": fetched_at or utc_now_iso(),
        "input_kind": input_kind,
        "tags": dict(tags or {}),
    }
    validate(Contract.RAW_ARTICLE, article)
    return article
