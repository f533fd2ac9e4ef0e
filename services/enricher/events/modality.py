"""Modality of an event: whether the text says it happened.

The nearest cue on the trigger or on the verbs that govern it: a negation ('did not meet'), a
refusal ('refused to meet', 'ducked a meeting', 'the visit was postponed'), a modal ('may meet':
hypothetical; 'will meet': intended, as 'said it would meet'), a condition ('if'), an act asked
for or ordered ('urged Iran to negotiate', 'demanded that Iran negotiate', 'ordered troops to
withdraw': hypothetical), an intention ('plans to meet'; a headline's 'Putin to visit'; a
present tense with a time to come, 'visits Turkey next week'), a noun that aims at it ('a bid to
join NATO': hypothetical; 'announced plans to withdraw': intended; 'has no intention to talk':
negated), a claim that states it ('reports that Russia shelled the city': reported; 'denied
reports that': negated), a speech verb above it or 'according to' (reported). A clause of time
or cause in the past is a fact whatever governs it ('vowed revenge after Israel killed a
commander'), reported under a speech verb. What others are planned or expected to do ('expects
Pyongyang to release them') is hypothetical, no intention of the planner. Only asserted and
reported events are facts; an intention is coded as the codebook codes one
(``EventLexicon.intention``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from newsstream.enricher.events.lexicon import EventLexicon
from newsstream.enricher.events.syntax import MAX_CLIMB, PAST_TAG, VERB_TAGS, has_subject

REPORTED_FUTURE = frozenset({"would"})
PRESENT_TAGS = frozenset({"VBZ", "VBP"})
# where a verb's time is said: 'later', 'on Friday', 'next week'
TIME_DEPS = frozenset({"advmod", "npadvmod", "prep", "tmod"})
# how an infinitival adverbial clause is reached from the verb it modifies ('to free them')
PURPOSE = "purpose"


@dataclass(frozen=True, slots=True)
class ModalityReader:
    lexicon: EventLexicon

    def modality(self, trigger: Token) -> str:
        """The nearest modality cue on the trigger or on the verbs that govern it."""
        token, via = trigger, ""
        clause = trigger  # the clause the climb came from
        # whether a clause climbed through has a subject of its own: what others are to do is
        # no intention of the one who plans or expects it ('expects talks to resume')
        others = False
        for _ in range(MAX_CLIMB):
            own = self._own_modality(token)
            if own:
                return own
            if token is not trigger and via != "conj":
                form = token.lower_
                if self._asks_for(form, via):
                    return "hypothetical"  # the act asked for: 'urged Iran to negotiate'
                if form in self.lexicon.refusal and self._restated_before(token, clause):
                    return "asserted"
                if form in self.lexicon.refusal:
                    return self.lexicon.refusal[form]
                if form in self.lexicon.intent:
                    return "hypothetical" if others else "intended"
                if via in ("ccomp", "parataxis") and form in self.lexicon.report:
                    return "reported"
            dep = token.dep_
            if dep == "acl" and _is_infinitive(token):
                # 'Finland's bid to join NATO': the act the noun aims at is not done
                aim = self.lexicon.noun_complements.get(token.head.lower_, "asserted")
                return "negated" if aim == "intended" and _denied(token.head) else aim
            if dep == "acl" and token.head.lower_ in self.lexicon.claim_nouns:
                # 'reports that Russian forces shelled the city' are reported; 'denied reports
                # that ...' says it did not happen
                return "negated" if token.head.head.lower_ in self.lexicon.refusal else "reported"
            climbs = dep in ("xcomp", "ccomp", "parataxis", "advcl") or (
                dep == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
            )
            if not climbs:
                return "asserted"
            if dep == "advcl" and _is_past_finite(token):
                # 'sought medical attention after she was assaulted': what a clause of time or
                # cause tells in the past happened, whatever was sought or planned; only a
                # speech above makes it reported
                return "reported" if self.modality(token.head) == "reported" else "asserted"
            purpose = dep == "advcl" and _is_infinitive(token)
            others = others or has_subject(token)
            clause, token, via = token, token.head, PURPOSE if purpose else dep
        return "asserted"

    def _restated_before(self, refusal: Token, clause: Token) -> bool:
        """'Russia accused Ukraine of shelling the plant, a charge Kyiv denied': the parser
        hangs the clause before on the denial, whose object restates it; what the clause says
        happened (only the charge is denied)."""
        return clause.i < refusal.i and any(
            c.dep_ == "dobj" and clause.i < c.i < refusal.i and c.lower_ in self.lexicon.claim_nouns
            for c in refusal.children
        )

    def _asks_for(self, form: str, via: str) -> bool:
        """'urged Iran to negotiate', 'demanded that the government release them'; a clause
        that a speech verb such as 'told' governs is what was said."""
        if form not in self.lexicon.request:
            return False
        # a purpose is the parser's reading of 'demanded a deal to free the hostages'
        return via in ("xcomp", PURPOSE) or (via == "ccomp" and form not in self.lexicon.report)

    def reporter_indices(self, trigger: Token) -> list[int]:
        """The speech verbs above a reported trigger ('said' of 'X said Y attacked Z')."""
        found: list[int] = []
        token = trigger
        for _ in range(MAX_CLIMB):
            if token.dep_ not in ("ccomp", "parataxis", "conj") or token.head.i == token.i:
                break
            token = token.head
            if token.lower_ in self.lexicon.report:
                found.append(token.i)
        for child in trigger.children:  # 'X attacked Y, the army said'
            if child.dep_ == "parataxis" and child.lower_ in self.lexicon.report:
                found.append(child.i)
        return found

    def _own_modality(self, token: Token) -> str | None:
        if any(child.dep_ == "neg" for child in token.children):
            return "negated"  # before the modal it follows: 'will not negotiate'
        if _is_headline_future(token) or self._is_scheduled(token):
            return "intended"  # 'Putin to visit North Korea', 'Obama lands in Kenya later today'
        for child in token.children:
            dep, form = child.dep_, child.lower_
            if dep == "aux" and form in REPORTED_FUTURE and in_reported_clause(token, self.lexicon):
                return "intended"  # 'said it would send troops': the future of the speech
            if dep == "aux" and form in self.lexicon.hypothetical_modals:
                return "hypothetical"
            if dep == "aux" and form in self.lexicon.intended_modals:
                return "intended"
            if dep == "mark" and form in ("if", "unless"):
                return "hypothetical"
            if dep == "prep" and form == "according":
                return "reported"
            if dep == "parataxis" and form in self.lexicon.report:
                return "reported"
        return None

    def _is_scheduled(self, verb: Token) -> bool:
        """A present tense with a time to come: 'lands in Kenya later on Friday', 'visits
        Turkey next week'."""
        if verb.tag_ not in PRESENT_TAGS:
            return False
        times = [c for c in verb.children if c.dep_ in TIME_DEPS]
        return any(t.lower_ in self.lexicon.future_words for c in times for t in c.subtree)

    def governor_modality(self, governor: Token) -> str:
        form = governor.lower_
        if form in self.lexicon.refusal:
            return self.lexicon.refusal[form]
        if form in self.lexicon.intent:
            return "intended"
        return self.modality(governor)

    def head_modality(self, noun: Token) -> str:
        head = noun.head
        if head.tag_ not in VERB_TAGS:
            return "asserted"
        if noun.dep_ in ("dobj", "nsubjpass") and head.lower_ in self.lexicon.refusal:
            # 'the crown prince's visit to Washington was postponed', 'cancelled his trip'
            return self.governor_modality(head)
        return self.modality(head)


def _denied(noun: Token) -> bool:
    """'has no intention to talk', 'did not announce plans to': the noun or its verb negated."""
    negations = [c for c in noun.children if c.dep_ == "neg" or c.lower_ == "no"]
    if noun.head.tag_ in VERB_TAGS:
        negations += [c for c in noun.head.children if c.dep_ == "neg"]
    return bool(negations)


def _is_headline_future(verb: Token) -> bool:
    """A headline's infinitive with a subject and no finite verb: what is to happen."""
    return verb.dep_ == "ROOT" and _is_infinitive(verb) and has_subject(verb)


def _is_past_finite(verb: Token) -> bool:
    """A clause with its own subject in a past tense: 'after she was assaulted'."""
    past = verb.tag_ == PAST_TAG or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == PAST_TAG for c in verb.children
    )
    return past and has_subject(verb)


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def in_reported_clause(verb: Token, lexicon: EventLexicon) -> bool:
    return verb.dep_ == "ccomp" and verb.head.lower_ in lexicon.report
