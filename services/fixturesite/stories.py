"""Invented stories for the fixture site's misbehaving endpoints: short, distinct from each
other and from any real page, so that whether they are published is unambiguous."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InventedStory:
    title: str
    paragraphs: tuple[str, ...]


THROTTLED = InventedStory(
    "Harbour authority delays ferry timetable after storm damage",
    (
        "The harbour authority of the fictional port town of Westerly said on Tuesday that "
        "the summer ferry timetable would start two weeks late, after a storm tore loose "
        "three pontoons and flooded the ticket hall.",
        "Engineers are inspecting the northern breakwater, where waves overtopped the wall "
        "for the first time in eleven years. Repairs to the pontoons are expected to cost "
        "about four million euros, a spokeswoman said.",
        "Island residents who depend on the morning crossing will be offered places on a "
        "chartered catamaran until the regular vessels return to service in early June.",
    ),
)

WRONG_CHARSET = InventedStory(
    "Café owners in Saint-Étienne protest new terrace fees",
    (
        "Owners of more than forty cafés in the fictional district of Bellerive, near "
        "Saint-Étienne, closed their terraces at noon on Friday to protest against a "
        "municipal fee that they say will triple the cost of outdoor seating.",
        "« Nous ne sommes pas contre la règle, mais contre le prix », said José Müller, who "
        "runs a brasserie on the main square and has led the protest since the council "
        "voted the measure in March.",
        "The deputy mayor, Hélène Côté, replied that the fee would pay for wider pavements "
        "and that small cafés would receive a discount during the first year.",
    ),
)

PRIVATE = InventedStory(
    "Members-only briefing on the regional budget",
    (
        "This briefing is reserved for subscribers and is excluded from crawling by the "
        "site's robots.txt. A crawler that fetches it has ignored the site's rules.",
        "The regional council of the fictional province of Northmark plans to shift a "
        "tenth of its road budget to rail maintenance over the next three years.",
        "Opposition members said the plan lacked detail on rural bus routes, which have "
        "lost a third of their passengers since the closure of two branch lines.",
    ),
)

SLOW = InventedStory(
    "Observatory opens its archive of glass photographic plates",
    (
        "The fictional Highmoor Observatory has put online scans of nineteen thousand glass "
        "photographic plates taken between 1890 and 1975, after a six-year digitisation "
        "project funded by a private foundation.",
        "Astronomers say the plates will help them trace slow changes in the brightness of "
        "variable stars, which earlier surveys could only sample a few times a decade.",
        "Volunteers transcribed the handwritten notes on each plate's envelope, recording "
        "the observer, the exposure time and the weather on the night it was taken.",
    ),
)
