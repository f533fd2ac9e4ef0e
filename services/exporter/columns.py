"""GDELT 2.0 rows from newsstream's records: the Events file's 61 columns from a merged event,
the Mentions file's 16 from a mention, as plain functions (the GDELT Event Codebook V2.0 names
and order; what each column holds and what stays empty: docs/export.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from newsstream.common.records import EventMention, Geo, MergedActor, MergedEvent

ACTOR_COLUMNS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GEO_COLUMNS = (
    "Type",
    "Fullname",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{column}" for column in ACTOR_COLUMNS),
    *(f"Actor2{column}" for column in ACTOR_COLUMNS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"{place}Geo_{column}" for place in ("Actor1", "Actor2", "Action") for column in GEO_COLUMNS),
    "DATEADDED",
    "SOURCEURL",
)
MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)

# CAMEO writes a party without a country as "---" followed by its roles; GDELT drops the dashes
# ("GOV") and leaves the code of a party it could not code empty.
NO_COUNTRY = "---"
# GDELT's MentionType: 1 the open web (MentionIdentifier is the URL), 2 a citation only.
WEB, CITATION_ONLY = 1, 2
# GDELT writes -1 where it did not find the party in the text, and 0 for an unknown geo type.
NOT_FOUND = -1
NO_GEO_TYPE = 0
ROLE_COLUMNS = 3
Row = list[str]


def global_event_id(merged_id: str) -> int:
    """GDELT's integer GlobalEventID: the first 63 bits of the merged event's id (itself the
    start of a SHA-256 digest), so it is positive in a signed 64-bit column and the same in
    every export."""
    return int(merged_id[:16], 16) >> 1


def gdelt_stamp(seconds: int) -> str:
    """YYYYMMDDHHMMSS in UTC, GDELT's DATEADDED and file-name stamp."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y%m%d%H%M%S")


def fraction_date(day: date) -> str:
    """GDELT's FractionDate: the year plus (month * 30 + day) / 365, to four places, as the
    codebook computes it (an approximation it documents as such)."""
    return f"{day.year + (day.month * 30 + day.day) / 365:.4f}"


def event_row(event: MergedEvent, date_added: str) -> Row:
    """The Events file's 61 columns of a merged event; ``date_added`` is the stamp of its
    interval."""
    day = date.fromisoformat(event.day)
    return [
        str(global_event_id(event.id)),
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        str(day.year),
        fraction_date(day),
        *actor_columns(event.actor),
        *actor_columns(event.target),
        flag(event.is_root_event),
        event.event_code,
        event.event_base_code,
        event.event_root_code,
        str(event.quad_class),
        number(event.goldstein),
        str(event.num_mentions),
        str(event.num_sources),
        str(event.num_articles),
        "",  # AvgTone: newsstream measures no tone yet
        *geo_columns(None),
        *geo_columns(None),
        *geo_columns(event.geo),
        date_added,
        text(event.source_url),
    ]


def actor_columns(party: MergedActor) -> Row:
    code = party.code.removeprefix(NO_COUNTRY)
    roles = (party.roles + [""] * ROLE_COLUMNS)[:ROLE_COLUMNS]
    return [
        code,
        text(party.name).upper() if code else "",
        text(party.country_code),
        text(party.known_group),
        "",  # EthnicCode
        "",  # Religion1Code
        "",  # Religion2Code
        *roles,
    ]


def geo_columns(geo: Geo | None) -> Row:
    """The eight Geo columns; newsstream places the action only, so the actors' stay empty.
    The country is ISO 3166-1 alpha-3 where GDELT gives FIPS 10-4, the feature a GeoNames id
    where GDELT gives a GNS one; no ADM codes."""
    if geo is None:
        return [str(NO_GEO_TYPE), *[""] * (len(GEO_COLUMNS) - 1)]
    return [
        str(NO_GEO_TYPE if geo.type is None else geo.type),
        text(geo.name),
        text(geo.country_code),
        "",  # ADM1Code
        "",  # ADM2Code
        optional_number(geo.latitude),
        optional_number(geo.longitude),
        "" if geo.geonames_id is None else str(geo.geonames_id),
    ]


def mention_row(mention: EventMention, event_time: str, mention_time: str) -> Row:
    """The Mentions file's 16 columns of a mention; the two times are the stamps of the
    intervals of its event's first mention and of its own."""
    return [
        str(global_event_id(mention.event_id)),
        event_time,
        mention_time,
        str(WEB if mention.article_url else CITATION_ONLY),
        text(mention.outlet),
        text(mention.article_url or mention.article_id),
        str(mention.sentence_number),
        offset(mention.actor_offset),
        offset(mention.target_offset),
        str(mention.action_offset),
        "1",  # InRawText: the coder reads the article's own text, nothing rewritten
        str(round(mention.confidence * 100)),
        "",  # MentionDocLen: the mention record does not carry the article's length
        "",  # MentionDocTone
        "",  # MentionDocTranslationInfo: English, untranslated
        "",  # Extras
    ]


def offset(value: int | None) -> str:
    return str(NOT_FOUND if value is None else value)


def flag(value: bool) -> str:
    return "1" if value else "0"


def number(value: float) -> str:
    return f"{value:g}"


def optional_number(value: float | None) -> str:
    return "" if value is None else repr(value)


def text(value: str | None) -> str:
    """A field as one cell: tabs and line breaks would split the row or the file."""
    if value is None:
        return ""
    return " ".join(value.replace("\t", " ").splitlines())
