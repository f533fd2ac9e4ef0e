"""The entities of one article: spaCy's spans cleaned and merged under canonical names.

Record policy (the ``entity`` definition of enriched_article.schema.json):

- Kept labels are the named-entity types (PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT,
  WORK_OF_ART, LAW, LANGUAGE). DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL and CARDINAL are
  values, not entities, and are left out (the event coder reads dates from the doc itself).
- Spans are cut at line breaks (a byline 'Ilya Arkhipov\\nUpdated' keeps its first line), and
  leading determiners, trailing possessives, punctuation and common words are stripped ('the
  Likud party' -> 'Likud'). Person mentions lose leading titles ('President Vladimir Putin');
  a span after a person title or apposition noun ('spokesman Hadi Tjahjanto', 'President-elect
  Rodrigo Chaves') or starting with an honorific ('Dr Mitchell') is a person whatever the NER
  said. Hashtags, spans without a capital letter and lone titles ('President') are dropped; a
  title word is kept as the surname of a full name ('King' of 'Martin Luther King Jr.').
- A meeting named after an organisation ('APEC Summit', data/gatherings.tsv) is an EVENT entity,
  and the organisation's name in it a mention of the organisation.
- The place of a wire dateline ('MOSCOW (Reuters) -') is a GPE mention ('Moscow'); the event
  coder takes it as the place of events without one, never as a participant.
- Name variants are merged: gazetteer names under the gazetteer's canonical name ('US', 'U.S.' ->
  'United States'; 'Asia-Pacific Economic Cooperation' -> 'APEC', the preferred name); a
  person's surname or shorter name under the fullest name used ('Putin' -> 'Vladimir Putin',
  'Assad' -> 'Bashar el-Assad', 'Yoon Suk' -> 'Yoon Suk Yeol'), whatever label the NER gave the
  short mention, the article's first such person keeping a shared surname, and 'Jr.' keeping
  'Donald Trump Jr.' apart; an acronym under the name whose initials it spells, also without a
  leading country ('DEA'); the singular, plural and adjective of a group ('Democrat',
  'Democrats', 'Democratic'); an organisation with its country as demonym or 'of' phrase
  ('Turkish Constitutional Court', 'Constitutional Court of Turkey') and a later shortened form
  ('Pew Research' after 'Pew Research Center').
- Salience is an entity's share of the article's attention: each mention weighs 1, or 2 in the
  lead, and an entity named in the title gets 3 more; the shares of all entities add up to 1.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from newsstream.common.records import Entity
from newsstream.common.records import Span as TextSpan
from newsstream.enricher.gazetteer import Gazetteer, KnownName, Place, is_acronym, normalise_name

KEPT_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
COUNTRY_KINDS = frozenset({"country", "demonym"})
# what the NER takes 'the North' of a divided land for
HALF_LABELS = frozenset({"LOC", "GPE", "NORP"})
DATE_LABELS = frozenset({"DATE", "TIME"})
# the labels of places: where an act happens, never a body acting
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# the prepositions that place something in a town or region the NER took for a people, a
# person or an organisation; a person is also spoken 'to' and heard 'from', and one works 'at'
# or 'with' an organisation, so fewer for them
MISREAD_TOWN_PREPS = {
    "NORP": frozenset({"in", "at", "near", "outside", "around", "across", "from", "to", "into"}),
    "PERSON": frozenset({"in", "near", "outside", "around"}),
    "ORG": frozenset({"in", "across", "throughout"}),
}
# where a verb of troops' movement takes them: 'withdrew from Kherson', 'advanced into Kursk'
MOVEMENT_PREPS = frozenset({"from", "to", "into"})
# the kinds of place a misread name may be: a town, or a state, province or region
MISREAD_PLACE_PRECISIONS = frozenset({"city", "region"})
POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
# hyphenated prefixes of Arabic surnames: 'Assad' names 'Bashar el-Assad'
SURNAME_PREFIXES = ("al-", "el-", "ul-", "ad-", "as-", "ash-", "at-", "az-", "bin-", "ibn-", "abu-")
NAME_PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "abu",
        "de",
        "da",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "del",
        "la",
        "le",
    }
)
DATELINE_PARAGRAPHS = 3
_CAPS_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\u2019\- ]*[A-Z.])"  # MOSCOW, VATICAN CITY, ST. LOUIS
    r"(?:,\s*(?P<qualifier>[A-Z][A-Za-z0-9.'\- ]*?))?"  # , Vietnam  /  , Aug. 20
    r"(?:/[A-Z][A-Z.'\- ]*[A-Z])?"  # /JAKARTA
    r"\s*(?:\([^()\n]{2,40}\)\s*)?"  # (Reuters)
    r"(?:[-\u2013\u2014]+|:)"
)
_AGENCY_DATELINE = re.compile(
    r"(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"  # Washington
    r"(?:,\s*(?P<qualifier>[A-Z][A-Za-z.'\- ]*?))?"
    r"\s*\([A-Z][^()\n]{1,40}\)"  # (CNN)
)
# what may stand between a title and the name: 'President-elect', 'Minister-designate'
TITLE_QUALIFIERS = frozenset({"-", "elect", "designate", "nominee"})
GENERATIONAL_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
LEAD_MIN_CHARS = 150
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
TITLE_WEIGHT = 3.0
_NON_WORD = re.compile(r"\W+")


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An article entity as the event coder sees it."""

    id: str
    name: str
    label: str
    country_code: str | None
    # the entity's country where the text shows it: its own code, or the country or demonym
    # in front of a person or organisation ('Russian President Vladimir Putin' -> RUS)
    actor_country: str | None
    first_start: int


@dataclass(slots=True)
class ArticleEntities:
    text: str
    records: list[Entity]
    by_token: dict[int, EntityRef]
    # (first token, end token, entity) of every kept mention, in text order
    mentions: list[tuple[int, int, EntityRef]]
    # DATE and TIME spans, in text order, for the event coder
    dates: list[Span]
    # the place of the dateline ('MOSCOW (Reuters) -'), where events without a place happen
    dateline: Place | None = None
    # the dateline's character span, up to its dash: no party of any event
    dateline_chars: tuple[int, int] | None = None

    def in_dateline(self, char: int) -> bool:
        return self.dateline_chars is not None and (
            self.dateline_chars[0] <= char < self.dateline_chars[1]
        )


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    label: str
    known: KnownName | None
    # the canonical form, where it is not the text ('Vatican City' for a dateline 'VATICAN CITY')
    display: str | None = None
    # part of the dateline: a place of the article, but no participant of its events
    dateline: bool = False
    # made of title words only: a name only as the surname of a person ('King', 'Major')
    title_only: bool = False


@dataclass(slots=True)
class _Group:
    mentions: list[_Mention] = field(default_factory=list)
    known: KnownName | None = None
    person: bool = False


def entity_id(label: str, name: str) -> str:
    return hashlib.sha256(f"{label}\x1f{name}".encode()).hexdigest()[:16]


def extract_entities(
    doc: Doc,
    text: str,
    title: str | None,
    gazetteer: Gazetteer,
    known: Sequence[Span] = (),
    place_verbs: frozenset[str] = frozenset(),
) -> ArticleEntities:
    """Entities of ``doc``, made from ``text`` (passed in: ``doc.text`` joins all tokens anew),
    with the ``known`` name spans the NER missed (``known_actors.py``); a name one of the
    ``place_verbs`` (forms) takes, or moves from, to or into, may be a town the NER misread."""
    spans = sorted([*doc.ents, *known], key=lambda span: span.start)
    mentions = [
        mention
        for span in spans
        if (cleaned := _clean_mention(doc, text, span, gazetteer, place_verbs))
        for mention in _with_gathering_host(doc, text, cleaned, gazetteer)
    ]
    dateline = find_dateline(text, gazetteer)
    if dateline is not None:
        mentions = _with_dateline_mention(doc, mentions, dateline, gazetteer)
    records, by_token, kept = _build_records(
        doc, text, _group_mentions(mentions, gazetteer), title or "", gazetteer
    )
    dates = [span for span in spans if span.label_ in DATE_LABELS]
    return ArticleEntities(
        text,
        records,
        by_token,
        kept,
        dates,
        dateline.place if dateline else None,
        (dateline.header_start, dateline.header_end) if dateline else None,
    )


# --- dateline ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dateline:
    place: Place
    start: int
    end: int
    text: str
    # the whole header, from its first letter to its dash or the agency's name
    header_start: int
    header_end: int


def find_dateline(text: str, gazetteer: Gazetteer) -> Dateline | None:
    """The place of a wire dateline at the start of one of the first paragraphs, resolved
    against the gazetteer: 'MOSCOW (Reuters) -', 'DANANG, Vietnam —', 'Washington (CNN) --'."""
    offset = 0
    for paragraph in text.split("\n\n")[:DATELINE_PARAGRAPHS]:
        match = _CAPS_DATELINE.match(paragraph) or _AGENCY_DATELINE.match(paragraph)
        found = _dateline_place(match, gazetteer) if match else None
        if match and found:
            place, group = found
            start, end = offset + match.start(group), offset + match.end(group)
            return Dateline(
                place, start, end, match[group], offset + match.start(), offset + match.end()
            )
        offset += len(paragraph) + 2
    return None


def _dateline_place(match: re.Match[str], gazetteer: Gazetteer) -> tuple[Place, str] | None:
    """The dateline's place and the group that names it: the town, or the country after it
    when the gazetteer does not know the town ('ST CATHERINE, Jamaica —')."""
    qualifier = match["qualifier"]
    country = gazetteer.place(qualifier.strip()) if qualifier else None
    if country is not None and not (
        country.precision in ("country", "region") and country.country_code
    ):
        country = None
    name = match["place"]
    prefer = {country.country_code} if country and country.country_code else set()
    place = gazetteer.place(name.title() if name.isupper() else name, prefer)
    if place.precision != "unknown":
        return place, "place"
    return (country, "qualifier") if country is not None else None


def _with_dateline_mention(
    doc: Doc, mentions: list[_Mention], dateline: Dateline, gazetteer: Gazetteer
) -> list[_Mention]:
    """The dateline's place as a mention, instead of whatever the NER made of it."""
    span = doc.char_span(dateline.start, dateline.end)
    if span is None:
        return mentions
    kept = [m for m in mentions if m.end_char <= dateline.start or m.start_char >= dateline.end]
    display = dateline.text.title() if dateline.text.isupper() else None
    known = gazetteer.lookup(dateline.place.name) if dateline.place.precision == "country" else None
    mention = _Mention(
        span.start,
        span.end,
        dateline.start,
        dateline.end,
        dateline.text,
        "GPE",
        known,
        display=display,
        dateline=True,
    )
    return sorted([*kept, mention], key=lambda m: m.start)


# --- cleaning ------------------------------------------------------------------------------


def _clean_mention(
    doc: Doc, text: str, span: Span, gazetteer: Gazetteer, place_verbs: frozenset[str]
) -> _Mention | None:
    if span.label_ not in KEPT_LABELS:
        return None
    start, end = _first_line(doc, span.start, span.end)
    if _is_hashtag(doc, start):
        return None
    while start < end and (doc[start].lower_ in DETERMINERS or _is_filler(doc[start])):
        start += 1
    while end > start and _is_trailing_non_name(doc, end - 1):
        end -= 1
    label = span.label_
    if label == "PERSON":
        start = _skip_titles(doc, start, end, gazetteer)
    elif _starts_with_person_title(doc, start, end, gazetteer):
        start, label = _skip_titles(doc, start, end, gazetteer), "PERSON"
    if start >= end:
        return None
    start_char = doc[start].idx
    end_char = doc[end - 1].idx + len(doc[end - 1])
    name = text[start_char:end_char]
    if not _looks_like_name(name):
        return None
    known = gazetteer.lookup(name)
    if known:
        label = known.label
    elif label != "PERSON" and _follows_person_title(doc, start, end, gazetteer):
        label = "PERSON"
    elif _is_misread_town(doc[start:end], label, name, gazetteer, place_verbs):
        label = "GPE"
    title_only = all(word in gazetteer.non_name_words for word in name.split())
    return _Mention(start, end, start_char, end_char, name, label, known, title_only=title_only)


def _is_misread_town(
    span: Span, label: str, name: str, gazetteer: Gazetteer, place_verbs: frozenset[str]
) -> bool:
    """A town or region the NER took for a people, a person or an organisation where the
    sentence places something in it, or a verb of force or of troops' movement takes it or
    moves from, to or into it: 'killed dozens of civilians in Aleppo' (NORP), 'fighting in
    Kherson' (PERSON), 'killed 20 villagers in Tigray' (ORG), 'captured Avdiivka', 'withdrew
    from Kherson' (PERSON)."""
    root = span.root
    head = root.head
    placed = root.dep_ == "pobj" and head.lower_ in MISREAD_TOWN_PREPS.get(label, frozenset())
    taken = root.dep_ == "dobj" and head.lower_ in place_verbs
    moved = (
        root.dep_ == "pobj" and head.lower_ in MOVEMENT_PREPS and head.head.lower_ in place_verbs
    )
    if not (placed or taken or moved):
        return False
    return gazetteer.place(name).precision in MISREAD_PLACE_PRECISIONS


def _with_gathering_host(
    doc: Doc, text: str, mention: _Mention, gazetteer: Gazetteer
) -> list[_Mention]:
    """A meeting's name ('APEC Summit') and the organisation's name inside it ('APEC')."""
    host = gazetteer.gathering_host(mention.text) if mention.label == "EVENT" else None
    if host is None:
        return [mention]
    surface, known = host
    host_end_char = mention.start_char + len(surface)
    end = mention.start
    while end < mention.end and doc[end].idx < host_end_char:
        end += 1
    organisation = _Mention(
        mention.start, end, mention.start_char, host_end_char, surface, known.label, known
    )
    return [organisation, mention]


def _first_line(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The first segment of the span that has a letter, segments being split at line breaks."""
    segment_start = start
    for i in range(start, end + 1):
        if i == end or "\n" in doc[i].text:
            if any(char.isalpha() for char in doc[segment_start:i].text):
                return segment_start, i
            segment_start = i + 1
    return start, start


def _is_filler(token: Any) -> bool:
    return token.is_punct or token.is_space


def _is_hashtag(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].text == "#"


def _is_trailing_non_name(doc: Doc, i: int) -> bool:
    """Possessives, punctuation and common words at the end of a span ('Likud party'), but not
    the lower-case end of a hyphenated name ('Lee Jae-myung')."""
    token = doc[i]
    common_word = token.is_alpha and token.is_lower and i > 0 and bool(doc[i - 1].whitespace_)
    return token.lower_ in POSSESSIVES or _is_filler(token) or common_word


def _starts_with_person_title(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """'Dr Mitchell', 'Honourable Natalio Wheatley': an honorific and a capitalised name."""
    title_end = start
    while title_end < end and _title_at(doc, title_end, gazetteer.honorifics):
        title_end += _title_at(doc, title_end, gazetteer.honorifics)
    return (
        start < title_end < end
        and gazetteer.lookup(doc[start:end].text) is None
        and all(token.is_title for token in doc[title_end:end])
    )


def _title_at(doc: Doc, i: int, titles: frozenset[str]) -> int:
    """The number of tokens of the title that starts at token ``i`` (0: none)."""
    for length in (3, 2, 1):
        if doc[i : i + length].text in titles:
            return length
    return 0


def _skip_titles(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> int:
    """Skip leading titles, and a country or demonym before a title ('Russian President')."""
    while end - start > 1:
        text = doc[start].text
        next_is_role = doc[start + 1].text in gazetteer.role_words
        known = gazetteer.lookup(text)
        if (
            text in gazetteer.role_words
            or text in ("of", "the", "'s")
            or (known and known.kind in COUNTRY_KINDS and next_is_role)
        ):
            start += 1
        else:
            break
    return start


def _looks_like_name(text: str) -> bool:
    return len(text) > 1 and any(char.isupper() for char in text) and any(c.isalpha() for c in text)


def _follows_person_title(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """'Chancellor Olaf Scholz', 'spokesman Hadi Tjahjanto', 'President-elect Rodrigo Chaves'
    are persons whatever the NER said."""
    before = start - 1
    while before > 0 and doc[before].lower_ in TITLE_QUALIFIERS:
        before -= 1
    return (
        before >= 0
        and doc[before].text in gazetteer.person_title_words
        and all(token.is_title for token in doc[start:end])
    )


# --- merging -------------------------------------------------------------------------------


def _group_mentions(mentions: list[_Mention], gazetteer: Gazetteer) -> list[_Group]:
    full_names = _person_full_names(mentions)
    surnames, other_words = _name_indexes(full_names)
    groups: dict[tuple[str, ...], _Group] = {}
    for mention in mentions:
        key, person = _group_key(mention, full_names, surnames, other_words)
        if mention.title_only and not (person and len(key) > 2):
            continue  # 'President' alone, not the 'King' of 'Martin Luther King Jr.'
        group = groups.setdefault(key, _Group(known=None if person else mention.known))
        group.person = group.person or person
        group.mentions.append(mention)
    merged = _merge_organisation_variants(
        _merge_acronyms(list(groups.values()), gazetteer), gazetteer
    )
    for group in merged:
        group.mentions.sort(key=lambda m: m.start)
    return merged


def _words(text: str) -> tuple[str, ...]:
    return tuple(normalise_name(text).split())


def _without_suffix(words: tuple[str, ...]) -> tuple[str, ...]:
    """'James Roosevelt Jr.' -> ('james', 'roosevelt')."""
    return words[:-1] if len(words) > 1 and words[-1] in GENERATIONAL_SUFFIXES else words


def _shortens(words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether the name ``words`` is a shorter form of ``other``: 'Donald Trump' of 'Donald J.
    Trump' (same last word), 'Yoon Suk' of 'Yoon Suk Yeol' (a beginning). 'Donald Trump' is
    not a shorter 'Donald Trump Jr.'."""
    if len(other) <= len(words) or other[-1] in GENERATIONAL_SUFFIXES:
        return False
    return (other[-1] == words[-1] and _is_subsequence(words, other)) or other[
        : len(words)
    ] == words


def _person_full_names(mentions: Iterable[_Mention]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Multi-word person names in order of appearance, each mapped to the fullest name it
    shortens, or to itself."""
    counts = Counter(
        _words(m.text) for m in mentions if m.label == "PERSON" and not m.known and " " in m.text
    )
    longest_first = sorted(counts, key=lambda words: (-len(words), -counts[words]))
    fullest: dict[tuple[str, ...], tuple[str, ...]] = {}
    for words in longest_first:
        longer = next((other for other in longest_first if _shortens(words, other)), None)
        fullest[words] = fullest[longer] if longer else words
    return {words: fullest[words] for words in counts}


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    remaining = iter(long)
    return all(word in remaining for word in short)


def _surname_keys(words: tuple[str, ...]) -> list[str]:
    surname = _without_suffix(words)[-1]
    keys = [surname]
    for prefix in SURNAME_PREFIXES:
        if surname.startswith(prefix) and len(surname) > len(prefix):
            keys.append(surname[len(prefix) :])
    return keys


def _name_indexes(
    full_names: dict[tuple[str, ...], tuple[str, ...]],
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Single names -> full name: by surname, and by the other words of a name, since a lone
    'Xi' names 'Xi Jinping' (surname first) and a lone 'Donald' most likely the article's one
    Donald. The earliest full name, the article's principal, keeps a shared word ('Meadows' is
    Mark Meadows, not his brother Scott Meadows named later)."""
    surnames: dict[str, tuple[str, ...]] = {}
    other_words: dict[str, tuple[str, ...]] = {}
    for words, target in full_names.items():
        for key in _surname_keys(words):
            surnames.setdefault(key, target)
        for word in _without_suffix(words)[:-1]:
            if len(word) > 1 and word.isalpha() and word not in NAME_PARTICLES:
                other_words.setdefault(word, target)
    return surnames, other_words


def _group_key(
    mention: _Mention,
    full_names: dict[tuple[str, ...], tuple[str, ...]],
    surnames: dict[str, tuple[str, ...]],
    other_words: dict[str, tuple[str, ...]],
) -> tuple[tuple[str, ...], bool]:
    """A surname wins over a country name ('Jordan' after 'Michael Jordan'), other parts of a
    name win over no gazetteer name ('Israel' stays a country after 'Israel Adesanya')."""
    words = _words(mention.text)
    known = mention.known
    if len(words) == 1:
        word = words[0]
        if word in surnames and (known is None or known.kind in COUNTRY_KINDS):
            return ("person", *surnames[word]), True
        if word in other_words and known is None:
            return ("person", *other_words[word]), True
        if mention.label == "NORP" and known is None:
            return ("group", _group_stem(word)), False
    if known:
        return ("known", known.label, known.canonical), False
    if mention.label == "PERSON" or words in full_names:
        return ("person", *full_names.get(words, words)), True
    return ("name", *words), False


def _group_stem(word: str) -> str:
    """'Democrat', 'Democrats' and 'Democratic' name one group; so do 'Catholic(s)'."""
    stem = word.removesuffix("s")
    return stem.removesuffix("ic") if len(stem) > 4 else stem


def _initials(text: str) -> str:
    return "".join(word[0] for word in re.split(r"[\s\-]+", text) if word[:1].isupper())


def _country_prefix_length(words: list[str], gazetteer: Gazetteer) -> int:
    """How many leading words name a country or demonym ('United States Drug ...' -> 2)."""
    for length in (3, 2, 1):
        known = gazetteer.lookup(" ".join(words[:length])) if len(words) > length else None
        if known and known.kind in COUNTRY_KINDS:
            return length
    return 0


def _group_name(group: _Group) -> str:
    return group.known.canonical if group.known else group.mentions[0].text


def _merge_acronyms(groups: list[_Group], gazetteer: Gazetteer) -> list[_Group]:
    """Join an unknown acronym to the group whose name it abbreviates ('SDF'), also without a
    leading country ('DEA' for 'United States Drug Enforcement Agency')."""
    by_initials: dict[str, _Group] = {}
    for group in groups:
        words = _group_name(group).split()
        if len(words) > 1 and not group.person:
            by_initials.setdefault(_initials(" ".join(words)), group)
            prefix = _country_prefix_length(words, gazetteer)
            if prefix:
                by_initials.setdefault(_initials(" ".join(words[prefix:])), group)
    merged: list[_Group] = []
    for group in groups:
        text = group.mentions[0].text
        expansion = None
        if group.known is None and not group.person and is_acronym(text):
            expansion = by_initials.get(text.replace(".", ""))
        if expansion is not None and expansion is not group:
            expansion.mentions.extend(group.mentions)
        else:
            merged.append(group)
    return merged


def _organisation_key(name: str, gazetteer: Gazetteer) -> tuple[str, ...] | None:
    """'Turkish Constitutional Court' and 'Constitutional Court of Turkey' are one court:
    ('constitutional court', 'TUR')."""
    words = name.split()
    prefix = _country_prefix_length(words, gazetteer)
    if prefix:
        known = gazetteer.lookup(" ".join(words[:prefix]))
        return (normalise_name(" ".join(words[prefix:])), known.country_code or "")
    head, of, country = name.rpartition(" of ")
    known = gazetteer.lookup(country) if of else None
    if known and known.kind == "country":
        return (normalise_name(head), known.country_code or "")
    return None


def _merge_organisation_variants(groups: list[_Group], gazetteer: Gazetteer) -> list[_Group]:
    """Join unknown organisation names that name one body: a country written as a demonym in
    front or as 'of' behind, and a shortened name ('Pew Research' -> 'Pew Research Center')."""
    organisations = [g for g in groups if g.known is None and _label(g) == "ORG"]
    targets: dict[int, _Group] = {}
    by_key: dict[tuple[str, ...], _Group] = {}
    for group in organisations:
        key = _organisation_key(_group_name(group), gazetteer)
        if key is not None:
            other = by_key.setdefault(key, group)
            if other is not group:
                targets[id(group)] = other
    for group in organisations:
        words = _words(_group_name(group))
        longer = [
            other
            for other in organisations
            if len(words) > 1
            and _words(_group_name(other))[: len(words)] == words
            and len(_words(_group_name(other))) > len(words)
            and other.mentions[0].start < group.mentions[0].start
        ]
        if len(longer) == 1 and id(group) not in targets:
            targets[id(group)] = longer[0]
    merged = []
    for group in groups:
        target = targets.get(id(group))
        if target is None:
            merged.append(group)
        else:
            target.mentions.extend(group.mentions)
    return merged


# --- records -------------------------------------------------------------------------------


def _canonical_name(group: _Group) -> str:
    if group.known:
        return group.known.canonical
    counts = Counter(m.display or m.text for m in group.mentions)
    if _label(group) == "NORP":
        # the singular form ('Republican'), then the most used
        return min(counts, key=lambda text: (text.endswith("s"), -counts[text]))

    def fullness(text: str) -> tuple[bool, int, int, int]:
        return (not text.isupper(), len(text.split()), len(text), counts[text])

    return max(counts, key=fullness)  # ties: the earliest, as Counter keeps first-seen order


def _label(group: _Group) -> str:
    if group.known:
        return group.known.label
    if group.person:
        return "PERSON"
    counts = Counter(m.label for m in group.mentions)
    top = max(counts.values())
    return next(m.label for m in group.mentions if counts[m.label] == top)


def _country_before(doc: Doc, mention: _Mention, country_by_token: dict[int, str]) -> str | None:
    """The nearest country or demonym in the noun phrase in front of a mention."""
    left_edge = doc[mention.end - 1].left_edge.i
    for i in range(mention.start - 1, left_edge - 1, -1):
        if i in country_by_token:
            return country_by_token[i]
    return None


def _lead_end(text: str) -> int:
    end = text.find("\n\n", LEAD_MIN_CHARS)
    return len(text) if end < 0 else end


def _title_forms(name: str, group: _Group, gazetteer: Gazetteer) -> set[str]:
    forms = {name, *(m.text for m in group.mentions)}
    if group.known:
        forms.update(gazetteer.surface_forms(group.known))
    if group.person:
        forms.update(_surname_keys(_words(name)))
    return {_NON_WORD.sub(" ", form.lower()).strip() for form in forms}


def _build_records(
    doc: Doc, text: str, groups: list[_Group], title: str, gazetteer: Gazetteer
) -> tuple[list[Entity], dict[int, EntityRef], list[tuple[int, int, EntityRef]]]:
    """Entity records, most salient first, with the token index for the event coder."""
    country_by_token = {
        i: m.known.country_code
        for group in groups
        for m in group.mentions
        if m.known and m.known.kind in COUNTRY_KINDS and m.known.country_code
        for i in range(m.start, m.end)
    }
    halves = _halves(text, groups, gazetteer)
    lead_end = _lead_end(text)
    padded_title = f" {_NON_WORD.sub(' ', title.lower())} "
    scored: list[tuple[float, int, str, _Group, EntityRef]] = []
    for group in groups:
        name, label = _canonical_name(group), _label(group)
        country = group.known.country_code if group.known else None
        if country is None and label in HALF_LABELS:
            country = halves.get(name)  # 'the North' in a story of the Koreas
        actor_country = country
        if actor_country is None and label in ("PERSON", "ORG"):
            actor_country = next(
                (
                    code
                    for m in group.mentions
                    if (code := _country_before(doc, m, country_by_token))
                ),
                None,
            )
        score = sum(LEAD_WEIGHT if m.start_char < lead_end else BODY_WEIGHT for m in group.mentions)
        if any(
            f" {form} " in padded_title for form in _title_forms(name, group, gazetteer) if form
        ):
            score += TITLE_WEIGHT
        first_start = group.mentions[0].start_char
        ref = EntityRef(entity_id(label, name), name, label, country, actor_country, first_start)
        scored.append((score, first_start, name, group, ref))
    total = sum(item[0] for item in scored) or 1.0
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    records: list[Entity] = []
    mentions: list[tuple[int, int, EntityRef]] = []
    for score, _, _, group, ref in scored:
        records.append(_entity(ref, group, round(score / total, 4)))
        mentions.extend((m.start, m.end, ref) for m in group.mentions if not m.dateline)
    by_token: dict[int, EntityRef] = {}
    # a nested mention ('APEC' in 'APEC Summit') owns its tokens: widest first, narrower after
    for start, end, ref in sorted(mentions, key=lambda item: (item[0] - item[1], item[0])):
        by_token.update(dict.fromkeys(range(start, end), ref))
    mentions.sort(key=lambda item: (item[0], -item[1]))
    return records, by_token, mentions


def _halves(text: str, groups: list[_Group], gazetteer: Gazetteer) -> dict[str, str]:
    """The countries a bare 'North' or 'South' stands for in this article; none looked for
    where the article names no such half."""
    names = gazetteer.half_names
    if not any((m.display or m.text) in names for g in groups for m in g.mentions):
        return {}
    countries = {g.known.country_code for g in groups if g.known and g.known.country_code}
    return gazetteer.halves(countries, set(_NON_WORD.split(text)))


def _entity(ref: EntityRef, group: _Group, salience: float) -> Entity:
    return Entity(
        id=ref.id,
        name=ref.name,
        label=ref.label,
        country_code=ref.country_code,
        mentions=[TextSpan(m.text, m.start_char, m.end_char) for m in group.mentions],
        mention_count=len(group.mentions),
        salience=salience,
    )
