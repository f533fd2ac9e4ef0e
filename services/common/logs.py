"""One logging set-up for every command."""

from __future__ import annotations

import logging
import sys

# Client libraries that log every connection at INFO: their warnings are what matters. Never let
# them below WARNING: kafka-python logs the raw SASL PLAIN exchange, password included, at DEBUG.
CHATTY_LOGGERS = ("kafka", "aiokafka")


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))
