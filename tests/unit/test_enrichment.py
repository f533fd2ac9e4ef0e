"""The enrichment core: raw articles in, enriched records out (contract, determinism).

Throughput is measured by evaluation/enrich_throughput.py, not here: timings on a shared
machine make flaky tests.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from newsstream.common.articles import build_raw_article
from newsstream.common.deadletter import SourcePosition
from newsstream.common.records import RawArticle
from newsstream.common.schemas import Contract, validate
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import ArticleRejected, Enricher, enrich_articles, merged
from newsstream.enricher.messages import InboundMessage, in_process_message

from support import assert_valid

SEED_TEXT = (Path(__file__).parents[1] / "fixtures" / "seed_clean.txt").read_text("utf-8").strip()
SEED_TITLE = "Vladimir Putin, Donald Trump back Syria peace plans during brief APEC meeting"


def raw_article(text: str, **fields: Any) -> RawArticle:
    return build_raw_article(text, input_kind="text", fetched_at="2024-01-01T00:00:00Z", **fields)


SEED = raw_article(
    SEED_TEXT,
    title=SEED_TITLE,
    authors=["Ilya Arkhipov"],
    source="Bloomberg",
    published="2017-11-11",
    url="https://www.smh.com.au/world/vladimir-putin-donald-trump-back-syria-peace-plans",
)
OTHERS = [
    raw_article("Israel launched air strikes on Gaza.", published="2023-05-10"),
    raw_article("The UN Secretary-General urged both sides to negotiate."),
    raw_article("Iran refused to meet US negotiators.", title="Iran and the US"),
]


@pytest.fixture(scope="module")
def enricher(nlp: Language) -> Enricher:
    return Enricher(Settings(), nlp)


@pytest.fixture(scope="module")
def enriched(enricher: Enricher) -> list[dict[str, Any]]:
    return enrich_articles(enricher, [SEED, *OTHERS])


def corpus_articles(shared_dir: Path, count: int) -> list[RawArticle]:
    files = sorted((shared_dir / "corpus" / "expected").glob("*.txt"))
    texts = [f.read_text("utf-8", errors="replace").strip() for f in files]
    texts = [text for text in texts if text][:count]
    return [raw_article(text, url=f"https://example.com/{i}") for i, text in enumerate(texts)]


def assert_offsets_point_into_the_text(record: dict[str, Any]) -> None:
    text = record["text"]
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    for event in record["events"]:
        for span in (event["trigger"], event["sentence"]):
            assert text[span["start"] : span["end"]] == span["text"]
        assert event["sentence"]["start"] <= event["trigger"]["start"]
        assert event["trigger"]["end"] <= event["sentence"]["end"]
    for quotation in record["quotations"]:
        assert text[quotation["start"] : quotation["end"]] == quotation["text"]
        for span in (quotation["speaker"], quotation["cue"]):
            if span is not None:
                assert text[span["start"] : span["end"]] == span["text"]


def assert_every_event_has_an_actor_and_a_trigger(record: dict[str, Any]) -> None:
    entity_ids = {entity["id"] for entity in record["entities"]}
    for event in record["events"]:
        for party in (event["actor"], event["target"]):
            assert party["name"].strip()
            assert party["entity_id"] is None or party["entity_id"] in entity_ids
        # an actor has at least a country, or '---' with a role; a target may be unknown
        actor = event["actor"]
        assert actor["country_code"] or actor["roles"] or not actor["code"].startswith("---")
        assert event["trigger"]["text"].strip()


# --- pipeline ----------------------------------------------------------------------------


def test_pipeline_components(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("entity_ruler") < names.index("ner")
    assert names.index("gazetteer_context") < names.index("ner")
    assert {"parser", "tagger"} <= set(names)
    assert not {"lemmatizer", "attribute_ruler"} & set(names)
    doc = nlp("Islamic State fighters attacked positions near Jordan's border with Syria.")
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels["Islamic State"] == "ORG"
    assert labels["Jordan"] == "GPE"


def test_paragraphs_start_sentences(nlp: Language) -> None:
    doc = nlp("By Ilya Arkhipov\n\nRussian President Vladimir Putin met Donald Trump.")
    assert [sentence.text.strip() for sentence in doc.sents][-1] == (
        "Russian President Vladimir Putin met Donald Trump."
    )


# --- records -----------------------------------------------------------------------------


def test_records_match_the_contract(enriched: list[dict[str, Any]]) -> None:
    for record in enriched:
        validate(Contract.ENRICHED_ARTICLE, record)
        assert_valid(Contract.ENRICHED_ARTICLE, record)
        for event in record["events"]:
            validate(Contract.EVENT, event)
            assert_valid(Contract.EVENT, event)
        assert_offsets_point_into_the_text(record)
        assert_every_event_has_an_actor_and_a_trigger(record)


def test_records_keep_the_raw_article_in_order(enriched: list[dict[str, Any]]) -> None:
    raws = [SEED, *OTHERS]
    assert [record["id"] for record in enriched] == [raw.id for raw in raws]
    for raw, record in zip(raws, enriched, strict=True):
        published = msgspec.to_builtins(raw)
        assert {key: record[key] for key in published} == published
        assert set(record) == set(published) | {"entities", "events", "quotations", "enrichment"}


def test_enrichment_names_model_and_pipeline(nlp: Language, enriched: list[dict[str, Any]]) -> None:
    assert enriched[0]["enrichment"] == {
        "model": Settings().spacy_model,
        "model_version": nlp.meta["version"],
        "pipeline_version": version("newsstream"),
    }


def test_events_name_their_article(enriched: list[dict[str, Any]]) -> None:
    seed_events = enriched[0]["events"]
    assert seed_events
    for event in seed_events:
        assert event["article_id"] == SEED.id
        assert event["article_url"] == SEED.url
        assert event["article_published"] == SEED.published
    [strike] = enriched[1]["events"]
    assert strike["cameo_code"] == "195"


def test_same_input_gives_byte_identical_output(enricher: Enricher) -> None:
    first = orjson.dumps(enrich_articles(enricher, [SEED, *OTHERS]))
    second = orjson.dumps(enrich_articles(enricher, [SEED, *OTHERS]))
    assert first == second
    alone = enrich_articles(enricher, [OTHERS[2]])[0]
    assert orjson.dumps(alone) == orjson.dumps(enrich_articles(enricher, [SEED, OTHERS[2]])[1])


def test_empty_batch(enricher: Enricher) -> None:
    assert enrich_articles(enricher, []) == []


def test_a_text_parsed_in_pieces_gives_the_same_entities_and_events(nlp: Language) -> None:
    whole = Enricher(Settings(nlp_piece_chars=len(SEED.text)), nlp)
    in_pieces = Enricher(Settings(nlp_piece_chars=500), nlp)
    assert len(whole.pieces(SEED.text)) == 1
    assert len(in_pieces.pieces(SEED.text)) > 3
    [record] = enrich_articles(in_pieces, [SEED])
    validate(Contract.ENRICHED_ARTICLE, record)
    assert_offsets_point_into_the_text(record)
    [reference] = enrich_articles(whole, [SEED])
    assert record["entities"] == reference["entities"]
    assert record["events"] == reference["events"]


def test_merged_pieces_are_the_doc_spacy_concatenates(nlp: Language) -> None:
    pieces = list(nlp.pipe(Enricher(Settings(nlp_piece_chars=500), nlp).pieces(SEED.text)))
    assert len(pieces) > 3
    reference = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor", "user_data"])
    doc = merged(pieces)
    assert doc.text == SEED.text
    assert doc.to_bytes() == reference.to_bytes()


# --- bad input ---------------------------------------------------------------------------


PUBLISHED = msgspec.to_builtins(OTHERS[0])  # the JSON object on the raw topic


@pytest.mark.parametrize(
    "bad",
    [
        "not an article",
        {"text": "Israel launched air strikes on Gaza."},
        {**PUBLISHED, "text": ""},
        {**PUBLISHED, "schema_version": "2.0"},
        {**PUBLISHED, "entities": []},
    ],
)
def test_bad_input_is_rejected_with_its_reason(enricher: Enricher, bad: Any) -> None:
    bad_message = InboundMessage(None, orjson.dumps(bad), SourcePosition(None, None, 1))
    outcome = enricher.process([in_process_message(0, OTHERS[1]), bad_message])
    [letter] = outcome.dead_letters
    assert (letter.source_offset, letter.stage, letter.reason) == (
        1,
        "validate",
        "schema_violation",
    )


def test_too_long_text_is_refused(nlp: Language) -> None:
    short_enricher = Enricher(Settings(max_text_chars=100), nlp)
    with pytest.raises(ArticleRejected, match=r"^article 1: validate/text_too_long: .* over 100"):
        enrich_articles(short_enricher, [OTHERS[0], SEED])


# --- corpus ------------------------------------------------------------------------------


def test_corpus_articles_enrich_to_valid_records(enricher: Enricher, shared_dir: Path) -> None:
    articles = corpus_articles(shared_dir, 24)
    records = enrich_articles(enricher, articles)
    assert len(records) == len(articles)
    assert sum(len(record["events"]) for record in records) > 0
    for record in records:
        validate(Contract.ENRICHED_ARTICLE, record)
        assert_offsets_point_into_the_text(record)
        assert_every_event_has_an_actor_and_a_trigger(record)
        assert all("\n" not in entity["name"] for entity in record["entities"])
