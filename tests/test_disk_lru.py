"""A folder kept under a size limit, least recently used out first (backend.disk_lru), on real files."""

from __future__ import annotations

import os
import time

from backend.disk_lru import touch, trim, usage


def _file(path, size, age_s):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    t = time.time() - age_s
    os.utime(path, (t, t))
    return path


def test_trim_removes_the_least_recently_used_first_and_keeps_what_is_in_use(tmp_path):
    old = _file(tmp_path / "a" / "old.png", 400, 300)
    kept = _file(tmp_path / "a" / "kept.png", 400, 250)
    used = _file(tmp_path / "b" / "used.png", 400, 200)
    new = _file(tmp_path / "b" / "new.png", 400, 100)
    touch(used)  # read just now: the most recent of all
    assert usage(tmp_path) == 1600
    removed, freed = trim(tmp_path, limit_bytes=1000, keep=lambda p: p == kept)
    # Down to at most 90 % of the limit: two files of 400 go, oldest first, never the kept one.
    assert (removed, freed) == (2, 800)
    assert not old.exists() and not new.exists()
    assert kept.exists() and used.exists()


def test_trim_under_the_limit_and_fresh_files_are_left_alone(tmp_path):
    _file(tmp_path / "x.png", 500, 300)
    assert trim(tmp_path, limit_bytes=1000) == (0, 0)
    fresh = _file(tmp_path / "y.png", 900, 0)  # written a moment ago: may still be being read
    removed, _ = trim(tmp_path, limit_bytes=1000)
    assert removed == 1 and fresh.exists() and not (tmp_path / "x.png").exists()
