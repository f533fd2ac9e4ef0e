"""`newsstream tail`'s readable views of enriched records: events and quotations."""

from __future__ import annotations

from typing import Any

import msgspec

from newsstream.merger.merging import MergePolicy, add_mention, merge_key, to_mention
from newsstream.merger.records import mention_record, merged_record
from newsstream.tail.formatting import (
    MAX_QUOTATION_CHARS,
    MAX_QUOTATIONS_SHOWN,
    format_enriched,
    format_message,
    format_quotation,
)

from support import SENTENCE, meeting_event


def quotation(text: str, speaker: dict[str, Any] | None) -> dict[str, Any]:
    return {"text": text, "start": 1, "end": 1 + len(text), "speaker": speaker, "cue": None}


def record(quotations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "title": "Leaders meet",
        "source": "Bloomberg",
        "authors": [],
        "published": None,
        "url": None,
        "id": "a" * 32,
        "entities": [],
        "events": [],
        "quotations": quotations,
    }


def test_a_quotation_shows_its_speaker_by_entity_name_else_as_written() -> None:
    named = {"text": "he", "start": 0, "end": 2, "name": "Vladimir Putin"}
    assert format_quotation(quotation("We will win.", named)) == "«We will win.» — Vladimir Putin"
    unnamed = {**named, "text": "the statement", "name": None}
    assert format_quotation(quotation("Peace now.", unnamed)) == "«Peace now.» — the statement"
    assert format_quotation(quotation("Peace now.", None)) == "«Peace now.» — unattributed"


def test_long_quotations_are_cut_and_few_are_shown() -> None:
    long_text = "word " * 60
    shown = format_quotation(quotation(long_text, None))
    assert shown.startswith("«word") and len(shown.split("»")[0]) == MAX_QUOTATION_CHARS + 1
    lines = format_enriched(record([quotation(f"Quote number {i}.", None) for i in range(5)]))
    assert lines.count("  quote: ") == MAX_QUOTATIONS_SHOWN


def test_records_without_quotations_still_show() -> None:
    old = record([])
    del old["quotations"]
    assert "quote:" not in format_enriched(old)


def test_merged_events_and_mentions_have_their_own_views() -> None:
    event = meeting_event("https://www.example.com/meeting")
    mention = to_mention(event, timestamp=1_741_600_000.0)
    policy = MergePolicy(horizon_s=86_400, day_tolerance=1, lead_chars=300)
    merged = add_mention([], mention, merge_key(event), mention.time, policy).event
    assert merged is not None
    assert format_message(msgspec.to_builtins(merged_record(merged))) == (
        f"⊕ 2025-03-10 CAMEO 040: DEUGOV -> FRAGOV @ Paris: 1 articles, 1 sources, "
        f"1 mentions [{merged.id}]"
    )
    assert format_message(msgspec.to_builtins(mention_record(merged, mention))) == (
        f"· 2025-03-10T09:00:00Z example.com mentions {merged.id}: «{SENTENCE}»"
    )
