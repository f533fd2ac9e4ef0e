"""Rewrite the settings table of docs/configuration.md from the settings module.

Run after changing a setting, from the repository root:

    .venv/bin/python -m scripts.settings_table
"""

from __future__ import annotations

from evaluation.reporting import SETTINGS_TABLE
from newsstream.common.settings import Settings


def settings_table() -> str:
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        rows.append(f"| `NEWSSTREAM_{name.upper()}` | `{field.default}` | {field.description} |")
    return "\n".join(rows)


def main() -> None:
    SETTINGS_TABLE.write(settings_table())


if __name__ == "__main__":
    main()
