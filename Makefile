# newsstream: `make run` (the demo pipeline) and `make test` (the whole suite) on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NS := $(BIN)/newsstream
STAMP := $(VENV)/.installed

.PHONY: run stop test lint kafka-start kafka-stop kafka-status topics worker merger bench bench-nlp bench-events bench-merge profile soak eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: start Kafka and the enricher, scrape the demo articles, show the results (Ctrl-C stops)
run: $(STAMP)
	scripts/run-demo.sh

## stop: stop what `make run` started (the worker, the scraper and the local broker)
stop: $(STAMP)
	scripts/run-demo.sh stop

## test: start what the suite needs (the local broker) and run it
test: $(STAMP)
	scripts/test.sh

## eval: quality figures on the development corpus (../shared/corpus), one script per evaluation
eval: $(STAMP)
	$(BIN)/python -m evaluation.extraction
	$(BIN)/python -m evaluation.enrichment
	$(BIN)/python -m evaluation.eventcoding
	$(BIN)/python -m evaluation.merging

lint: $(STAMP)
	$(BIN)/ruff check services tests schemas evaluation benchmarks scripts
	$(BIN)/ruff format --check services tests schemas evaluation benchmarks scripts

kafka-start: $(STAMP)
	$(NS) kafka start
kafka-stop: $(STAMP)
	$(NS) kafka stop
kafka-status: $(STAMP)
	$(NS) kafka status
topics: $(STAMP)
	$(NS) kafka topics
worker: $(STAMP)
	$(NS) worker
merger: $(STAMP)
	$(NS) merger

## bench: the throughput/latency/memory benchmark (several minutes; needs ../shared/corpus)
bench: $(STAMP)
	$(NS) kafka start
	$(BIN)/python -m benchmarks.pipeline $(BENCH_ARGS)

## bench-nlp: spaCy's speed by component for sizes of pieces and steps (BENCH_NLP_ARGS)
bench-nlp: $(STAMP)
	$(BIN)/python -m benchmarks.nlp_steps $(BENCH_NLP_ARGS)

## bench-events: the event coder's start-up time, memory and share of NLP time (BENCH_EVENTS_ARGS)
bench-events: $(STAMP)
	$(BIN)/python -m benchmarks.event_coding $(BENCH_EVENTS_ARGS)

## bench-merge: the merger's work per event and its table's memory per open event (BENCH_MERGE_ARGS)
bench-merge: $(STAMP)
	$(BIN)/python -m benchmarks.merging $(BENCH_MERGE_ARGS)

## profile: py-spy samples of one worker working through a backlog, by thread and stage
profile: $(STAMP)
	$(NS) kafka start
	$(BIN)/python -m benchmarks.profile_worker $(PROFILE_ARGS)

## soak: 10 minutes at 80% of one worker's measured maximum rate; per-minute throughput, lag
## and memory, checked for growth and loss (SOAK_ARGS="--minutes 2" for a short run)
soak: $(STAMP)
	$(NS) kafka start
	$(BIN)/python -m benchmarks.soak $(SOAK_ARGS)

clean:
	rm -rf var .pytest_cache .ruff_cache
