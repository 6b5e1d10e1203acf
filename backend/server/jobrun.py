"""What every executor does with a job around the rendering itself, whoever renders its images (a local
worker thread or a cluster actor): start it (its request, engine and finished images), reuse cached images,
record each finished image and the job's final state in the store, and tell the I/O thread. Only where an
image is rendered differs between executors; this bookkeeping, and so what artists see, does not.

Each turn on a job (`JobRunner._turn`) ends it the same way under every executor. A full disk fails the job
it hit with a message naming the disk; if even that cannot be recorded (the database is on the full disk), the
outcome is kept and recorded once it can be."""

from __future__ import annotations

import abc
import hashlib
import logging
from typing import Callable

from backend.cancellation import JobCanceled
from backend.engines.base import RenderRequest
from protocols.messages import CANCEL_REQUESTED, CANCELED, COMPLETED, FAILED, FRAME_DONE, FRAME_FAILED, QUEUED, RUNNING

from . import jobfiles
from .registry import Registry
from .scheduler import ActiveJob
from .store import JobStore, is_disk_full

log = logging.getLogger("mvportrait.server")

Notify = Callable[[tuple], None]
LIVE = (QUEUED, RUNNING, CANCEL_REQUESTED)


class JobFailed(Exception):
    """The job cannot run at all (unreadable inputs, an engine that cannot prepare it)."""


class JobRunner(abc.ABC):
    """Job bookkeeping shared by executors. `notify_io` tells the I/O thread at once; `_notify` is what
    subclasses use for events that may wait (a worker holds them until its turn is over)."""

    def __init__(self, store: JobStore, registry: Registry, server_session: str, notify_io: Notify,
                 counters: "Counters"):
        # Final states that could not be written yet (the database's disk was full): job id → (state, error).
        self._unrecorded: dict[str, tuple[str, str | None]] = {}
        self._store = store
        self._registry = registry
        self._session = server_session
        self._notify_io = notify_io
        self._counters = counters
        # Events of the turn under way, told to the I/O thread once the turn is over (`_run_turn`).
        self._turn_events: list[tuple] = []

    def _notify(self, event: tuple) -> None:
        self._notify_io(event)

    def _finish(self, job: ActiveJob, state: str, error: str | None = None) -> None:
        """Record the job's final state; never raises (an executor outlives any one job)."""
        try:
            changed = self._store.set_state(job.job_id, state, error=error, only_from=LIVE)
        except Exception as exc:
            log.error("job %s: cannot record that it is %s (%s); trying again while serving", job.job_id,
                      state, exc)
            self._unrecorded[job.job_id] = (state, error)
            return
        if changed:
            self._notify(("state", job.job_id))

    def _record_unrecorded(self) -> None:
        for job_id, (state, error) in list(self._unrecorded.items()):
            try:
                changed = self._store.set_state(job_id, state, error=error, only_from=LIVE)
            except Exception:
                return  # still no room; the next turn tries again
            del self._unrecorded[job_id]
            if changed:
                self._notify_io(("state", job_id))

    def _run_turn(self, job: ActiveJob) -> None:
        """A turn on `job` as the scheduler handed it over, ended alike by every executor: the job goes back
        to the scheduler (and, when finished, leaves it and its work is let go: `_job_left`), and only then
        are the turn's events told, so a client that hears "completed" or "canceled" can rely on the job
        having left the scheduler and its plan being released."""
        finished = True
        try:
            finished = self._turn(job)
        except Exception:
            log.exception("the server failed on job %s", job.job_id)
            self._finish(job, FAILED, "the server failed while running this job; see its log")
        finally:
            self._scheduler.done_turn(job, finished)
            if finished:
                self._job_left(job)
            events, self._turn_events = self._turn_events, []
            for event in events:
                self._notify_io(event)

    def _job_left(self, job: ActiveJob) -> None:
        """`job` has left the scheduler: what the executor held for it is let go."""

    def _turn(self, job: ActiveJob) -> bool:
        """One unit of work on `job`; True when the job is finished (in any final state). The same for every
        executor: a final or canceled job ends here, a failure ends the job with why, a full disk fails it; how
        a render, motion or portrait job makes progress is the executor's (`_render_turn`, `_motion_turn`,
        `_portrait_turn`)."""
        record = self._store.get_job(job.job_id)
        if record is None or record.final:
            return True
        if job.cancel.is_set():
            self._finish(job, CANCELED)
            return True
        try:
            if record.kind == "motion":
                return self._motion_turn(job, record)
            if record.kind == "portrait":
                return self._portrait_turn(job)
            return self._render_turn(job)
        except JobCanceled:
            self._finish(job, CANCELED)
            return True
        except JobFailed as exc:
            self._finish(job, FAILED, str(exc))
            return True
        except Exception as exc:
            if self._turn_interrupted(job, exc):
                return False
            if not is_disk_full(exc):
                raise
            log.error("job %s failed: the job store is out of space: %s", job.job_id, exc)
            self._finish(job, FAILED, f"the server's job store ran out of space: {exc}")
            return True

    def _turn_interrupted(self, job: ActiveJob, exc: Exception) -> bool:
        """True when `exc` only interrupts the job (it waits for a later turn); the cluster executor's, for a
        cluster that is going away."""
        return False

    @abc.abstractmethod
    def _render_turn(self, job: ActiveJob) -> bool:
        """Progress on a render job: its next images rendered, or handed to whoever renders them."""

    @abc.abstractmethod
    def _motion_turn(self, job: ActiveJob, record) -> bool:
        """Progress on a motion job: its track generated and recorded, or handed over."""

    @abc.abstractmethod
    def _portrait_turn(self, job: ActiveJob) -> bool:
        """Progress on a portrait job: its bust made and recorded, or handed over."""

    def _start(self, job: ActiveJob) -> None:
        """The job's request and engine, and which of its images are finished already."""
        resumed = job.request is None
        if resumed:
            job.request = self._resumed_request(job, jobfiles.read_render)
        if self._store.set_state(job.job_id, RUNNING, only_from=(QUEUED,)):
            self._notify_io(("state", job.job_id))  # at once: preparing may take a while
        job.done_indices = set(self._store.frames(job.job_id))
        try:
            engine = self._registry.engine(job.request.engine)
            if resumed:  # submitted to an earlier server: check it against this one's engine
                engine.check_options(job.request.options)
                engine.check_track(job.request.track)
        except Exception as exc:
            raise JobFailed(f"engine {job.request.engine!r} cannot run the job: {exc}") from exc
        job.engine = engine

    def _resumed_request(self, job: ActiveJob, read):
        try:
            return read(self._store.job_folder(job.job_id))
        except (OSError, ValueError, KeyError) as exc:
            raise JobFailed(f"the job's stored inputs cannot be read: {exc}") from exc

    def _frame_key(self, job: ActiveJob, index: int) -> str:
        request: RenderRequest = job.request
        offset, view = request.locate(index)
        return job.engine.frame_key(request, view, offset)

    def _reuse_cached(self, job: ActiveJob, index: int, key: str) -> bool:
        """Record image `index` from the image cache when a whole copy for the same inputs is stored."""
        if not self._store.has_frame(key):
            return False
        png = self._store.read_frame(key, self._store.recorded_sha256(key))
        if png is None:
            return False
        self._counters.add("cached")
        self._store.record_frame(job.job_id, index, state=FRAME_DONE, server_session=self._session,
                                 content_hash=key, sha256=hashlib.sha256(png).hexdigest(), cached=True)
        self._notify(("frame", job.job_id, index))
        return True

    def _record_rendered(self, job: ActiveJob, index: int, key: str, png: bytes) -> None:
        self._store.write_frame(key, png)
        self._counters.add("rendered")
        self._store.record_frame(job.job_id, index, state=FRAME_DONE, server_session=self._session,
                                 content_hash=key, sha256=hashlib.sha256(png).hexdigest(), cached=False)
        self._notify(("frame", job.job_id, index))

    def _record_failed(self, job: ActiveJob, index: int, error: str) -> None:
        self._store.record_frame(job.job_id, index, state=FRAME_FAILED, server_session=self._session,
                                 error=error[:2000])
        self._notify(("frame", job.job_id, index))

    def _conclude(self, job: ActiveJob) -> tuple[bool, list[int]]:
        """Once every image has been rendered: (finished, missing). `missing` are images whose stored copies
        were lost meanwhile (render them again); finished is True when the job is now in a final state."""
        total = job.request.total
        finished = self._store.frames(job.job_id)
        missing = [i for i in range(total) if i not in finished]
        if missing:
            job.done_indices = set(finished)
            return False, missing
        failed = sum(f.state == FRAME_FAILED for f in finished.values())
        state, error = (FAILED, f"{failed} of {total} images failed to render") if failed else (COMPLETED, None)
        # Only while every image is finished: one lost from the spool since puts the job back to work.
        if self._store.set_state(job.job_id, state, error=error, only_from=LIVE, all_finished=True):
            self._notify(("state", job.job_id))
            return True, []
        record = self._store.get_job(job.job_id)
        return record is None or record.final, []

    def _motion_generator(self, job: ActiveJob, record):
        """(request, generator) of a motion job, its state set to running."""
        if self._store.set_state(job.job_id, RUNNING, only_from=(QUEUED,)):
            self._notify_io(("state", job.job_id))  # at once: preparing may take a while
        request = self._resumed_request(job, jobfiles.read_motion) if job.request is None else job.request
        job.request = request
        wanted = record.meta.get("generator")
        generator = self._registry.generator(request.kind)
        if wanted is not None and wanted != generator.name:
            raise LookupError(f"this server's {request.kind}→motion generator is {generator.name!r}, "
                              f"not {wanted!r}")
        return request, generator

    def _record_motion(self, job: ActiveJob, result) -> None:
        """Store a motion job's `GeneratedMotion` (its track, and the plan it follows where there is one)."""
        jobfiles.save_result(self._store.job_folder(job.job_id), result.track,
                             None if result.plan is None else dict(result.plan))
        self._result_stored(job)

    def _result_stored(self, job: ActiveJob) -> None:
        """A motion or portrait job's one result is in its spool folder: the job is complete."""
        self._store.record_frame(job.job_id, 0, state=FRAME_DONE, server_session=self._session)
        self._finish(job, COMPLETED)

    def _portrait_engine(self, job: ActiveJob):
        """(request, engine) of a portrait job, its state set to running; the engine checked against a request
        resumed from the spool (or one that another server's engine accepted)."""
        if self._store.set_state(job.job_id, RUNNING, only_from=(QUEUED,)):
            self._notify_io(("state", job.job_id))  # at once: the bust takes seconds
        if job.request is None:
            job.request = self._resumed_request(job, jobfiles.read_portrait)
        try:
            engine = self._registry.engine(job.request.engine)
            engine.check_portrait(job.request)
        except Exception as exc:
            raise JobFailed(f"engine {job.request.engine!r} cannot make the bust: {exc}") from exc
        return job.request, engine

    def _record_bust(self, job: ActiveJob, bust) -> None:
        """Store a portrait job's `Bust` (bust.npz) and complete the job."""
        jobfiles.save_bust(self._store.job_folder(job.job_id), bust)
        self._result_stored(job)


class Counters:
    """Thread-safe event counts (images rendered, images reused from the cache, ...)."""

    def __init__(self):
        import threading
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            self._counts[name] = self._counts.get(name, 0) + n

    def get(self, name: str) -> int:
        with self._lock:
            return self._counts.get(name, 0)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)
