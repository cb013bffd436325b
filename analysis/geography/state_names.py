"""Every way a U.S. state is written in a press release.

FIPS codes are the Census Bureau's; postal codes are USPS's; the short forms
are the Associated Press Stylebook's state abbreviations (used in datelines
and lists: "Ore.", "Calif.", "Ill.", "Mass."; AP does not abbreviate Alaska,
Hawaii, Idaho, Iowa, Maine, Ohio, Texas and Utah). Common variants without the
period ("Calif", "Ore") are accepted too, since releases are inconsistent.
"""
from __future__ import annotations

import re

# fips: (name, postal code, AP abbreviation or None)
STATES: dict[str, tuple[str, str, str | None]] = {
    "01": ("Alabama", "AL", "Ala."), "02": ("Alaska", "AK", None), "04": ("Arizona", "AZ", "Ariz."),
    "05": ("Arkansas", "AR", "Ark."), "06": ("California", "CA", "Calif."), "08": ("Colorado", "CO", "Colo."),
    "09": ("Connecticut", "CT", "Conn."), "10": ("Delaware", "DE", "Del."),
    "11": ("District of Columbia", "DC", "D.C."), "12": ("Florida", "FL", "Fla."),
    "13": ("Georgia", "GA", "Ga."), "15": ("Hawaii", "HI", None), "16": ("Idaho", "ID", None),
    "17": ("Illinois", "IL", "Ill."), "18": ("Indiana", "IN", "Ind."), "19": ("Iowa", "IA", None),
    "20": ("Kansas", "KS", "Kan."), "21": ("Kentucky", "KY", "Ky."), "22": ("Louisiana", "LA", "La."),
    "23": ("Maine", "ME", None), "24": ("Maryland", "MD", "Md."), "25": ("Massachusetts", "MA", "Mass."),
    "26": ("Michigan", "MI", "Mich."), "27": ("Minnesota", "MN", "Minn."),
    "28": ("Mississippi", "MS", "Miss."), "29": ("Missouri", "MO", "Mo."), "30": ("Montana", "MT", "Mont."),
    "31": ("Nebraska", "NE", "Neb."), "32": ("Nevada", "NV", "Nev."), "33": ("New Hampshire", "NH", "N.H."),
    "34": ("New Jersey", "NJ", "N.J."), "35": ("New Mexico", "NM", "N.M."), "36": ("New York", "NY", "N.Y."),
    "37": ("North Carolina", "NC", "N.C."), "38": ("North Dakota", "ND", "N.D."), "39": ("Ohio", "OH", None),
    "40": ("Oklahoma", "OK", "Okla."), "41": ("Oregon", "OR", "Ore."), "42": ("Pennsylvania", "PA", "Pa."),
    "44": ("Rhode Island", "RI", "R.I."), "45": ("South Carolina", "SC", "S.C."),
    "46": ("South Dakota", "SD", "S.D."), "47": ("Tennessee", "TN", "Tenn."), "48": ("Texas", "TX", None),
    "49": ("Utah", "UT", None), "50": ("Vermont", "VT", "Vt."), "51": ("Virginia", "VA", "Va."),
    "53": ("Washington", "WA", "Wash."), "54": ("West Virginia", "WV", "W.Va."),
    "55": ("Wisconsin", "WI", "Wis."), "56": ("Wyoming", "WY", "Wyo."),
}


_DROPPED = re.compile(r"[.'\u2019]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_SAINT = re.compile(r"\bsaint\b")


def normalise(text: str) -> str:
    """Lowercase, periods and apostrophes dropped, other punctuation as spaces, 'saint' as 'st'."""
    text = _SEPARATORS.sub(" ", _DROPPED.sub("", text.lower())).strip()
    return _SAINT.sub("st", text) if "saint" in text else text


def _spellings() -> dict[str, tuple[str, str]]:
    """normalised spelling -> (state FIPS, which kind of spelling it is)."""
    table: dict[str, tuple[str, str]] = {}
    for fips, (name, postal, ap) in STATES.items():
        table[normalise(name)] = (fips, "state name")
        table[normalise(postal)] = (fips, "postal code")
        if ap:
            table[normalise(ap)] = (fips, "AP abbreviation")
    # Frequent variants of AP forms seen in releases and wire copy.
    for variant, fips in {"calif": "06", "cal": "06", "ore": "41", "oreg": "41", "penn": "42", "penna": "42",
                          "mass": "25", "wash": "53", "colo": "08", "ill": "17", "tex": "48", "wisc": "55"}.items():
        table.setdefault(variant, (fips, "AP abbreviation"))
    return table


SPELLINGS = _spellings()


def state_from(text: str) -> tuple[str, str] | None:
    """``(fips, kind)`` when ``text`` is a way of writing a state, else None."""
    return SPELLINGS.get(normalise(text))
