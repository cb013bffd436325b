"""A second denominator: arrests per 100,000 residents who are not U.S. citizens.

Immigration arrests fall on noncitizens, so a rate per noncitizen resident is
closer to the population at risk than a rate per resident (though it is still
not a rate per undocumented resident: the ACS does not measure legal status).
The denominator is the ACS 2017 1-year estimate of the foreign-born population
that is not a U.S. citizen (B05001_006, equal to DP02_0095), which has a 90%
margin of error; arrest counts have none, so the rate's MOE comes from the
denominator alone (``analysis.census.acs``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.census import acs
from analysis.core.errors import InputError, csv_line
from analysis.census.extract import ACS_EXTRACT_COLUMNS
from analysis.geography.geoids import SAME_AREA, split_geoids
from analysis.core.tables import read_text_table

PER = 100_000
# The ACS year `python -m analysis fetch` refreshes (analysis.census.census_api).
ACS_FETCH_YEAR = 2017
ACS_HINT = "states only offline; `python -m analysis fetch` adds counties and places"
COLUMNS = ["noncitizen_population", "noncitizen_moe", "noncitizen_source", "rate_per_100k_noncitizen",
           "rate_per_100k_noncitizen_moe", "noncitizen_note"]


def _converted(raw: str, convert, label: str) -> tuple[float, str]:
    try:
        return convert(raw), ""
    except acs.NotAvailable as why:
        return np.nan, f"{label} {why}"


def load_acs(path: Path) -> pd.DataFrame:
    """Read the ACS extract, converting special codes explicitly.

    ``noncitizen`` and ``noncitizen_moe`` become floats, NaN where the Census
    Bureau published a code instead of a number, and ``problem`` says why.
    """
    table = read_text_table(path, ACS_EXTRACT_COLUMNS)
    estimates = [_converted(v, acs.estimate_value, "noncitizen estimate") for v in table["noncitizen"]]
    moes = [_converted(v, acs.moe_value, "noncitizen MOE") for v in table["noncitizen_moe"]]
    table["noncitizen"] = [value for value, _ in estimates]
    table["noncitizen_moe"] = [value for value, _ in moes]
    table["problem"] = [a or b for (_, a), (_, b) in zip(estimates, moes)]
    repeated = table["geoid"].duplicated()
    if repeated.any():
        raise InputError(path, "GEOID appears twice", row=csv_line(repeated.idxmax()), field="geoid")
    return table


def noncitizen_rates(definitions: pd.DataFrame, acs_table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The noncitizen columns for each row of ``definitions`` (which has ``geoids`` and ``arrests``).

    Only ACS estimates for the rates' own ``year`` are used: a noncitizen count from
    another year would be a silent wrong denominator, so such rows say what is missing.
    A set of geographies is summed, its MOE by the root of the sum of
    squares. Where any part has no usable estimate the row says so in
    ``noncitizen_note`` instead of leaving a silent blank.
    """
    acs_table = acs_table[acs_table["year"].astype(int) == year]
    known = dict(zip(acs_table["geoid"], zip(acs_table["noncitizen"], acs_table["noncitizen_moe"],
                                             acs_table["problem"], acs_table["product"], acs_table["source_file"])))
    rows = []
    for geoids, arrests in zip(definitions["geoids"], definitions["arrests"]):
        parts = [g if g in known else SAME_AREA.get(g, g) for g in split_geoids(geoids)]
        absent = [g for g in parts if g not in known]
        unusable = [f"{g} ({known[g][2]})" for g in parts if g in known and known[g][2]]
        if absent or unusable:
            hint = ACS_HINT if year == ACS_FETCH_YEAR else f"the committed ACS extract has {ACS_FETCH_YEAR} states only"
            note = (f"no ACS {year} 1-year noncitizen estimate in the committed data for GEOID "
                    f"{';'.join(absent)} ({hint})" if absent else
                    f"ACS {year} 1-year noncitizen estimate not usable: {'; '.join(unusable)}")
            rows.append({column: np.nan for column in COLUMNS} | {"noncitizen_source": "",
                                                                  "noncitizen_note": note})
            continue
        estimate = float(sum(known[g][0] for g in parts))
        _, moe = acs.sum_with_moe([(known[g][0], known[g][1]) for g in parts])
        sources = sorted({known[g][4] for g in parts})
        rows.append({
            "noncitizen_population": round(estimate), "noncitizen_moe": moe,
            "noncitizen_source": f"{known[parts[0]][3]} ({';'.join(sources)})",
            "rate_per_100k_noncitizen": arrests * PER / estimate,
            "rate_per_100k_noncitizen_moe": PER * acs.moe_of_ratio(arrests, estimate, 0.0, moe),
            "noncitizen_note": "",
        })
    out = pd.DataFrame(rows, columns=COLUMNS, index=definitions.index)
    out["noncitizen_population"] = out["noncitizen_population"].astype("Int64")
    for column in ("noncitizen_moe", "rate_per_100k_noncitizen", "rate_per_100k_noncitizen_moe"):
        out[column] = out[column].astype("float64")
    return out
