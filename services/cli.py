"""`newsstream`: one command whose subcommands are the services' entry points."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from newsstream.common.logs import configure_logging
from newsstream.common.settings import Settings, describe_invalid, get_settings

Handler = Callable[[argparse.Namespace, Settings], int]


def cmd_scrape(args: argparse.Namespace, settings: Settings) -> int:
    from newsstream.ingestion.sourcesfile import (
        ArgumentError,
        load_sources,
        sources_from_arguments,
    )
    from newsstream.scraper.service import run_scrape

    if not args.inputs and args.sources_file is None:
        return usage_error("scrape", "give SOURCE arguments or --sources FILE")
    try:
        sources = sources_from_arguments(
            args.inputs, page_url=args.url, interval_s=settings.follow_interval_s
        )
    except ArgumentError as exc:
        return usage_error("scrape", exc)
    if args.sources_file is not None:
        sources += load_sources(args.sources_file, default_interval_s=settings.follow_interval_s)
    return run_scrape(sources, follow=args.follow, settings=settings)


def cmd_fixture_site(args: argparse.Namespace, settings: Settings) -> int:
    from newsstream.fixturesite.server import run_fixture_site

    return run_fixture_site(
        args.pages, host=args.host, port=args.port, release=args.release, slow_s=args.slow
    )


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from newsstream.enricher.app import run_worker

    run_worker(settings)
    return 0


def cmd_merger(args: argparse.Namespace, settings: Settings) -> int:
    from newsstream.merger.app import run_merger

    run_merger(settings)
    return 0


def cmd_tail(args: argparse.Namespace, settings: Settings) -> int:
    from newsstream.tail.service import run_tail

    return run_tail(
        args.topic,
        as_json=args.json,
        from_beginning=args.from_beginning,
        max_messages=args.max,
        idle_timeout_s=args.idle_timeout,
        settings=settings,
    )


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from newsstream.exporter.service import ExportOptions, run_export
    from newsstream.exporter.state import StateError

    if not args.from_beginning and not args.follow:
        return usage_error(
            "export", "without --from-beginning or --follow there is nothing to read"
        )
    options = ExportOptions(
        out=args.out or settings.export_out_dir,
        interval_s=args.interval or settings.export_interval_s,
        from_beginning=args.from_beginning,
        follow=args.follow,
        grace_s=settings.export_grace_s,
        base_url=settings.export_base_url,
    )
    try:
        return run_export(options, settings)
    except StateError as exc:
        return usage_error("export", exc)


def positive_seconds(value: str) -> int:
    seconds = int(value)
    if seconds < 1:
        raise argparse.ArgumentTypeError(f"{value}: not a number of seconds from 1 up")
    return seconds


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from newsstream.ingestion.offline import run_extract
    from newsstream.ingestion.sourcesfile import ArgumentError

    try:
        return run_extract(args.files, url=args.url, settings=settings)
    except ArgumentError as exc:
        return usage_error("extract", exc)


def usage_error(command: str, problem: object) -> int:
    """Exit status 2, with what was wrong with the command line."""
    print(f"newsstream {command}: {problem}", file=sys.stderr)
    return 2


def cmd_enrich(args: argparse.Namespace, settings: Settings) -> int:
    from newsstream.enricher.offline import run_enrich

    return run_enrich(args.inputs or ["-"], settings=settings)


def cmd_kafka(args: argparse.Namespace, settings: Settings) -> int:
    from newsstream.broker.commands import run_kafka_command

    return run_kafka_command(args.action, settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsstream",
        description="Real-time news intelligence: scrape, enrich with entities and events, stream.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scrape = commands.add_parser("scrape", help="publish articles from files, folders, URLs, feeds")
    scrape.add_argument("inputs", nargs="*", metavar="SOURCE", help="file, folder, URL or feed")
    scrape.add_argument(
        "--sources",
        dest="sources_file",
        type=Path,
        metavar="FILE",
        help="a YAML/TOML sources file (feeds, sitemaps, URLs, folders... with intervals, tags)",
    )
    scrape.add_argument("--follow", action="store_true", help="keep polling the sources")
    scrape.add_argument("--url", help="the original address of a single local file")
    scrape.set_defaults(handler=cmd_scrape)

    site = commands.add_parser(
        "fixture-site", help="serve pages as a local news site (feeds, sitemaps, robots.txt)"
    )
    site.add_argument(
        "pages", type=Path, help="a folder of .html/.txt pages (.gz too) or a corpus folder"
    )
    site.add_argument("--host", default="127.0.0.1")
    site.add_argument("--port", type=int, default=8700)
    site.add_argument(
        "--release",
        type=int,
        help="stories published at start (default all; more on POST /_fixture/release)",
    )
    site.add_argument(
        "--slow", type=float, default=30.0, help="seconds the slow endpoint takes to answer"
    )
    site.set_defaults(handler=cmd_fixture_site)

    worker = commands.add_parser("worker", help="run the Faust enricher")
    worker.set_defaults(handler=cmd_worker)

    merger = commands.add_parser(
        "merger", help="run the Faust merger: one merged event per real-world event"
    )
    merger.set_defaults(handler=cmd_merger)

    tail = commands.add_parser("tail", help="print enriched articles or events as they arrive")
    tail.add_argument(
        "--topic",
        default="enriched",
        help="raw, enriched, events, merged, mentions, deadletter or a name",
    )
    tail.add_argument("--json", action="store_true", help="print the JSON messages unchanged")
    tail.add_argument("--from-beginning", action="store_true", help="start at the oldest message")
    tail.add_argument("--max", type=int, help="stop after this many messages")
    tail.add_argument("--idle-timeout", type=float, help="stop after this many idle seconds")
    tail.set_defaults(handler=cmd_tail)

    export = commands.add_parser("export", help="write the merged events in another format")
    formats = export.add_subparsers(dest="format", required=True, metavar="FORMAT")
    gdelt = formats.add_parser(
        "gdelt", help="GDELT 2.0 Events and Mentions files, zipped, one pair per interval"
    )
    gdelt.add_argument("--from-beginning", action="store_true", help="start at the oldest records")
    gdelt.add_argument(
        "--follow", action="store_true", help="keep reading and write each interval as it ends"
    )
    gdelt.add_argument(
        "--out", type=Path, metavar="DIR", help="the files' folder (NEWSSTREAM_EXPORT_OUT_DIR)"
    )
    gdelt.add_argument(
        "--interval",
        type=positive_seconds,
        metavar="SECONDS",
        help="one pair of files per interval of this length (NEWSSTREAM_EXPORT_INTERVAL_S: 900)",
    )
    gdelt.set_defaults(handler=cmd_export)

    extract = commands.add_parser(
        "extract", help="pages, feeds, sitemaps, folders, JSON Lines -> clean-article JSON lines"
    )
    extract.add_argument("files", nargs="+", metavar="FILE", help="file, folder, URL or feed")
    extract.add_argument("--url", help="the page's original address (one file only)")
    extract.set_defaults(handler=cmd_extract)

    enrich = commands.add_parser("enrich", help="files or JSON lines -> enriched JSON lines")
    enrich.add_argument(
        "inputs", nargs="*", metavar="FILE", help="file, folder, URL, feed or .jsonl; - = stdin"
    )
    enrich.set_defaults(handler=cmd_enrich)

    kafka = commands.add_parser("kafka", help="the local single-node Kafka broker")
    kafka.add_argument("action", choices=["start", "stop", "status", "topics"])
    kafka.set_defaults(handler=cmd_kafka)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as exc:
        for problem in describe_invalid(exc):
            print(f"newsstream {args.command}: invalid setting: {problem}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    handler: Handler = args.handler
    try:
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last resort: a clear one-line message, never a traceback
        print(f"newsstream {args.command}: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
