"""Arrests per 100,000 residents for every jurisdiction and geography definition.

The join runs counts -> crosswalk (on the jurisdiction as announced, checked
both ways) -> population (on GEOIDs only). A set of counties is summed county
by county. Arrest counts are administrative counts without sampling error and
Population Estimates have no margin of error, so these rates carry none; the
per-noncitizen rates use a survey denominator and do (``analysis.rates.noncitizen``).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError, csv_line
from analysis.geography.geoids import split_geoids
from analysis.rates.noncitizen import COLUMNS as NONCITIZEN_COLUMNS
from analysis.rates.noncitizen import noncitizen_rates
from analysis.census.population import describe_source

PER = 100_000
COLUMNS = ["jurisdiction", "definition", "is_primary", "geography", "short_label", "geo_level", "geoids",
           "population", "population_moe", "population_source", "vintage", "population_year", "arrests",
           "rate_per_100k", "rank", "note", *NONCITIZEN_COLUMNS]


_TYPE_WORDS = re.compile(r"\s+(city and borough|census area|municipality|county|parish|borough|city|town|village)$",
                         re.IGNORECASE)


def _census_base(name: str) -> str:
    """'Denver County, Colorado' -> 'denver': the part of a Census name any label of it must contain."""
    return _TYPE_WORDS.sub("", name.split(",")[0].strip()).casefold()


def check_geoids_known(crosswalk: pd.DataFrame, crosswalk_path: Path, population: pd.DataFrame) -> None:
    """Every crosswalk GEOID must be a geography of the population table (a typo must not pass as missing
    data), and a single GEOID's label must name it: a valid GEOID of the wrong county would otherwise give
    a confident wrong rate under the right name."""
    known = set(population["geoid"])
    census_name = dict(zip(population["geoid"], population["name"]))
    for index, (text, label) in enumerate(zip(crosswalk["geoids"], crosswalk["geography"])):
        parts = split_geoids(text)
        if len(parts) == 1 and parts[0] in census_name and _census_base(census_name[parts[0]]) not in label.casefold():
            raise InputError(crosswalk_path, f"GEOID '{parts[0]}' is {census_name[parts[0]]}, which the label "
                             f"'{label}' does not name: fix the GEOID or the label",
                             row=csv_line(crosswalk.index[index]), field="geoids")
    for index, text in crosswalk["geoids"].items():
        for geoid in split_geoids(text):
            if geoid not in known:
                product = population["product"].iloc[0] if len(population) else "the population data"
                raise InputError(crosswalk_path, f"GEOID '{geoid}' is not a geography of {product} "
                                 f"(July 1, {int(population['year'].iloc[0])}); fix the GEOID",
                                 row=csv_line(index), field="geoids")


def population_by_definition(crosswalk: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Population of every (jurisdiction, definition), summing its GEOIDs.

    A definition gets a population only when every one of its GEOIDs has an
    estimate of this vintage; otherwise ``population`` is missing and
    ``note`` names the GEOIDs without one.
    """
    keys = ["jurisdiction", "definition"]
    parts = crosswalk[keys + ["geoids"]].assign(geoid=crosswalk["geoids"].map(split_geoids))
    parts = parts.explode("geoid", ignore_index=True)
    vintage = _single(population, "vintage")
    of_vintage = population[["geoid", "population", "product", "estimate_date", "source_file"]]
    joined = parts.merge(of_vintage, on="geoid", how="left", validate="m:1")
    assert len(joined) == len(parts), "a GEOID matched more than one population row"
    joined["has_estimate"] = joined["population"].notna()
    per_definition = joined.groupby(keys, sort=False).agg(
        population=("population", "sum"), n_parts=("geoid", "size"),
        n_with_estimate=("has_estimate", "sum"), product=("product", "first"),
        estimate_date=("estimate_date", "first"), source_file=("source_file", "first"),
    ).reset_index()
    complete = per_definition["n_parts"] == per_definition["n_with_estimate"]
    per_definition["population"] = per_definition["population"].astype("Int64").where(complete)
    missing = joined[~joined["has_estimate"]].groupby(keys, sort=False)["geoid"].agg(";".join)
    per_definition["note"] = [
        "" if ok else f"no Vintage {vintage} population estimate for GEOID {missing[(j, d)]}"
        for j, d, ok in zip(per_definition["jurisdiction"], per_definition["definition"], complete)]
    per_definition["population_source"] = [
        f"{describe_source(p, e)} ({f})" if ok else ""
        for p, e, f, ok in zip(per_definition["product"], per_definition["estimate_date"],
                               per_definition["source_file"], complete)]
    return per_definition[keys + ["population", "population_source", "note"]]


def _single(population: pd.DataFrame, column: str) -> int:
    """The one vintage (or year) a population table holds; rates never mix two."""
    values = population[column].unique()
    assert len(values) == 1, f"a population table must hold one {column}, not {sorted(values)}"
    return int(values[0])


def compute_rates(counts: pd.DataFrame, crosswalk: pd.DataFrame, population: pd.DataFrame,
                  acs_table: pd.DataFrame) -> pd.DataFrame:
    """One row per jurisdiction and definition, with the rate and the rank.

    ``rank`` orders the primary definitions only (1 = highest rate);
    alternatives are there to test how much the choice of geography matters.
    """
    keys = ["jurisdiction", "definition"]
    by_definition = population_by_definition(crosswalk, population)
    rates = crosswalk.merge(by_definition, on=keys, how="left", validate="1:1")
    assert len(rates) == len(crosswalk), "crosswalk definitions were lost or duplicated"
    n_definitions = len(rates)
    rates = rates.merge(counts[["jurisdiction", "arrests"]], on="jurisdiction", how="inner",
                        validate="m:1")
    assert len(rates) == n_definitions, "a crosswalk jurisdiction has no arrest count"

    usable = rates["population"].notna() & (rates["population"] > 0)
    rates["rate_per_100k"] = (rates["arrests"] * PER / rates["population"].astype("float64")).where(usable)
    rates["population_moe"] = pd.Series(0, index=rates.index, dtype="Int64").where(usable)
    rates["vintage"] = _single(population, "vintage")
    rates["population_year"] = _single(population, "year")
    rates = rates.join(noncitizen_rates(rates, acs_table, _single(population, "year")))
    rates["rank"] = (rates["rate_per_100k"].where(rates["is_primary"])
                     .rank(method="min", ascending=False).astype("Int64"))

    order = {name: i for i, name in enumerate(counts["jurisdiction"])}
    rates["_jurisdiction_order"] = rates["jurisdiction"].map(order)
    rates["_definition_order"] = range(len(rates))
    rates = rates.sort_values(["_jurisdiction_order", "is_primary", "_definition_order"],
                              ascending=[True, False, True])
    return rates[COLUMNS].reset_index(drop=True)

