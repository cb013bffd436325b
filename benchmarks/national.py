"""Benchmark (not a test): name resolution and a national run, with times and peak memory.

1. Resolve 10,000 names drawn (seeded) from the national files, written the way
   releases write them: "X County, State", "X, ST." (AP), "X city, State", state names.
2. Run the whole pipeline (read the national files, build the index, resolve,
   join, rates, CSV) for every county and every incorporated place.

Targets on a 2-core machine: (1) under 1 second; (2) under 2 seconds excluding
interpreter start-up; peak memory under 1 GB. Usage: `make bench`, or
`python benchmarks/national.py [CENSUS_DIR]` (default: ../shared/data/census,
else data/external/).
"""
from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from analysis.core import paths  # noqa: E402
from analysis.census.national import load_geographies  # noqa: E402
from analysis.geography.resolve import Resolver, UnresolvedName  # noqa: E402
from analysis.pipeline.run import run  # noqa: E402
from analysis.geography.state_names import STATES  # noqa: E402


def census_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    shared = ROOT.parent / "shared" / "data" / "census"
    return shared if shared.is_dir() else paths.EXTERNAL


def press_style(name: str, level: str, geoid: str, rng: random.Random) -> str:
    """A Census name as a release might print it."""
    local, _, state = name.rpartition(", ")
    if level == "state":
        return rng.choice([name, f"the state of {name}"])
    st_name, postal, ap = STATES[geoid[:2]]
    return f"{local}, {rng.choice([st_name, postal, ap or st_name])}"


def main() -> None:
    folder = census_dir()
    geographies = load_geographies(folder, 2019)
    resolver = Resolver(geographies)
    rng = random.Random(2017)
    rows = geographies.sample(n=10_000, replace=True, random_state=2017)
    names = [press_style(n, level, g, rng) for n, level, g in zip(rows["name"], rows["geo_level"], rows["geoid"])]
    start = time.perf_counter()
    outcomes = {"resolved": 0, "stopped": 0}
    for name in names:
        try:
            resolver.resolve(name)
            outcomes["resolved"] += 1
        except UnresolvedName:
            outcomes["stopped"] += 1
    resolve_s = time.perf_counter() - start
    print(f"resolve 10,000 names: {resolve_s:.3f} s ({outcomes['resolved']} resolved, "
          f"{outcomes['stopped']} stopped as ambiguous or unknown)")

    load_geographies.cache_clear()
    national = geographies[geographies["geo_level"] != "state"]
    # A name may appear once per counts file ("Juneau City and Borough" is a county and a place).
    national = national[~national["name"].str.casefold().duplicated()]
    # A few states have two places with the same name and type: those are pinned by GEOID.
    twice = geographies[geographies["name"].duplicated(keep=False) & (geographies["geo_level"] == "place")]
    pins = twice.drop_duplicates("name").assign(geo_level="place", reason="benchmark: first of two namesakes")
    with tempfile.TemporaryDirectory() as tmp:
        counts_path, overrides = Path(tmp) / "counts.csv", Path(tmp) / "overrides.csv"
        pd.DataFrame({"jurisdiction": national["name"], "arrests": [rng.randint(0, 50) for _ in range(len(national))]}
                     ).to_csv(counts_path, index=False)
        pins.rename(columns={"name": "jurisdiction", "geoid": "geoids"})[
            ["jurisdiction", "geo_level", "geoids", "reason"]].to_csv(overrides, index=False)
        start = time.perf_counter()
        run(counts_path, Path(tmp) / "out", folder, overrides_path=overrides, figures=False)
        run_s = time.perf_counter() - start
        written = pd.read_csv(Path(tmp) / "out" / "rates.csv", usecols=["geo_level"])
    counties = (national["geo_level"] == "county").sum()
    print(f"national run ({counties:,} counties + {len(national) - counties:,} places = {len(written):,} rows): "
          f"{run_s:.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (resident, whole process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
