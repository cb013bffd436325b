"""Which Census Bureau product gives July 1 total population for which year: one registry.

The Population Estimates Program publishes a new *vintage* every year. Each
vintage re-estimates every July 1 since the last decennial census, so the
latest vintage that covers a year is the Bureau's best figure for it: its
release notes say a new vintage supersedes the earlier ones. Older vintages
stay useful to show what a reporter could have used at the time.

Each product lists, per kind of geography, the national files that carry it,
best first: the Bureau's own file (with its download address) and, where one
is known, an equivalent copy. Adding a vintage means adding one ``Product``
to ``PRODUCTS`` below; readers, extract, loaders and ``fetch`` follow.
"""
from __future__ import annotations

from dataclasses import dataclass

from analysis.core.errors import InputError

POPEST = "https://www2.census.gov/programs-surveys/popest/datasets"
PRODUCT_NAME = "Census Bureau Population Estimates"
LEVELS = ("state", "county", "place")

# File layouts (Census Bureau "File Layout" documents for each file):
# CO-EST20YY-ALLDATA: states (SUMLEV 040) and counties (050), one row each;
# SUB-EST20YY: cities and towns, incorporated places are SUMLEV 162;
# PEPANNRES: American FactFinder download, two header lines, GEO.id2 = GEOID.
COUNTY_TOTALS = "county totals"
CITY_TOTALS = "city and town totals"
FACTFINDER = "American FactFinder PEPANNRES"


@dataclass(frozen=True)
class NationalFile:
    """One national file: how it is laid out and where it comes from.

    ``year_column`` and ``census2010_column`` name the file's columns
    (``{year}`` is replaced by the year). ``url`` is the Census Bureau's
    download address; a copy that cannot be downloaded (a third party's
    subset) has ``url=None`` and says what it is in ``origin``.
    ``complete=False`` marks a file that covers only part of the country.
    """

    name: str
    layout: str
    url: str | None
    year_column: str = "POPESTIMATE{year}"
    census2010_column: str | None = "CENSUS2010POP"
    origin: str = ""
    complete: bool = True

    @property
    def download(self) -> str:
        """The address recorded in sources tables, or what the copy is."""
        return self.url or self.origin


@dataclass(frozen=True)
class FileChoice:
    """The files that give some levels of one vintage; the first one present is used."""

    levels: tuple[str, ...]
    files: tuple[NationalFile, ...]

    @property
    def official(self) -> NationalFile:
        """The Census Bureau's own file, the one ``fetch`` downloads."""
        return next(f for f in self.files if f.url)


@dataclass(frozen=True)
class Product:
    """One vintage of the Population Estimates: the years it gives and its national files.

    ``in_extract``: whether the committed extract in ``data/raw/census/``
    holds this vintage (others are read from downloaded files).
    """

    vintage: int
    first_year: int
    last_year: int
    base: str
    choices: tuple[FileChoice, ...]
    in_extract: bool

    @property
    def name(self) -> str:
        return f"{PRODUCT_NAME}, Vintage {self.vintage}"

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def choice_for(self, level: str) -> FileChoice:
        return next(c for c in self.choices if level in c.levels)

    def describe(self) -> str:
        return f"Vintage {self.vintage}: July 1, {self.first_year}-{self.last_year}"


def _county_file(vintage: int, span: str, **layout) -> NationalFile:
    name = f"co-est{vintage}-alldata.csv"
    return NationalFile(name, COUNTY_TOTALS, f"{POPEST}/{span}/counties/totals/{name}", **layout)


def _city_file(name: str, span: str, **layout) -> NationalFile:
    return NationalFile(name, CITY_TOTALS, f"{POPEST}/{span}/cities/totals/{name}", **layout)


# The 2020s files have no 2010 Census column; their base is ESTIMATESBASE2020
# (April 1, 2020, built on the 2020 Census).
_NO_2010 = {"census2010_column": None}

PRODUCTS = (
    Product(2019, 2010, 2019, "April 1, 2010 Census", (
        FileChoice(("state", "county"), (_county_file(2019, "2010-2019"),)),
        FileChoice(("place",), (
            _city_file("sub-est2019_all.csv", "2010-2019"),
            NationalFile("sub-est2019_all_places-subset.csv", CITY_TOTALS, None,
                         origin="a third-party subset of sub-est2019_all.csv (places only)"),)),
    ), in_extract=True),
    Product(2017, 2010, 2017, "April 1, 2010 Census", (
        FileChoice(("state", "county"), (_county_file(2017, "2010-2017"),)),
        FileChoice(("place",), (
            _city_file("sub-est2017_all.csv", "2010-2017"),
            NationalFile("PEP_2017_PEPANNRES_CA-places_with_ann.csv", FACTFINDER, None,
                         year_column="respop7{year}", census2010_column="rescen42010",
                         origin="American FactFinder table PEP_2017_PEPANNRES, California places",
                         complete=False),)),
    ), in_extract=True),
    Product(2024, 2020, 2024, "April 1, 2020 estimates base (ESTIMATESBASE2020)", (
        FileChoice(("state", "county"), (_county_file(2024, "2020-2024", **_NO_2010),)),
        FileChoice(("place",), (_city_file("sub-est2024.csv", "2020-2024", **_NO_2010),)),
    ), in_extract=False),
)


class NotCovered(InputError):
    """A year or vintage that no registered product gives (not tied to a file)."""

    def __init__(self, message: str):
        Exception.__init__(self, message)
        self.path, self.row, self.field, self.message = None, None, None, message

    def __str__(self) -> str:
        return self.message


def _coverage() -> str:
    return "; ".join(p.describe() for p in sorted(PRODUCTS, key=lambda p: p.vintage))


def products_for(year: int) -> list[Product]:
    """Every product giving July 1 of ``year``, latest vintage first; refuses a year none gives."""
    found = sorted((p for p in PRODUCTS if p.covers(year)), key=lambda p: -p.vintage)
    if not found:
        first = min(p.first_year for p in PRODUCTS)
        last = max(p.last_year for p in PRODUCTS)
        raise NotCovered(f"no Census population product in the registry gives July 1, {year}: the "
                         f"registry covers {first}-{last} ({_coverage()}); a new vintage is one entry "
                         "in analysis/census/products.py")
    return found


def vintage_for(year: int) -> Product:
    """The latest vintage covering ``year`` (the Census Bureau's rule: it revises all earlier years)."""
    return products_for(year)[0]


def alternatives(year: int) -> list[Product]:
    """Older vintages that also give ``year`` (e.g. Vintage 2017 for 2017, as first published)."""
    return products_for(year)[1:]


def product(vintage: int, year: int | None = None) -> Product:
    """The product of ``vintage``; with ``year``, checks that the vintage gives that year."""
    found = next((p for p in PRODUCTS if p.vintage == vintage), None)
    if found is None:
        raise NotCovered(f"no Vintage {vintage} Population Estimates in the registry ({_coverage()})")
    if year is not None and not found.covers(year):
        raise NotCovered(f"Vintage {vintage} gives July 1, {found.first_year}-{found.last_year}, not "
                         f"{year}; the latest vintage for {year} is {products_for(year)[0].vintage}")
    return found
