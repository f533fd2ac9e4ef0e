"""The whole path on the real broker: scrape -> raw topic -> Faust worker -> enriched, events."""

from __future__ import annotations

import subprocess
from pathlib import Path

import orjson
import pytest
from kafka import KafkaProducer

from newsstream.common.articles import build_raw_article
from newsstream.common.schemas import Contract
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher

from conftest import NEWSSTREAM, REPO_ROOT, WorkerProcess, settings_env
from support import assert_valid, read_topic

pytestmark = pytest.mark.integration

SEED_TITLE = "Vladimir Putin, Donald Trump back Syria peace plans during brief APEC meeting"
SEED_ENTITIES = {
    "Vladimir Putin": {"PERSON"},
    "Donald Trump": {"PERSON"},
    "Bashar el-Assad": {"PERSON"},
    "Sergei Lavrov": {"PERSON"},
    "Rex Tillerson": {"PERSON"},
    "Syria": {"GPE", "LOC"},
    "Russia": {"GPE", "LOC"},
    "Vietnam": {"GPE", "LOC"},
    "Danang": {"GPE", "LOC"},
    "APEC": {"ORG"},
    "Islamic State": {"ORG"},
    "United Nations": {"ORG"},
}


def scrape(settings: Settings, *sources: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWSSTREAM, "scrape", *map(str, sources)],
        env=settings_env(settings),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def demo_inputs() -> list[Path]:
    return sorted(p for p in (REPO_ROOT / "demo" / "articles").iterdir() if p.suffix != ".md")


def test_demo_articles_flow_through_the_pipeline(worker: WorkerProcess) -> None:
    settings = worker.settings
    result = scrape(settings, REPO_ROOT / "demo" / "articles")
    assert result.returncode == 0, result.stderr
    expected = len(demo_inputs())

    raw = read_topic(settings, settings.topic_raw, expected=expected)
    enriched = read_topic(settings, settings.topic_enriched, expected=expected)
    assert len(raw) == expected and len(enriched) == expected, worker.log_tail()

    for key, record in enriched:
        assert_valid(Contract.ENRICHED_ARTICLE, record)
        assert key == record["id"]
    assert {key for key, _ in raw} == {key for key, _ in enriched}

    expected_events = sum(len(record["events"]) for _, record in enriched)
    events = read_topic(settings, settings.topic_events, expected=expected_events)
    assert len(events) == expected_events
    for key, event in events:
        assert_valid(Contract.EVENT, event)
        assert key == event["id"]
    assert read_topic(settings, settings.topic_deadletter, expected=1, timeout_s=3) == []


def test_seed_article_yields_its_people_places_and_organisations(worker: WorkerProcess) -> None:
    settings = worker.settings
    seed = next(p for p in demo_inputs() if p.suffix == ".txt")
    assert scrape(settings, seed).returncode == 0

    [(_, record)] = read_topic(settings, settings.topic_enriched, expected=1)
    assert record["title"] == SEED_TITLE
    assert record["authors"] == ["Ilya Arkhipov"]
    assert record["source"] == "Bloomberg"
    for boilerplate in (
        "feature is currently unavailable",
        "Advertisement",
        "Most Viewed",
        "Loading",
        "This was published",
    ):
        assert boilerplate not in record["text"]

    names = [entity["name"] for entity in record["entities"]]
    for name, labels in SEED_ENTITIES.items():
        assert names.count(name) == 1, f"{name} should appear once in {names}"
        entity = next(e for e in record["entities"] if e["name"] == name)
        assert entity["label"] in labels, (name, entity["label"])
    putin = next(e for e in record["entities"] if e["name"] == "Vladimir Putin")
    assert "Putin" in {mention["text"] for mention in putin["mentions"]}
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            assert record["text"][mention["start"] : mention["end"]] == mention["text"]


def test_bad_messages_go_to_the_dead_letter_topic_and_good_ones_still_flow(
    worker: WorkerProcess,
) -> None:
    settings = worker.settings
    good = build_raw_article("Angela Merkel met Emmanuel Macron in Berlin.", input_kind="json")
    empty_text = {**good, "text": ""}
    missing_fields = {"text": "only a text"}
    too_long = {**good, "text": "word " * (settings.max_text_chars // 5 + 10)}
    poison: list[tuple[bytes | None, bytes | None, str]] = [
        (b"k1", b"this is not json", "invalid_json"),
        (b"k2", b"\xff\xfe\x00garbage", "invalid_utf8"),
        (b"k3", b"[1, 2, 3]", "schema_violation"),
        (b"k4", orjson.dumps(missing_fields), "schema_violation"),
        (b"k5", orjson.dumps(empty_text), "schema_violation"),
        (b"k6", orjson.dumps(too_long), "text_too_long"),
        (b"k7", None, "null_value"),
    ]
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    producer.send(settings.topic_raw, key=None, value=orjson.dumps(good))
    for key, value, _ in poison:
        producer.send(settings.topic_raw, key=key, value=value)
    producer.send(settings.topic_raw, key=b"after", value=orjson.dumps({**good, "id": "f" * 32}))
    producer.flush()
    producer.close()

    letters = read_topic(settings, settings.topic_deadletter, expected=len(poison))
    assert len(letters) == len(poison), worker.log_tail()
    reasons = {letter["source_key"]: letter["reason"] for _, letter in letters}
    assert reasons == {key.decode(): reason for key, _, reason in poison}
    for _, letter in letters:
        assert_valid(Contract.DEADLETTER, letter)
        assert letter["error"]
    enriched = read_topic(settings, settings.topic_enriched, expected=2)
    assert sorted(record["id"] for _, record in enriched) == sorted([good["id"], "f" * 32])


def test_replaying_raw_articles_gives_identical_records(worker: WorkerProcess) -> None:
    settings = worker.settings
    assert scrape(settings, REPO_ROOT / "demo" / "articles").returncode == 0
    expected = len(demo_inputs())
    raw = read_topic(settings, settings.topic_raw, expected=expected)
    streamed = dict(read_topic(settings, settings.topic_enriched, expected=expected))

    replayed = Enricher(settings).enrich_batch([article for _, article in raw])
    for record in replayed:
        assert orjson.dumps(record) == orjson.dumps(streamed[record["id"]])
