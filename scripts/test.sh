#!/usr/bin/env bash
# The whole suite: lint, contracts, unit tests, then integration tests on a real local broker.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

scripts/install-tools.sh

"$BIN/ruff" check services tests schemas evaluation benchmarks scripts
"$BIN/ruff" format --check services tests schemas evaluation benchmarks scripts

started_broker=0
if ! "$BIN/newsstream" kafka status >/dev/null 2>&1; then
  "$BIN/newsstream" kafka start
  started_broker=1
fi
stop_broker() { [ "$started_broker" = 1 ] && "$BIN/newsstream" kafka stop || true; }
trap stop_broker EXIT

"$BIN/newsstream" kafka topics
"$BIN/pytest" -p no:cacheprovider "$@"
