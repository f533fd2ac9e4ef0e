"""The README's promises that code can check: the two commands and every setting documented."""

from __future__ import annotations

from newsstream.common.settings import Settings

from processes import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text()


def test_readme_gives_the_two_setup_commands() -> None:
    assert "make run" in README and "make test" in README


def test_every_setting_is_documented_with_its_default() -> None:
    for name, field in Settings.model_fields.items():
        row = next(
            (
                line
                for line in README.splitlines()
                if line.startswith(f"| `NEWSSTREAM_{name.upper()}` |")
            ),
            None,
        )
        assert row is not None, f"NEWSSTREAM_{name.upper()} is not in the README"
        assert f"`{field.default}`" in row, f"the README's default for {name} is stale"
