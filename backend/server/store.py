"""The job store: SQLite for job and frame state, a spool directory for files.

Layout under the store directory:

    jobs.sqlite                      jobs and frames tables (WAL, synchronous=NORMAL)
    spool/jobs/<job_id>/<name>       a job's inputs and result (see jobfiles)
    spool/frames/<h[:2]>/<h>.png     rendered images, named by their content hash (the cache)

Every file is written atomically (temp file, fsync, rename, fsync of the directory), and a frame
row is committed only after its file is in place, so after a crash a `done` row always has a
whole file behind it; leftover temp files are removed by `recover()`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Callable, Iterable

from protocols.atomic_files import atomic_write
from protocols.messages import (CANCEL_REQUESTED, CANCELED, FINAL_STATES, FRAME_DONE, FRAME_FAILED,
                                QUEUED, RUNNING, JobStatus)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY,
    artist TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_digest TEXT NOT NULL,
    kind TEXT NOT NULL,
    engine TEXT,
    state TEXT NOT NULL,
    total INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    meta TEXT NOT NULL,
    error TEXT,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    UNIQUE (artist, idempotency_key)
);
CREATE INDEX IF NOT EXISTS jobs_by_artist ON jobs (artist, created);
CREATE TABLE IF NOT EXISTS frames (
    job_id TEXT NOT NULL REFERENCES jobs (job_id),
    idx INTEGER NOT NULL,
    state TEXT NOT NULL,
    content_hash TEXT,
    sha256 TEXT,
    cached INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    server_session TEXT NOT NULL,
    finished REAL NOT NULL,
    PRIMARY KEY (job_id, idx)
);
"""

ACTIVE_STATES = (QUEUED, RUNNING, CANCEL_REQUESTED)


class IdempotencyConflict(Exception):
    """The key was used before by this artist for a request with different contents."""

    def __init__(self, job_id: str):
        super().__init__(job_id)
        self.job_id = job_id


@dataclasses.dataclass(frozen=True)
class JobRecord:
    job_id: str
    artist: str
    idempotency_key: str
    kind: str
    engine: str | None
    state: str
    total: int
    done: int
    failed: int
    meta: dict
    error: str | None
    created: float
    updated: float

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    def status(self) -> JobStatus:
        return JobStatus(job_id=self.job_id, kind=self.kind, state=self.state, engine=self.engine,
                         done=self.done, failed=self.failed, total=self.total, created=self.created,
                         updated=self.updated, error=self.error)


@dataclasses.dataclass(frozen=True)
class FrameRecord:
    index: int
    state: str
    content_hash: str | None
    sha256: str | None
    cached: bool
    error: str | None
    server_session: str


class JobStore:
    """Thread-safe; every method is one short transaction."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.jobs_dir = self.root / "spool" / "jobs"
        self.frames_dir = self.root / "spool" / "frames"
        self.jobs_dir.mkdir(parents=True, exist_ok=True)
        self.frames_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.root / "jobs.sqlite", check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL with NORMAL survives a killed process intact (only a power cut can lose the last
        # commits, never corrupt); FULL would fsync on every image and stall cancels on busy disks.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------------ recovery

    def recover(self) -> list[str]:
        """After a crash or restart: drop temp files and orphan job folders, requeue jobs that were
        running, finish cancels that were requested. Returns the queued job ids, oldest first."""
        for directory in (self.jobs_dir, self.frames_dir):
            for tmp in directory.rglob(".*.tmp"):
                tmp.unlink(missing_ok=True)
        now = time.time()
        with self._lock, self._db:
            self._db.execute("UPDATE jobs SET state = ?, updated = ? WHERE state = ?", (QUEUED, now, RUNNING))
            self._db.execute("UPDATE jobs SET state = ?, updated = ? WHERE state = ?",
                             (CANCELED, now, CANCEL_REQUESTED))
            known = {row[0] for row in self._db.execute("SELECT job_id FROM jobs")}
            queued = [row[0] for row in self._db.execute(
                "SELECT job_id FROM jobs WHERE state = ? ORDER BY created, rowid", (QUEUED,))]
        for folder in self.jobs_dir.iterdir():
            if folder.is_dir() and folder.name not in known:
                shutil.rmtree(folder, ignore_errors=True)
        return queued

    # ------------------------------------------------------------------ jobs

    def create_job(self, *, artist: str, idempotency_key: str, request_digest: str, kind: str,
                   engine: str | None, total: int, meta: dict, write_files: Callable[[Path], None]
                   ) -> tuple[JobRecord, bool]:
        """Store a new job's files (`write_files` fills its new folder, each file written whole),
        then its row. Returns (job, duplicate): an earlier job with the same key and digest comes
        back as a duplicate; a different digest raises IdempotencyConflict."""
        existing = self.find_by_key(artist, idempotency_key, request_digest)
        if existing is not None:
            return existing, True
        job_id = uuid.uuid4().hex
        folder = self.job_folder(job_id)
        folder.mkdir(parents=True)
        write_files(folder)
        now = time.time()
        with self._lock:
            try:
                with self._db:
                    self._db.execute(
                        "INSERT INTO jobs (job_id, artist, idempotency_key, request_digest, kind, engine, state,"
                        " total, meta, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (job_id, artist, idempotency_key, request_digest, kind, engine, QUEUED, total,
                         json.dumps(meta), now, now))
            except sqlite3.IntegrityError:
                raced = True
            else:
                raced = False
        if raced:
            shutil.rmtree(folder, ignore_errors=True)
            return self._same_request(self._by_key(artist, idempotency_key), request_digest), True
        return self.get_job(job_id), False

    def _same_request(self, row: tuple, digest: str) -> JobRecord:
        job_id, stored_digest = row
        if stored_digest != digest:
            raise IdempotencyConflict(job_id)
        return self.get_job(job_id)

    def find_by_key(self, artist: str, idempotency_key: str, request_digest: str) -> JobRecord | None:
        """The artist's job with this key, or None; IdempotencyConflict if it asked for something else."""
        row = self._by_key(artist, idempotency_key)
        return self._same_request(row, request_digest) if row is not None else None

    def _by_key(self, artist: str, key: str):
        with self._lock:
            return self._db.execute("SELECT job_id, request_digest FROM jobs WHERE artist = ? AND "
                                    "idempotency_key = ?", (artist, key)).fetchone()

    def get_job(self, job_id: str) -> JobRecord | None:
        with self._lock:
            row = self._db.execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
        return _job(row) if row else None

    def list_jobs(self, artist: str, states: Iterable[str] = (), limit: int = 100) -> list[JobRecord]:
        states = list(states)
        where = "artist = ?" + (f" AND state IN ({','.join('?' * len(states))})" if states else "")
        with self._lock:
            rows = self._db.execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE {where} ORDER BY created DESC, "
                                    f"rowid DESC LIMIT ?", (artist, *states, limit)).fetchall()
        return [_job(r) for r in rows]

    def count_active(self, artist: str) -> int:
        with self._lock:
            return self._db.execute(f"SELECT COUNT(*) FROM jobs WHERE artist = ? AND state IN "
                                    f"({','.join('?' * len(ACTIVE_STATES))})",
                                    (artist, *ACTIVE_STATES)).fetchone()[0]

    def count_jobs(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]

    def set_state(self, job_id: str, state: str, *, error: str | None = None,
                  only_from: Iterable[str] | None = None) -> bool:
        """Move a job to `state` (only from one of `only_from` if given); False if it was not there."""
        sql = "UPDATE jobs SET state = ?, error = COALESCE(?, error), updated = ? WHERE job_id = ?"
        args: list = [state, error, time.time(), job_id]
        if only_from is not None:
            allowed = list(only_from)
            sql += f" AND state IN ({','.join('?' * len(allowed))})"
            args += allowed
        with self._lock, self._db:
            return self._db.execute(sql, args).rowcount == 1

    def job_folder(self, job_id: str) -> Path:
        """Where a job's files live (see jobfiles for what they are)."""
        return self.jobs_dir / job_id

    # ------------------------------------------------------------------ frames

    def frame_path(self, content_hash: str) -> Path:
        return self.frames_dir / content_hash[:2] / f"{content_hash}.png"

    def has_frame(self, content_hash: str) -> bool:
        return self.frame_path(content_hash).is_file()

    def write_frame(self, content_hash: str, png: bytes) -> None:
        atomic_write(self.frame_path(content_hash), png)

    def record_frame(self, job_id: str, index: int, *, state: str, server_session: str,
                     content_hash: str | None = None, sha256: str | None = None, cached: bool = False,
                     error: str | None = None) -> None:
        column = {FRAME_DONE: "done", FRAME_FAILED: "failed"}[state]
        now = time.time()
        with self._lock, self._db:
            self._db.execute("INSERT INTO frames (job_id, idx, state, content_hash, sha256, cached, error, "
                             "server_session, finished) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (job_id, index, state, content_hash, sha256, int(cached), error, server_session,
                              now))
            self._db.execute(f"UPDATE jobs SET {column} = {column} + 1, updated = ? WHERE job_id = ?",
                             (now, job_id))

    def frame(self, job_id: str, index: int) -> FrameRecord | None:
        with self._lock:
            r = self._db.execute("SELECT idx, state, content_hash, sha256, cached, error, server_session "
                                 "FROM frames WHERE job_id = ? AND idx = ?", (job_id, index)).fetchone()
        return FrameRecord(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6]) if r else None

    def frames(self, job_id: str) -> dict[int, FrameRecord]:
        with self._lock:
            rows = self._db.execute("SELECT idx, state, content_hash, sha256, cached, error, server_session "
                                    "FROM frames WHERE job_id = ? ORDER BY idx", (job_id,)).fetchall()
        return {r[0]: FrameRecord(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows}

    def frame_order(self, job_ids: Iterable[str] | None = None) -> list[tuple[str, int]]:
        """(job_id, index) in the order frames finished; for diagnostics and fairness checks."""
        with self._lock:
            rows = self._db.execute("SELECT job_id, idx FROM frames ORDER BY finished, rowid").fetchall()
        wanted = set(job_ids) if job_ids is not None else None
        return [(j, i) for j, i in rows if wanted is None or j in wanted]


_JOB_COLUMNS = ("job_id, artist, idempotency_key, kind, engine, state, total, done, failed, meta, error, "
                "created, updated")


def _job(row: tuple) -> JobRecord:
    return JobRecord(job_id=row[0], artist=row[1], idempotency_key=row[2], kind=row[3], engine=row[4],
                     state=row[5], total=row[6], done=row[7], failed=row[8], meta=json.loads(row[9]),
                     error=row[10], created=row[11], updated=row[12])
