"""Headlines in title case, parsed as sentences are written.

The tagger reads a capital inside a sentence as part of a name: to it 'Iran Seizes Greek Tanker
In Gulf' has no verb, and 'Putin To Visit North Korea' is one long name. A headline (a line whose
longer words are all capitalised, with a verb of the verb dictionary in the present tense) is
parsed with its common words in lower case:

- English function words and the verb dictionary's verbs ('Seizes', 'To Visit');
- the role and event nouns of the agents dictionary and the hand lexicon ('Protesters',
  'Sanctions') and the nouns the verb patterns name ('Ceasefire', 'Proposal'), unless a name
  the dictionaries do not know stands next to them: then they are part of a longer name
  ('Embassy Suites', 'Martin Luther King'); so is a verb between two such names ('Pew
  Research Center'), not one next to a known actor ('Iran Seizes Greek').

The line's first word keeps its capital, and so do the words of a name the actor dictionaries
know ('United States'). Only letters change case, so every offset into the parsed text
is an offset into the article's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from spacy.lang.en.stop_words import STOP_WORDS

from newsstream.enricher.events import CodingResources

# a word standing alone (not in a handle, a tag or a file name), with its apostrophes
# (straight or curly) and hyphens
WORD = re.compile("(?<![@#\\w])[A-Za-z][A-Za-z'\u2019-]*(?![@\\w])")
# words at least this long carry a title's capitals; shorter ones ('of', 'in') may not
CONTENT_WORD_CHARS = 4
# a title has at least this many content words, all of them capitalised: a sentence's verb
# is written in lower case ('The Rapid Support Forces shelled El Fasher')
MIN_TITLE_WORDS = 3
# endings of verb forms that are no present tense: a headline tells its news in the present
NON_PRESENT_ENDINGS = ("ING", "ED")


class WordClass(Enum):
    NAME = "name"
    FUNCTION = "function"
    VERB = "verb"
    NOUN = "noun"


@dataclass(frozen=True, slots=True)
class TitleCaser:
    # the class of a lower-case word: what the dictionaries know it as
    word_class: Callable[[str], WordClass]
    # how many of the upper-case words from a position on make a known name (0: none)
    name_length: Callable[[Sequence[str], int], int]

    def sentence_cased(self, text: str) -> str:
        """``text`` with the common words of its headlines in lower case."""
        return "\n".join(self._line(line) for line in text.split("\n"))

    def _line(self, line: str) -> str:
        words = list(WORD.finditer(line))
        if not _is_title(words):
            return line
        texts = [w.group() for w in words]
        # a word in capitals is an initialism or a shout: a name either way ('UN', 'NATO')
        classes = [WordClass.NAME if t.isupper() else self.word_class(t.lower()) for t in texts]
        upper = [text.upper() for text in texts]
        if not any(_is_present_verb(t, c) for t, c in zip(upper, classes, strict=True)):
            return line
        known = self._in_known_names(upper)
        chars = list(line)
        for n in range(1, len(words)):
            if self._lowers(classes, known, n):
                word = words[n]
                chars[word.start() : word.end()] = word.group().lower()
        return "".join(chars)

    def _in_known_names(self, upper: Sequence[str]) -> list[bool]:
        """Which words are part of a name the actor dictionaries know ('United States')."""
        known = [False] * len(upper)
        n = 0
        while n < len(upper):
            length = self.name_length(upper, n)
            known[n : n + length] = [True] * length
            n += max(1, length)
        return known

    def _lowers(self, classes: Sequence[WordClass], known: Sequence[bool], n: int) -> bool:
        if classes[n] is WordClass.NAME or known[n]:
            return False
        unknown = [
            classes[i] is WordClass.NAME and not known[i]
            for i in (n - 1, n + 1)
            if 0 <= i < len(classes)
        ]
        if classes[n] is WordClass.NOUN:
            return not any(unknown)
        # a verb between two unknown names is a part of a longer one: 'Pew Research Center'
        return classes[n] is WordClass.FUNCTION or not (len(unknown) == 2 and all(unknown))


def _is_title(words: Sequence[re.Match[str]]) -> bool:
    content = [w.group() for w in words if len(w.group()) >= CONTENT_WORD_CHARS]
    return len(content) >= MIN_TITLE_WORDS and all(word[0].isupper() for word in content)


def _is_present_verb(word: str, word_class: WordClass) -> bool:
    return word_class is WordClass.VERB and not word.endswith(NON_PRESENT_ENDINGS)


def coding_title_caser(resources: CodingResources) -> TitleCaser:
    """A title caser whose common words are English function words and the words the event
    coder's dictionaries and lexicon know as verbs, role nouns, event nouns and the nouns of
    verb patterns."""
    verbs, dictionaries = resources.verbs, resources.dictionaries
    event_nouns = resources.lexicon.noun_rules
    pattern_words = verbs.pattern_words()

    def word_class(word: str) -> WordClass:
        if word in STOP_WORDS:
            return WordClass.FUNCTION
        if verbs.entries(word):
            return WordClass.VERB
        upper = word.upper()
        if (
            word in event_nouns
            or upper in pattern_words
            or resources.actor_coder.is_role_noun(upper)
        ):
            return WordClass.NOUN
        return WordClass.NAME

    def name_length(words: Sequence[str], position: int) -> int:
        found = dictionaries.actors.longest_match(words, position)
        return found[0] if found else 0

    return TitleCaser(word_class, name_length)
