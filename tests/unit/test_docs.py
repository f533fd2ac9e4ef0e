"""The README and docs/: the two commands first, a short README, every link and #anchor resolves,
the generated tables are where their writers put them and up to date."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from evaluation.reporting import GENERATED_BLOCKS, SETTINGS_TABLE, read_block, replace_block
from newsstream.common.settings import Settings
from scripts.settings_table import settings_table

from processes import REPO_ROOT

README = REPO_ROOT / "README.md"
DOCS = REPO_ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
README_MAX_LINES = 170
DOC_PAGES = {
    "architecture",
    "ingestion",
    "enrichment",
    "guarantees",
    "configuration",
    "operations",
    "performance",
    "evaluation",
}

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
HTML_ANCHOR = re.compile(r"<a\s+(?:[^>]*\s)?(?:id|name)=\"([^\"]+)\"", re.I)
MARKER = re.compile(r"<!-- ([\w-]+):(start|end) -->")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def without_code(text: str) -> str:
    """The page with its fenced code blocks and code spans blanked: links there are examples."""
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return CODE_SPAN.sub("", text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: markup and punctuation dropped, lower case, spaces to -."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text stays
    text = re.sub(r"<[^>]+>", "", text)
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The #fragments a link into ``page`` may use: its headings (numbered when repeated, as
    GitHub does) and explicit HTML anchors."""
    text = FENCE.sub("", page.read_text("utf-8"))
    found: set[str] = set(HTML_ANCHOR.findall(text))
    seen: Counter[str] = Counter()
    for heading in HEADING.findall(text):
        base = slug(heading)
        found.add(base if not seen[base] else f"{base}-{seen[base]}")
        seen[base] += 1
    return found


def links(page: Path) -> list[str]:
    return INLINE_LINK.findall(without_code(page.read_text("utf-8")))


def broken_links(page: Path) -> list[str]:
    problems = []
    for target in links(page):
        if not target:
            problems.append("an empty link")
            continue
        if EXTERNAL.match(target) or target.startswith("//"):
            continue
        path_part, _, fragment = target.partition("#")
        resolved = (page.parent / path_part).resolve() if path_part else page
        if not resolved.is_relative_to(REPO_ROOT):
            problems.append(f"{target}: outside the repository")
        elif not resolved.exists():
            problems.append(f"{target}: no such file or folder")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            problems.append(f"{target}: {resolved.name} has no heading or anchor #{fragment}")
        elif fragment and resolved.suffix != ".md" and not re.fullmatch(r"L\d+(-L\d+)?", fragment):
            problems.append(f"{target}: an anchor into a file that is not markdown")
    return problems


# --- the README ---------------------------------------------------------------------------


def test_the_readme_shows_the_two_commands_first() -> None:
    text = README.read_text("utf-8")
    first_section = re.search(r"^## (.+)$", text, re.M)
    assert first_section is not None and first_section.group(1) == "The two commands"
    commands = re.search(r"^## The two commands\n+```sh\n(.*?)```", text, re.M | re.S)
    assert commands is not None, "the two commands are not the section's first code block"
    made = re.findall(r"^make (\w+)", commands.group(1), re.M)
    assert made == ["run", "test"]
    assert text.index("make run") == text.index(commands.group(1)), "`make run` is shown first"


def test_the_readme_is_read_in_five_minutes() -> None:
    lines = README.read_text("utf-8").count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines: move the detail to docs/"


def test_the_readme_links_every_docs_page() -> None:
    pages = {p.stem for p in DOCS.glob("*.md")}
    assert pages >= DOC_PAGES, f"docs/ lacks {sorted(DOC_PAGES - pages)}"
    linked = {
        Path(target.partition("#")[0]).stem
        for target in links(README)
        if target.startswith("docs/")
    }
    assert not pages - linked, f"README.md does not link {sorted(pages - linked)}"


# --- links --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_link_resolves(page: Path) -> None:
    assert links(page), f"{page.name} links nothing"
    assert not broken_links(page), "\n".join(broken_links(page))


def test_a_broken_link_or_anchor_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(f"{__name__}.REPO_ROOT", tmp_path)
    (tmp_path / "other.md").write_text("# Other page\n\n## The `fixture` site: yes\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n## Two words\n\n"
        "[ok](other.md#the-fixture-site-yes) [ok](#two-words) [ok](https://example.com/x)\n"
        "[missing](nowhere.md) [bad anchor](other.md#nope) [bad](#three-words)\n"
        "`[in code](ignored.md)`\n\n```\n[in a block](ignored.md)\n```\n"
        "[outside](../elsewhere.md)\n"
    )
    assert broken_links(page) == [
        "nowhere.md: no such file or folder",
        "other.md#nope: other.md has no heading or anchor #nope",
        "#three-words: page.md has no heading or anchor #three-words",
        "../elsewhere.md: outside the repository",
    ]


def test_anchors_follow_githubs_rules(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Enrichment: entities, events, quotations\n## Exactly-once (Kafka transactions): no\n"
        '## `make bench` results\n## Notes\n## Notes\n<a id="custom"></a>\n'
    )
    assert anchors(page) == {
        "enrichment-entities-events-quotations",
        "exactly-once-kafka-transactions-no",
        "make-bench-results",
        "notes",
        "notes-1",
        "custom",
    }


# --- generated tables ---------------------------------------------------------------------


@pytest.mark.parametrize("block", GENERATED_BLOCKS, ids=lambda b: b.name)
def test_every_generated_table_has_its_place(block) -> None:
    assert block.page.parent == DOCS
    assert block.read().strip(), f"{block.page.name}: the {block.name} block is empty"


def test_no_page_has_a_block_no_script_writes() -> None:
    known = {(block.page, block.name) for block in GENERATED_BLOCKS}
    for page in PAGES:
        for name, _ in MARKER.findall(page.read_text("utf-8")):
            assert (page, name) in known, f"{page.name}: nothing writes the {name} block"


def test_the_settings_table_is_up_to_date() -> None:
    assert SETTINGS_TABLE.read() == settings_table(), (
        "docs/configuration.md is stale: run .venv/bin/python -m scripts.settings_table"
    )


def test_every_setting_is_documented_with_its_default() -> None:
    rows = SETTINGS_TABLE.read().splitlines()
    for name, field in Settings.model_fields.items():
        row = next((r for r in rows if r.startswith(f"| `NEWSSTREAM_{name.upper()}` |")), None)
        assert row is not None, f"NEWSSTREAM_{name.upper()} is not in docs/configuration.md"
        assert f"`{field.default}`" in row, f"the documented default of {name} is stale"


def test_replace_block_rewrites_only_the_named_block(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n<!-- one:start -->\nold\n<!-- one:end -->\n\ntext\n\n"
        "<!-- two:start -->\nkept\n<!-- two:end -->\n"
    )
    replace_block(page, "one", "| a |\n| --- |\n")
    assert read_block(page, "one") == "| a |\n| --- |"
    assert read_block(page, "two") == "kept"
    assert "\n\ntext\n\n" in page.read_text()
    with pytest.raises(SystemExit, match=re.escape("page.md has 0 blocks named 'three'")):
        replace_block(page, "three", "x")


# --- the guarantees -----------------------------------------------------------------------


def test_every_test_the_guarantees_cite_exists() -> None:
    text = (DOCS / "guarantees.md").read_text("utf-8")
    table = [line for line in text.splitlines() if line.startswith("| ")][2:]
    assert len(table) >= 5, "docs/guarantees.md has lost its table"
    cited = {
        path
        for row in table
        for path in re.findall(r"`((?:unit|integration)/[\w/]+\.py|benchmarks/\w+\.py)`", row)
    }
    assert cited
    missing = [
        path
        for path in sorted(cited)
        if not (REPO_ROOT / path).exists() and not (REPO_ROOT / "tests" / path).exists()
    ]
    assert not missing, f"docs/guarantees.md cites tests that do not exist: {missing}"
