"""`newsstream export gdelt` on the real broker: merged events (two states of one event) and
mentions on fresh topics, and a malformed message, become one pair of files and a
lastupdate.txt; the malformed message is reported and the exit status says so. A `--follow`
run killed and started again resumes after the last interval it wrote."""

from __future__ import annotations

import hashlib
import subprocess
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest
from kafka import KafkaProducer

from newsstream.common.kafka.producer import create_producer
from newsstream.common.records import Event, EventMention, MergedEvent, encode
from newsstream.common.settings import Settings
from newsstream.exporter.columns import gdelt_stamp
from newsstream.exporter.files import MASTER_FILE_LIST

from processes import (
    NEWSSTREAM,
    REPO_ROOT,
    isolated_topics,
    newsstream_running,
    settings_env,
    start_newsstream,
    stop_process,
)
from support import event_party, meeting_event, merger_outputs

pytestmark = pytest.mark.integration

MALFORMED = b'{"schema_version": "1.0", "id": "not a merged event"'


@pytest.fixture
def export_settings(broker_settings: Settings) -> Iterator[Settings]:
    with isolated_topics(broker_settings, "export", topic_partitions=2) as settings:
        yield settings


def test_export_writes_the_topics_as_gdelt_files(export_settings: Settings, tmp_path: Path) -> None:
    outputs = merger_outputs(
        [
            meeting_event("https://www.example-news.com/2025/03/10/scholz-macron-paris"),
            meeting_event("https://paper.example.org/world/leaders-meet"),
        ],
        timestamp=1741608000.0,
    )
    producer = create_producer(export_settings, key_serializer=None, value_serializer=None)
    try:
        producer.send(export_settings.topic_merged, key=b"bad", value=MALFORMED, partition=1)
        for merged, mention in outputs:
            producer.send(
                export_settings.topic_merged, key=merged.id.encode(), value=encode(merged)
            )
            producer.send(
                export_settings.topic_mentions, key=mention.id.encode(), value=encode(mention)
            )
        producer.flush()
    finally:
        producer.close()

    out = tmp_path / "gdelt"
    result = subprocess.run(
        [*NEWSSTREAM, "export", "gdelt", "--from-beginning", "--out", str(out)],
        env=settings_env(export_settings),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1, result.stderr
    assert f"skipped {export_settings.topic_merged} partition 1 offset 0: invalid_json" in (
        result.stderr
    )
    # the articles were published at 09:00 (the events' date): GDELT's 09:00-09:15 update
    export_zip = out / "20250310091500.export.CSV.zip"
    mentions_zip = out / "20250310091500.mentions.CSV.zip"
    assert sorted(path.name for path in out.iterdir()) == [
        export_zip.name,
        mentions_zip.name,
        "lastupdate.txt",
        "masterfilelist.txt",
    ]
    with zipfile.ZipFile(export_zip) as archive:
        [row] = archive.read("20250310091500.export.CSV").decode().splitlines()
    columns = row.split("\t")
    assert len(columns) == 61
    assert columns[31:34] == ["2", "2", "2"]  # the latest state: both articles
    with zipfile.ZipFile(mentions_zip) as archive:
        assert len(archive.read("20250310091500.mentions.CSV").decode().splitlines()) == 2
    latest = (out / "lastupdate.txt").read_text().splitlines()
    assert latest == [
        f"{path.stat().st_size} {hashlib.md5(path.read_bytes()).hexdigest()} {path.name}"
        for path in (export_zip, mentions_zip)
    ]
    assert listed(out) == latest


INTERVAL_S = 2
GRACE_S = 1.0
# the held report's interval is written this long after the first run read it: after its kill
HELD_S = 8.0
Output = tuple[MergedEvent, EventMention]


def report(url: str, country: str, at: float) -> Event:
    """An article published at ``at`` (epoch seconds) on a meeting with ``country``'s leader."""
    event = meeting_event(url, date_=None, target=event_party("Leader", f"{country}GOV", country))
    published = datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")
    return msgspec.structs.replace(event, article_published=published)


def one_output(url: str, country: str, at: float) -> Output:
    [output] = merger_outputs([report(url, country, at)], timestamp=at)
    return output


def send(producer: KafkaProducer, settings: Settings, partition: int, *outputs: Output) -> None:
    for merged, mention in outputs:
        producer.send(
            settings.topic_merged, key=merged.id.encode(), value=encode(merged), partition=partition
        )
        producer.send(
            settings.topic_mentions,
            key=mention.id.encode(),
            value=encode(mention),
            partition=partition,
        )
    producer.flush()


def pair_of(at: float) -> str:
    """The stamp of the interval that holds ``at``."""
    return gdelt_stamp((int(at // INTERVAL_S) + 1) * INTERVAL_S)


def listed(out: Path) -> list[str]:
    path = out / MASTER_FILE_LIST
    return path.read_text().splitlines() if path.exists() else []


def wait_written(out: Path, stamp: str, log: Path, timeout_s: float = 15) -> None:
    """Wait until the run has listed a pair and logged it (it prints the pair's line just
    after the lists: a run stopped in between has listed a pair it never logged)."""
    deadline = time.monotonic() + timeout_s
    while not (
        any(f"{stamp}.mentions.CSV.zip" in line for line in listed(out))
        and f"{stamp}.export.CSV.zip:" in log.read_text()
    ):
        assert time.monotonic() < deadline, f"pair {stamp} not written:\n{log.read_text()}"
        time.sleep(0.1)


def rows(out: Path, kind: str, column: int) -> list[str]:
    """One column of every row of the files of ``kind`` ('export', 'mentions')."""
    values = []
    for path in sorted(out.glob(f"*.{kind}.CSV.zip")):
        with zipfile.ZipFile(path) as archive:
            [name] = archive.namelist()
            lines = archive.read(name).decode().splitlines()
        values.extend(line.split("\t")[column] for line in lines)
    return values


def test_a_killed_follow_run_resumes_after_the_last_interval_it_wrote(
    export_settings: Settings, tmp_path: Path
) -> None:
    settings = export_settings.model_copy(update={"export_grace_s": GRACE_S})
    out = tmp_path / "gdelt"
    command = ["export", "gdelt", "--follow", "--from-beginning", "--out", str(out)]
    command += ["--interval", str(INTERVAL_S)]
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    producer = create_producer(settings, key_serializer=None, value_serializer=None)
    try:
        start = time.time()
        first_report = report("https://a.example.com/1", "FRA", start)
        first = one_output("https://a.example.com/1", "FRA", start)
        send(producer, settings, 1, first)
        first_run = start_newsstream(settings, command, first_log)
        try:
            wait_written(out, pair_of(start), first_log)
            read_at = time.time()
            held = one_output("https://b.example.com/1", "GBR", read_at + HELD_S)
            # a second report of the first meeting: an update of an event written already
            _, update = merger_outputs(
                [first_report, report("https://a.example.com/2", "FRA", read_at)], read_at
            )
            written_after = one_output("https://c.example.com/1", "ITA", read_at)
            send(producer, settings, 1, update, first)  # `first` again: a redelivered copy
            send(producer, settings, 0, held, written_after)
            # its pair is written after the held report was read, from the same partitions
            wait_written(out, pair_of(read_at), first_log)
            first_run.kill()
            first_run.wait()
        finally:
            stop_process(first_run)
        assert not any(pair_of(read_at + HELD_S) in line for line in listed(out)), "too slow"

        while_stopped = time.time()
        send(producer, settings, 1, one_output("https://d.example.com/1", "ESP", while_stopped))
        with newsstream_running(settings, command, second_log):
            for stamp in (pair_of(while_stopped), pair_of(read_at + HELD_S)):
                wait_written(out, stamp, second_log)
    finally:
        producer.close()

    first_pairs = {pair_of(start), pair_of(read_at)}
    second_pairs = {pair_of(while_stopped), pair_of(read_at + HELD_S)}
    assert "resuming from" in second_log.read_text()
    for log, pairs, other in (
        (first_log, first_pairs, second_pairs),
        (second_log, second_pairs, first_pairs),
    ):
        text = log.read_text()
        assert all(f"{stamp}.export.CSV.zip:" in text for stamp in pairs), text
        assert not any(f"{stamp}.export.CSV.zip:" in text for stamp in other), text
    names = [line.rsplit(" ", 1)[-1] for line in listed(out)]
    assert names == [
        f"{stamp}.{kind}.CSV.zip"
        for stamp in sorted(first_pairs | second_pairs)
        for kind in ("export", "mentions")
    ]
    assert listed(out) == [
        f"{path.stat().st_size} {hashlib.md5(path.read_bytes()).hexdigest()} {path.name}"
        for path in (out / name for name in names)
    ]
    # each meeting written once, with its first state; each report once
    assert sorted(rows(out, "export", 33)) == ["1", "1", "1", "1"]  # NumArticles
    assert len(set(rows(out, "export", 0))) == 4
    mentioned = sorted(rows(out, "mentions", 5))
    assert mentioned == sorted(
        f"https://{site}.example.com/{number}"
        for site, number in (("a", 1), ("a", 2), ("b", 1), ("c", 1), ("d", 1))
    )
