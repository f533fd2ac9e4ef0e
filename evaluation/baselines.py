"""The baselines of the evaluations and benchmarks: plain spaCy as a batch NLP script runs it,
and a keyword event coder on its output."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pycountry
from spacy.language import Language
from spacy.tokens import Doc

# Whole texts per nlp.pipe call; the enricher parses pieces of texts (NEWSSTREAM_NLP_PIECE_CHARS)
# batched by characters (NEWSSTREAM_NLP_STEP_CHARS).
BATCH_SIZE = 32


def plain_docs(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    return nlp.pipe(texts, batch_size=BATCH_SIZE)


# --- the keyword event coder ---------------------------------------------------------------

# The lemma of a common event verb or noun -> its CAMEO code (CAMEO 1.1b3).
EVENT_KEYWORDS = {
    "say": "010",
    "announce": "010",
    "urge": "020",
    "appeal": "020",
    "agree": "030",
    "meet": "040",
    "talk": "040",
    "visit": "042",
    "sign": "057",
    "aid": "070",
    "investigate": "090",
    "demand": "100",
    "criticise": "111",
    "criticize": "111",
    "condemn": "111",
    "accuse": "112",
    "reject": "120",
    "threaten": "130",
    "protest": "140",
    "sanction": "163",
    "arrest": "173",
    "kill": "180",
    "attack": "190",
    "fight": "190",
    "clash": "190",
}
ACTOR_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON"})
UNKNOWN_ACTOR = "---"
# Names from which a demonym's plural and ending are cut to find its country: 'Israelis' ->
# 'Israel', 'Russian' -> 'Russia', 'Iranian' -> 'Iran'.
DEMONYM_ENDINGS = ("", "i", "n", "an", "ian", "ese")
MIN_STEM_CHARS = 4


def _exact_country(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def _fuzzy_country(name: str) -> str | None:
    """pycountry's best fuzzy hit: country names, then names of their subdivisions (Hebron)."""
    try:
        return pycountry.countries.search_fuzzy(name)[0].alpha_3
    except LookupError:
        return None


def _name_variants(name: str, label: str) -> list[str]:
    name = name.removeprefix("the ").replace(".", "")
    if label != "NORP":
        return [name]
    singular = name.removesuffix("s")
    stems = (singular.removesuffix(ending) for ending in DEMONYM_ENDINGS)
    return list(dict.fromkeys(stem for stem in stems if len(stem) >= MIN_STEM_CHARS))


@lru_cache(maxsize=4096)
def country_of(name: str, label: str) -> str:
    """The alpha-3 code of the country that ``name`` names, or '---': exact pycountry names
    and codes; fuzzy search too for places and nationalities."""
    variants = _name_variants(name, label)
    lookups = [_exact_country] + ([_fuzzy_country] if label in {"GPE", "NORP"} else [])
    for lookup in lookups:
        for variant in variants:
            if code := lookup(variant):
                return code
    return UNKNOWN_ACTOR


def keyword_event(doc: Doc) -> tuple[str, str, str] | None:
    """(CAMEO code, actor, target) of the text's first event keyword, the actor and target being
    the countries of its first and second named entities ('---' unknown); None without one."""
    lemmas = (token.lemma_.lower() for token in doc)
    code = next((EVENT_KEYWORDS[lemma] for lemma in lemmas if lemma in EVENT_KEYWORDS), None)
    if code is None:
        return None
    names = [country_of(ent.text, ent.label_) for ent in doc.ents if ent.label_ in ACTOR_LABELS]
    actor, target = [*names, UNKNOWN_ACTOR, UNKNOWN_ACTOR][:2]
    return code, actor, target
