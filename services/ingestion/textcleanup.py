"""Plain-text pages (a web page copied from a browser) -> article text and metadata.

A copied page keeps the site's interface around the article: notices, buttons, "most read"
lists, photo captions pasted twice with their credits, "Updated" stamps. Each line is
classified on its own first (phrase lists and patterns below), then in context:

- the first headline-like line is the title; its later repeats are dropped;
- "By A and B" lines give the authors; a lone outlet or agency name ("Reuters") the source;
- repeated lines keep their first copy (a caption pasted again with "Credit: AP" glued to
  it is the same line once the credit is cut off); a short line seen twice is interface;
- a heading like "Most Viewed in World" opens a list of other stories: the lines after it
  are dropped until article prose resumes;
- short lines before the first and after the last prose paragraph are page chrome.

Only whole lines are ever removed, so article sentences that merely mention "advertisement"
or "share" stay intact.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, auto
from functools import lru_cache

from newsstream.common.calendar import MONTHS, WEEKDAYS

# --- the lists the rules use -------------------------------------------------------------

# Whole lines that are interface, not article: matched case-insensitively against the line
# with its trailing punctuation removed and curly quotes straightened.
INTERFACE_LINES: tuple[str, ...] = (
    # error notices and placeholders
    r"we're sorry, this feature is currently unavailable.*",
    r"this (feature|content|video|service|page) is (currently |temporarily )?unavailable.*",
    r"(please )?try again later",
    r"something went wrong.*",
    r"(loading|please wait|buffering)( ?\.\.\.)?",
    r"javascript is (disabled|required).*",
    # advertising
    r"advertisement|advertising|ad|sponsored( content)?|paid (content|post|partner content)",
    r"(story|article) continues (below|after)( (this )?(advertisement|ad))?",
    r"continue reading( (below|the main story|the story))?",
    r"scroll (down )?to continue( (with|reading) (content|the article))?",
    r"supported by",
    r"(more )?from the section\b.{0,40}|more (from|in) this section\b.{0,40}",
    # age and update notices (dated lines are handled by the dateline rule)
    r"this (article|story|page|piece|content) (was|is) (published )?(more than |over )?"
    r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (years?|months?) (old|ago)",
    r"this was published (more than |over )?\d+ (years?|months?|days?) ago",
    # sharing, saving and reading tools
    r"share( (this|the) (article|story|page))?( on [\w ]{1,30}| via [\w ]{1,30})?",
    r"(share|tweet|email|e-mail|print|save|bookmark|copy link|copy the link|link copied)",
    r"(facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|messenger|flipboard)",
    r"(print|email|save|gift) (this )?(article|story|page)",
    r"save (for later|article)|saved|unsave",
    r"(listen|listen to this article|listen to article)( \d+ min(ute)?s?)?",
    r"\d+ min(ute)? (read|listen)",
    r"((normal|small(er)?|large(r)?|very large) )?(text|font) size|a a a|aa",
    r"(show|hide|view|load|read) (\d+ )?comments?|comments?( \(\d+\))?|\d+ comments?",
    r"(leave|add|post) a comment|join the (conversation|discussion)",
    # navigation
    r"skip to (main )?(content|navigation|article)|back to top|menu|search|home|close|open",
    r"(next|previous) (article|story|page|slide)|next|previous|more",
    r"(read|see|watch|listen) (more|also|next):.+",
    r"(related|also read|read also|see also|more on this( story)?):.+",
    r"(watch|play|view) (the )?(video|gallery|photos|slideshow)|video|photos?|gallery",
    r"(enlarge|expand|view) (this )?(image|photo|picture)|image \d+ of \d+|\d+ of \d+",
    r"\d{1,2}:\d{2}",  # a video's duration
    # accounts, subscriptions and newsletters
    r"(sign|log) ?(in|up|out)|register|subscribe( now| today)?|my account|create (a )?"
    r"(free )?account",
    r"sign up( now| here| today)?( for .{1,60}| to .{1,60})?",
    r"subscribe( now| today)? (to|for) .{1,60}",
    r".{0,80}already (a subscriber|have an account).*",
    r"(please )?subscribe (now |today )?to (read|view|continue|access)\b.*",
    r"to (read|view|continue reading|access) (the|this) (full )?(story|article)\b.{0,100}",
    r"never miss (a|the|another) .{0,150}",
    r".{0,80}\b(download|get) our .{0,30}\bapps?\b.{0,80}|.{0,80}\bapps? for ios and android\b.*",
    r"(follow|like) (us|the [\w ]{1,30}) on (twitter|facebook|instagram|x|threads)\b.{0,150}",
    r"we (want|would love|'d love) to hear (from you|what you think).{0,100}",
    r"get (our|the) .{1,40} newsletter.*|newsletter( sign ?up)?",
    r".{0,150}\b((delivered|sent|straight|direct) to your inbox|sign up (here|now|today))\b.{0,60}",
    r"(connect|follow|contact)\b.{0,40}\b(via|on) (twitter|x|facebook|instagram|linkedin|"
    r"e-?mail|threads|bluesky)\b.{0,40}",
    r"(get|receive|download|follow us|never miss|don't miss)\b.{0,80}\b(inbox|newsletters?|"
    r"alerts|notifications|our app|the app|on (twitter|facebook|instagram|x|whatsapp|telegram))",
    # cookie and consent banners
    r"(we|this (web)?site) uses? cookies.*",
    r"by (continuing|using) (to use |to browse )?(this|our) (site|website).*",
    r"(accept|reject|allow|manage|customi[sz]e)( all)?( cookies)?|cookie (settings|policy|"
    r"preferences|notice)|i agree|got it|ok|dismiss",
    # legal footer
    r"all rights reserved|terms (of use|and conditions|of service)|privacy (policy|notice)",
    r"this material may not be (published|reproduced|copied).*",
    r"(tags|topics|filed under|categories|more about)(:.*)?",
)

# Headings of lists of other stories; the lines after them are dropped until prose resumes.
STORY_LIST_HEADINGS: tuple[str, ...] = (
    r"(most )?(viewed|read|popular|shared|commented|watched)( (stories|articles|news|now|"
    r"today|this week|right now))?( in [\w&' -]{1,40})?",
    r"most (viewed|read|popular|shared|commented|watched|recent)\b.{0,40}",
    r"(trending|top stories|top news|latest( news| stories)?|recommended( for you)?|"
    r"editor's picks|you (may|might) (also )?like|more from [\w&' -]{1,40}|more (stories|news)"
    r"( from [\w&' -]{1,40})?|related (articles|stories|coverage|content|news|topics)|"
    r"in other news|what to read next|don't miss)( in [\w&' -]{1,40})?",
    r"(read|see|watch|listen) (more|also|next)|related|also read|read also|see also|"
    r"more on this( story)?",
)

# News agencies and outlets recognised in source lines, bylines and datelines:
# display name -> spellings (lower case).
OUTLETS: dict[str, tuple[str, ...]] = {
    "AP": ("ap", "associated press", "the associated press"),
    "Reuters": ("reuters", "thomson reuters"),
    "AFP": ("afp", "agence france-presse", "agence france presse"),
    "Bloomberg": ("bloomberg", "bloomberg news", "bloomberg l.p.", "bloomberg lp"),
    "dpa": ("dpa", "deutsche presse-agentur"),
    "EFE": ("efe", "agencia efe"),
    "ANSA": ("ansa",),
    "Xinhua": ("xinhua", "xinhua news agency"),
    "Kyodo": ("kyodo", "kyodo news"),
    "Yonhap": ("yonhap", "yonhap news agency"),
    "TASS": ("tass",),
    "Interfax": ("interfax",),
    "RIA Novosti": ("ria novosti", "ria"),
    "Anadolu Agency": ("anadolu agency", "anadolu", "aa"),
    "PTI": ("pti", "press trust of india"),
    "ANI": ("ani",),
    "IANS": ("ians",),
    "UPI": ("upi", "united press international"),
    "AAP": ("aap", "australian associated press"),
    "The Canadian Press": ("the canadian press", "canadian press", "cp"),
    "PA Media": ("pa media", "pa", "press association"),
    "Dow Jones": ("dow jones", "dow jones newswires"),
    "CNN": ("cnn",),
    "BBC": ("bbc", "bbc news"),
    "NPR": ("npr",),
    "Al Jazeera": ("al jazeera",),
    "The New York Times": ("the new york times", "new york times", "nyt"),
    "The Washington Post": ("the washington post", "washington post"),
    "The Guardian": ("the guardian",),
    "Financial Times": ("financial times", "the financial times", "ft"),
    "The Wall Street Journal": ("the wall street journal", "wall street journal", "wsj"),
    "The Telegraph": ("the telegraph",),
}

# Photo agencies and credit words that, unlike OUTLETS, never name the article's source.
PHOTO_CREDITS: tuple[str, ...] = (
    "getty images",
    "getty",
    "shutterstock",
    "alamy",
    "istock",
    "istockphoto",
    "epa",
    "epa-efe",
    "sipa",
    "zuma",
    "zuma press",
    "rex",
    "rex features",
    "pa wire",
    "aap image",
    "supplied",
    "file",
    "file photo",
    "handout",
    "pool",
    "ap photo",
    "reuters photo",
    "afp photo",
    "bloomberg photo",
    "nurphoto",
    "sopa images",
    "anadolu via getty images",
)

# Words that mark a byline segment as a job title rather than a name.
JOB_TITLE_WORDS = frozenset(
    (
        "correspondent",
        "reporter",
        "editor",
        "writer",
        "columnist",
        "contributor",
        "staff",
        "bureau",
        "chief",
        "analyst",
        "producer",
        "photographer",
        "desk",
        "senior",
        "political",
        "economics",
        "foreign",
    )
)

# Words that make "<author> is ..." a note about the author rather than article text.
AUTHOR_NOTE_WORDS = JOB_TITLE_WORDS | {"journalist", "author", "freelance"}

# Lower-case words allowed inside personal names.
NAME_PARTICLES = frozenset(
    (
        "de",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "del",
        "della",
        "der",
        "den",
        "di",
        "el",
        "al",
        "bin",
        "ibn",
        "la",
        "le",
        "van",
        "von",
        "ter",
        "ten",
        "y",
    )
)

# Besides months and weekdays, the words a date or time stamp may contain.
TIMESTAMP_WORDS = frozenset(
    (
        "am",
        "pm",
        "gmt",
        "utc",
        "bst",
        "cet",
        "cest",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "pst",
        "pdt",
        "et",
        "pt",
        "aedt",
        "aest",
        "acst",
        "awst",
        "nzdt",
        "nzst",
        "ist",
        "jst",
        "kst",
        "hkt",
        "sgt",
        "msk",
        "at",
        "on",
        "and",
        "ago",
        "just",
        "now",
        "today",
        "yesterday",
        "updated",
        "published",
        "posted",
        "first",
        "last",
        "modified",
        "minute",
        "minutes",
        "min",
        "mins",
        "hour",
        "hours",
        "hr",
        "hrs",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "th",
        "st",
        "nd",
        "rd",
    )
)

# --- patterns ----------------------------------------------------------------------------

_INTERFACE = re.compile("|".join(f"(?:{p})" for p in INTERFACE_LINES))
_STORY_LIST_HEADING = re.compile("|".join(f"(?:{p})" for p in STORY_LIST_HEADINGS))
_OUTLET_NAMES = {alias.strip(" ."): name for name, aliases in OUTLETS.items() for alias in aliases}
_PHOTO_CREDIT_NAMES = frozenset(PHOTO_CREDITS)

_TIMESTAMP_LABEL = re.compile(
    r"^(?:(?:first |last )?(?:updated|published|posted|modified|date)(?: on| at)?)\b[\s:|,.-]*",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|text by)\b[\s:]+(?P<names>.+)$", re.IGNORECASE
)
# Also splits off a stamp glued to the names: 'By A and B Updated 3.45pm'.
_BYLINE_SEPARATORS = re.compile(
    r"\s*(?:,|;|\band\b|&|\||•|·|\s[-\u2013\u2014]\s)\s*"
    r"|\s+(?=(?:first |last )?(?:updated|published|posted)\b)",
    re.IGNORECASE,
)
_IN_PLACE = re.compile(r"\s+(?i:in)\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*$")
_NAME_TOKEN = re.compile(r"^[A-Z][\w'\u2019.-]*$")
_REPORTING_CREDIT = re.compile(
    r"^(?:\(?(?:additional )?(?:reporting|writing|editing|compiled|research|produced)"
    r"(?: and \w+)? by\b.*)|(?:.{1,80}\bcontributed to this (?:report|story|article)\.?)$",
    re.IGNORECASE,
)
_REPORTING_AUTHORS = re.compile(
    r"(?:^|;\s*)\(?(?:reporting|writing) by\s+(?P<names>[^;)]+)", re.IGNORECASE
)
_CREDIT_LABEL = re.compile(
    r"^(?:photo(?:graph)?s?|images?|pictures?|pics?|credits?|illustrations?|video|footage)"
    r"(?:\s+(?:by|credit))?\s*[:|]\s*.+$",
    re.IGNORECASE,
)
_YEAR_OR_RIGHTS = re.compile(r"\b(?:\d{4}|all rights reserved)\b", re.IGNORECASE)
_OUTLET_SEPARATOR = re.compile(r"\s*(?:,|/|\band\b|&)\s*")
_OUTLET_LINE_PREFIX = re.compile(r"^(?:[-\u2013\u2014(\[]+|source:|with|via)\s*", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s|copyright\s+(?:©\s*)?(?=\d{4}))\s*(?:\d{4}(?:\s*-\s*\d{4})?)?\s*(?P<holder>.*)$",
    re.IGNORECASE,
)
_AGENCY_DATELINE = re.compile(
    r"^[A-Z][\w .,'\u2019-]{1,60}?\s*\((?P<agency>[^)]{2,40})\)\s*[-\u2013\u2014:]"
)
# A closing quote or bracket may follow, and an end-of-article mark such as '❖'.
_SENTENCE_END = re.compile(
    r"[.!?…\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*(?:\s*[^\w\s.!?…\"'\u201d\u2019)\]])?$"
)
_SENTENCE_BOUNDARY = re.compile(r"[.!?…\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*\s*")
_NUMBERED_ITEM = re.compile(r"^\d{1,3}[.)]\s")
_BULLET = re.compile(r"^[-•*·]\s+")
_SECOND_SENTENCE = re.compile(r"[a-z]{2}[.!?]\s+[A-Z]")
_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
_NON_WORDS = re.compile(r"\W+")
_TIMESTAMP_WORD = re.compile(r"[A-Za-z.]+")
_ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Za-z]{3,9})\.?,?\s+(?P<year>\d{4})\b"
)
_MONTH_DAY_YEAR = re.compile(
    r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b"
)
# Replaced one by one: str.translate looks up every character, 40 times slower on a paragraph.
_STRAIGHT_QUOTES = (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'))
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# Line shapes.
HEADLINE_MIN_WORDS, HEADLINE_MAX_WORDS, HEADLINE_MAX_CHARS = 3, 30, 250
SHORT_LINE_MAX_WORDS = 4
PROSE_MIN_WORDS = 4
CHARS_PER_WORD_WITHOUT_SPACES = 8
MENU_RUN_MIN_LINES = 3
CREDIT_MAX_WORDS = 12
# A block whose lines, but the last, are all about this long was wrapped at a fixed width.
WRAPPED_LINE_MIN_CHARS, WRAPPED_LINE_MAX_CHARS, WRAPPED_WIDTH_SPREAD = 40, 100, 30


class LineKind(Enum):
    TEXT = auto()  # article text, unless context says otherwise
    INTERFACE = auto()
    STORY_LIST_HEADING = auto()
    TIMESTAMP = auto()
    BYLINE = auto()
    OUTLET = auto()
    CREDIT = auto()


@dataclass(slots=True)
class Line:
    text: str
    kind: LineKind = LineKind.TEXT
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class CleanText:
    """The article of a plain-text page; ``text`` has paragraphs separated by a blank line."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    published: str | None = None


def clean_text_page(page: str) -> CleanText:
    """Separate a copied page's article from its interface and collect its metadata."""
    lines = [classify_line(unit) for unit in split_units(page)]
    return _clean_lines(lines, title=pick_title(lines))


def clean_paragraphs(paragraphs: Iterable[str], *, title: str | None = None) -> CleanText:
    """The same rules for paragraphs that an HTML extractor kept: interface lines, bylines,
    stamps, credits, story lists and repeats of ``title`` go. The title is not guessed."""
    return _clean_lines([classify_line(" ".join(p.split())) for p in paragraphs], title=title)


def _clean_lines(lines: list[Line], *, title: str | None) -> CleanText:
    authors = collect_authors(lines)
    mark_repeated_short_lines(lines, title)
    mark_story_lists(lines)
    mark_author_notes(lines, authors)
    body = drop_page_chrome(drop_repeats(lines, title))
    return CleanText(
        text="\n\n".join(line.text for line in body),
        title=title,
        authors=authors,
        source=next((line.outlet for line in lines if line.outlet), None),
        published=next((line.published for line in lines if line.published), None),
    )


# --- stage 1: lines ----------------------------------------------------------------------


def split_units(page: str) -> list[str]:
    """Normalised non-empty lines; a paragraph hard-wrapped at a fixed width becomes one
    (unless one of its lines is a line of its own kind, such as a byline over a stamp)."""
    units: list[str] = []
    for block in _blocks(normalise_page(page)):
        if _is_wrapped_paragraph(block):
            units.append(" ".join(block))
        else:
            units.extend(block)
    return units


def normalise_page(page: str) -> str:
    page = unicodedata.normalize("NFC", page).translate(_INVISIBLE)
    page = page.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(" ".join(line.split()) for line in page.split("\n"))


def _blocks(page: str) -> Iterator[list[str]]:
    for block in re.split(r"\n\s*\n", page):
        lines = [line for line in block.split("\n") if line]
        if lines:
            yield lines


def _is_wrapped_paragraph(block: list[str]) -> bool:
    """Lines of about one width, some ending mid-sentence, none a line of its own kind."""
    if len(block) < 2:
        return False
    widths = [len(line) for line in block[:-1]]
    return (
        min(widths) >= WRAPPED_LINE_MIN_CHARS
        and max(widths) <= WRAPPED_LINE_MAX_CHARS
        and max(widths) - min(widths) <= WRAPPED_WIDTH_SPREAD
        and len(block[-1]) <= max(widths)
        and any(not _ends_sentence(line) for line in block[:-1])
        and all(_classify_whole_line(line).kind is LineKind.TEXT for line in block)
    )


# --- stage 2: each line on its own -------------------------------------------------------


def classify_line(text: str) -> Line:
    """What a line is on its own; a photo credit or an outlet name glued to its end is cut
    off first (the outlet is kept as the line's source)."""
    text = strip_credit_tail(text)
    text, tail_outlet = _strip_outlet_tail(text)
    line = _classify_whole_line(text)
    if tail_outlet and line.kind is LineKind.TEXT:
        line.outlet = tail_outlet
    elif line.kind is LineKind.TEXT:
        line.outlet = dateline_outlet(text)
    return line


def _classify_whole_line(text: str) -> Line:
    key = _phrase_key(text)
    if not any(ch.isalnum() for ch in text) or _INTERFACE.fullmatch(key):
        return Line(text, LineKind.INTERFACE)
    if _STORY_LIST_HEADING.fullmatch(key):
        return Line(text, LineKind.STORY_LIST_HEADING)
    if is_timestamp(text):
        return Line(text, LineKind.TIMESTAMP, published=parse_date(text))
    if (outlet := outlet_line(text)) is not None:
        return Line(text, LineKind.OUTLET, outlet=outlet)
    if (byline := parse_byline(text)) is not None:
        authors, outlet, published = byline
        return Line(text, LineKind.BYLINE, authors=authors, outlet=outlet, published=published)
    if _REPORTING_CREDIT.match(text):
        return Line(text, LineKind.CREDIT, authors=reporting_authors(text))
    if is_credit(text) or _COPYRIGHT.match(text):
        return Line(text, LineKind.CREDIT)
    return Line(text)


def _phrase_key(text: str) -> str:
    key = text.casefold()
    for curly, straight in _STRAIGHT_QUOTES:
        key = key.replace(curly, straight)
    key = _BULLET.sub("", key)
    return key.strip().rstrip(".!:;,…|>»\u203a").strip()


def is_timestamp(text: str) -> bool:
    """'Updated', 'Updated 3.45pm', 'November 12, 2017, 3:45pm AEDT', '2 hours ago'."""
    labelled = _TIMESTAMP_LABEL.match(text)
    rest = text[labelled.end() :] if labelled else text
    words = _timestamp_words(rest)
    if words is None:
        return False
    has_digit = any(ch.isdigit() for ch in rest)
    has_date_word = any(w in MONTHS or w in WEEKDAYS or w in ("ago", "yesterday") for w in words)
    return bool(labelled and not rest.strip()) or has_digit or has_date_word


def _timestamp_words(text: str) -> list[str] | None:
    """The words of ``text`` in lower case without dots; None at the first word that is no
    date or time word (most lines are long sentences: stop early)."""
    words = []
    for match in _TIMESTAMP_WORD.finditer(text):
        word = match[0].casefold().replace(".", "")
        if not word:
            continue
        if word not in MONTHS and word not in WEEKDAYS and word not in TIMESTAMP_WORDS:
            return None
        words.append(word)
    return words


def parse_date(text: str) -> str | None:
    """The first calendar date in ``text`` as YYYY-MM-DD."""
    for pattern in (_ISO_DATE, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for match in pattern.finditer(text):
            month = match["month"]
            month_number = int(month) if month.isdigit() else MONTHS.get(month.casefold())
            if month_number is None:
                continue
            try:
                return date(int(match["year"]), month_number, int(match["day"])).isoformat()
            except ValueError:
                continue
    return None


def outlet_line(text: str) -> str | None:
    """The outlet a short source line names: 'Bloomberg', '- Reuters', '© AFP 2019',
    'Source: AP', 'With Reuters, AFP' (the first one counts)."""
    core = text.strip()
    if copyright_line := _COPYRIGHT.match(core):
        core = copyright_line["holder"]
    core = _OUTLET_LINE_PREFIX.sub("", core)
    first = None
    for part in _outlet_parts(core):
        # years and rights split no part, so they are taken out part by part (on prose, the
        # first part only)
        part = _YEAR_OR_RIGHTS.sub("", part)
        if not part.strip(" .)]"):
            continue
        if (name := outlet_name(part)) is None:
            return None
        first = first or name
    return first


def _outlet_parts(text: str) -> Iterator[str]:
    """``_OUTLET_SEPARATOR.split(text)``, part by part: on a paragraph of prose the first part
    already names no outlet, and the rest need not be split."""
    start = 0
    for separator in _OUTLET_SEPARATOR.finditer(text):
        yield text[start : separator.start()]
        start = separator.end()
    yield text[start:]


def outlet_name(text: str) -> str | None:
    return _OUTLET_NAMES.get(text.casefold().strip(" .)]"))


def dateline_outlet(text: str) -> str | None:
    """The agency of a wire dateline: 'MOSCOW (Reuters) - ...'."""
    match = _AGENCY_DATELINE.match(text)
    return outlet_name(match["agency"]) if match else None


def parse_byline(text: str) -> tuple[list[str], str | None, str | None] | None:
    """Authors, outlet and date of 'By A, B and C | Reuters' style lines; None for other
    lines, such as sentences that start with 'By'."""
    match = _BYLINE.match(text)
    if match is None:
        return None
    authors: list[str] = []
    outlet = published = None
    for part in _BYLINE_SEPARATORS.split(match["names"]):
        part = _IN_PLACE.sub("", _title_case_if_upper(part.strip(" .")))
        if not part:
            continue
        if (name := outlet_name(part)) is not None:
            outlet = outlet or name
        elif is_timestamp(part):
            published = published or parse_date(part)
        elif _is_job_title(part):
            continue
        elif _is_person_name(part):
            authors.append(part)
        else:
            return None
    return (authors, outlet, published) if authors or outlet else None


def _title_case_if_upper(text: str) -> str:
    return text.title() if text.isupper() and len(text) > 3 else text


def reporting_authors(text: str) -> list[str]:
    """Reporters named in a wire credit: 'Reporting by A and B in Moscow; Editing by C'."""
    authors: list[str] = []
    for match in _REPORTING_AUTHORS.finditer(text):
        for part in _BYLINE_SEPARATORS.split(match["names"]):
            part = _IN_PLACE.sub("", part.strip(" ."))
            if _is_person_name(part) and not _is_job_title(part):
                authors.append(part)
    return authors


def _is_job_title(text: str) -> bool:
    return any(word.casefold() in JOB_TITLE_WORDS for word in text.split())


def _is_person_name(text: str) -> bool:
    tokens = text.split()
    if not 1 <= len(tokens) <= 5 or any(ch.isdigit() for ch in text):
        return False
    if not (_NAME_TOKEN.match(tokens[0]) and _NAME_TOKEN.match(tokens[-1])):
        return False
    return all(_NAME_TOKEN.match(token) or token in NAME_PARTICLES for token in tokens)


def is_credit(text: str) -> bool:
    """Photo credits: 'Credit: AP', 'Photo: Jane Doe/Reuters', '(AP Photo/Evan Vucci)',
    'Getty Images', 'AFP via Getty Images'."""
    core = text.strip().strip("()[]").strip()
    too_long = len(core.split(maxsplit=CREDIT_MAX_WORDS)) > CREDIT_MAX_WORDS  # no full split
    if too_long or _SECOND_SENTENCE.search(core):
        return False
    if _CREDIT_LABEL.match(core):
        return True
    if core.casefold().rstrip(".") in _PHOTO_CREDIT_NAMES:
        return True
    parts = [part.strip(" .") for part in re.split(r"/|\bvia\b", core) if part.strip(" .")]
    return (
        len(parts) >= 2
        and all(_is_person_name(part) or _names_credit_agency(part) for part in parts)
        and any(_names_credit_agency(part) for part in parts)
    )


def _names_credit_agency(text: str) -> bool:
    key = text.casefold().strip(" .")
    return key in _PHOTO_CREDIT_NAMES or key in _OUTLET_NAMES


def strip_credit_tail(text: str) -> str:
    """Cut a photo credit glued to the end of a caption ('... Vietnam.Credit: AP')."""
    for boundary in _SENTENCE_BOUNDARY.finditer(text):
        tail = text[boundary.end() :]
        if tail and is_credit(tail) and not _REPORTING_CREDIT.match(tail):
            return text[: boundary.end()].rstrip()
    return text


def _strip_outlet_tail(text: str) -> tuple[str, str | None]:
    """Cut an outlet name pasted after the last sentence ('... on Saturday. Reuters')."""
    ends = [b.end() for b in _SENTENCE_BOUNDARY.finditer(text) if b.end() < len(text)]
    if ends and (name := outlet_name(text[ends[-1] :])) is not None:
        return text[: ends[-1]].rstrip(), name
    return text, None


# --- stage 3: lines in context -----------------------------------------------------------


def mark_repeated_short_lines(lines: list[Line], title: str | None) -> None:
    """A short line that occurs twice is interface (a real subheading is not repeated);
    a short title repeated as the headline is handled by drop_repeats."""
    short_lines = [(line, _key(line.text)) for line in lines if _is_short(line)]
    counts = Counter(key for _, key in short_lines)
    title_key = _key(title) if title else None
    for line, key in short_lines:
        if counts[key] > 1 and key != title_key:
            line.kind = LineKind.INTERFACE


def mark_story_lists(lines: list[Line]) -> None:
    """Drop the headlines listed under 'Most Viewed in World' and similar headings."""
    in_list = False
    for line in lines:
        if line.kind is LineKind.STORY_LIST_HEADING:
            in_list = True
        elif line.kind is LineKind.TEXT and in_list:
            if is_prose(line.text):
                in_list = False
            else:
                line.kind = LineKind.INTERFACE


def mark_author_notes(lines: list[Line], authors: list[str]) -> None:
    """Drop the note about an author ('Jane Doe is a political reporter for ...')."""
    for line in lines:
        if line.kind is LineKind.TEXT and any(
            line.text.startswith(f"{author} is ") for author in authors
        ):
            words = {word.casefold() for word in _WORD.findall(line.text)}
            if words & AUTHOR_NOTE_WORDS:
                line.kind = LineKind.CREDIT


def pick_title(lines: list[Line]) -> str | None:
    """The first headline-like text line before the article's prose starts (a section
    label such as 'World' above it is too short to count)."""
    for line in lines:
        if line.kind is not LineKind.TEXT:
            continue
        if is_headline(line.text):
            return line.text
        if is_prose(line.text):
            return None
    return None


def drop_repeats(lines: Iterable[Line], title: str | None) -> list[Line]:
    """Text lines, each once (the title not at all): repeated captions and headlines go."""
    seen = {_key(title)} if title else set()
    kept = []
    for line in lines:
        if line.kind is not LineKind.TEXT:
            continue
        key = _key(line.text)
        if key not in seen:
            seen.add(key)
            kept.append(line)
    return kept


def drop_page_chrome(lines: list[Line]) -> list[Line]:
    """Drop menus and the short lines before the first and after the last prose paragraph
    (section labels, buttons). Longer lines stay: lists of other stories are recognised by
    their heading (mark_story_lists), not guessed from their shape, so that an article
    ending in a list keeps it."""
    lines = [line for line, in_menu in zip(lines, _menu_runs(lines), strict=True) if not in_menu]
    prose = [index for index, line in enumerate(lines) if is_prose(line.text)]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), len(lines))
    return [
        line for index, line in enumerate(lines) if first <= index <= last or not _is_short(line)
    ]


def _menu_runs(lines: list[Line]) -> list[bool]:
    """Flags lines that are part of a run of short lines (a navigation menu)."""
    flags = [False] * len(lines)
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and _is_short(lines[end]):
            end += 1
        if end - start >= MENU_RUN_MIN_LINES:
            flags[start:end] = [True] * (end - start)
        start = max(end, start + 1)
    return flags


def collect_authors(lines: list[Line]) -> list[str]:
    """Byline authors; wire credits ('Reporting by ...') only when there is no byline."""
    for kind in (LineKind.BYLINE, LineKind.CREDIT):
        authors = [name for line in lines if line.kind is kind for name in line.authors]
        if authors:
            return list(dict.fromkeys(authors))
    return []


# --- line shapes -------------------------------------------------------------------------


def is_headline(text: str) -> bool:
    return (
        len(text) <= HEADLINE_MAX_CHARS
        and has_at_least_words(text, HEADLINE_MIN_WORDS)
        and has_at_most_words(text, HEADLINE_MAX_WORDS)
        and not text.endswith(".")
        and not _SECOND_SENTENCE.search(text)
    )


def is_prose(text: str) -> bool:
    return _ends_sentence(text) and has_at_least_words(text, PROSE_MIN_WORDS)


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


# Each stage asks again about the same lines.
@lru_cache(maxsize=4096)
def word_count(text: str) -> int:
    """Words, counting a word per 8 characters in scripts written without spaces."""
    return max(len(_WORD.findall(text)), len(text) // CHARS_PER_WORD_WITHOUT_SPACES)


def has_at_least_words(text: str, count: int) -> bool:
    """``word_count(text) >= count``, the words counted only when the length does not tell."""
    return len(text) // CHARS_PER_WORD_WITHOUT_SPACES >= count or word_count(text) >= count


def has_at_most_words(text: str, count: int) -> bool:
    """``word_count(text) <= count``, the words counted only when the length does not tell."""
    return len(text) // CHARS_PER_WORD_WITHOUT_SPACES <= count and word_count(text) <= count


def _is_short(line: Line) -> bool:
    """A short line that is no sentence, nor an item of a numbered list."""
    return (
        line.kind is LineKind.TEXT
        and has_at_most_words(line.text, SHORT_LINE_MAX_WORDS)
        and not _ends_sentence(line.text)
        and not _NUMBERED_ITEM.match(line.text)
    )


def _key(text: str) -> str:
    return _NON_WORDS.sub(" ", text.casefold()).strip()
