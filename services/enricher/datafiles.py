"""The enricher's data files (``newsstream.enricher.data``, installed as package data)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources


def data_text(file_name: str) -> str:
    return resources.files("newsstream.enricher").joinpath("data", file_name).read_text("utf-8")


def tsv_rows(file_name: str, header: bool = True) -> Iterator[list[str]]:
    """Tab-separated rows of a data file, without comment lines and, if it has one, the header."""
    text = data_text(file_name)
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    if header:
        next(lines)
    for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield [cell.strip() for cell in row]
