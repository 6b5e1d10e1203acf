"""Names that become file or folder names: camera views, scenes, anything a user or a colleague typed.

One rule for the CLI, the server and the Blender add-on, so the same camera lands in the same
folder everywhere:

- a *plain* name (ASCII letters, digits, `_ . -`, starting with a letter or digit, at most 48
  characters, not a Windows device name, not ending in `.` or in something that looks like our
  hash suffix) is used as it is;
- any other name becomes a readable slug plus `-` and the first 8 hex digits of the sha256 of the
  name's UTF-8 bytes: `../../x` → `x-…`, `Cam/1` → `Cam_1-…`, `カメラ左` → `camera-…`.

So a name never leaves the folder it is joined to (no separators, no `..`, no absolute paths, no
drive letters), and two different names never share a folder: names that differ only in
characters the slug drops differ in their hash. What a hash cannot rule out (two names whose
plain forms differ only in letter case, which share a folder on macOS and Windows; an engineered
hash-prefix clash) is checked where a set of names is known, by `safe_names`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable

MAX_SLUG = 48
HASH_DIGITS = 8

_PLAIN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.-]{{0,{MAX_SLUG - 1}}}")
_HASH_SUFFIX = re.compile(rf"-[0-9a-f]{{{HASH_DIGITS}}}$")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_.-]+")
# Windows refuses these as file names whatever the extension (CON.png is the console).
_DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                           *(f"lpt{i}" for i in range(10))})


class NameClash(ValueError):
    """Two different names would share one file name (letter case, or a hash-prefix clash)."""


def is_plain(name: str) -> bool:
    """True when `name` is used unchanged as a file name."""
    return (bool(_PLAIN.fullmatch(name)) and not name.endswith(".") and not _HASH_SUFFIX.search(name)
            and name.split(".", 1)[0].lower() not in _DEVICE_NAMES)


def name_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_DIGITS]


def slug(name: str, fallback: str = "name") -> str:
    """The readable part: accents dropped (é → e), every other run of unsafe characters → `_`."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE_RUN.sub("_", ascii_text).strip("._-")[:MAX_SLUG].rstrip("._-")
    return cleaned if cleaned and cleaned.split(".", 1)[0].lower() not in _DEVICE_NAMES else fallback


def safe_name(name: str, *, fallback: str = "name", hashed: bool = False) -> str:
    """`name` as one harmless file or folder name (see the module docstring). `hashed` forces the
    slug-plus-hash form, for a name whose plain form is already taken by another name."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"a name to use as a file name must be a non-empty string, got {name!r}")
    if not hashed and is_plain(name):
        return name
    return f"{slug(name, fallback)}-{name_hash(name)}"


def safe_names(names: Iterable[str], *, fallback: str = "name") -> dict[str, str]:
    """File names for a set of distinct names, distinct even on disks that ignore letter case:
    names whose plain forms differ only in case get the hashed form. NameClash if two still clash."""
    names = list(dict.fromkeys(names))
    first = {n: safe_name(n, fallback=fallback) for n in names}
    by_fold: dict[str, list[str]] = {}
    for n, s in first.items():
        by_fold.setdefault(s.casefold(), []).append(n)
    out = {n: (safe_name(n, fallback=fallback, hashed=True) if len(by_fold[s.casefold()]) > 1 else s)
           for n, s in first.items()}
    check_distinct(out)
    return out


def check_distinct(mapping: dict[str, str]) -> None:
    """NameClash when two names map to file names equal up to letter case."""
    seen: dict[str, str] = {}
    for name, file_name in mapping.items():
        other = seen.setdefault(file_name.casefold(), name)
        if other != name:
            raise NameClash(f"names {other!r} and {name!r} would share the file name {file_name!r}; "
                            f"rename one of them")
