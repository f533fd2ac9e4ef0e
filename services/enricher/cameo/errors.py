"""The one error a dictionary reader raises: where the malformed line is, and what is wrong."""

from __future__ import annotations


class DictionaryError(ValueError):
    """A malformed dictionary line; the load fails, nothing is skipped silently."""

    def __init__(self, file_name: str, line_number: int, reason: str, line: str) -> None:
        super().__init__(f"{file_name}:{line_number}: {reason}: {line.strip()!r}")
        self.file_name = file_name
        self.line_number = line_number
        self.reason = reason
