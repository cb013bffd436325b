"""The readers of the national Population Estimates files, on the committed slices of the real files."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.census.census_files import read_estimates
from analysis.census.products import product
from analysis.census.slices import write_slices
from analysis.core.errors import InputError

from tests.conftest import census_slices

SLICES = census_slices()
V2019, V2017 = product(2019), product(2017)
CO_EST_2019 = V2019.choice_for("county").files[0]
SUBSET_2019 = V2019.choice_for("place").files[1]
FACTFINDER_2017 = V2017.choice_for("place").files[1]


def _row(table, geoid):
    return table.set_index("geoid").loc[geoid]


def test_county_totals_give_states_and_counties_with_every_year():
    table = read_estimates(SLICES / CO_EST_2019.name, CO_EST_2019, V2019.years)
    assert table["geo_level"].value_counts().to_dict() == {"state": 51, "county": 21}
    dona_ana = _row(table, "35013")  # latin-1 byte 0xF1 in the file
    assert dona_ana["name"] == "Doña Ana County, New Mexico" and dona_ana["census2010"] == "209233"
    assert _row(table, "06083")["pop2018"] == 445_780
    assert _row(table, "17")[["name", "pop2019"]].tolist() == ["Illinois", 12_671_821]


def test_a_copy_that_lost_its_leading_zeros_gives_full_geoids_and_keeps_annotations():
    table = read_estimates(SLICES / SUBSET_2019.name, SUBSET_2019, (2017,))
    assert _row(table, "0644000")[["name", "pop2017"]].tolist() == ["Los Angeles city, California", 3_975_788]
    assert _row(table, "0105812")["census2010"] == "A"
    assert "Cherry Valley town, New York" not in set(table["name"])  # SUMLEV 061 is not a place
    assert len(table) == 8


def test_the_factfinder_file_has_two_header_lines():
    table = read_estimates(SLICES / FACTFINDER_2017.name, FACTFINDER_2017, V2017.years)
    assert _row(table, "0639003")["name"] == "La Cañada Flintridge city, California"
    assert _row(table, "0668000")[["state_name", "pop2017"]].tolist() == ["California", 1_035_317]


def test_a_utf8_copy_reads_the_same_as_the_latin1_original(tmp_path):
    latin1 = (SLICES / CO_EST_2019.name).read_bytes()
    copy = tmp_path / CO_EST_2019.name
    copy.write_bytes(latin1.decode("latin-1").encode("utf-8"))
    assert read_estimates(copy, CO_EST_2019, (2017,)).equals(read_estimates(SLICES / CO_EST_2019.name,
                                                                             CO_EST_2019, (2017,)))


@pytest.mark.parametrize("damage, expected", [
    (lambda b: b.replace(b"\r\n040,4,8,08,", b"\r\n040,4,8,0x,", 1),
     r"row \d+, field 'STATE': '0x' is not a FIPS code"),
    (lambda b: b.replace(b",445780,", b",445 780,", 1),
     r"field 'POPESTIMATE2018': '445 780' is not a population count"),
    (lambda b: b[:-2], "the last line has no line end"),
    (lambda b: b.replace(b",445780,", b",", 1), r"row \d+: 163 fields where the header has 164"),
], ids=["bad-fips", "bad-count", "cut-short", "missing-field"])
def test_a_damaged_file_is_refused_with_its_line(tmp_path, damage, expected):
    path = tmp_path / CO_EST_2019.name
    path.write_bytes(damage((SLICES / CO_EST_2019.name).read_bytes()))
    with pytest.raises(InputError, match=expected):
        read_estimates(path, CO_EST_2019, V2019.years)


def test_a_year_the_file_does_not_have_is_a_missing_column():
    with pytest.raises(InputError, match="missing column.s. POPESTIMATE2018"):
        read_estimates(SLICES / "co-est2017-alldata.csv", V2017.choice_for("county").files[0], (2018,))


def test_the_committed_slices_are_what_the_slicing_code_keeps(tmp_path):
    """Slicing the slices again changes nothing: they hold exactly the lines the documented rules keep."""
    written = write_slices(SLICES, tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in SLICES.glob("*.csv"))
    for path in written:
        assert path.read_bytes() == (SLICES / path.name).read_bytes(), path.name
