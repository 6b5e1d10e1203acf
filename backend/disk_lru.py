"""A folder of files kept under a size limit, least recently used out first.

The files' modification times are the record of use (`touch` on every use), so the order survives
restarts and is shared by every process that uses the folder, with no index to keep in step. Used by
the server's image spool and by the engines' prepared-portrait cache.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable


def touch(path: Path) -> None:
    """Mark a file as used now; a file that vanished meanwhile is no error."""
    try:
        os.utime(path)
    except FileNotFoundError:
        pass


def _entries(directory: Path, pattern: str) -> list[tuple[float, int, Path]]:
    found = []
    for path in directory.rglob(pattern):
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        if path.is_file():
            found.append((st.st_mtime, st.st_size, path))
    return found


def usage(directory: Path, pattern: str = "*") -> int:
    """Bytes of the files below `directory` that match `pattern`."""
    return sum(size for _, size, _ in _entries(Path(directory), pattern))


def trim(directory: Path, limit_bytes: int, *, pattern: str = "*", keep: Callable[[Path], bool] | None = None,
         low_water: float = 0.9, on_remove: Callable[[Iterable[Path]], None] | None = None) -> tuple[int, int]:
    """When the files exceed `limit_bytes`, remove the least recently used until they fill at most
    `low_water` of it (so that trimming is not needed again at the next file), never one that `keep`
    says is in use, nor one used in the last two seconds (it may be being read). Returns (files
    removed, bytes freed)."""
    entries = _entries(Path(directory), pattern)
    total = sum(size for _, size, _ in entries)
    if total <= limit_bytes:
        return 0, 0
    target = int(limit_bytes * low_water)
    recent = time.time() - 2.0
    removed, freed = [], 0
    for mtime, size, path in sorted(entries, key=lambda e: e[0]):
        if total - freed <= target:
            break
        if mtime > recent or (keep is not None and keep(path)):
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
        freed += size
    if removed and on_remove is not None:
        on_remove(removed)
    return len(removed), freed
