"""Every way a U.S. state is written in a press release.

Names, FIPS codes, postal codes and the Associated Press Stylebook's state
abbreviations ("Ore.", "Calif.", "W.Va."; AP spells out Alaska, Hawaii, Idaho,
Iowa, Maine, Ohio, Texas and Utah) come from the ``us`` package, so no table is
typed by hand here. Releases are inconsistent, so a few common variants
without the period or in older styles ("Calif", "Penn.", "Wisc.") are accepted
too. Only the 50 states and the District of Columbia are states here: the
national Census files this project reads have no territories.

``basic_tokens`` is the one text normalisation every name goes through before
it is compared: lower case, accents dropped ("Cañon" = "Canon"), periods and
apostrophes dropped ("N.J." = "NJ", "Prince George's" = "Prince Georges"),
"&" read as "and", any other punctuation a space ("Miami-Dade" = "Miami Dade").
"""
from __future__ import annotations

import unicodedata

import us

# fips: (name, postal code, AP abbreviation or None when AP spells the name out)
STATES: dict[str, tuple[str, str, str | None]] = {
    state.fips: (state.name, state.abbr, state.ap_abbr if state.ap_abbr != state.name else None)
    for state in sorted([*us.states.STATES, us.states.DC], key=lambda s: s.fips)
}

# Variants seen in releases and wire copy that are not the AP's own abbreviation.
VARIANTS = {"calif": "06", "cal": "06", "ore": "41", "oreg": "41", "penn": "42", "penna": "42", "mass": "25",
            "wash": "53", "colo": "08", "ill": "17", "tex": "48", "wisc": "55", "w va": "54", "ariz": "04",
            "minn": "27", "mich": "26", "tenn": "47", "okla": "40", "nebr": "31", "conn": "09", "fla": "12"}

_DROPPED = dict.fromkeys(map(ord, ".'\u2019\u2018`"), None)
_SPACED = {ord(c): " " for c in "-/,;:()[]{}\"!?*+=_|<>#@~\u2013\u2014\u201c\u201d\t\n\r"}
_TRANSLATE = {**_DROPPED, **_SPACED, ord("&"): " and "}


def written_words(text: str) -> list[str]:
    """``"Cañon City, Colo."`` -> ``['Canon', 'City', 'Colo']``: ``basic_tokens`` keeping the case."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.translate(_TRANSLATE).split()


def basic_tokens(text: str) -> list[str]:
    """``"Cañon City, Colo."`` -> ``['canon', 'city', 'colo']`` (see the module docstring)."""
    return written_words(text.lower())


def normalise(text: str) -> str:
    """``basic_tokens`` joined by single spaces."""
    return " ".join(basic_tokens(text))


def _spellings() -> dict[str, tuple[str, str]]:
    """normalised spelling -> (state FIPS, which kind of spelling it is)."""
    table: dict[str, tuple[str, str]] = {}
    for fips, (name, postal, ap) in STATES.items():
        table[normalise(name)] = (fips, "state name")
        table[normalise(postal)] = (fips, "postal code")
        if ap and normalise(ap) == normalise(postal):  # "Ga.", "Pa.", "La."
            table[normalise(ap)] = (fips, "postal code or AP abbreviation")
        elif ap:
            table[normalise(ap)] = (fips, "AP abbreviation")
    for variant, fips in VARIANTS.items():
        table.setdefault(variant, (fips, "abbreviation"))
    return table


SPELLINGS = _spellings()


def state_from(text: str) -> tuple[str, str] | None:
    """``(fips, kind)`` when ``text`` is a way of writing a state, else None."""
    return SPELLINGS.get(normalise(text))


def state_from_key(key: str) -> tuple[str, str] | None:
    """Like ``state_from`` for text already normalised."""
    return SPELLINGS.get(key)
