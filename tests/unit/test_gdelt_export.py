"""`newsstream export gdelt` without Kafka: rows from the merger's records, the zipped files
read back with pandas and the GDELT 2.0 codebook's column lists, lastupdate.txt and
masterfilelist.txt, which interval each record goes into, and a --follow run resumed from the
state of the run before."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pandas as pd
import pytest

from newsstream.cli import main
from newsstream.common.records import Event, EventMention, MergedEvent, Record, encode
from newsstream.common.settings import Settings
from newsstream.exporter import service
from newsstream.exporter.columns import EVENT_COLUMNS, MENTION_COLUMNS, global_event_id
from newsstream.exporter.files import ListedFile, announce
from newsstream.exporter.intervals import Intervals
from newsstream.exporter.service import Exporter, ExportOptions
from newsstream.exporter.state import STATE_FILE, load_state, restore

from support import SENTENCE, event_party, meeting_event, merger_outputs

# The GDELT Event Codebook V2.0's columns, written out as the codebook lists them.
CODEBOOK_EVENTS = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_Fullname", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_Fullname", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_Fullname", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]  # fmt: skip
CODEBOOK_MENTIONS = [
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
]  # fmt: skip
# How a GDELT user reads the columns: codes as text (leading zeros), counts and stamps as
# integers, nullable where GDELT leaves them empty.
EVENT_TYPES = {
    "GlobalEventID": "int64", "Day": "int64", "MonthYear": "int64", "Year": "int64",
    "FractionDate": "float64", "IsRootEvent": "int64", "QuadClass": "int64",
    "GoldsteinScale": "float64", "NumMentions": "int64", "NumSources": "int64",
    "NumArticles": "int64", "AvgTone": "float64", "Actor1Geo_Type": "int64",
    "Actor2Geo_Type": "int64", "ActionGeo_Type": "int64", "ActionGeo_Lat": "float64",
    "ActionGeo_Long": "float64", "ActionGeo_FeatureID": "Int64", "DATEADDED": "int64",
} | {
    name: "string"
    for name in CODEBOOK_EVENTS
    if name.endswith(("Code", "Name", "Fullname")) or name == "SOURCEURL"
}  # fmt: skip
MENTION_TYPES = {
    "GlobalEventID": "int64", "EventTimeDate": "int64", "MentionTimeDate": "int64",
    "MentionType": "int64", "MentionSourceName": "string", "MentionIdentifier": "string",
    "SentenceID": "int64", "Actor1CharOffset": "int64", "Actor2CharOffset": "int64",
    "ActionCharOffset": "int64", "InRawText": "int64", "Confidence": "int64",
    "MentionDocLen": "Int64", "MentionDocTone": "float64",
    "MentionDocTranslationInfo": "string", "Extras": "string",
}  # fmt: skip
FIRST_URL = "https://www.example-news.com/2025/03/10/scholz-macron-paris"
SECOND_URL = "https://paper.example.org/world/leaders-meet"
NOON = 1741608000.0  # 2025-03-10T12:00Z, after every article's publication
TEN = 1741600800.0  # 2025-03-10T10:00Z


def published(event: Event, time: str) -> Event:
    return msgspec.structs.replace(event, article_published=time)


def meeting_outputs() -> list[tuple[MergedEvent, EventMention]]:
    """Two outlets' reports of the meeting, at 09:00 and 09:20 (two intervals of GDELT's), and
    an unnamed government's statement at 10:05 with no address and no place; the second
    report states the meeting in its third sentence."""
    crowd = event_party("the government", "---GOV", None)
    statement = meeting_event(None, code="010", actor=crowd, location=None)
    return merger_outputs(
        [
            published(meeting_event(FIRST_URL), "2025-03-10T09:00:00Z"),
            published(meeting_event(SECOND_URL, sentence_number=3), "2025-03-10T09:20:00Z"),
            published(statement, "2025-03-10T10:05:00Z"),
        ],
        NOON,
    )


def export_options(folder: Path, *, follow: bool = False) -> ExportOptions:
    return ExportOptions(
        out=folder,
        interval_s=900,
        from_beginning=True,
        follow=follow,
        grace_s=0,
        base_url="http://data.example.org/gdeltv2/",
    )


def export(folder: Path, outputs: list[tuple[MergedEvent, EventMention]]) -> Exporter:
    options = export_options(folder)
    folder.mkdir(exist_ok=True)
    exporter = Exporter(options, Settings())
    for merged, mention in outputs:
        exporter.intervals.add_event(merged, NOON)
        exporter.intervals.add_mention(mention, NOON)
    exporter.write(exporter.intervals.close_all())
    return exporter


def read_events(path: Path) -> pd.DataFrame:
    return pd.read_csv(
        path, sep="\t", header=None, names=CODEBOOK_EVENTS, dtype=EVENT_TYPES,
        keep_default_na=False, na_values=[""],
    )  # fmt: skip


def read_mentions(path: Path) -> pd.DataFrame:
    return pd.read_csv(
        path, sep="\t", header=None, names=CODEBOOK_MENTIONS, dtype=MENTION_TYPES,
        keep_default_na=False, na_values=[""],
    )  # fmt: skip


def test_the_columns_are_the_codebooks() -> None:
    assert list(EVENT_COLUMNS) == CODEBOOK_EVENTS
    assert len(EVENT_COLUMNS) == 61
    assert list(MENTION_COLUMNS) == CODEBOOK_MENTIONS


def test_the_global_event_id_is_63_bits_of_the_merged_id() -> None:
    assert global_event_id("ffffffffffffffff" + "0" * 16) == 2**63 - 1
    assert global_event_id("0000000000000003" + "f" * 16) == 1


def test_the_events_file_read_with_pandas(tmp_path: Path) -> None:
    outputs = meeting_outputs()
    export(tmp_path, outputs)
    meeting = read_events(tmp_path / "20250310091500.export.CSV.zip")
    assert len(meeting) == 1 and len(meeting.columns) == 61
    row = meeting.iloc[0]
    merged = outputs[1][0]  # the meeting's latest state: both articles
    assert row["GlobalEventID"] == int(merged.id[:16], 16) >> 1
    assert (row["Day"], row["MonthYear"], row["Year"]) == (20250310, 202503, 2025)
    assert row["FractionDate"] == pytest.approx(2025 + (3 * 30 + 10) / 365, abs=1e-4)
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"]) == (
        "DEUGOV",
        "OLAF SCHOLZ",
        "DEU",
    )
    assert (row["Actor2Code"], row["Actor2CountryCode"], row["Actor2Type1Code"]) == (
        "FRAGOV",
        "FRA",
        "GOV",
    )
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("040", "040", "04")
    assert (row["IsRootEvent"], row["QuadClass"]) == (1, 1)
    assert row["GoldsteinScale"] == merged.goldstein
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (2, 2, 2)
    assert (row["ActionGeo_Type"], row["ActionGeo_Fullname"]) == (4, "Paris")
    assert (row["ActionGeo_CountryCode"], row["ActionGeo_FeatureID"]) == ("FRA", 2988507)
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"]) == (48.85, 2.35)
    assert (row["Actor1Geo_Type"], row["Actor2Geo_Type"]) == (0, 0)
    assert (row["DATEADDED"], row["SOURCEURL"]) == (20250310091500, FIRST_URL)
    not_produced = [
        name
        for name in CODEBOOK_EVENTS
        if "Ethnic" in name or "Religion" in name or "ADM" in name or name == "AvgTone"
        or (name.startswith(("Actor1Geo_", "Actor2Geo_")) and not name.endswith("_Type"))
        or name in ("Actor1KnownGroupCode", "Actor2KnownGroupCode", "Actor1Type2Code")
    ]  # fmt: skip
    assert meeting[not_produced].isna().all().all()

    statement = read_events(tmp_path / "20250310101500.export.CSV.zip").iloc[0]
    assert (statement["Actor1Code"], statement["Actor1Type1Code"]) == ("GOV", "GOV")
    assert pd.isna(statement["Actor1CountryCode"]) and pd.isna(statement["SOURCEURL"])
    assert (statement["EventCode"], statement["EventRootCode"]) == ("010", "01")
    assert statement["ActionGeo_Type"] == 0 and pd.isna(statement["ActionGeo_Fullname"])


def test_the_mentions_file_read_with_pandas(tmp_path: Path) -> None:
    outputs = meeting_outputs()
    export(tmp_path, outputs)
    first = read_mentions(tmp_path / "20250310091500.mentions.CSV.zip")
    second = read_mentions(tmp_path / "20250310093000.mentions.CSV.zip")
    assert len(first.columns) == 16 and len(first) == len(second) == 1
    meeting_id = int(outputs[0][0].id[:16], 16) >> 1
    assert list(first["GlobalEventID"]) == list(second["GlobalEventID"]) == [meeting_id]
    row = second.iloc[0]
    assert (row["EventTimeDate"], row["MentionTimeDate"]) == (20250310091500, 20250310093000)
    assert (row["MentionType"], row["MentionSourceName"]) == (1, "paper.example.org")
    assert row["MentionIdentifier"] == SECOND_URL
    assert (first.iloc[0]["SentenceID"], row["SentenceID"]) == (1, 3)
    assert row["Actor1CharOffset"] == SENTENCE.index("Olaf Scholz")
    assert row["Actor2CharOffset"] == SENTENCE.index("Emmanuel Macron")
    assert row["ActionCharOffset"] == SENTENCE.index("met")
    assert (row["InRawText"], row["Confidence"]) == (1, 80)
    empty = ["MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo"]
    assert second[[*empty, "Extras"]].isna().all().all()

    statement = read_mentions(tmp_path / "20250310101500.mentions.CSV.zip").iloc[0]
    assert (statement["MentionType"], statement["MentionIdentifier"]) == (
        2,
        outputs[2][1].article_id,
    )
    assert pd.isna(statement["MentionSourceName"])
    assert statement["Actor1CharOffset"] == -1  # 'the government' is not in the sentence


def listing(folder: Path, names: list[str]) -> list[str]:
    """The lines lastupdate.txt and masterfilelist.txt hold for these files."""
    lines = []
    for name in names:
        data = (folder / name).read_bytes()
        lines.append(
            f"{len(data)} {hashlib.md5(data).hexdigest()} http://data.example.org/gdeltv2/{name}"
        )
    return lines


def test_zips_and_lists_as_gdelt_publishes_them(tmp_path: Path) -> None:
    export(tmp_path, meeting_outputs())
    zips = [
        "20250310091500.export.CSV.zip",
        "20250310091500.mentions.CSV.zip",
        "20250310093000.export.CSV.zip",
        "20250310093000.mentions.CSV.zip",
        "20250310101500.export.CSV.zip",
        "20250310101500.mentions.CSV.zip",
    ]
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [*zips, "lastupdate.txt", "masterfilelist.txt"]
    with zipfile.ZipFile(tmp_path / "20250310093000.export.CSV.zip") as archive:
        assert archive.namelist() == ["20250310093000.export.CSV"]
        assert archive.read("20250310093000.export.CSV") == b""  # the meeting was added at 09:00
    assert (tmp_path / "lastupdate.txt").read_text().splitlines() == listing(tmp_path, zips[-2:])
    assert (tmp_path / "masterfilelist.txt").read_text().splitlines() == listing(tmp_path, zips)
    again = tmp_path / "again"
    export(again, meeting_outputs())
    assert (again / "lastupdate.txt").read_text() == (tmp_path / "lastupdate.txt").read_text()
    export(tmp_path, meeting_outputs()[:1])  # a second export into the folder
    assert (tmp_path / "masterfilelist.txt").read_text().splitlines() == listing(tmp_path, zips)


def test_follow_writes_each_record_once_and_late_ones_in_the_next_interval() -> None:
    (first, first_mention), (both, second_mention), _ = meeting_outputs()
    intervals = Intervals(900)
    quarter_past_nine = 1741598100.0
    intervals.add_event(first, quarter_past_nine)
    intervals.add_mention(first_mention, quarter_past_nine)
    [written] = intervals.close(quarter_past_nine)
    intervals.mark_written(written)
    assert (written.end, list(written.events.values())) == (quarter_past_nine, [first])

    ten = quarter_past_nine + 2700
    intervals.add_event(both, ten)  # an update of an event already written
    intervals.add_mention(first_mention, ten)  # a redelivered copy
    late = msgspec.structs.replace(second_mention, mention_time="2025-03-10T09:05:00Z")
    intervals.add_mention(late, ten)
    assert list(intervals.pending) == [ten + 900]
    assert list(intervals.pending[ten + 900].mentions.values()) == [late]
    assert not intervals.pending[ten + 900].events
    counts = intervals.counts
    assert (counts.events_updated_after_writing, counts.mentions_repeated_after_writing) == (1, 1)
    assert (counts.late_events, counts.late_mentions) == (0, 1)


def test_written_ids_are_forgotten_once_the_merger_can_no_longer_send_them() -> None:
    (first, first_mention), (_, second_mention), _ = meeting_outputs()
    intervals = Intervals(900, remember_s=2700)
    quarter_past_nine = 1741598100.0
    intervals.add_event(first, quarter_past_nine)
    intervals.add_mention(first_mention, quarter_past_nine)
    later = msgspec.structs.replace(second_mention, mention_time="2025-03-10T09:50:00Z")
    intervals.add_mention(later, quarter_past_nine)
    for written in intervals.close(quarter_past_nine + 2700):  # ending 09:15 and 10:00
        intervals.mark_written(written)
    assert set(intervals.written_events) == {first.id}  # 2700 s before the last: kept
    assert set(intervals.written_mentions) == {first_mention.id, later.id}
    intervals.interval(int(quarter_past_nine + 3600))
    [empty] = intervals.close(quarter_past_nine + 3600)
    intervals.mark_written(empty)
    assert not intervals.written_events
    assert set(intervals.written_mentions) == {later.id}


def test_a_state_of_bare_ids_resumes_them_as_written_at_its_end(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text(
        '{"interval_s": 900, "written_until": 1741598100, "offsets": {}, '
        '"written_events": ["e1"], "written_mentions": ["m1"], "last_pair": []}'
    )
    state = load_state(tmp_path, 900)
    assert state is not None
    intervals = Intervals(900)
    restore(intervals, state)
    assert intervals.written_events == {"e1": 1741598100}
    assert intervals.written_mentions == {"m1": 1741598100}


def test_before_writing_an_event_has_its_latest_state() -> None:
    (first, _), (both, _), _ = meeting_outputs()
    intervals = Intervals(900)
    intervals.add_event(first, NOON)
    intervals.add_event(both, NOON)
    [written] = intervals.close_all()
    assert list(written.events.values()) == [both]


def test_export_without_a_start_reads_nothing_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "gdelt"]) == 2
    assert "--from-beginning or --follow" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "gdelt", "--from-beginning", "--interval", "0"])


@dataclass(frozen=True)
class Message:
    """What the exporter reads of a consumer record."""

    topic: str
    partition: int
    offset: int
    value: bytes


def partition_log(topic: str, records: list[Record]) -> list[Message]:
    return [Message(topic, 0, offset, encode(record)) for offset, record in enumerate(records)]


def test_a_follow_run_resumes_after_the_last_interval_it_wrote(tmp_path: Path) -> None:
    (first, first_mention), (both, second_mention), (statement, statement_mention) = (
        meeting_outputs()
    )
    settings = Settings()
    merged, mentions = settings.topic_merged, settings.topic_mentions
    # the 10:05 statement first on both partitions, before records of earlier intervals
    log = [
        *partition_log(merged, [statement, first, both]),
        *partition_log(mentions, [statement_mention, first_mention, second_mention]),
    ]
    read_to = {merged: {0: 3}, mentions: {0: 3}}
    stopped = Exporter(export_options(tmp_path, follow=True), settings)
    stopped.start_following(None, {merged: {0: 0}, mentions: {0: 0}})
    for message in log:
        stopped.take(message, TEN)
    stopped.write(stopped.intervals.close(TEN), read_to)  # 09:15 and 09:30, then it is killed

    state = load_state(tmp_path, 900)
    assert state is not None and state.written_until == TEN - 1800
    assert state.offsets == {merged: {0: 0}, mentions: {0: 0}}  # the statement is still held
    resumed = Exporter(export_options(tmp_path, follow=True), settings)
    resumed.start_following(state, state.offsets)
    redelivered = Message(mentions, 0, 3, encode(first_mention))
    for message in [*log, redelivered]:
        resumed.take(message, TEN + 900)
    resumed.write(resumed.intervals.close(TEN + 900), {merged: {0: 3}, mentions: {0: 4}})

    zips = [
        f"20250310{stamp}.{kind}.CSV.zip"
        for stamp in ("091500", "093000", "101500")
        for kind in ("export", "mentions")
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [*zips, "lastupdate.txt", "masterfilelist.txt", STATE_FILE]
    )
    assert (stopped.written, resumed.written) == (2, 1)
    counts = resumed.intervals.counts
    assert (counts.events_updated_after_writing, counts.mentions_repeated_after_writing) == (2, 3)
    assert counts.late_events == counts.late_mentions == 0
    assert list(read_events(tmp_path / zips[4])["EventCode"]) == ["010"]
    assert len(read_mentions(tmp_path / zips[5])) == 1
    assert (tmp_path / "masterfilelist.txt").read_text().splitlines() == listing(tmp_path, zips)
    state = load_state(tmp_path, 900)
    assert state is not None and state.offsets == {merged: {0: 3}, mentions: {0: 4}}
    assert set(state.written_mentions) == {
        m.id for m in (first_mention, second_mention, statement_mention)
    }


def test_a_state_that_cannot_be_resumed_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Exporter(export_options(tmp_path, follow=True), Settings()).start_following(None, {})
    follow = ["export", "gdelt", "--follow", "--out", str(tmp_path)]
    assert main([*follow, "--interval", "60"]) == 2
    assert "intervals of 900 s, not 60: resume with --interval 900" in capsys.readouterr().err
    (tmp_path / STATE_FILE).write_text('{"interval_s": 900}')
    assert main([*follow, "--interval", "900"]) == 2
    assert "not an export state" in capsys.readouterr().err


class Killed(Exception):
    """The run stops here."""


def test_a_pair_written_but_not_listed_is_listed_when_the_run_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = meeting_outputs()
    settings = Settings()
    options = export_options(tmp_path, follow=True)
    announced = []

    def killed_after_the_state(folder: Path, pair: list[ListedFile], base_url: str) -> None:
        if announced:
            raise Killed
        announced.append(pair)
        announce(folder, pair, base_url)

    monkeypatch.setattr(service, "announce", killed_after_the_state)
    stopped = Exporter(options, settings)
    stopped.start_following(None, {})
    for merged, mention in outputs[:2]:
        stopped.intervals.add_event(merged, TEN)
        stopped.intervals.add_mention(mention, TEN)
    with pytest.raises(Killed):
        stopped.write(stopped.intervals.close(TEN), {})
    zips = [
        f"20250310{stamp}.{kind}.CSV.zip"
        for stamp in ("091500", "093000")
        for kind in ("export", "mentions")
    ]
    assert (tmp_path / "masterfilelist.txt").read_text().splitlines() == listing(tmp_path, zips[:2])
    monkeypatch.undo()

    state = load_state(tmp_path, 900)
    assert state is not None and state.written_until == TEN - 1800
    Exporter(options, settings).start_following(state, {})
    assert (tmp_path / "masterfilelist.txt").read_text().splitlines() == listing(tmp_path, zips)
    assert (tmp_path / "lastupdate.txt").read_text().splitlines() == listing(tmp_path, zips[2:])
