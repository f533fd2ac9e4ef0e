"""The shipped dictionaries' lines, with the listed corrections (``data/cameo/errata.yaml``).

The dictionary files ship unchanged; a handful of their lines cannot be parsed by the format
they document, and a few actor names are common nouns ('+YOUTH_' as a name of a Basque armed
group) that would code every such noun as that actor. Each correction names the line as
published, so an erratum that no longer matches its file fails the load instead of silently
editing another line.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

import yaml

from newsstream.enricher.cameo.errors import DictionaryError

ERRATA_FILE = "errata.yaml"


def dictionary_path(file_name: str) -> Traversable:
    return resources.files("newsstream.enricher").joinpath("data", "cameo", file_name)


@cache
def _errata() -> dict[str, dict[int, tuple[str, str | None]]]:
    entries = yaml.safe_load(dictionary_path(ERRATA_FILE).read_text("utf-8"))
    errata: dict[str, dict[int, tuple[str, str | None]]] = {}
    for entry in entries:
        errata.setdefault(entry["file"], {})[entry["line"]] = (
            entry["original"],
            entry["corrected"],
        )
    return errata


def corrected_lines(file_name: str) -> list[str]:
    """The lines of a shipped dictionary with its errata applied (a dropped line reads empty);
    bytes that are not UTF-8 fail at their line."""
    lines = decoded_lines(file_name, dictionary_path(file_name).read_bytes())
    for number, (original, corrected) in _errata().get(file_name, {}).items():
        if number > len(lines) or lines[number - 1] != original:
            raise DictionaryError(
                ERRATA_FILE, number, f"erratum for {file_name} no longer matches", original
            )
        lines[number - 1] = corrected or ""
    return lines


def decoded_lines(file_name: str, data: bytes) -> list[str]:
    """A dictionary file's lines; bytes that are not UTF-8 fail at their line."""
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        line_number = data.count(b"\n", 0, error.start) + 1
        line = data.splitlines()[line_number - 1].decode("utf-8", "replace")
        raise DictionaryError(file_name, line_number, "not UTF-8", line) from error
