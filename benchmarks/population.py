"""Benchmark (not a test): loading population for a year, and rebuilding the national extract.

1. ``load_population`` / ``load_geographies`` from the committed extract, each in a
   fresh interpreter: the first call of a process (reads and checks the gzip
   file) and a later call (cached table, new frame).
2. With national files at hand, the Vintage 2019 and 2017 extracts rebuilt from
   them in a temporary folder, and compared with the committed ones (the
   uncompressed CSV bytes, and the gzip bytes).

Targets on a 2-core machine: first call under 0.5 s, later calls under 20 ms.
Usage: ``python benchmarks/population.py [CENSUS_DIR]`` (default:
../shared/data/census, else data/external/).
"""
from __future__ import annotations

import gzip
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.census.national_extract import EXTRACT_DIR, extract_files, extract_name  # noqa: E402
from analysis.core import paths  # noqa: E402

TIMING = """
import time
start = time.perf_counter()
from analysis.census.estimates import {function}
imported = time.perf_counter()
{function}({year})
first = time.perf_counter()
for _ in range(20):
    {function}({year})
later = (time.perf_counter() - first) / 20
print(f"{{imported - start:.3f}} {{first - imported:.3f}} {{later:.4f}}")
"""


def census_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    shared = ROOT.parent / "shared" / "data" / "census"
    return shared if shared.is_dir() else paths.EXTERNAL


def time_loads() -> None:
    for function, year in (("load_population", 2018), ("load_geographies", 2012)):
        result = subprocess.run([sys.executable, "-c", TIMING.format(function=function, year=year)],
                                capture_output=True, text=True, check=True, cwd=ROOT,
                                env={"PYTHONPATH": str(ROOT), "PATH": ""})
        imported, first, later = (float(x) for x in result.stdout.split())
        print(f"{function}({year}): import {imported:.3f} s, first call {first:.3f} s, "
              f"later calls {later * 1000:.1f} ms")


def rebuild(folder: Path) -> None:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        files, _ = extract_files(folder, extract_dir=Path(tmp))
        seconds = time.perf_counter() - start
        for vintage in (2019, 2017):
            made = files[Path(tmp) / extract_name(vintage)]
            committed = (EXTRACT_DIR / extract_name(vintage)).read_bytes()
            same_csv = gzip.decompress(made) == gzip.decompress(committed)
            print(f"{extract_name(vintage)}: {len(made):,} bytes; same CSV as committed: {same_csv}; "
                  f"same gzip bytes: {made == committed}")
    print(f"rebuild of the national extract from {folder}: {seconds:.2f} s")


def main() -> None:
    time_loads()
    folder = census_dir()
    if folder.is_dir() and (folder / "co-est2019-alldata.csv").exists():
        rebuild(folder)
    else:
        print(f"no national files in {folder}: rebuild not timed")


if __name__ == "__main__":
    main()
