"""Recognising articles that were already published in this run."""

from __future__ import annotations

from typing import Any, Literal

DuplicateKind = Literal["id", "content"]


class SeenArticles:
    """Remembers article ids and content hashes; the same story under two addresses is one."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._hashes: set[str] = set()

    def duplicate_kind(self, article: dict[str, Any]) -> DuplicateKind | None:
        if article["id"] in self._ids:
            return "id"
        if article["content_hash"] in self._hashes:
            return "content"
        return None

    def remember(self, article: dict[str, Any]) -> None:
        self._ids.add(article["id"])
        self._hashes.add(article["content_hash"])
