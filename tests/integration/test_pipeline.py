"""The whole path on the real broker: scrape -> raw topic -> Faust worker -> enriched, events."""

from __future__ import annotations

import html
import subprocess
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import orjson
import pytest
from kafka import KafkaProducer

from newsstream.common.articles import build_raw_article
from newsstream.common.records import RawArticle, encode
from newsstream.common.schemas import Contract
from newsstream.common.settings import Settings
from newsstream.fixturesite.server import FixtureSite, serve_in_thread

from processes import (
    NEWSSTREAM,
    REPO_ROOT,
    MergerProcess,
    WorkerProcess,
    delete_merger_topics,
    free_port,
    settings_env,
)
from support import (
    RawRecord,
    TopicCollector,
    assert_valid,
    committed_offsets,
    news_articles,
    read_bytes_to_end,
    read_to_end,
    read_topic,
    wait_until_committed,
)

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


@dataclass(frozen=True)
class DemoRun:
    worker: WorkerProcess
    scrape: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def demo_run(module_worker: WorkerProcess) -> DemoRun:
    """The demo articles (the seed among them) scraped once into one worker's fresh topics;
    the two tests below read what the worker made of them."""
    return DemoRun(module_worker, scrape(module_worker.settings, REPO_ROOT / "demo" / "articles"))


def test_demo_articles_flow_through_the_pipeline(demo_run: DemoRun) -> None:
    worker = demo_run.worker
    settings = worker.settings
    result = demo_run.scrape
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
    wait_until_committed(settings, settings.worker_app_id, settings.topic_raw)
    assert read_to_end(settings, settings.topic_deadletter) == []


def test_seed_article_yields_its_people_places_and_organisations(demo_run: DemoRun) -> None:
    settings = demo_run.worker.settings
    assert demo_run.scrape.returncode == 0
    # The seed is the only plain-text page of the demo articles: its raw article says so.
    assert [p.suffix for p in demo_inputs()].count(".txt") == 1
    expected = len(demo_inputs())
    raw = read_topic(settings, settings.topic_raw, expected=expected)
    [seed_key] = [key for key, article in raw if article["input_kind"] == "text"]
    enriched = read_topic(settings, settings.topic_enriched, expected=expected)
    [record] = [record for key, record in enriched if key == seed_key]
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


# Two outlets' reports of one meeting, in their own words: each outlet is a fixture site of its
# own, on its own loopback address (the merger counts an outlet by the host of the address).
OUTLETS = ("127.0.0.1", "127.0.0.2")
MEETING_REPORTS = (
    (
        "scholz-macron-paris.html",
        "Scholz and Macron meet in Paris to discuss Ukraine",
        (
            "PARIS - German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris "
            "on {day} to discuss support for Ukraine.",
            "The two leaders spoke for more than two hours at the Elysee Palace, according to "
            "officials in both capitals. They discussed the delivery of air defence systems and "
            "the financing of a European fund for military aid.",
            "Economists expect the fund to reach about five billion euros by the end of the year. "
            "Its rules are still being negotiated in Brussels.",
        ),
    ),
    (
        "macron-hosts-scholz.html",
        "Macron hosts Scholz for talks on Ukraine aid",
        (
            "BERLIN - French President Emmanuel Macron hosted German Chancellor Olaf Scholz for "
            "talks in Paris on {day}, officials said.",
            "The meeting came a week before a summit of European Union leaders in Brussels. Aid "
            "for Ukraine and the cost of energy were at the top of the agenda, a government "
            "spokesman said.",
            "Farmers' organisations have planned protests in several cities ahead of the summit.",
        ),
    ),
)
MEETING_PARTIES = {"Olaf Scholz", "Emmanuel Macron"}
MERGE_TIMEOUT_S = 90


def news_page(title: str, paragraphs: tuple[str, ...], published: str) -> str:
    body = "".join(f"<p>{html.escape(paragraph)}</p>\n" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{html.escape(title)}</title>'
        f'<meta property="article:published_time" content="{published}"></head>\n'
        f"<body><article><h1>{html.escape(title)}</h1>\n{body}</article></body></html>\n"
    )


@contextmanager
def outlet_sites(folder: Path) -> Iterator[list[str]]:
    """Each meeting report on the fixture site of its own outlet; the two pages' addresses.
    Dated two hours ago, the reports tell of a meeting the day before, whatever the weekday
    today: a meeting more than the merge horizon behind the newest news (the demo site's
    stories are dated about now) would come too late to merge."""
    published = datetime.now(UTC) - timedelta(hours=2)
    day = f"{published - timedelta(days=1):%A}"
    with ExitStack() as stack:
        urls = []
        for outlet, (slug, title, paragraphs) in zip(OUTLETS, MEETING_REPORTS, strict=True):
            pages = folder / outlet
            pages.mkdir(parents=True)
            text = tuple(paragraph.format(day=day) for paragraph in paragraphs)
            page = news_page(title, text, published.isoformat(timespec="seconds"))
            (pages / slug).write_text(page, "utf-8")
            site_url = stack.enter_context(serve_in_thread(FixtureSite(pages), host=outlet))
            urls.append(f"{site_url}/articles/{slug}")
        yield urls


def is_the_meeting(record: dict) -> bool:
    parties = {record["actor"]["name"], record["target"]["name"]}
    return record["event_root_code"] == "04" and parties == MEETING_PARTIES


def test_two_outlets_reports_of_a_meeting_become_one_merged_event(
    demo_run: DemoRun, tmp_path: Path
) -> None:
    """Scraped from two outlets, enriched by the worker and merged by the merger: one record
    for the meeting on the merged topic, with two articles from two sources. The module's
    worker and topics are shared with the demo articles, whose events the merger merges too."""
    settings = demo_run.worker.settings.model_copy(
        update={
            "fetch_allowed_networks": ",".join(f"{outlet}/32" for outlet in OUTLETS),
            "fetch_per_host_delay_s": 0.0,
            "scraper_state_dir": tmp_path / "scraper",
            "merger_web_port": free_port(),
            "merger_datadir": tmp_path / "merger",
        }
    )
    try:
        with (
            TopicCollector(settings, settings.topic_merged) as merged,
            MergerProcess(settings, tmp_path / "merger.log") as merger,
            outlet_sites(tmp_path / "outlets") as urls,
        ):
            result = scrape(settings, *urls)
            assert result.returncode == 0, result.stderr
            records = merged.wait_until(
                lambda records: any(
                    is_the_meeting(record) and record["num_articles"] == 2 for _, record in records
                ),
                MERGE_TIMEOUT_S,
                merger.log_tail,
            )
    finally:
        delete_merger_topics(settings)
    meeting = [(key, record) for key, record in records if is_the_meeting(record)]
    assert len({key for key, _ in meeting}) == 1, meeting
    final = meeting[-1][1]
    assert_valid(Contract.MERGED_EVENT, final)
    assert (final["num_articles"], final["num_sources"]) == (2, 2)
    assert final["source_url"] in urls


GERMAN_TEXT = (
    "Bundeskanzler Olaf Scholz hat am Dienstag in Berlin den französischen Präsidenten "
    "Emmanuel Macron empfangen. Die beiden sprachen über die Lage in der Ukraine."
)
GOOD_AROUND_POISON = 24
POISON_TIMEOUT_S = 90
# Faust's counts of the rebalances a worker went through, and of those in progress.
REBALANCES_DONE = "newsstream_faust_rebalance_done_consumer_latency_count"
REBALANCES_IN_PROGRESS = "newsstream_faust_total_rebalances"
# The replay test: the group drops a killed worker after the broker's shortest session timeout;
# the first worker's commit interval is longer than the test.
REPLAY_SESSION_TIMEOUT_S = 6.0
NEVER_WITHIN_TEST_S = 3600.0
REPLAY_TIMEOUT_S = 120


def send_raw(settings: Settings, messages: list[tuple[bytes | None, bytes | None]]) -> None:
    producer = KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        max_request_size=settings.max_message_bytes,
        compression_type="gzip",
    )
    for key, value in messages:
        producer.send(settings.topic_raw, key=key, value=value)
    producer.flush()
    producer.close()


def rebalances(worker: WorkerProcess) -> tuple[float, float]:
    """The rebalances the worker completed, and those in progress (-1 when not reported)."""
    done = worker.samples(REBALANCES_DONE).get((), -1.0)
    return done, worker.samples(REBALANCES_IN_PROGRESS).get((), -1.0)


def keyed(articles: list[RawArticle]) -> list[tuple[bytes | None, bytes | None]]:
    return [(article.id.encode(), encode(article)) for article in articles]


def test_bad_messages_go_to_the_dead_letter_topic_and_good_ones_still_flow(
    worker: WorkerProcess,
) -> None:
    settings = worker.settings
    before = news_articles(GOOD_AROUND_POISON, f"{settings.worker_app_id}-before")
    after = news_articles(GOOD_AROUND_POISON, f"{settings.worker_app_id}-after")
    good = msgspec.to_builtins(before[0])  # the JSON object, to spoil
    ten_megabytes = {**good, "text": "word " * (2 * 1024 * 1024)}
    # key, value, stage, reason
    poison: list[tuple[bytes | None, bytes | None, str, str]] = [
        (b"k1", b"this is not json", "decode", "invalid_json"),
        (b"k2", b"\xff\xfe\x00garbage", "decode", "invalid_utf8"),
        (b"k3", bytes(range(256)) * 64, "decode", "invalid_utf8"),  # binary garbage
        (b"k4", b'{"text": "caf\xe9 au lait"}', "decode", "invalid_utf8"),
        (b"k5", b"[1, 2, 3]", "validate", "schema_violation"),
        (b"k6", orjson.dumps({**good, "text": 42}), "validate", "schema_violation"),
        (b"k7", orjson.dumps({"text": "only a text"}), "validate", "schema_violation"),
        (b"k8", orjson.dumps({**good, "text": ""}), "validate", "schema_violation"),
        (b"k9", orjson.dumps(ten_megabytes), "validate", "text_too_long"),
        (b"k10", None, "decode", "null_value"),
        (None, b"{broken", "decode", "invalid_json"),
    ]
    german = build_raw_article(GERMAN_TEXT, input_kind="json", url="https://example.de/scholz")
    unkeyed = build_raw_article("Angela Merkel met Emmanuel Macron in Berlin.", input_kind="json")

    done, in_progress = rebalances(worker)
    assert done >= 1 and in_progress == 0, (done, in_progress)  # its first assignment
    send_raw(settings, keyed(before))
    read_topic(settings, settings.topic_enriched, expected=len(before))
    send_raw(
        settings,
        [(key, value) for key, value, _, _ in poison]
        + [(german.id.encode(), encode(german)), (None, encode(unkeyed))]
        + keyed(after),
    )
    good_ids = {a.id for a in [*before, *after, german, unkeyed]}
    # Once every message is processed and its outputs acknowledged, the topics are read to
    # their end: one enriched record per good message, one dead letter per bad one, no more.
    wait_until_committed(settings, settings.worker_app_id, settings.topic_raw, POISON_TIMEOUT_S)
    enriched = read_to_end(settings, settings.topic_enriched)
    assert Counter(key for key, _ in enriched) == Counter(good_ids), worker.log_tail()
    # The poison did not hold the partitions up: the worker kept them all along (a restart, or
    # a stall long enough for the group to drop the worker, would have rebalanced the group).
    assert rebalances(worker) == (done, 0)

    letters = read_to_end(settings, settings.topic_deadletter)
    assert len(letters) == len(poison), worker.log_tail()
    assert {(letter["source_key"], letter["stage"], letter["reason"]) for _, letter in letters} == {
        (key.decode() if key else None, stage, reason) for key, _, stage, reason in poison
    }
    for _, letter in letters:
        assert_valid(Contract.DEADLETTER, letter)
        assert letter["error"]

    # Counted, and no replay: the worker consumed every message once, without a restart.
    counted = worker.samples("newsstream_enricher_deadletters_total")
    expected_counts = Counter(
        (("reason", reason), ("stage", stage)) for _, _, stage, reason in poison
    )
    assert {labels: n for labels, n in counted.items() if n} == expected_counts
    consumed = worker.samples("newsstream_enricher_articles_consumed_total")
    assert consumed == {(): len(good_ids) + len(poison)}
    assert worker.process is not None and worker.process.poll() is None


def articles_done(worker: WorkerProcess, expected: int) -> bool:
    """The worker took ``expected`` raw messages and the broker acknowledged all their outputs."""
    consumed = worker.samples("newsstream_enricher_articles_consumed_total")
    in_flight = worker.samples("newsstream_enricher_in_flight_messages")
    return consumed == {(): expected} and in_flight == {(): 0}


def wait_until_done(worker: WorkerProcess, expected: int) -> None:
    deadline = time.monotonic() + REPLAY_TIMEOUT_S
    while not articles_done(worker, expected):
        assert time.monotonic() < deadline, worker.log_tail()
        time.sleep(0.5)


def assert_written_twice_identically(records: list[RawRecord], keys: set[str]) -> None:
    """Each key has two records (the first run's and the replay's), with the same bytes."""
    copies: dict[str | None, list[bytes]] = defaultdict(list)
    for key, value in records:
        copies[key].append(value)
    assert set(copies) == keys
    assert {key: len(values) for key, values in copies.items()} == dict.fromkeys(keys, 2)
    differing = [key for key, (first, replayed) in copies.items() if first != replayed]
    assert not differing, f"a replay rewrote different bytes under {differing[:5]}"


def test_a_worker_killed_before_its_commit_replays_and_rewrites_identical_records(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    """The first worker commits no offset (its commit interval is an hour): it is SIGKILLed once
    the broker acknowledged every output, so its successor must process every message again."""
    settings = pipeline_settings.model_copy(
        update={
            "scraper_state_dir": tmp_path / "state",
            "worker_session_timeout_s": REPLAY_SESSION_TIMEOUT_S,
            "worker_heartbeat_interval_s": 1.0,
        }
    )
    uncommitting = settings.model_copy(update={"worker_commit_interval_s": NEVER_WITHIN_TEST_S})
    group, log = settings.worker_app_id, tmp_path / "worker.log"
    expected = len(demo_inputs())

    with WorkerProcess(uncommitting, log) as first:
        assert scrape(settings, REPO_ROOT / "demo" / "articles").returncode == 0
        wait_until_done(first, expected)
        first.kill()
    committed = committed_offsets(settings, group, settings.topic_raw)
    assert set(committed.values()) == {None}, f"committed before the kill: {committed}"

    with WorkerProcess(settings, log) as successor:
        wait_until_committed(settings, group, settings.topic_raw, REPLAY_TIMEOUT_S)
        assert articles_done(successor, expected), successor.log_tail()  # all processed again

    raw_keys = {key for key, _ in read_to_end(settings, settings.topic_raw)}
    assert len(raw_keys) == expected and None not in raw_keys
    enriched = read_bytes_to_end(settings, settings.topic_enriched)
    assert_written_twice_identically(enriched, raw_keys)
    event_keys = {event["id"] for _, value in enriched for event in orjson.loads(value)["events"]}
    assert event_keys, "the demo articles should give events"
    assert_written_twice_identically(read_bytes_to_end(settings, settings.topic_events), event_keys)
    assert read_to_end(settings, settings.topic_deadletter) == []
