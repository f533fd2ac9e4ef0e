"""`make bench-nlp`: how the sizes of pieces and steps change spaCy's speed, by component.

On --articles corpus articles, with the enricher's pipeline loaded once, times each layout
--rounds times, alternately: the floor (plain `nlp.pipe` of whole texts) and the enricher's steps
for each PIECE:STEP pair of --layouts (texts cut into pieces of at most PIECE characters, each
step one batch of pieces of at most STEP characters, as NEWSSTREAM_NLP_PIECE_CHARS and
NEWSSTREAM_NLP_STEP_CHARS do). Every component is timed on its own, so the table shows where a
layout gains or loses. The best round of each layout counts (the machine is shared: the fastest
round is the least disturbed).

    python -m benchmarks.nlp_steps [--articles 200] [--rounds 2] [--layouts 5000:5000,1000:20000]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from spacy.language import Language
from spacy.util import minibatch

from benchmarks.pipeline import corpus_pages, extract_corpus, repeated
from evaluation.baselines import BATCH_SIZE
from newsstream.common.settings import Settings, describe_invalid, get_settings
from newsstream.enricher.nlp import load_pipeline
from newsstream.enricher.scheduling import PieceScheduler
from newsstream.enricher.segmentation import split_for_nlp

TOKENIZER = "tokenizer"
DEFAULT_LAYOUTS = "5000:5000,1000:5000,1000:20000,500:20000"


@dataclass(frozen=True)
class Layout:
    name: str
    batches: list[list[str]]


def floor_layout(texts: Sequence[str]) -> Layout:
    return Layout(f"floor: whole texts, {BATCH_SIZE} per batch", list(minibatch(texts, BATCH_SIZE)))


def step_layout(texts: Sequence[str], piece_chars: int, step_chars: int) -> Layout:
    """The batches the enricher's scheduler forms from a backlog of these texts."""
    scheduler: PieceScheduler[int] = PieceScheduler(step_chars, latency_target_s=float("inf"))
    for index, text in enumerate(texts):
        scheduler.admit(index, {}, split_for_nlp(text, piece_chars))
    batches = []
    while (step := scheduler.next_step()) is not None:
        batches.append([piece for _, piece in step.pieces])
    return Layout(f"pieces <= {piece_chars:,}, steps <= {step_chars:,}", batches)


def seconds_by_component(nlp: Language, batches: Sequence[list[str]]) -> dict[str, float]:
    """Each component's time over all batches, the tokenizer included."""
    seconds = dict.fromkeys([TOKENIZER, *nlp.pipe_names], 0.0)
    for batch in batches:
        started = time.perf_counter()
        docs = [nlp.make_doc(text) for text in batch]
        seconds[TOKENIZER] += time.perf_counter() - started
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=len(docs)))
            else:  # a function component
                docs = [component(doc) for doc in docs]
            seconds[name] += time.perf_counter() - started
    return seconds


def parse_layouts(spec: str) -> list[tuple[int, int]]:
    """PIECE:STEP pairs, each checked as the settings check NEWSSTREAM_NLP_*_CHARS."""
    pairs = []
    for item in spec.split(","):
        piece, _, step = item.partition(":")
        try:
            settings = Settings.model_validate({"nlp_piece_chars": piece, "nlp_step_chars": step})
        except ValidationError as exc:
            problems = "; ".join(describe_invalid(exc))
            raise SystemExit(f"bench-nlp: bad layout {item!r} (PIECE:STEP): {problems}") from None
        pairs.append((settings.nlp_piece_chars, settings.nlp_step_chars))
    return pairs


def markdown_table(
    results: dict[str, dict[str, float]], articles: int, components: Sequence[str]
) -> str:
    floor = next(iter(results.values()))
    header = ["layout", "articles/s", "ratio to floor", *components]
    lines = ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    for name, seconds in results.items():
        total = sum(seconds.values())
        cells = [
            name,
            f"{articles / total:.2f}",
            f"{sum(floor.values()) / total:.2f}",
            *(f"{seconds[component]:.2f}" for component in components),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--layouts", default=DEFAULT_LAYOUTS, help="PIECE:STEP,... characters")
    args = parser.parse_args()
    settings: Settings = get_settings()

    corpus, _ = extract_corpus(corpus_pages())
    texts = [article.text for article in repeated(corpus, args.articles)]
    nlp = load_pipeline(settings)
    layouts = [floor_layout(texts)] + [
        step_layout(texts, piece, step) for piece, step in parse_layouts(args.layouts)
    ]
    best: dict[str, dict[str, float]] = {}
    for round_number in range(1, args.rounds + 1):
        for layout in layouts:
            seconds = seconds_by_component(nlp, layout.batches)
            if layout.name not in best or sum(seconds.values()) < sum(best[layout.name].values()):
                best[layout.name] = seconds
        print(f"bench-nlp: round {round_number} of {args.rounds} done", flush=True)
    print(
        f"\n{args.articles} articles; seconds per component (articles/s from their sum), "
        f"best of {args.rounds} rounds\n"
    )
    print(markdown_table(best, args.articles, [TOKENIZER, *nlp.pipe_names]))


if __name__ == "__main__":
    main()
