"""The sources file: what the scraper reads, how often, and with which tags.

YAML (``.yaml``/``.yml``) or TOML (``.toml``)::

    defaults:                 # optional; apply to every source
      interval: 600           # seconds between two polls with --follow
      tags: {language: en}
    sources:
      - name: world           # optional; the metric label and log name (default: the location)
        feed: https://example.com/world/rss.xml
        interval: 120
        tags: {region: world, outlet: Example News}
      - sitemap: https://example.com/news-sitemap.xml   # sitemap or sitemap index
      - url: https://example.com/2024/05/01/story.html  # one page (or a feed, sniffed)
      - url_list: reading-list.txt                      # one URL per line, '#' comments
      - folder: saved-pages/                            # .html/.txt/.jsonl/.xml files, .gz too
      - jsonl: articles.jsonl                           # one article per line
      - file: page.html                                 # one local page or feed file

Relative paths are relative to the sources file. Tags travel with every article of the
source (a ``language`` tag also serves as the declared language of pages that declare none).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsstream.ingestion.fetch import is_http_url
from newsstream.ingestion.sources import STDIN, file_kind

SourceKind = Literal["feed", "sitemap", "url", "url_list", "folder", "jsonl", "file"]
SOURCE_KINDS: tuple[SourceKind, ...] = (
    "feed",
    "sitemap",
    "url",
    "url_list",
    "folder",
    "jsonl",
    "file",
)
LOCAL_KINDS = frozenset({"url_list", "folder", "jsonl", "file"})


class SourcesFileError(ValueError):
    """A sources file that cannot be read or does not follow the format."""


class Source(BaseModel):
    """One thing to poll."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: SourceKind
    location: str  # an http(s) URL, or a local path
    interval_s: float = Field(gt=0)
    tags: dict[str, str] = Field(default_factory=dict)
    page_url: str | None = None  # where a single local page file was saved from


class _Defaults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    interval: float | None = Field(None, gt=0)
    tags: dict[str, str] = Field(default_factory=dict)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    interval: float | None = Field(None, gt=0)
    tags: dict[str, str] = Field(default_factory=dict)
    feed: str | None = None
    sitemap: str | None = None
    url: str | None = None
    url_list: str | None = None
    folder: str | None = None
    jsonl: str | None = None
    file: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> _Entry:
        given = [kind for kind in SOURCE_KINDS if getattr(self, kind) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(SOURCE_KINDS)} (got {given})")
        kind = given[0]
        if kind in ("feed", "sitemap", "url") and not is_http_url(getattr(self, kind)):
            raise ValueError(f"{kind}: not an http(s) URL")
        return self

    @property
    def kind(self) -> SourceKind:
        return next(kind for kind in SOURCE_KINDS if getattr(self, kind) is not None)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    defaults: _Defaults = Field(default_factory=_Defaults)
    sources: list[_Entry] = Field(min_length=1)


def load_sources(path: Path, *, default_interval_s: float) -> list[Source]:
    """The sources of a YAML or TOML sources file; SourcesFileError when it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesFileError(f"cannot read {path}: {exc}") from None
    try:
        raw = tomllib.loads(text) if path.suffix.lower() == ".toml" else yaml.safe_load(text)
        parsed = _File.model_validate(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise SourcesFileError(f"{path}: not valid YAML/TOML: {exc}") from None
    except ValidationError as exc:
        raise SourcesFileError(f"{path}: {_first_problem(exc)}") from None
    interval = parsed.defaults.interval or default_interval_s
    sources = [_source(entry, parsed.defaults, interval, path.parent) for entry in parsed.sources]
    names = [source.name for source in sources]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise SourcesFileError(f"{path}: source names must be unique: {duplicates}")
    return sources


def _source(entry: _Entry, defaults: _Defaults, interval_s: float, base: Path) -> Source:
    kind = entry.kind
    location: str = getattr(entry, kind)
    if kind in LOCAL_KINDS:
        location = str(base / location)
    return Source(
        name=entry.name or location,
        kind=kind,
        location=location,
        interval_s=entry.interval or interval_s,
        tags={**defaults.tags, **entry.tags},
    )


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"])
    return f"{where}: {problem['msg']}" if where else problem["msg"]


class ArgumentError(ValueError):
    """Command-line sources that do not go together."""


def sources_from_arguments(
    arguments: Sequence[str], *, page_url: str | None, interval_s: float
) -> list[Source]:
    """The command line's SOURCE arguments as sources: http(s) URLs are pages, feeds or
    sitemaps (sniffed), folders are walked, '-' is JSON Lines on stdin, files are read by their
    extension. ``page_url`` (where a page file was saved from) names one article's address, so
    it goes with a single local page file only (ArgumentError otherwise)."""
    if page_url is not None and not _is_one_page_file(arguments):
        raise ArgumentError("--url applies to a single local page file")
    return [
        Source(
            name=argument,
            kind=_argument_kind(argument),
            location=argument,
            interval_s=interval_s,
            page_url=page_url,
        )
        for argument in arguments
    ]


def _argument_kind(argument: str) -> SourceKind:
    if is_http_url(argument):
        return "url"
    if argument == STDIN:
        return "jsonl"
    if Path(argument).is_dir():
        return "folder"
    return "file"


def _is_one_page_file(arguments: Sequence[str]) -> bool:
    return (
        len(arguments) == 1
        and not is_http_url(arguments[0])
        and file_kind(Path(arguments[0])) in ("html", "text")
    )
