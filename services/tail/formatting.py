"""Readable one-screen views of enriched articles, events, merged events, mentions and dead
letters."""

from __future__ import annotations

from typing import Any

MAX_ENTITIES_SHOWN = 12
MAX_QUOTATIONS_SHOWN = 3
MAX_QUOTATION_CHARS = 100


def describe_participant(participant: dict[str, Any] | None) -> str:
    if participant is None:
        return "-"
    code = f" [{participant['country_code']}]" if participant.get("country_code") else ""
    return f"{participant['name']}{code}"


def format_event(event: dict[str, Any]) -> str:
    flags = "" if event["modality"] == "asserted" else f" ({event['modality']})"
    where = f" @ {event['location']['name']}" if event.get("location") else ""
    when = f" on {event['date']}" if event.get("date") else ""
    return (
        f"CAMEO {event['cameo_code']} {event['event_type']}{flags}: "
        f"{describe_participant(event['actor'])} -> {describe_participant(event['target'])}"
        f"{where}{when}  «{event['trigger']['text']}»"
    )


def format_quotation(quotation: dict[str, Any]) -> str:
    text = quotation["text"]
    if len(text) > MAX_QUOTATION_CHARS:
        text = text[: MAX_QUOTATION_CHARS - 1].rstrip() + "…"
    speaker = quotation["speaker"]
    who = (speaker["name"] or speaker["text"]) if speaker else "unattributed"
    return f"«{text}» — {who}"


def format_enriched(record: dict[str, Any]) -> str:
    byline = ", ".join(record["authors"]) or "-"
    entities = ", ".join(
        f"{entity['name']} ({entity['label']}, {entity['mention_count']}x)"
        for entity in record["entities"][:MAX_ENTITIES_SHOWN]
    )
    lines = [
        f"■ {record['title'] or '(untitled)'}",
        f"  {record['source'] or '-'} | by {byline} | {record['published'] or 'date unknown'}"
        f" | {record['url'] or record['id']}",
        f"  entities: {entities or '-'}",
    ]
    lines += [f"  event: {format_event(event)}" for event in record["events"]]
    quotations = record.get("quotations", [])
    lines += [f"  quote: {format_quotation(q)}" for q in quotations[:MAX_QUOTATIONS_SHOWN]]
    return "\n".join(lines)


def format_dead_letter(letter: dict[str, Any]) -> str:
    return (
        f"✗ {letter['service']}/{letter['stage']}/{letter['reason']}: {letter['error']} "
        f"({letter['source_topic']}[{letter['source_partition']}]@{letter['source_offset']}, "
        f"{letter['payload_bytes']} bytes)"
    )


def format_merged_event(event: dict[str, Any]) -> str:
    where = f" @ {event['geo']['name']}" if event.get("geo") else ""
    return (
        f"⊕ {event['day']} CAMEO {event['event_code']}: {event['actor']['code']} -> "
        f"{event['target']['code']}{where}: {event['num_articles']} articles, "
        f"{event['num_sources']} sources, {event['num_mentions']} mentions [{event['id']}]"
    )


def format_mention(mention: dict[str, Any]) -> str:
    return (
        f"· {mention['mention_time']} {mention['outlet'] or mention['article_id']} mentions "
        f"{mention['event_id']}: «{mention['sentence']['text']}»"
    )


def format_message(message: dict[str, Any]) -> str:
    """Pick the view by the message's shape, so one command tails any of the topics."""
    if "entities" in message:
        return format_enriched(message)
    if "cameo_code" in message:
        return format_event(message)
    if "num_articles" in message:
        return format_merged_event(message)
    if "mention_time" in message:
        return format_mention(message)
    if "stage" in message and "payload" in message:
        return format_dead_letter(message)
    return f"■ {message.get('title') or '(untitled)'} [{message.get('id')}]"
