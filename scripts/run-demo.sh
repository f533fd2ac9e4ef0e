#!/usr/bin/env bash
# `make run`: local broker, topics, the enricher in the background, the fixture news site
# serving demo/articles, the demo sources (its RSS feed and sitemap) scraped, and the enriched
# articles with their events printed as they arrive. Ctrl-C stops it all.
# `make stop` (this script with "stop") stops what an earlier run left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
NS=.venv/bin/newsstream
mkdir -p var
WORKER_PID=var/worker.pid
SITE_PID=var/fixture-site.pid
SCRAPER_PID=var/scraper.pid
SITE_PORT=8700  # the port demo/sources.yaml points at
# The fixture site is on this machine: let the scraper's address guard through to it, and
# spare the demo the one-second per-host delay a real site gets.
export NEWSSTREAM_FETCH_ALLOWED_NETWORKS=127.0.0.1/32 NEWSSTREAM_FETCH_PER_HOST_DELAY_S=0.1

stop_pid_file() {
  local file=$1
  if [ -f "$file" ]; then
    kill "$(cat "$file")" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$(cat "$file")" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$(cat "$file")" 2>/dev/null || true
    rm -f "$file"
  fi
}

stop_all() {
  stop_pid_file "$SCRAPER_PID"
  stop_pid_file "$WORKER_PID"
  stop_pid_file "$SITE_PID"
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
"$NS" fixture-site demo/articles --port "$SITE_PORT" >var/fixture-site.log 2>&1 &
echo $! >"$SITE_PID"
for _ in $(seq 1 60); do
  if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$SITE_PORT/robots.txt', timeout=1)" 2>/dev/null; then break; fi
  sleep 0.5
done
echo "fixture news site on http://127.0.0.1:$SITE_PORT/ (log var/fixture-site.log)"
"$NS" scrape --sources demo/sources.yaml --follow >var/scraper.log 2>&1 &
echo $! >"$SCRAPER_PID"
echo "scraper following demo/sources.yaml (pid $(cat "$SCRAPER_PID"), log var/scraper.log, metrics http://localhost:${NEWSSTREAM_SCRAPER_METRICS_PORT:-9101}/metrics)"
echo "enriched articles and their events (Ctrl-C to stop):"
"$NS" tail --topic enriched --from-beginning
