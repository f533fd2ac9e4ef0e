"""The `newsstream` command as a user runs it: outputs on stdout, errors on stderr, exit codes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import orjson

from newsstream.common.schemas import Contract

from conftest import DEMO_ARTICLES
from processes import NEWSSTREAM, REPO_ROOT
from support import assert_valid, corrupt_gzip

SEED = DEMO_ARTICLES / "000_28347a80e5ea574f.txt"


def run_cli(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWSSTREAM, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        env=None if env is None else {**os.environ, **env},
    )


def json_lines(stdout: str) -> list[dict]:
    return [orjson.loads(line) for line in stdout.splitlines()]


def test_unknown_command_and_missing_arguments_fail_with_usage() -> None:
    for args in (["nope"], ["extract"], ["kafka", "restart"]):
        result = run_cli(*args)
        assert result.returncode == 2
        assert "usage: newsstream" in result.stderr


def test_an_invalid_setting_is_named_without_a_traceback() -> None:
    result = run_cli("enrich", "-", stdin="", env={"NEWSSTREAM_NLP_STEP_CHARS": "many"})
    assert result.returncode == 2
    assert "NEWSSTREAM_NLP_STEP_CHARS='many'" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli(
        "enrich",
        "-",
        stdin="",
        env={"NEWSSTREAM_NLP_PIECE_CHARS": "8000", "NEWSSTREAM_NLP_STEP_CHARS": "4000"},
    )
    assert result.returncode == 2
    assert "NEWSSTREAM_NLP_PIECE_CHARS (8000) is larger than NEWSSTREAM_NLP_STEP_CHARS" in (
        result.stderr
    )


def test_extract_prints_one_article_per_file_in_order() -> None:
    pages = sorted(DEMO_ARTICLES.glob("*.html.gz"))[:2]
    result = run_cli("extract", str(SEED), *map(str, pages))
    assert result.returncode == 0, result.stderr
    articles = json_lines(result.stdout)
    assert len(articles) == 3
    assert articles[0]["title"].startswith("Vladimir Putin, Donald Trump back Syria")
    for article in articles:
        assert_valid(Contract.RAW_ARTICLE, article)


def test_extract_reports_an_unreadable_file_and_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    corrupt = tmp_path / "corrupt.html.gz"
    corrupt.write_bytes(corrupt_gzip(b"<html><body>" + b" " * 5000))
    result = run_cli("extract", str(missing), str(corrupt), str(SEED))
    assert result.returncode == 1
    assert str(missing) in result.stderr
    assert f"error: {corrupt}: cannot read file" in result.stderr
    assert len(json_lines(result.stdout)) == 1


def test_extract_url_gives_the_address_and_the_id() -> None:
    url = "https://example.com/world/story?utm_source=feed"
    [article] = json_lines(run_cli("extract", str(SEED), "--url", url).stdout)
    assert article["url"] == url
    assert article["canonical_url"] == "https://example.com/world/story"


def test_enrich_keeps_input_order_and_offsets_into_the_given_text() -> None:
    texts = [
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Monday.",
        "  Leading spaces stay: the United Nations urged Russia and Ukraine to negotiate.  ",
    ]
    stdin = "\n".join(orjson.dumps({"text": text}).decode() for text in texts) + "\n"
    result = run_cli("enrich", "-", stdin=stdin)
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [record["text"] for record in records] == texts
    for record in records:
        assert_valid(Contract.ENRICHED_ARTICLE, record)
        for entity in record["entities"]:
            for mention in entity["mentions"]:
                assert record["text"][mention["start"] : mention["end"]] == mention["text"]


def test_enrich_reports_bad_lines_and_enriches_the_good_ones() -> None:
    stdin = '{"text": "Iran and Iraq signed a trade agreement."}\nnot json\n{"title": "no text"}\n'
    result = run_cli("enrich", stdin=stdin)
    assert result.returncode == 1
    assert len(json_lines(result.stdout)) == 1
    assert "<stdin>:line 2" in result.stderr and "<stdin>:line 3" in result.stderr
