"""The Census Data API key: where it comes from, and keeping it out of sight.

The key is read from an explicit argument, else the ``CENSUS_API_KEY``
environment variable, else a ``CENSUS_API_KEY=...`` line in ``.env`` at the
project root (ignored by git). It must never reach a message, a log, a saved
request record, a notebook or a commit: every text that could hold it goes
through ``redact`` first.
"""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

from dotenv import dotenv_values

from analysis.core import paths

ENV_VAR = "CENSUS_API_KEY"
DOTENV = paths.PROJECT_ROOT / ".env"
SIGNUP_URL = "https://api.census.gov/data/key_signup.html"
REDACTED = "REDACTED"
_KEY_PARAMETER = re.compile(r"(key=)[^&\s\"'<>]+", re.IGNORECASE)


class MissingKeyError(Exception):
    """No key was found; the message says how to get and store one."""


def _from_dotenv(path: Path) -> str | None:
    """The key from a ``.env`` file, parsed by python-dotenv (``export`` lines, quotes and
    inline comments as shells read them); a byte-order mark is dropped first."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise MissingKeyError(f"{paths.display(path)} cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise MissingKeyError(f"{paths.display(path)} is not UTF-8 text: save it as UTF-8 with a line "
                              f"'{ENV_VAR}=your-key'") from None
    return dotenv_values(stream=io.StringIO(text), interpolate=False).get(ENV_VAR) or None


def find_key(explicit: str | None = None, environ: dict | None = None, dotenv: Path = DOTENV) -> str:
    """The API key, from the first of: argument, environment, ``.env``."""
    environ = os.environ if environ is None else environ
    # In order, and lazily: a broken .env must not block a key given in the environment.
    for source in (lambda: explicit, lambda: environ.get(ENV_VAR), lambda: _from_dotenv(dotenv)):
        candidate = source()
        if candidate and candidate.strip():
            return candidate.strip()
    raise MissingKeyError(
        f"no Census API key found. Get a free key at {SIGNUP_URL}, then either set the "
        f"environment variable {ENV_VAR} or put the line '{ENV_VAR}=your-key' in "
        f"{paths.display(dotenv)} (git ignores that file). The committed data keeps working "
        "without a key: `make all` does not need one.")


def redact(text: str, key: str | None) -> str:
    """``text`` with the key, and any ``key=...`` URL parameter, replaced by REDACTED."""
    if key:
        text = text.replace(key, REDACTED)
    return _KEY_PARAMETER.sub(rf"\g<1>{REDACTED}", text)
