"""The entities of one article: spaCy's spans cleaned and merged under canonical names.

Record policy (the ``entity`` definition of enriched_article.schema.json):

- Kept labels are the named-entity types (PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT,
  WORK_OF_ART, LAW, LANGUAGE). DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL and CARDINAL are
  values, not entities, and are left out (the event coder reads dates from the doc itself).
- Spans are cut at line breaks (a byline 'Ilya Arkhipov\\nUpdated' keeps its first line), and
  leading determiners, trailing possessives and punctuation are stripped ('the APEC Summit' ->
  'APEC Summit'); person mentions also lose leading titles ('President Vladimir Putin'). Spans
  without a capital letter are dropped.
- Name variants are merged: gazetteer names under the gazetteer's canonical name ('US', 'U.S.' ->
  'United States'; 'UN' -> 'United Nations'); a person's surname or shorter name under the
  fullest name used ('Putin' -> 'Vladimir Putin', 'Assad' -> 'Bashar el-Assad'), whatever label
  the NER gave the short mention; an acronym under the name whose initials it spells.
- Salience is an entity's share of the article's attention: each mention weighs 1, or 2 in the
  lead, and an entity named in the title gets 3 more; the shares of all entities add up to 1.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from newsstream.enricher.gazetteer import Gazetteer, KnownName, is_acronym, normalise_name

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
DATE_LABELS = frozenset({"DATE", "TIME"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
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
    records: list[dict[str, Any]]
    by_token: dict[int, EntityRef]
    # (first token, end token, entity) of every kept mention, in text order
    mentions: list[tuple[int, int, EntityRef]]
    # DATE and TIME spans, in text order, for the event coder
    dates: list[Span]


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    label: str
    known: KnownName | None


@dataclass(slots=True)
class _Group:
    mentions: list[_Mention] = field(default_factory=list)
    known: KnownName | None = None
    person: bool = False


def entity_id(label: str, name: str) -> str:
    return hashlib.sha256(f"{label}\x1f{name}".encode()).hexdigest()[:16]


def extract_entities(
    doc: Doc, text: str, title: str | None, gazetteer: Gazetteer
) -> ArticleEntities:
    """Entities of ``doc``, made from ``text`` (passed in: ``doc.text`` joins all tokens anew)."""
    spans = doc.ents
    mentions = [
        mention
        for span in spans
        if (cleaned := _clean_mention(doc, text, span, gazetteer))
        for mention in _with_gathering_host(doc, text, cleaned, gazetteer)
    ]
    records, by_token, kept = _build_records(
        doc, text, _group_mentions(mentions), title or "", gazetteer
    )
    dates = [span for span in spans if span.label_ in DATE_LABELS]
    return ArticleEntities(text, records, by_token, kept, dates)


# --- cleaning ------------------------------------------------------------------------------


def _clean_mention(doc: Doc, text: str, span: Span, gazetteer: Gazetteer) -> _Mention | None:
    if span.label_ not in KEPT_LABELS:
        return None
    start, end = _first_line(doc, span.start, span.end)
    while start < end and (doc[start].lower_ in DETERMINERS or _is_filler(doc[start])):
        start += 1
    while end > start and (doc[end - 1].lower_ in POSSESSIVES or _is_filler(doc[end - 1])):
        end -= 1
    label = span.label_
    if label == "PERSON":
        start = _skip_titles(doc, start, end, gazetteer)
    if start >= end:
        return None
    start_char = doc[start].idx
    end_char = doc[end - 1].idx + len(doc[end - 1])
    name = text[start_char:end_char]
    if not _looks_like_name(name, gazetteer):
        return None
    known = gazetteer.lookup(name)
    if known:
        label = known.label
    elif label != "PERSON" and _follows_person_title(doc, start, end, gazetteer):
        label = "PERSON"
    return _Mention(start, end, start_char, end_char, name, label, known)


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


def _looks_like_name(text: str, gazetteer: Gazetteer) -> bool:
    return (
        len(text) > 1
        and any(char.isupper() for char in text)
        and any(char.isalpha() for char in text)
        and not all(word in gazetteer.role_words for word in text.split())
    )


def _follows_person_title(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """'Chancellor Olaf Scholz' is a person whatever the NER said."""
    return (
        start > 0
        and doc[start - 1].text in gazetteer.person_title_words
        and all(token.is_title for token in doc[start:end])
    )


# --- merging -------------------------------------------------------------------------------


def _group_mentions(mentions: list[_Mention]) -> list[_Group]:
    full_names = _person_full_names(mentions)
    indexes = _name_indexes(full_names)
    groups: dict[tuple[str, ...], _Group] = {}
    for mention in mentions:
        key, person = _group_key(mention, full_names, indexes)
        group = groups.setdefault(key, _Group(known=None if person else mention.known))
        group.person = group.person or person
        group.mentions.append(mention)
    return _merge_acronyms(list(groups.values()))


def _words(text: str) -> tuple[str, ...]:
    return tuple(normalise_name(text).split())


def _person_full_names(mentions: Iterable[_Mention]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Multi-word person names in order of appearance, each mapped to the fullest name it
    shortens ('Donald Trump' -> 'Donald J. Trump'), or to itself."""
    counts = Counter(
        _words(m.text) for m in mentions if m.label == "PERSON" and not m.known and " " in m.text
    )
    longest_first = sorted(counts, key=lambda words: (-len(words), -counts[words]))
    fullest: dict[tuple[str, ...], tuple[str, ...]] = {}
    for words in longest_first:
        longer = next(
            (
                other
                for other in longest_first
                if len(other) > len(words)
                and other[-1] == words[-1]
                and _is_subsequence(words, other)
            ),
            None,
        )
        fullest[words] = fullest[longer] if longer else words
    return {words: fullest[words] for words in counts}


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    remaining = iter(long)
    return all(word in remaining for word in short)


def _surname_keys(words: tuple[str, ...]) -> list[str]:
    surname = words[-1]
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
    Donald. The earliest full name keeps a shared word."""
    surnames: dict[str, tuple[str, ...]] = {}
    other_words: dict[str, tuple[str, ...]] = {}
    for words, target in full_names.items():
        for key in _surname_keys(words):
            surnames.setdefault(key, target)
        for word in words[:-1]:
            if len(word) > 1 and word.isalpha() and word not in NAME_PARTICLES:
                other_words.setdefault(word, target)
    return surnames, other_words


def _group_key(
    mention: _Mention,
    full_names: dict[tuple[str, ...], tuple[str, ...]],
    indexes: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]],
) -> tuple[tuple[str, ...], bool]:
    """A surname wins over a country name ('Jordan' after 'Michael Jordan'), other parts of a
    name win over no gazetteer name ('Israel' stays a country after 'Israel Adesanya')."""
    words = _words(mention.text)
    surnames, other_words = indexes
    known = mention.known
    if len(words) == 1:
        word = words[0]
        if word in surnames and (known is None or known.kind in COUNTRY_KINDS):
            return ("person", *surnames[word]), True
        if word in other_words and known is None:
            return ("person", *other_words[word]), True
    if known:
        return ("known", known.label, known.canonical), False
    if mention.label == "PERSON" or words in full_names:
        return ("person", *full_names.get(words, words)), True
    return ("name", *words), False


def _initials(text: str) -> str:
    return "".join(word[0] for word in re.split(r"[\s\-]+", text) if word[:1].isupper())


def _merge_acronyms(groups: list[_Group]) -> list[_Group]:
    """Join an unknown acronym to the group whose name it abbreviates ('SDF')."""
    by_initials: dict[str, _Group] = {}
    for group in groups:
        name = group.known.canonical if group.known else group.mentions[0].text
        if " " in name and not group.person:
            by_initials.setdefault(_initials(name), group)
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
    for group in merged:
        group.mentions.sort(key=lambda m: m.start)
    return merged


# --- records -------------------------------------------------------------------------------


def _canonical_name(group: _Group) -> str:
    if group.known:
        return group.known.canonical
    counts = Counter(m.text for m in group.mentions)

    def fullness(text: str) -> tuple[int, int, int]:
        return (len(text.split()), len(text), counts[text])

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
) -> tuple[list[dict[str, Any]], dict[int, EntityRef], list[tuple[int, int, EntityRef]]]:
    """Entity records, most salient first, with the token index for the event coder."""
    country_by_token = {
        i: m.known.country_code
        for group in groups
        for m in group.mentions
        if m.known and m.known.kind in COUNTRY_KINDS and m.known.country_code
        for i in range(m.start, m.end)
    }
    lead_end = _lead_end(text)
    padded_title = f" {_NON_WORD.sub(' ', title.lower())} "
    scored: list[tuple[float, int, str, dict[str, Any], _Group, EntityRef]] = []
    for group in groups:
        name, label = _canonical_name(group), _label(group)
        country = group.known.country_code if group.known else None
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
        record = {
            "id": ref.id,
            "name": name,
            "label": label,
            "country_code": country,
            "mentions": [
                {"text": m.text, "start": m.start_char, "end": m.end_char} for m in group.mentions
            ],
            "mention_count": len(group.mentions),
            "salience": 0.0,
        }
        scored.append((score, first_start, name, record, group, ref))
    total = sum(item[0] for item in scored) or 1.0
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    mentions: list[tuple[int, int, EntityRef]] = []
    for score, _, _, record, group, ref in scored:
        record["salience"] = round(score / total, 4)
        mentions.extend((m.start, m.end, ref) for m in group.mentions)
    by_token: dict[int, EntityRef] = {}
    # a nested mention ('APEC' in 'APEC Summit') owns its tokens: widest first, narrower after
    for start, end, ref in sorted(mentions, key=lambda item: (item[0] - item[1], item[0])):
        by_token.update(dict.fromkeys(range(start, end), ref))
    mentions.sort(key=lambda item: (item[0], -item[1]))
    return [item[3] for item in scored], by_token, mentions
