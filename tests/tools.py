"""The command-line tools the suite uses as real clients. `make test` installs them
(scripts/install-tools.sh); a test whose tool is missing fails and names it, it never skips."""

from __future__ import annotations

import shutil

import pytest


def required_tool(name: str) -> str:
    """The path of the command ``name``; the test fails, naming it, when it is not installed."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"the `{name}` command is missing: scripts/install-tools.sh (run by `make test`) "
            "installs it from Debian",
            pytrace=False,
        )
    return path
