"""`newsstream export gdelt` on the real broker: merged events (two states of one event) and
mentions on fresh topics, and a malformed message, become one pair of files and a
lastupdate.txt; the malformed message is reported and the exit status says so."""

from __future__ import annotations

import hashlib
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsstream.common.kafka.producer import create_producer
from newsstream.common.records import encode
from newsstream.common.settings import Settings

from processes import NEWSSTREAM, REPO_ROOT, isolated_topics, settings_env
from support import meeting_event, merger_outputs

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
    ]
    with zipfile.ZipFile(export_zip) as archive:
        [row] = archive.read("20250310091500.export.CSV").decode().splitlines()
    columns = row.split("\t")
    assert len(columns) == 61
    assert columns[31:34] == ["2", "2", "2"]  # the latest state: both articles
    with zipfile.ZipFile(mentions_zip) as archive:
        assert len(archive.read("20250310091500.mentions.CSV").decode().splitlines()) == 2
    listed = (out / "lastupdate.txt").read_text().splitlines()
    assert listed == [
        f"{path.stat().st_size} {hashlib.md5(path.read_bytes()).hexdigest()} {path.name}"
        for path in (export_zip, mentions_zip)
    ]
