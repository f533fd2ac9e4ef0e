"""The last hour of merged mentions (services/merger/now.py) and its gauges, without Kafka: top
dyads, countries bounded with 'other', Goldstein sums, the window sliding by the minute, the
cap on tracked dyads, series removed when they drop out."""

from __future__ import annotations

from prometheus_client import Gauge

from newsstream.merger import metrics
from newsstream.merger.merging import DAY_S, MergePolicy, add_mention, merge_key, to_mention
from newsstream.merger.now import (
    OTHER_COUNTRIES,
    WINDOW_S,
    NowMention,
    NowSnapshot,
    NowWindow,
    now_mention,
)

from support import event_party, meeting_event

NOW = 1_741_608_000.0  # 2025-03-10 12:00 UTC, at a minute's start
SCHOLZ = event_party("Olaf Scholz", "DEUGOV", "DEU")
MACRON = event_party("Emmanuel Macron", "FRAGOV", "FRA")
POLICY = MergePolicy(horizon_s=3 * DAY_S, day_tolerance=1, lead_chars=300)


def mention(
    dyad: str = "DEUGOV→FRAGOV",
    countries: tuple[str, ...] = ("DEU", "FRA"),
    quad_class: int = 1,
    goldstein: float = 1.0,
    time: float = NOW,
) -> NowMention:
    return NowMention(dyad, countries, quad_class, round(goldstein * 10), time)


def window_of(*mentions: NowMention, max_dyads: int = 100) -> NowWindow:
    window = NowWindow(max_dyads)
    for counted in mentions:
        assert window.add(counted, NOW) == "counted"
    return window


def test_the_top_dyads_are_the_most_mentioned_ties_by_name() -> None:
    window = window_of(
        *[mention("USAGOV→RUSGOV")] * 3,
        *[mention("DEUGOV→FRAGOV")] * 2,
        *[mention("CHNGOV→JPNGOV")] * 2,
        mention("GBRGOV→IRLGOV"),
    )
    top = window.snapshot(NOW, top_dyads=3, top_countries=10).top_dyads
    assert top == {"USAGOV→RUSGOV": 3, "CHNGOV→JPNGOV": 2, "DEUGOV→FRAGOV": 2}
    assert list(top) == ["USAGOV→RUSGOV", "CHNGOV→JPNGOV", "DEUGOV→FRAGOV"]


def test_a_mention_counts_for_the_countries_of_both_parties_once_each() -> None:
    window = window_of(
        mention(countries=("DEU", "FRA"), quad_class=1, goldstein=1.9),
        mention(countries=("DEU",), quad_class=4, goldstein=-10.0),
        mention(countries=(), quad_class=3, goldstein=-2.0),
    )
    snapshot = window.snapshot(NOW, top_dyads=10, top_countries=10)
    assert snapshot.quad_classes == {("DEU", 1): 1, ("FRA", 1): 1, ("DEU", 4): 1}
    assert snapshot.goldstein_sums == {"DEU": -8.1, "FRA": 1.9}


def test_countries_beyond_the_top_are_summed_as_other() -> None:
    window = window_of(
        *[mention(countries=("USA",), quad_class=4, goldstein=-10.0)] * 3,
        *[mention(countries=("RUS",), quad_class=3, goldstein=-2.0)] * 2,
        mention(countries=("FRA",), quad_class=1, goldstein=1.0),
        mention(countries=("DEU",), quad_class=1, goldstein=3.4),
    )
    snapshot = window.snapshot(NOW, top_dyads=10, top_countries=2)
    assert snapshot.quad_classes == {("USA", 4): 3, ("RUS", 3): 2, (OTHER_COUNTRIES, 1): 2}
    assert snapshot.goldstein_sums == {"USA": -30.0, "RUS": -4.0, OTHER_COUNTRIES: 4.4}


def test_the_window_slides_by_the_minute_and_forgets_what_left_it() -> None:
    window = NowWindow(max_dyads=100)
    assert window.add(mention("USAGOV→RUSGOV", time=NOW), NOW) == "counted"
    assert window.add(mention("DEUGOV→FRAGOV", time=NOW + 600), NOW + 600) == "counted"
    in_the_last_minute = window.snapshot(NOW + WINDOW_S - 1, top_dyads=10, top_countries=10)
    assert in_the_last_minute.top_dyads == {"USAGOV→RUSGOV": 1, "DEUGOV→FRAGOV": 1}
    an_hour_on = window.snapshot(NOW + WINDOW_S, top_dyads=10, top_countries=10)
    assert an_hour_on.top_dyads == {"DEUGOV→FRAGOV": 1}
    assert an_hour_on.quad_classes == {("DEU", 1): 1, ("FRA", 1): 1}
    assert window.snapshot(NOW + 600 + WINDOW_S, 10, 10) == NowSnapshot({}, {}, {})
    assert window.slots == {} and window.total.countries == {} and window.total.dyads == {}


def test_old_mentions_are_not_counted_and_future_ones_count_as_now() -> None:
    window = NowWindow(max_dyads=100)
    assert window.add(mention(time=NOW - WINDOW_S), NOW) == "too_old"
    assert window.add(mention("USAGOV→RUSGOV", time=NOW + 7200), NOW) == "counted"
    assert window.snapshot(NOW + WINDOW_S, 10, 10).top_dyads == {}


def test_the_tracked_dyads_are_capped_and_the_others_still_count_for_their_countries() -> None:
    window = NowWindow(max_dyads=2)
    for dyad in ("USAGOV→RUSGOV", "DEUGOV→FRAGOV"):
        assert window.add(mention(dyad, time=NOW - 60), NOW) == "counted"
    assert window.add(mention("CHNGOV→JPNGOV"), NOW) == "untracked_dyad"
    assert window.add(mention("USAGOV→RUSGOV"), NOW) == "counted"
    snapshot = window.snapshot(NOW, top_dyads=10, top_countries=10)
    assert snapshot.top_dyads == {"USAGOV→RUSGOV": 2, "DEUGOV→FRAGOV": 1}
    assert snapshot.quad_classes == {("DEU", 1): 4, ("FRA", 1): 4}
    # Once a tracked dyad left the window, a new one takes its place.
    assert window.add(mention("CHNGOV→JPNGOV", time=NOW + WINDOW_S - 60), NOW + WINDOW_S - 60) == (
        "counted"
    )


def test_a_mention_counts_for_the_dyad_of_the_merged_event_it_joined() -> None:
    """'Macron hosted Scholz' joins Scholz's visit to Macron: its dyad is the visit's."""
    visit = meeting_event("https://a.com/1", code="042", actor=SCHOLZ, target=MACRON)
    hosting = meeting_event("https://b.org/2", code="043", actor=MACRON, target=SCHOLZ)
    key = merge_key(visit)
    opened = add_mention([], to_mention(visit, NOW), key, NOW, POLICY)
    joined = add_mention(opened.events, to_mention(hosting, NOW), key, NOW, POLICY)
    assert joined.kind == "joined" and joined.event is not None
    assert now_mention(joined.event, hosting, NOW) == NowMention(
        dyad="DEUGOV→FRAGOV", countries=("DEU", "FRA"), quad_class=1, goldstein_tenths=10, time=NOW
    )
    alone = meeting_event("https://c.net/3", target=event_party("crowd", "---", None))
    opened_alone = add_mention([], to_mention(alone, NOW), merge_key(alone), NOW, POLICY)
    assert opened_alone.event is not None
    assert now_mention(opened_alone.event, alone, NOW).countries == ("DEU",)


def series(gauge: Gauge) -> dict[tuple[str, ...], float]:
    [family] = gauge.collect()
    return {tuple(sample.labels.values()): sample.value for sample in family.samples}


def test_the_gauges_hold_only_what_the_snapshot_holds() -> None:
    metrics.show_now(
        NowSnapshot(
            top_dyads={"USAGOV→RUSGOV": 3, "DEUGOV→FRAGOV": 2},
            quad_classes={("USA", 4): 3, (OTHER_COUNTRIES, 1): 2},
            goldstein_sums={"USA": -30.0, OTHER_COUNTRIES: 4.4},
        )
    )
    assert series(metrics.TOP_DYAD_MENTIONS) == {("USAGOV→RUSGOV",): 3, ("DEUGOV→FRAGOV",): 2}
    metrics.show_now(
        NowSnapshot(
            top_dyads={"DEUGOV→FRAGOV": 4},
            quad_classes={("DEU", 1): 4},
            goldstein_sums={"DEU": 7.6},
        )
    )
    assert series(metrics.TOP_DYAD_MENTIONS) == {("DEUGOV→FRAGOV",): 4}
    assert series(metrics.QUAD_CLASS_MENTIONS) == {("DEU", "1"): 4}
    assert series(metrics.GOLDSTEIN_SUM) == {("DEU",): 7.6}
    metrics.show_now(NowSnapshot({}, {}, {}))
    assert series(metrics.TOP_DYAD_MENTIONS) == {}


def test_the_gauges_stay_bounded_whatever_the_window_holds() -> None:
    window = NowWindow(max_dyads=1_000)
    for n in range(600):
        country = f"C{n % 150:02d}"
        counted = mention(f"A{n}→B{n}", countries=(country, "USA"), quad_class=1 + n % 4)
        assert window.add(counted, NOW) == "counted"
    metrics.show_now(window.snapshot(NOW, top_dyads=10, top_countries=20))
    assert len(series(metrics.TOP_DYAD_MENTIONS)) == 10
    countries = {country for country, _ in series(metrics.QUAD_CLASS_MENTIONS)}
    assert len(countries) == 21 and OTHER_COUNTRIES in countries and "USA" in countries
    assert set(series(metrics.GOLDSTEIN_SUM)) == {(country,) for country in countries}
    assert sum(series(metrics.QUAD_CLASS_MENTIONS).values()) == 2 * 600
