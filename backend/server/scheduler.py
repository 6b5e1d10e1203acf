"""Fair, frame-granular scheduling of jobs onto workers.

Up to `max_active` jobs are active at once (their engine plans stay prepared); workers take one
image at a time, round-robin over artists and then over each artist's active jobs, so four
artists sharing one GPU each see their frames arrive at the same pace instead of waiting in
line behind a long job. Queued jobs become active in the same artist-fair order.

A job whose engine plan is being prepared (a portrait's fit: seconds) is with the preparer, not
with a worker: workers go on rendering other jobs meanwhile, and `prepared` hands it back.
"""

from __future__ import annotations

import collections
import dataclasses
import threading
from typing import Any


@dataclasses.dataclass(eq=False)
class ActiveJob:
    """A job a worker may run. `request` is what its engine or generator takes, handed over in
    memory at submit; None for a job resumed after a restart (the worker reads it from the spool)."""

    job_id: str
    artist: str
    request: Any = None
    cancel: threading.Event = dataclasses.field(default_factory=threading.Event)
    plan: Any = None
    engine: Any = None
    next_index: int = 0
    done_indices: set = dataclasses.field(default_factory=set)
    busy: bool = False
    preparing: bool = False
    prepare_error: str | None = None
    # Submitted again while still active (an image of it was lost): queued anew once it leaves.
    again: bool = False
    # Its executor waits on work in flight elsewhere (a cluster) before the job can go on: no turns until resumed.
    held: bool = False
    # What its executor keeps about it besides (a cluster's chunks in flight, ...).
    executor_state: Any = None


class Scheduler:
    def __init__(self, max_active: int):
        self._max_active = max_active
        self._cond = threading.Condition()
        self._queued: collections.OrderedDict[str, ActiveJob] = collections.OrderedDict()
        self._active: dict[str, ActiveJob] = {}
        self._artists: collections.deque[str] = collections.deque()
        self._released: list[ActiveJob] = []
        self._closed = False

    def submit(self, job_id: str, artist: str, request: Any = None) -> None:
        with self._cond:
            if job_id in self._active:
                self._active[job_id].again = True
            elif job_id not in self._queued:
                self._queued[job_id] = ActiveJob(job_id, artist, request)
                self._cond.notify()

    def start_preparing(self, job: ActiveJob) -> None:
        """A worker hands `job` to the preparer; no worker takes it until `prepared`."""
        with self._cond:
            job.preparing = True

    def hold(self, job: ActiveJob) -> None:
        """No turns on `job` until `resume`: its executor waits on its work in flight elsewhere."""
        with self._cond:
            job.held = True

    def resume(self, job: ActiveJob) -> None:
        with self._cond:
            job.held = False
            self._cond.notify_all()

    def prepared(self, job: ActiveJob, plan: Any, error: str | None) -> bool:
        """The preparer is done with `job`: its plan, or why there is none. False when the job left
        meanwhile (canceled): then the caller releases the plan."""
        with self._cond:
            job.preparing = False
            if self._active.get(job.job_id) is not job:
                return False
            job.plan, job.prepare_error = plan, error
            self._cond.notify_all()
            return True

    def cancel(self, job_id: str) -> str | None:
        """'queued': removed before it started; 'idle': active but no worker holds it, removed now
        (its plan is released by the next worker turn, or by the preparer when it was being
        prepared); 'busy': a worker holds it and will stop it; None: not scheduled."""
        with self._cond:
            if self._queued.pop(job_id, None) is not None:
                return "queued"
            job = self._active.get(job_id)
            if job is None:
                return None
            job.cancel.set()
            if job.busy:
                return "busy"
            del self._active[job_id]
            if job.plan is not None:
                self._released.append(job)
            self._cond.notify()
            return "idle"

    def next(self, timeout: float) -> ActiveJob | list[ActiveJob] | None:
        """The next job for a worker, marked busy; or plans to release; or None after `timeout`."""
        with self._cond:
            while not self._closed:
                if self._released:
                    released, self._released = self._released, []
                    return released
                self._promote()
                job = self._pick()
                if job is not None:
                    job.busy = True
                    return job
                if not self._cond.wait(timeout):
                    return None
            return None

    def done_turn(self, job: ActiveJob, finished: bool) -> None:
        with self._cond:
            job.busy = False
            if finished and self._active.get(job.job_id) is job:
                del self._active[job.job_id]
                if job.again and job.job_id not in self._queued:
                    self._queued[job.job_id] = ActiveJob(job.job_id, job.artist)
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def active_jobs(self) -> list[ActiveJob]:
        with self._cond:
            return list(self._active.values())

    def active_ids(self) -> list[str]:
        with self._cond:
            return list(self._active)

    def _promote(self) -> None:
        while self._queued and len(self._active) < self._max_active:
            counts = collections.Counter(j.artist for j in self._active.values())
            # The oldest queued job of the artist with the fewest active jobs.
            job_id = min(self._queued, key=lambda jid: counts[self._queued[jid].artist])
            job = self._active[job_id] = self._queued.pop(job_id)
            if job.artist not in self._artists:
                self._artists.append(job.artist)

    def _pick(self) -> ActiveJob | None:
        # Canceled jobs first: stopping them promptly is a promise (cancel within 2 s).
        for job in self._active.values():
            if job.cancel.is_set() and not job.busy:
                return job
        for _ in range(len(self._artists)):
            artist = self._artists[0]
            self._artists.rotate(-1)
            jobs = [j for j in self._active.values()
                    if j.artist == artist and not j.busy and not j.preparing and not j.held]
            if not jobs:
                if not any(j.artist == artist for j in self._active.values()):
                    self._artists.remove(artist)
                continue
            job = jobs[0]
            # Rotate this artist's jobs too: move the chosen one behind its siblings.
            del self._active[job.job_id]
            self._active[job.job_id] = job
            return job
        return None
