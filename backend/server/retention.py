"""The spool's retention policy: rendered images kept under a size limit, least recently used out first.

Images are named by their content hash and shared by every job that rendered the same thing, so the
image folder is a cache: an image is used when it is written, sent to an artist or reused by an
identical job (the store touches it then), and the least recently used go first once the folder
passes the limit. Images of unfinished jobs are never removed. Jobs' own folders (their inputs and
job.json) and rows stay: an image that was let go is rendered again when an artist fetches it later
(the server treats it as a lost copy), so retention costs time, never a job.

Trimming walks the folder, so it runs on a thread of its own, at most once per interval, never on
the server's I/O thread.
"""

from __future__ import annotations

import logging
import threading
import time

from backend.disk_lru import trim

log = logging.getLogger("mvportrait.server")


class SpoolRetention:
    def __init__(self, store, limit_bytes: int | None, interval_s: float = 60.0):
        self._store = store
        self.limit_bytes = limit_bytes
        self.interval_s = interval_s
        self._last = float("-inf")
        self._thread: threading.Thread | None = None
        self.removed = 0
        self.freed = 0

    def maybe_trim(self, now: float | None = None) -> None:
        """Start a trim when the interval has passed and none is running (cheap; call it often)."""
        if self.limit_bytes is None:
            return
        now = time.monotonic() if now is None else now
        if now - self._last < self.interval_s or (self._thread is not None and self._thread.is_alive()):
            return
        self._last = now
        self._thread = threading.Thread(target=self.trim_now, name="mvportrait-spool-retention", daemon=True)
        self._thread.start()

    def trim_now(self) -> tuple[int, int]:
        """Trim the image folder to the limit now; returns (images removed, bytes freed)."""
        if self.limit_bytes is None:
            return 0, 0
        try:
            in_use = self._store.images_of_unfinished_jobs()
            removed, freed = trim(self._store.frames_dir, self.limit_bytes, pattern="*.png",
                                  keep=lambda path: path.stem in in_use)
        except Exception:  # noqa: BLE001 (a failed trim costs disk space, never the server)
            log.exception("spool retention: trimming %s failed", self._store.frames_dir)
            return 0, 0
        if removed:
            self.removed += removed
            self.freed += freed
            log.info("spool retention: removed %d least recently used image(s), %.1f MB, to stay under %.1f MB",
                     removed, freed / 2 ** 20, self.limit_bytes / 2 ** 20)
        return removed, freed

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
