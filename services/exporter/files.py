"""GDELT's files: a tab-separated ``.CSV`` without header in a zip of the same name plus
``.zip``, ``lastupdate.txt`` with one ``size md5 url`` line per file of the latest update, and
``masterfilelist.txt`` with such a line for every file written.

Each file is written under a temporary name and renamed, so a reader never sees half of one;
the two lists are replaced only after both zips of their update are in place. A zip's entry
carries its interval's time, not the time of writing, so the same records give the same bytes
and MD5 in every export.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LAST_UPDATE = "lastupdate.txt"
MASTER_FILE_LIST = "masterfilelist.txt"
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can hold


@dataclass(frozen=True)
class ListedFile:
    """One line of lastupdate.txt and masterfilelist.txt."""

    size: int
    md5: str
    name: str

    def line(self, base_url: str) -> str:
        return f"{self.size} {self.md5} {base_url}{self.name}\n"


def tab_separated(rows: Iterable[Sequence[str]]) -> bytes:
    return "".join("\t".join(row) + "\n" for row in rows).encode("utf-8")


def write_zip(folder: Path, csv_name: str, content: bytes, stamp: datetime) -> ListedFile:
    """``csv_name``.zip holding ``csv_name``, deflated."""
    entry = zipfile.ZipInfo(csv_name, date_time=zip_time(stamp))
    entry.compress_type = zipfile.ZIP_DEFLATED
    name = f"{csv_name}.zip"
    temporary = folder / f".{name}.tmp"
    with zipfile.ZipFile(temporary, "w") as archive:
        archive.writestr(entry, content)
    data = temporary.read_bytes()
    os.replace(temporary, folder / name)
    return ListedFile(len(data), hashlib.md5(data, usedforsecurity=False).hexdigest(), name)


def zip_time(stamp: datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(stamp, ZIP_EPOCH)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def announce(folder: Path, pair: Sequence[ListedFile], base_url: str) -> None:
    """List a pair written: in masterfilelist.txt, then as the latest in lastupdate.txt."""
    add_to_master_list(folder, pair, base_url)
    write_last_update(folder, pair, base_url)


def write_last_update(folder: Path, files: Sequence[ListedFile], base_url: str) -> None:
    replace_file(folder / LAST_UPDATE, "".join(listed.line(base_url) for listed in files))


def add_to_master_list(folder: Path, files: Sequence[ListedFile], base_url: str) -> None:
    """masterfilelist.txt: one line per file ever written, in the order of their names (the
    interval's stamp, then export before mentions, as GDELT lists them); a file written again
    (a second export into the folder) replaces its line."""
    path = folder / MASTER_FILE_LIST
    lines: dict[str, str] = {}
    if path.exists():
        lines = {listed_name(line): f"{line}\n" for line in path.read_text("utf-8").splitlines()}
    lines |= {listed.name: listed.line(base_url) for listed in files}
    replace_file(path, "".join(lines[name] for name in sorted(lines)))


def listed_name(line: str) -> str:
    """The file name at the end of a list line's url."""
    return line.rsplit(" ", 1)[-1].rsplit("/", 1)[-1]


def replace_file(path: Path, text: str) -> None:
    """Write ``path`` under a temporary name and rename it: a reader sees the old or the new."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)
