"""Read the built results back with the right types, for notebooks and figures.

CSV has no types: GEOIDs must stay strings, ``is_primary`` must become a
boolean again, and counts stay whole numbers even where a value is missing.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd


_TYPES = {"jurisdiction": str, "definition": str, "geography": str, "short_label": str, "geo_level": str,
          "geoids": str, "population": "Int64", "population_moe": "Int64", "population_source": str,
          "vintage": "Int64", "population_year": "Int64", "arrests": "int64", "rate_per_100k": "float64", "rank": "Int64",
          "note": str, "noncitizen_population": "Int64", "noncitizen_moe": "float64",
          "noncitizen_source": str, "rate_per_100k_noncitizen": "float64",
          "rate_per_100k_noncitizen_moe": "float64", "noncitizen_note": str}


def load_rates(path: Path) -> pd.DataFrame:
    """A story's ``rates.csv`` (or ``rates_vNNNN.csv``) as the build computed it."""
    table = pd.read_csv(path, dtype=_TYPES, keep_default_na=False,
                        na_values={c: [""] for c, t in _TYPES.items() if t != str})
    table["is_primary"] = table["is_primary"].map({"true": True, "false": False, True: True,
                                                   False: False}).astype(bool)
    return table
