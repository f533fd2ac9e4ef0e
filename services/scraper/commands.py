"""`newsstream extract`: pages to clean-article JSON lines, no Kafka."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import orjson

from newsstream.scraper.extraction import extract_article
from newsstream.scraper.sources import read_file


def run_extract(files: Sequence[str], *, url: str | None, max_file_bytes: int) -> int:
    """One JSON line per file, in order; a file that fails is reported and makes the exit 1."""
    if url is not None and len(files) != 1:
        print("newsstream extract: --url applies to a single file", file=sys.stderr)
        return 2
    failed = 0
    for name in files:
        try:
            article = extract_article(read_file(Path(name), max_bytes=max_file_bytes), url=url)
        except ValueError as exc:  # UnreadableFileError, or no article in the page
            failed += 1
            print(f"error: {name}: {exc}", file=sys.stderr)
            continue
        sys.stdout.buffer.write(orjson.dumps(article) + b"\n")
        sys.stdout.flush()
    return 1 if failed else 0
