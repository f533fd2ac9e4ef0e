"""The actor-side CAMEO dictionaries, loaded once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from newsstream.enricher.cameo.actors import ActorDictionary
from newsstream.enricher.cameo.agents import AgentDictionary
from newsstream.enricher.cameo.discards import Discards


@dataclass(frozen=True)
class ActorDictionaries:
    """What the coder needs to name a sentence's actors and to skip sentences it must not code."""

    actors: ActorDictionary
    agents: AgentDictionary
    discards: Discards


@functools.cache
def load_actor_dictionaries() -> ActorDictionaries:
    """The shipped actor, agent and discard files, parsed on first use (about a second)."""
    return ActorDictionaries(ActorDictionary.load(), AgentDictionary.load(), Discards.load())
