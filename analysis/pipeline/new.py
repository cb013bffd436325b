"""A new press release becomes a story folder: ``python -m analysis new SLUG --counts FILE``.

The names in the counts file are resolved offline against every state, county
and incorporated place of the committed national extract (``analysis.geography.resolve``),
for the operation's year. The folder written holds the counts as given, the
resolved primary geographies plus the alternatives a reporter should consider
(a city and the county of the same name; a state and its largest city), a
``story.toml`` to complete and a ``claims.csv`` with the announced total when
one is given. Nothing is written if any name is unknown or ambiguous, and an
existing story is never overwritten.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import sys
from pathlib import Path

import pandas as pd

from analysis.census.estimates import load_geographies
from analysis.core import paths
from analysis.core.atomic import replace_folders
from analysis.core.errors import InputError, csv_line
from analysis.core.tables import to_csv_bytes
from analysis.geography.overlaps import find_duplicates, find_overlaps, note_overlaps
from analysis.geography.resolve import Resolution, Resolver, UnresolvedName, load_overrides
from analysis.geography.overrides import unused_overrides
from analysis.story.counts import load_counts

RESOLUTION_COLUMNS = [field.name for field in dataclasses.fields(Resolution)]
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _place_counties(resolutions: list[Resolution]) -> dict[str, str] | None:
    """Which county holds each place of the list (its Census internal point in the county outlines),
    needed only when the list also names counties: a city inside a listed county is an overlap."""
    places = [g for r in resolutions if r.geo_level == "place" for g in r.geoids.split(";")]
    if not places or not any(r.geo_level in ("county", "county_set") for r in resolutions):
        return None
    county_of = _county_of_place()
    return {g: county_of[g] for g in places if g in county_of}


def resolve_names(counts: pd.DataFrame, counts_path: Path, resolver: Resolver, state_hint: str | None,
                  overrides: dict) -> pd.DataFrame:
    """Every name resolved, or one error listing every name that is not, row by row.

    The same geography under two names stops (it would be counted twice) unless both are
    pinned in the overrides file; overlapping geographies (a city inside a listed county)
    are kept with a note in both rows (confidence 'likely').
    """
    resolved, problems = [], []
    for index, name in counts["jurisdiction"].items():
        try:
            resolved.append(resolver.resolve(name, state_hint, overrides))
        except UnresolvedName as why:
            problems.append(f"row {csv_line(index)}, field 'jurisdiction': {why}")
    if problems:
        raise InputError(counts_path, f"{len(problems)} name(s) could not be resolved:\n  " + "\n  ".join(problems))
    pinned = set(overrides or {})
    twice = [d for d in find_duplicates(resolved) if not {d.first, d.second} <= pinned]
    if twice:
        raise InputError(counts_path, "; ".join(d.note for d in twice) + " (counting it twice would inflate its "
                         "rate; or pin both names in an overrides file)", field="jurisdiction")
    resolved = note_overlaps(resolved, find_overlaps(resolved, resolver, _place_counties(resolved)))
    return pd.DataFrame([dataclasses.asdict(r) for r in resolved], columns=RESOLUTION_COLUMNS)


def _definition_id(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "place"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _local(name: str) -> str:
    """'Cook County, Illinois' -> 'Cook County': the few words a chart prints."""
    return name.rsplit(", ", 1)[0]


@functools.cache
def _county_of_place() -> dict[str, str]:
    """Every place with a Census internal point -> the county whose outline holds that point (computed once)."""
    from analysis.geography.points import load_place_points, place_points
    from analysis.geography.shapes import EQUAL_AREA_CRS, counties_holding, load_shapes

    points = place_points(list(load_place_points().index), EQUAL_AREA_CRS)
    return dict(zip(points["GEOID"], counties_holding(load_shapes(), points)))


def _county_holding(place: str) -> str | None:
    """The county whose outline holds a place's Census internal point (None without a point)."""
    return _county_of_place().get(place)


def _main_cities(places: pd.DataFrame) -> dict[str, str]:
    """County GEOID -> its most populous place (the place whose internal point lies in it)."""
    located = places.assign(county=places["geoid"].map(_county_of_place())).dropna(subset=["county"])
    ranked = located.sort_values(["county", "population", "geoid"], ascending=[True, False, True])
    return dict(zip(ranked.drop_duplicates("county")["county"], ranked.drop_duplicates("county")["geoid"]))


def geographies_from(resolution: pd.DataFrame, geographies: pd.DataFrame) -> pd.DataFrame:
    """The primary geography of each name, and the alternatives a reporter should test."""
    taken: set[str] = set()
    places = geographies[geographies["geo_level"] == "place"]
    names = dict(zip(geographies["geoid"], geographies["name"]))
    # A city coextensive with its county (Denver) has the same population: no alternative to test.
    population_of = dict(zip(geographies["geoid"], geographies["population"]))
    main_cities = _main_cities(places) if (resolution["geo_level"] == "county").any() else {}
    largest_city: dict[str, tuple[str, str, int]] = {}
    for geoid, name, population in zip(places["geoid"], places["name"], places["population"]):
        state = geoid[:2]
        if state not in largest_city or population > largest_city[state][2]:
            largest_city[state] = (geoid, name, population)
    rows = []
    for r in resolution.itertuples():
        rows.append({"jurisdiction": r.jurisdiction, "definition": _definition_id(r.jurisdiction, taken),
                     "is_primary": True, "geography": r.matched_name, "short_label": _local(r.matched_name),
                     "geo_level": r.geo_level, "geoids": r.geoids,
                     "rationale": f"Resolved by rule '{r.rule or r.method}' ({r.confidence}): {r.detail}"
                                  + (f" CHECK: {r.notes}" if r.notes else "")})
        state = r.geoids[:2]
        alternative = None
        holding = _county_holding(r.geoids) if r.geo_level == "place" else None
        main_city = main_cities.get(r.geoids) if r.geo_level == "county" else None
        if holding and holding in names:
            alternative = ("county", holding, names[holding],
                           "The county that holds the city (its Census internal point): test it in case the "
                           "count covers the county.")
        elif main_city:
            alternative = ("place", main_city, names[main_city],
                           "The county's largest city (by its Census internal point): test it in case the "
                           "count covers the city only.")
        elif r.geo_level == "state" and state in largest_city:
            alternative = ("place", largest_city[state][0], largest_city[state][1],
                           "The state's largest city: test it in case the arrests were concentrated there.")
        if alternative and alternative[1] != r.geoids and population_of.get(alternative[1]) != population_of.get(r.geoids):
            level, geoid, name, why = alternative
            rows.append({"jurisdiction": r.jurisdiction, "definition": _definition_id(f"{r.jurisdiction} {level}", taken),
                         "is_primary": False, "geography": name, "short_label": _local(name), "geo_level": level,
                         "geoids": geoid, "rationale": why})
    return pd.DataFrame(rows)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first(counts: pd.DataFrame, column: str) -> str:
    return next((v for v in counts.get(column, []) if v), "")


def story_toml(slug: str, counts: pd.DataFrame, year: int, total: int | None, counts_name: str = "") -> str:
    """A ``story.toml`` that validates, with every field a reporter must check marked REVIEW.

    What the counts file says (an ``operation`` name, a ``source_name``) is used as the
    starting value; for a quick run (``counts_name`` given) the figures cite the file itself.
    """
    dates = sorted(d for d in counts.get("published_date", pd.Series(dtype=str)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d))
    day = dates[0] if dates else f"{year}-01-01"
    sources = sorted({(n, u) for n, u in zip(counts.get("source_name", []), counts.get("source_url", []))
                      if n and re.fullmatch(r"https?://\S+", u)})
    lines = [f"# Written by `python -m analysis new {slug}`: complete every line marked REVIEW.",
             f"title = {_toml_string(_first(counts, 'operation') or ('the announced operation' if counts_name else slug.replace('-', ' ').capitalize()))}  # REVIEW: the operation's name",
             'agency = "REVIEW: the agency that announced the counts"',
             f"start = {day}  # REVIEW", f"end = {day}  # REVIEW", f"announced = {day}  # REVIEW",
             f"population_year = {year}"]
    if total is not None:
        lines.append(f"announced_total = {total}")
    cited = _first(counts, "source_name") or counts_name
    lines += [f"counts_source = {_toml_string(cited)}  # REVIEW: how graphics cite the counts" if cited
              else 'counts_source = "REVIEW: how graphics cite the counts"',
              'credit = "Graphic: enforcement-operations analysis kit"',
              'summary = "REVIEW: what happened, in one or two sentences."', ""]
    for name, url in sources:
        lines += ["[[sources]]", f"name = {_toml_string(name)}", f'date = "{day[:4]}"  # REVIEW', f"url = {_toml_string(url)}", ""]
    if not sources:
        lines += ["[[sources]]", 'name = "REVIEW: where the counts were published"', f'date = "{year}"',
                  'url = "https://example.org/REVIEW"', ""]
    return "\n".join(lines)


def claims_table(counts: pd.DataFrame, total: int | None, year: int) -> pd.DataFrame:
    columns = ["claim_id", "kind", "claim", "stated", "stated_as", "equals", "comparison", "tolerance",
               "if_different", "stated_by", "published_date", "source_url", "note"]
    rows = []
    if total is not None:
        url = next((u for u in counts.get("source_url", []) if re.fullmatch(r"https?://\S+", u)), "https://example.org/REVIEW")
        rows.append({"claim_id": "announced_total", "kind": "claim", "claim": f"{total} arrests in all, as announced",
                     "stated": str(total), "stated_as": str(total), "equals": "total", "comparison": "equal",
                     "tolerance": "", "if_different": "", "stated_by": "REVIEW: who announced it",
                     "published_date": str(year), "source_url": url, "note": "REVIEW: date and source"})
    return pd.DataFrame(rows, columns=columns)


def announced_total(counts: pd.DataFrame, counts_path: Path, total: int | None) -> int | None:
    """The total given with ``--total`` or in an ``announced_total`` column (one value)."""
    values = sorted(set(counts.get("announced_total", pd.Series(dtype=str))) - {""})
    if len(values) > 1:
        raise InputError(counts_path, f"announced_total has several values ({', '.join(values)})", field="announced_total")
    if values and not (values[0].isascii() and values[0].isdigit()):
        raise InputError(counts_path, f"'{values[0]}' is not a whole number", field="announced_total")
    return total if total is not None else (int(values[0]) if values else None)


def story_files(slug: str, counts_path: Path, year: int, state: str | None = None,
                overrides_path: Path | None = None, total: int | None = None,
                census_dir: Path | None = None, quick: bool = False) -> tuple[dict[str, bytes], pd.DataFrame]:
    """The files of a new story folder (name -> bytes) and the resolution table, all in memory."""
    counts_path = Path(counts_path)
    counts = load_counts(counts_path)
    geographies = load_geographies(year, census_dir=Path(census_dir) if census_dir else None)
    resolver = Resolver(geographies)
    overrides = load_overrides(Path(overrides_path), resolver) if overrides_path else {}
    resolution = resolve_names(counts, counts_path, resolver, state, overrides)
    for warning in unused_overrides(overrides, counts["jurisdiction"]) if overrides else ():
        print(f"warning: {warning}", file=sys.stderr)
    total = announced_total(counts, counts_path, total)
    files = {"counts.csv": to_csv_bytes(counts.astype({"arrests": str})),
             "geographies.csv": to_csv_bytes(geographies_from(resolution, geographies)),
             "claims.csv": to_csv_bytes(claims_table(counts, total, year)),
             "story.toml": story_toml(slug, counts, year, total, counts_path.name if quick else "").encode("utf-8")}
    if overrides_path:
        files["name_overrides.csv"] = Path(overrides_path).read_bytes()
    return files, resolution


def new_story(slug: str, counts_path: Path, year: int, state: str | None = None,
              overrides_path: Path | None = None, total: int | None = None,
              stories_root: Path | None = None) -> tuple[Path, pd.DataFrame]:
    """Write ``stories/SLUG/``; refuses a bad slug or an existing story."""
    if not SLUG.fullmatch(slug):
        raise InputError(Path(slug), "a story slug is lowercase letters and digits joined by '-', e.g. la-aor-2018")
    if slug in paths.RESERVED_SLUGS:
        raise InputError(Path(slug), f"no story can be called '{slug}': reports/{slug}/ holds what every story's "
                         "pages share")
    folder = Path(stories_root or paths.STORIES) / slug
    if folder.exists():
        raise InputError(folder, "this story already exists: its evidence is never overwritten; choose another slug")
    files, resolution = story_files(slug, counts_path, year, state, overrides_path, total)
    try:
        replace_folders({folder: files}, new_only=True)
    except FileExistsError:  # another `new` wrote it meanwhile
        raise InputError(folder, "this story already exists: its evidence is never overwritten; "
                         "choose another slug") from None
    return folder, resolution


def default_year(counts_path: Path) -> int:
    """The year of the counts' publication dates, when the file gives them (else: ask for --year)."""
    counts = load_counts(counts_path)
    years = {d[:4] for d in counts.get("published_date", []) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)}
    if len(years) == 1:
        return int(years.pop())
    raise InputError(counts_path, "give the operation's year with --year (the file has no single published_date year)")

