"""The job store: SQLite for job and frame state, a spool directory for files.

Layout under the store directory:

    jobs.sqlite                      jobs and frames tables (WAL, synchronous=NORMAL)
    spool/jobs/<job_id>/<name>       a job's inputs and result (see jobfiles), and job.json: its row
                                     as it was created (and its final state), for --rebuild-store
    spool/incoming/<job_id>/         a job being stored: moved to spool/jobs once its row is committed
    spool/frames/<h[:2]>/<h>.png     rendered images, named by their content hash (the cache; kept
                                     under a size limit by retention.py)

Every file is written atomically (temp file, fsync, rename, fsync of the directory), and a frame
row is committed only after its file is in place, so after a crash a `done` row always has a
whole file behind it; leftover temp files are removed by `recover()`.

The database is the index of the spool, and the store says so when it is hurt: a missing, empty or
unreadable jobs.sqlite beside a spool that holds jobs raises `StoreDamaged` (naming the file and
the choices) instead of starting over, and no job folder is ever deleted because the database does
not know it. `rebuild_index` (see backend/server/rebuild.py) makes the index again from the spool.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Callable, Iterable

from protocols.atomic_files import DiskFull, atomic_write

from backend.disk_lru import touch
from protocols.images import png_is_whole
from protocols.messages import (CANCEL_REQUESTED, CANCELED, FINAL_STATES, FRAME_DONE, FRAME_FAILED,
                                QUEUED, RUNNING, JobStatus)

log = logging.getLogger("mvportrait.server")

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
DATABASE = "jobs.sqlite"
JOB_RECORD = "job.json"
JOB_RECORD_FORMAT = "mvportrait.job/1"


class StoreDamaged(RuntimeError):
    """The job store's database is missing, empty or unreadable while its spool holds jobs; the
    message names the file and the choices. Nothing was changed."""


def is_disk_full(exc: BaseException) -> bool:
    """A write failed for lack of space: a DiskFull from a file, or SQLite's 'database or disk is full'."""
    if isinstance(exc, DiskFull):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower()


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

    def __init__(self, root: str | os.PathLike, *, rebuild: bool = False):
        """Open the store at `root`. StoreDamaged when its database is lost or unreadable while the
        spool holds jobs; with `rebuild`, a damaged database is moved aside (never deleted) and a
        new one started, for `rebuild_index` to fill from the spool."""
        self.root = Path(root)
        self.database = self.root / DATABASE
        self.jobs_dir = self.root / "spool" / "jobs"
        self.incoming_dir = self.root / "spool" / "incoming"
        self.frames_dir = self.root / "spool" / "frames"
        for folder in (self.jobs_dir, self.incoming_dir, self.frames_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        spooled = self.spooled_jobs()
        lost = not self.database.is_file() or self.database.stat().st_size == 0
        if lost and spooled and not rebuild:
            state = "missing" if not self.database.exists() else "empty"
            raise StoreDamaged(self._damage_message(f"is {state}", len(spooled)))
        if lost and rebuild:
            self._move_database_aside()  # an empty file, or a journal left without its database
        try:
            self._db = self._open()
            known = self.count_jobs()
        except sqlite3.DatabaseError as exc:
            if not rebuild:
                raise StoreDamaged(self._damage_message(f"is not a readable SQLite database ({exc})",
                                                        len(spooled))) from None
            self._move_database_aside()
            self._db = self._open()
            known = 0
        if known == 0 and spooled and not rebuild:
            self._db.close()
            raise StoreDamaged(self._damage_message("holds no jobs", len(spooled)))

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.database, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL survives a killed process intact (only a power cut can lose the last
            # commits, never corrupt); FULL would fsync on every image and stall cancels on busy disks.
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _damage_message(self, what: str, n_jobs: int) -> str:
        rebuild = ("run `mvportrait serve --rebuild-store` (same --store) to rebuild the job index from the "
                   "spool's job files")
        if not n_jobs:
            return (f"the job store's database {self.database} {what}; nothing was changed. Restore it from a "
                    f"backup, or {rebuild} (it moves the damaged file aside).")
        jobs = f"{n_jobs} job{'s' if n_jobs != 1 else ''}"
        return (f"the job store's database {self.database} {what}, but {self.jobs_dir} holds {jobs}; nothing "
                f"was changed. Restore {DATABASE} from a backup, or {rebuild}, or move {self.root / 'spool'} "
                f"aside to start with an empty store.")

    def _move_database_aside(self) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            path = self.root / (DATABASE + suffix)
            if path.exists():
                aside = self.root / f"{DATABASE}{suffix}.damaged-{stamp}"
                os.replace(path, aside)
                log.warning("moved the unreadable %s aside to %s", path, aside)

    def spooled_jobs(self) -> list[str]:
        """Job ids that have a folder in the spool (whether or not the database knows them)."""
        return sorted(p.name for p in self.jobs_dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------------ recovery

    def recover(self) -> list[str]:
        """After a crash or restart: drop temp files, finish or drop half-stored submits, requeue
        jobs that were running, finish cancels that were requested. Returns the queued job ids,
        oldest first. Job folders the database does not know are kept and named in the log."""
        for directory in (self.jobs_dir, self.frames_dir, self.incoming_dir):
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
        for folder in self.incoming_dir.iterdir():
            if folder.name in known:  # committed, then a crash before the move
                os.replace(folder, self.job_folder(folder.name))
            else:  # never accepted: the client heard nothing and sends it again
                shutil.rmtree(folder, ignore_errors=True)
        unknown = [job_id for job_id in self.spooled_jobs() if job_id not in known]
        if unknown:
            log.warning("%d job folder(s) in %s are not in %s (a database restored from an older backup?); "
                        "they are kept: run `mvportrait serve --rebuild-store` to index them again: %s",
                        len(unknown), self.jobs_dir, self.database, ", ".join(unknown[:10]))
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
        folder = self.incoming_dir / job_id
        now = time.time()
        row = {"job_id": job_id, "artist": artist, "idempotency_key": idempotency_key,
               "request_digest": request_digest, "kind": kind, "engine": engine, "total": total, "meta": meta,
               "created": now}
        try:
            folder.mkdir(parents=True)
            write_files(folder)
            atomic_write(folder / JOB_RECORD, json.dumps({"format": JOB_RECORD_FORMAT, **row}, indent=1))
            with self._lock:
                try:
                    with self._db:
                        self.insert_job(row, QUEUED)
                except sqlite3.IntegrityError:
                    raced = True
                else:
                    raced = False
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)  # never accepted: nothing of it stays
            raise
        if raced:
            shutil.rmtree(folder, ignore_errors=True)
            return self._same_request(self._by_key(artist, idempotency_key), request_digest), True
        os.replace(folder, self.job_folder(job_id))
        return self.get_job(job_id), False

    def insert_job(self, row: dict, state: str, *, error: str | None = None, updated: float | None = None) -> None:
        """Insert a job row (with the lock held and a transaction open)."""
        self._db.execute(
            "INSERT INTO jobs (job_id, artist, idempotency_key, request_digest, kind, engine, state, total, meta, "
            "error, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row["job_id"], row["artist"], row["idempotency_key"], row["request_digest"], row["kind"], row["engine"],
             state, row["total"], json.dumps(row["meta"]), error, row["created"], updated or row["created"]))

    def read_job_record(self, job_id: str) -> dict:
        """A job's job.json (what its row was at creation, and its final state if it reached one)."""
        record = json.loads((self.job_folder(job_id) / JOB_RECORD).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("format") != JOB_RECORD_FORMAT:
            raise ValueError(f"{JOB_RECORD} is not a {JOB_RECORD_FORMAT} record")
        return record

    def _note_final_state(self, job_id: str, state: str, error: str | None) -> None:
        """Keep a final state in job.json too, so a rebuilt index knows it; the database stays the truth."""
        try:
            record = self.read_job_record(job_id)
            record.update(state=state, error=error)
            atomic_write(self.job_folder(job_id) / JOB_RECORD, json.dumps(record, indent=1))
        except (OSError, ValueError) as exc:
            log.warning("job %s: could not note its final state in %s: %s", job_id, JOB_RECORD, exc)

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

    def job_ids(self) -> list[str]:
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT job_id FROM jobs")]

    def index_job(self, row: dict, state: str, error: str | None, images: dict[int, tuple],
                  server_session: str) -> None:
        """Put back a job's row and its done images (index → (content key, sha256)) in one transaction."""
        now = time.time()
        with self._lock, self._db:
            self.insert_job(row, state, error=error, updated=now)
            for index, (content_hash, sha256) in sorted(images.items()):
                self._db.execute("INSERT INTO frames (job_id, idx, state, content_hash, sha256, cached, error, "
                                 "server_session, finished) VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?)",
                                 (row["job_id"], index, FRAME_DONE, content_hash, sha256, server_session, now))
            self._db.execute("UPDATE jobs SET done = ? WHERE job_id = ?", (len(images), row["job_id"]))

    def count_jobs(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]

    def set_state(self, job_id: str, state: str, *, error: str | None = None,
                  only_from: Iterable[str] | None = None, all_finished: bool = False) -> bool:
        """Move a job to `state` (only from one of `only_from` if given, only when every image is
        finished if `all_finished`); False if it was not there."""
        sql = "UPDATE jobs SET state = ?, error = COALESCE(?, error), updated = ? WHERE job_id = ?"
        args: list = [state, error, time.time(), job_id]
        if only_from is not None:
            allowed = list(only_from)
            sql += f" AND state IN ({','.join('?' * len(allowed))})"
            args += allowed
        if all_finished:
            sql += " AND done + failed = total"
        with self._lock, self._db:
            changed = self._db.execute(sql, args).rowcount == 1
        if changed and state in FINAL_STATES:
            self._note_final_state(job_id, state, error)
        return changed

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

    def read_frame(self, content_hash: str, sha256: str | None) -> bytes | None:
        """A stored image's bytes, or None when the file is missing or does not match `sha256` (None:
        is not a whole PNG); a damaged file is removed, so that the image is rendered again rather
        than served."""
        path = self.frame_path(content_hash)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        # Without a recorded hash (stored, then a crash before its row), the PNG's own checksums decide.
        if hashlib.sha256(data).hexdigest() == sha256 if sha256 is not None else png_is_whole(data):
            touch(path)  # used: the spool's retention lets the least recently used go first
            return data
        log.warning("stored image %s is damaged (%d bytes, sha256 does not match its record); removing it",
                    path, len(data))
        path.unlink(missing_ok=True)
        return None

    def images_of_unfinished_jobs(self) -> set[str]:
        """Content hashes of the stored images that jobs not yet final have recorded (kept by retention)."""
        marks = ", ".join("?" * len(ACTIVE_STATES))
        with self._lock:
            rows = self._db.execute(f"SELECT DISTINCT f.content_hash FROM frames f JOIN jobs j ON f.job_id = j.job_id "
                                    f"WHERE j.state IN ({marks}) AND f.content_hash IS NOT NULL",
                                    ACTIVE_STATES).fetchall()
        return {r[0] for r in rows}

    def recorded_sha256(self, content_hash: str) -> str | None:
        """The sha256 a done frame recorded for the image stored under `content_hash`, if any."""
        with self._lock:
            row = self._db.execute("SELECT sha256 FROM frames WHERE content_hash = ? AND state = ? AND sha256 IS "
                                   "NOT NULL LIMIT 1", (content_hash, FRAME_DONE)).fetchone()
        return row[0] if row else None

    def forget_frame(self, job_id: str, index: int) -> FrameRecord | None:
        """Remove an image's row (its stored copy was lost), so that it counts as not yet finished."""
        record = self.frame(job_id, index)
        if record is None:
            return None
        column = {FRAME_DONE: "done", FRAME_FAILED: "failed"}[record.state]
        with self._lock, self._db:
            self._db.execute("DELETE FROM frames WHERE job_id = ? AND idx = ?", (job_id, index))
            self._db.execute(f"UPDATE jobs SET {column} = {column} - 1, updated = ? WHERE job_id = ?",
                             (time.time(), job_id))
        return record

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
