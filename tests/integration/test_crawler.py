"""The crawler against the fixture news site and the real broker (issue 3's acceptance).

The fixture site runs in this process (so the test reads what it saw); the scraper runs as
the `newsstream scrape` command, stopped and started again between its two runs.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from newsstream.common.articles import build_raw_article
from newsstream.common.kafka.producer import create_producer
from newsstream.common.schemas import Contract
from newsstream.common.settings import KillMoment, Settings
from newsstream.fixturesite.server import FixtureSite, serve_in_thread
from newsstream.ingestion.sourcesfile import sources_from_arguments
from newsstream.scraper.deduplication import Deduplicator, minhash, signature_bytes
from newsstream.scraper.publish import ArticlePublisher
from newsstream.scraper.service import run_scrape
from newsstream.scraper.state import CrawlState, Remembered, state_path

from conftest import DEMO_ARTICLES, SHARED
from processes import (
    NEWSSTREAM,
    REPO_ROOT,
    free_port,
    newsstream_running,
    settings_env,
    start_newsstream,
)
from support import TopicCollector, assert_valid, corrupt_gzip, read_to_end

pytestmark = pytest.mark.integration

CORPUS = SHARED / "corpus"
PER_HOST_LIMIT = 3
SLOW_S = 6.0
# The outcome each misbehaving address must end with, as the scraper reports it.
EXPECTED_FAILURES = {
    "/misbehaving/slow": "timeout",
    "/misbehaving/error": "http_error",
    "/misbehaving/oversized": "too_large",
    "/misbehaving/gzip-bomb": "too_large",
    "/misbehaving/redirect-loop": "too_many_redirects",
    "/private/exclusive.html": "robots_disallowed",
}
EXPECTED_FETCH_OUTCOMES = {
    "timeout",
    "http_error",
    "too_large",
    "too_many_redirects",
    "robots_disallowed",
    "ok",
}
RUN_TIMEOUT_S = 240
# What each hostile address of the fixture site must end with, as the scraper reports it.
HOSTILE_OUTCOMES = {
    "/hostile/deep-nesting": "no article text",
    "/hostile/huge-attribute": "extraction_timeout",
    "/hostile/tiny-elements": "extraction_timeout",
    "/hostile/to-metadata": "blocked_address",
    "/hostile/to-loopback": "blocked_address",
    "/feeds/entity-bomb.xml": "XML entities or external references refused",
    "/feeds/external-entity.xml": "XML entities or external references refused",
    "/feeds/malformed.xml": "not an RSS/Atom feed",
    "/sitemaps/malformed.xml": "not a sitemap",
    "/sitemaps/bomb.xml.gz": "larger than",
}
# The scraper is SIGKILLed once a fifth of the stories is published; with fewer stories than
# FEW_STORIES (the demo pages), each host's fetches start FEW_STORIES_DELAY_S apart.
KILL_AFTER_SHARE = 5
FEW_STORIES = 50
FEW_STORIES_DELAY_S = 1.0
SOURCES_IN_FIRST_RUN = 3
# Where the crash tests SIGKILL a scrape of the six demo pages: the number of the send in the
# run (the first, a middle one, the last) and the moment around it (see KillPoint).
KILL_POINTS: list[tuple[int, KillMoment]] = [
    (1, "before_send"),
    (1, "after_ack"),
    (3, "before_send"),
    (3, "before_ack"),
    (3, "after_ack"),
    (6, "before_ack"),
    (6, "after_ack"),
]
IN_DOUBT_SETTLED = re.compile(r"(\d+) articles in doubt: (\d+) already in the topic")


def pages_folder() -> Path:
    """All of ../shared/corpus when it is there, else the demo pages."""
    return CORPUS if (CORPUS / "index.jsonl").is_file() else DEMO_ARTICLES


@pytest.fixture
def site() -> Iterator[tuple[FixtureSite, str]]:
    fixture = FixtureSite(pages_folder(), slow_s=SLOW_S, oversized_bytes=12 * 1024 * 1024)
    fixture.released = len(fixture.stories) // 2
    with serve_in_thread(fixture) as base_url:
        yield fixture, base_url


def crawl_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(
        update={
            "fetch_allowed_networks": "127.0.0.1/32",
            "fetch_per_host_concurrency": PER_HOST_LIMIT,
            "fetch_per_host_delay_s": 0.0,
            "fetch_retries": 2,
            "fetch_backoff_s": 0.2,
            "http_timeout_s": 3.0,
            "max_body_bytes": 4 * 1024 * 1024,
            "max_decoded_bytes": 16 * 1024 * 1024,
            "scraper_state_dir": tmp_path / "state",
        }
    )


def sources_file(path: Path, base_url: str, *feeds: str) -> Path:
    """News feed and sitemap, plus the named feeds of the site."""
    lines = [
        "defaults: {interval: 3600, tags: {outlet: Fixture News}}",
        "sources:",
        f"  - {{name: news, feed: {base_url}/feeds/news.xml, tags: {{region: world}}}}",
        f"  - {{name: sitemap, sitemap: {base_url}/sitemap.xml}}",
        *(f"  - {{name: {feed}, feed: {base_url}/feeds/{feed}.xml}}" for feed in feeds),
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def scrape_once(settings: Settings, sources: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWSSTREAM, "scrape", "--sources", str(sources)],
        env=settings_env(settings),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )


def scrape_demo_pages(settings: Settings) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWSSTREAM, "scrape", str(DEMO_ARTICLES)],
        env=settings_env(settings),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )


def fetch_outcomes(metrics_url: str) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    for family in text_string_to_metric_families(httpx.get(metrics_url, timeout=5).text):
        for sample in family.samples:
            if sample.name == "newsstream_scraper_fetches_total":
                outcomes[sample.labels["outcome"]] += int(sample.value)
    return outcomes


def scrape_following_until_polled(settings: Settings, sources: Path, log: Path) -> Counter[str]:
    """Run `scrape --follow` until the first poll of every source is over, check its
    readiness, stop it with SIGTERM; the fetch outcomes its metrics counted."""
    base = f"http://127.0.0.1:{settings.scraper_metrics_port}"
    scrape = ["scrape", "--sources", str(sources), "--follow"]
    with newsstream_running(settings, scrape, log, stop_timeout_s=60) as process:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while log.read_text().count(": new articles ") < SOURCES_IN_FIRST_RUN:
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        assert httpx.get(f"{base}/readyz", timeout=10).status_code == 200
        outcomes = fetch_outcomes(f"{base}/metrics")
    assert process.returncode == 0, log.read_text()
    return outcomes


def test_two_runs_with_a_restart_publish_every_distinct_article_once(
    pipeline_settings: Settings, site: tuple[FixtureSite, str], tmp_path: Path
) -> None:
    fixture, base_url = site
    settings = crawl_settings(pipeline_settings, tmp_path)
    first_sources = sources_file(tmp_path / "first.yaml", base_url, "misbehaving")
    # The copies of the first story (tracking parameters, re-published) come up later, so
    # the original is the one published.
    second_sources = sources_file(tmp_path / "second.yaml", base_url, "misbehaving", "syndication")

    outcomes = scrape_following_until_polled(settings, first_sources, tmp_path / "first.log")
    first_log = (tmp_path / "first.log").read_text()
    fixture.release()  # the second half of the stories appears while the scraper is down
    second = scrape_once(settings, second_sources)
    assert second.returncode == 1, second.stderr  # the misbehaving endpoints failed again
    assert "scrape: new articles" in second.stderr
    logs = first_log + second.stderr

    story_urls = {f"{base_url}/articles/{story.slug}" for story in fixture.stories}
    failed = {url for url in story_urls if f"error: {url}: " in logs}
    assert len(failed) <= len(story_urls) // 50, sorted(failed)  # pages without article text
    expected = len(story_urls - failed) + 2  # and the throttled and wrong-charset stories
    published = read_to_end(settings, settings.topic_raw)
    assert len(published) == expected

    keys = Counter(key for key, _ in published)
    assert max(keys.values()) == 1, [key for key, count in keys.items() if count > 1]
    urls = Counter(article["url"] for _, article in published)
    assert max(urls.values()) == 1
    assert set(urls) == (story_urls - failed) | {
        f"{base_url}/misbehaving/throttled",
        f"{base_url}/misbehaving/wrong-charset",
    }
    for key, article in published:
        assert_valid(Contract.RAW_ARTICLE, article)
        assert key == article["id"] and article["tags"]["outlet"] == "Fixture News"

    # the tracking-parameter variant and the near duplicate were not published
    assert not any("utm_" in url or "/republished/" in url for url in urls)
    assert re.search(r"/republished/\S+: duplicate \(near\)", logs), logs[-3000:]
    # robots.txt was read and obeyed
    assert fixture.stats.requests["/robots.txt"] >= 1
    assert not any(path.startswith("/private/") for path in fixture.stats.requests)
    # no host saw more concurrent requests than its limit (and the limit was reached)
    assert max(fixture.stats.max_in_flight.values()) == PER_HOST_LIMIT
    # every misbehaving endpoint ended with its outcome, logged and counted
    for path, outcome in EXPECTED_FAILURES.items():
        assert f"error: {base_url}{path}: {outcome}: " in first_log, (path, first_log[-3000:])
    assert {name for name, count in outcomes.items() if count} >= EXPECTED_FETCH_OUTCOMES
    [first_try, retry] = fixture.stats.request_times["/misbehaving/throttled"][:2]
    assert retry - first_try >= 1.0  # its Retry-After was honoured
    wrong_charset = next(a for _, a in published if a["url"].endswith("/wrong-charset"))
    assert "Café owners in Saint-Étienne" in wrong_charset["title"]
    assert "José Müller" in wrong_charset["text"]


def test_articles_are_spooled_while_the_broker_is_down_and_sent_later(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    settings = pipeline_settings.model_copy(
        update={"scraper_state_dir": tmp_path / "state", "publish_timeout_s": 2.0}
    )
    down = settings.model_copy(update={"bootstrap_servers": f"127.0.0.1:{free_port()}"})

    first = scrape_demo_pages(down)
    assert first.returncode == 1
    assert "6 articles kept in the spool" in first.stderr, first.stderr

    second = scrape_demo_pages(settings)
    assert second.returncode == 0, second.stderr
    assert "new articles 0, duplicates skipped 6" in second.stderr
    published = read_to_end(settings, settings.topic_raw)
    assert len(published) == 6
    assert len({key for key, _ in published}) == 6
    assert any(article["source"] == "Bloomberg" for _, article in published)


def failed_story_urls(logs: str, story_urls: set[str]) -> set[str]:
    """Stories the scraper reported as failed (pages without article text)."""
    return {url for url in story_urls if f"error: {url}: " in logs}


def kill_test_settings(settings: Settings, tmp_path: Path, stories: int) -> Settings:
    """Crawl settings for the SIGKILL test. With the few demo stories (no ../shared), the
    fetches are spaced out so that the kill lands in the middle of the run."""
    crawl = crawl_settings(settings, tmp_path)
    if stories >= FEW_STORIES:
        return crawl
    return crawl.model_copy(update={"fetch_per_host_delay_s": FEW_STORIES_DELAY_S})


def test_a_scraper_killed_mid_run_and_restarted_publishes_every_article_once(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    fixture = FixtureSite(pages_folder())
    settings = kill_test_settings(pipeline_settings, tmp_path, len(fixture.stories))
    kill_after = max(1, len(fixture.stories) // KILL_AFTER_SHARE)
    first_log = tmp_path / "first.log"
    with (
        serve_in_thread(fixture) as base_url,
        TopicCollector(settings, settings.topic_raw) as raw,
    ):
        sources = sources_file(tmp_path / "sources.yaml", base_url)
        first = start_newsstream(settings, ["scrape", "--sources", str(sources)], first_log)
        try:
            raw.wait_until(lambda records: len(records) >= kill_after, RUN_TIMEOUT_S)
        finally:
            first.kill()
            first.wait()
        story_urls = {f"{base_url}/articles/{story.slug}" for story in fixture.stories}
        assert len(raw.records) < len(story_urls) // 2, "killed too late"

        second = scrape_once(settings, sources)
        assert "scrape: new articles" in second.stderr, second.stderr
        expected = story_urls - failed_story_urls(first_log.read_text() + second.stderr, story_urls)
        assert len(expected) >= len(story_urls) * 0.98
        published = raw.wait_until(
            lambda records: {article["url"] for _, article in records} >= expected,
            30,
            lambda: second.stderr[-3000:],
        )

    keys = Counter(key for key, _ in published)
    assert max(keys.values()) == 1, [key for key, count in keys.items() if count > 1]
    assert sorted(article["url"] for _, article in published) == sorted(expected)


def test_articles_in_doubt_are_looked_up_in_the_topic_before_they_are_sent_again(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    """A scraper crashed after writing two articles ahead: the broker got one of them."""
    settings = pipeline_settings.model_copy(update={"scraper_state_dir": tmp_path / "state"})
    delivered, lost = (
        build_raw_article(f"{text} was reported on Monday.", input_kind="json", url=url)
        for text, url in (("A flood", "https://a.example/flood"), ("A fire", "https://a.example/f"))
    )
    producer = create_producer(settings)
    producer.send(settings.topic_raw, key=delivered.id, value=delivered).get(timeout=30)
    producer.close()
    state = CrawlState.open(state_path(settings.scraper_state_dir, settings.topic_raw), 3600)
    for article in (delivered, lost):
        signature = signature_bytes(minhash(article.text))
        remembered = Remembered(article.id, article.content_hash, signature, ())
        state.spool([article], [remembered], sent_at=time.time() - 5)

    async def drain() -> bool:
        async with ArticlePublisher(settings, state, Deduplicator(state, 0.7)) as publisher:
            return await publisher.drain_spool()

    try:
        assert asyncio.run(drain())
        assert state.spool_size() == 0
    finally:
        state.close()
    published = read_to_end(settings, settings.topic_raw)
    assert sorted(key for key, _ in published) == sorted([delivered.id, lost.id])


def articles_in_doubt(settings: Settings) -> set[str]:
    """The spooled articles a run sent without learning whether the broker has them."""
    state = CrawlState.open(state_path(settings.scraper_state_dir, settings.topic_raw), 3600)
    try:
        return set(state.in_doubt())
    finally:
        state.close()


@pytest.mark.parametrize(("send", "moment"), KILL_POINTS)
def test_a_scraper_killed_around_a_send_and_restarted_publishes_every_article_once(
    pipeline_settings: Settings, tmp_path: Path, send: int, moment: KillMoment
) -> None:
    """SIGKILLed by its test hook before the chosen article is handed to the producer, while
    it is in flight, or once the broker acknowledged it: the next run looks the articles in
    doubt up in the topic, sends those it lacks, and the topic holds each article once."""
    settings = pipeline_settings.model_copy(update={"scraper_state_dir": tmp_path / "state"})
    crashing = settings.model_copy(
        update={"scraper_kill_at_send": send, "scraper_kill_moment": moment}
    )
    pages = [path for path in DEMO_ARTICLES.iterdir() if path.suffix != ".md"]

    killed = scrape_demo_pages(crashing)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    in_doubt = articles_in_doubt(settings)
    held = {key for key, _ in read_to_end(settings, settings.topic_raw)}
    assert len(in_doubt) >= 1 and len(in_doubt | held) >= send
    if moment == "before_send":
        assert in_doubt - held, "the chosen article should not have reached the broker"
    if moment == "after_ack":
        assert in_doubt & held, "the chosen article should be in the topic, in doubt"

    restarted = scrape_demo_pages(settings)
    assert restarted.returncode == 0, restarted.stderr[-3000:]
    published = read_to_end(settings, settings.topic_raw)
    keys = Counter(key for key, _ in published)
    assert max(keys.values()) == 1, [key for key, count in keys.items() if count > 1]
    assert len(keys) == len(pages), f"{len(keys)} of the {len(pages)} articles published"
    assert in_doubt | held <= set(keys)
    # It was the look-up that settled the articles in doubt: it found those the topic held.
    settled = IN_DOUBT_SETTLED.search(restarted.stderr)
    assert settled, restarted.stderr[-3000:]
    doubted, found = map(int, settled.groups())
    assert (doubted, found) == (len(in_doubt), len(in_doubt & held))


def test_hostile_pages_feeds_and_sitemaps_are_reported_and_the_run_completes(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    fixture = FixtureSite(DEMO_ARTICLES)
    fixture.build_hostile_documents()
    settings = crawl_settings(pipeline_settings, tmp_path).model_copy(
        update={"max_body_bytes": 16 * 1024 * 1024, "extraction_timeout_s": 2.0}
    )
    with serve_in_thread(fixture) as base_url:
        documents = [path for path in HOSTILE_OUTCOMES if not path.startswith("/hostile/")]
        lines = [
            "sources:",
            f"  - {{feed: {base_url}/feeds/news.xml}}",
            f"  - {{feed: {base_url}/feeds/hostile.xml}}",
            *(
                f"  - {{{'sitemap' if 'sitemap' in path else 'feed'}: {base_url}{path}}}"
                for path in documents
            ),
        ]
        sources = tmp_path / "hostile.yaml"
        sources.write_text("\n".join(lines) + "\n")
        run = scrape_once(settings, sources)

    # The slow pages end at the extraction limit (their outcome says so below), not after the
    # minutes trafilatura would take on them.
    assert run.returncode == 1, run.stderr
    errors = dict(re.findall(r"^error: (\S+): (.*)$", run.stderr, re.MULTILINE))
    for path, outcome in HOSTILE_OUTCOMES.items():
        assert outcome in errors.get(f"{base_url}{path}", ""), (path, run.stderr[-3000:])
    assert f"new articles {len(fixture.stories)}," in run.stderr
    published = read_to_end(settings, settings.topic_raw)
    assert len(published) == len(fixture.stories)
    assert {article["url"] for _, article in published} == {
        f"{base_url}/articles/{story.slug}" for story in fixture.stories
    }


def test_unreadable_files_are_input_errors_and_the_folder_is_read_on(
    pipeline_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only a page without an article counts as an extraction failure; a feed file that
    cannot be read is reported, and the files after it are still read."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "0-corrupt-feed.xml.gz").write_bytes(corrupt_gzip(b"<rss>" + b" " * 5000))
    shutil.copy(next(DEMO_ARTICLES.glob("*.html.gz")), folder / "article.html.gz")
    (folder / "no-article.html").write_text("<html><body><nav>Home</nav></body></html>")
    (folder / "not-gzip.html.gz").write_bytes(b"these bytes were never compressed")
    settings = crawl_settings(pipeline_settings, tmp_path)
    failures = "newsstream_scraper_extraction_failures_total"
    failures_before = REGISTRY.get_sample_value(failures) or 0.0

    status = run_scrape(
        sources_from_arguments([str(folder)], page_url=None, interval_s=60.0),
        follow=False,
        settings=settings,
    )

    errors = capsys.readouterr().err
    assert status == 1
    assert f"error: {folder / '0-corrupt-feed.xml.gz'}: cannot read file" in errors
    assert f"error: {folder / 'not-gzip.html.gz'}: cannot read file" in errors
    assert f"error: {folder / 'no-article.html'}: " in errors
    assert "new articles 1," in errors
    assert REGISTRY.get_sample_value(failures) == failures_before + 1
