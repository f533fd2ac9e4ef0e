"""The merger's published records: the merged event (GDELT's Events columns) and one mention
(GDELT's Mentions columns), built from an open event's tallies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

from newsstream.common.records import (
    EventMention,
    Geo,
    Location,
    MergedActor,
    MergedEvent,
    Participant,
    Span,
)
from newsstream.common.schemas import SCHEMA_VERSION
from newsstream.enricher.datafiles import tsv_rows
from newsstream.merger.merging import Mention, majority_code, majority_day
from newsstream.merger.state import OpenEvent

# GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
US = "USA"
GEO_TYPES = {"country": (1, 1), "region": (2, 5), "city": (3, 4)}


def merged_record(event: OpenEvent) -> MergedEvent:
    code = majority_code(event)
    mentioned = len(event.mention_ids)
    return MergedEvent(
        schema_version=SCHEMA_VERSION,
        id=event.id,
        day=date.fromordinal(majority_day(event)).isoformat(),
        actor=merged_actor(event.actor),
        target=merged_actor(event.target),
        is_root_event=event.root_event,
        event_code=code,
        event_base_code=code[:3],
        event_root_code=code[:2],
        quad_class=event.quad_class,
        goldstein=goldstein_scale()[code],
        num_mentions=event.num_mentions,
        num_sources=len(event.sources),
        num_articles=len(event.articles),
        avg_confidence=round(event.confidence_sum / mentioned, 4),
        geo=geo(event.location),
        date_added=iso_time(event.date_added),
        source_url=event.source_url,
    )


@cache
def goldstein_scale() -> dict[str, float]:
    """The Goldstein value of each CAMEO code, from the enricher's code table: a merged event's
    code may be the converse of the ones its mentions gave."""
    return {code: float(goldstein) for code, _, goldstein, _ in tsv_rows("cameo_codes.tsv")}


def merged_actor(party: Participant) -> MergedActor:
    return MergedActor(
        code=party.code,
        name=party.name,
        country_code=party.country_code,
        roles=party.roles,
        known_group=party.known_group,
    )


def geo(location: Location | None) -> Geo | None:
    if location is None:
        return None
    types = GEO_TYPES.get(location.precision)
    geo_type = None if types is None else types[0 if location.country_code == US else 1]
    return Geo(
        type=geo_type,
        name=location.name,
        country_code=location.country_code,
        latitude=location.latitude,
        longitude=location.longitude,
        geonames_id=location.geonames_id,
    )


def mention_record(event: OpenEvent, mention: Mention) -> EventMention:
    coded = mention.event
    return EventMention(
        schema_version=SCHEMA_VERSION,
        id=coded.id,
        event_id=event.id,
        event_time=iso_time(event.date_added),
        mention_time=iso_time(mention.time),
        outlet=mention.outlet,
        article_id=coded.article_id,
        article_url=coded.article_url,
        sentence=coded.sentence,
        sentence_number=coded.sentence_number,
        actor_offset=party_offset(coded.actor, coded.sentence),
        target_offset=party_offset(coded.target, coded.sentence),
        action_offset=coded.trigger.start,
        confidence=coded.confidence,
    )


def party_offset(party: Participant, sentence: Span) -> int | None:
    """Where the sentence names the party (its name, else the name's last word), as an offset
    into the article's text; None when it names it otherwise ('Paris' for France)."""
    for needle in dict.fromkeys((party.name, party.name.rsplit(" ", 1)[-1])):
        found = sentence.text.find(needle) if needle else -1
        if found >= 0:
            return sentence.start + found
    return None


def iso_time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
