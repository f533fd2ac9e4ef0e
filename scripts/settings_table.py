"""Rewrite the README's configuration table from the settings module (run after a change)."""

from __future__ import annotations

import re
from pathlib import Path

from newsstream.common.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- settings-table:start -->", "<!-- settings-table:end -->"


def settings_table() -> str:
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        rows.append(f"| `NEWSSTREAM_{name.upper()}` | `{field.default}` | {field.description} |")
    return "\n".join(rows)


def main() -> None:
    text = README.read_text()
    block = f"{START}\n{settings_table()}\n{END}"
    README.write_text(re.sub(f"{START}.*?{END}", lambda _: block, text, flags=re.S))


if __name__ == "__main__":
    main()
