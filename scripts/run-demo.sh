#!/usr/bin/env bash
# `make run`: local broker, topics, the enricher in the background, the demo articles scraped,
# and the enriched articles with their events printed as they arrive. Ctrl-C stops it all.
# `make stop` (this script with "stop") stops what an earlier run left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
NS=.venv/bin/newsstream
mkdir -p var
WORKER_PID=var/worker.pid

stop_all() {
  if [ -f "$WORKER_PID" ]; then
    kill "$(cat "$WORKER_PID")" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$(cat "$WORKER_PID")" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$(cat "$WORKER_PID")" 2>/dev/null || true
    rm -f "$WORKER_PID"
  fi
  "$NS" kafka stop
}

if [ "${1:-}" = stop ]; then
  stop_all
  exit 0
fi

trap 'echo; echo "stopping…"; stop_all' EXIT
"$NS" kafka start
"$NS" kafka topics
"$NS" worker >var/worker.log 2>&1 &
echo $! >"$WORKER_PID"
echo "enricher started (pid $(cat "$WORKER_PID"), log var/worker.log, metrics http://localhost:${NEWSSTREAM_WORKER_WEB_PORT:-6066}/metrics)"
"$NS" scrape demo/articles
echo "enriched articles and their events (Ctrl-C to stop):"
"$NS" tail --topic enriched --from-beginning
