"""Local render workers (the executor without a cluster): take one image at a time from the scheduler,
reuse a cached image when one exists for the same inputs (and its bytes are whole), otherwise render,
encode and store it, and report every finished image and state change to the I/O thread. Workers never
touch the socket, and never prepare: a job that needs its engine plan goes to the preparer, and a job
whose images all come from the cache needs none. The bookkeeping around rendering is `jobrun`'s.

A job's request comes from the I/O thread in memory, checked when its message was decoded; only a
job resumed after a restart is read back from the spool, and checked then, once."""

from __future__ import annotations

import logging
import threading

from backend.cancellation import JobCanceled
from backend.engines.base import RenderRequest
from backend.frames import encode_png
from protocols.messages import FAILED

from .jobrun import Counters, JobFailed, JobRunner, Notify
from .preparer import Preparer
from .registry import Registry
from .scheduler import ActiveJob, Scheduler
from .store import JobStore

log = logging.getLogger("mvportrait.server")

__all__ = ["Counters", "Worker"]


class Worker(JobRunner, threading.Thread):
    def __init__(self, number: int, scheduler: Scheduler, store: JobStore, registry: Registry,
                 server_session: str, notify: Notify, counters: Counters, preparer: Preparer):
        JobRunner.__init__(self, store, registry, server_session, notify, counters)
        threading.Thread.__init__(self, name=f"mvportrait-worker-{number}", daemon=True)
        self._scheduler = scheduler
        self._preparer = preparer
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self._record_unrecorded()
            item = self._scheduler.next(timeout=0.5)
            if item is None:
                continue
            if isinstance(item, list):
                for job in item:
                    self._release(job)
                continue
            self._run_turn(item)

    def _notify(self, event: tuple) -> None:
        self._turn_events.append(event)

    def _job_left(self, job: ActiveJob) -> None:
        # Out of the scheduler first: a plan the preparer delivers after this is its to release.
        self._release(job)

    def _release(self, job: ActiveJob) -> None:
        if job.plan is not None and job.engine is not None:
            try:
                job.engine.release(job.plan)
            except Exception:
                log.exception("engine failed to release job %s", job.job_id)
        job.plan = None

    def _render_turn(self, job: ActiveJob) -> bool:
        if job.engine is None:
            self._start(job)
        if job.prepare_error is not None:
            raise JobFailed(job.prepare_error)
        return self._render_next(job)

    def _render_next(self, job: ActiveJob) -> bool:
        request: RenderRequest = job.request
        total = request.total
        while job.next_index < total and job.next_index in job.done_indices:
            job.next_index += 1
        if job.next_index < total:
            if not self._render_one(job, request, job.next_index):
                return False  # with the preparer now
            job.next_index += 1
            while job.next_index < total and job.next_index in job.done_indices:
                job.next_index += 1
        if job.next_index < total:
            return False
        finished, missing = self._conclude(job)
        if missing:  # images whose stored copies were lost meanwhile: render them again
            job.next_index = missing[0]
        return finished

    def _render_one(self, job: ActiveJob, request: RenderRequest, index: int) -> bool:
        """Store image `index`, from the cache or rendered; False when the job must be prepared first."""
        key = self._frame_key(job, index)
        if self._reuse_cached(job, index, key):
            return True
        if job.plan is None:
            self._preparer.prepare(job)
            return False
        offset, view = request.locate(index)
        try:
            png = encode_png(job.engine.render_frame(job.plan, view, offset), request.resolution)
        except JobCanceled:
            raise
        except Exception as exc:
            log.exception("job %s: image %d failed", job.job_id, index)
            self._record_failed(job, index, f"{type(exc).__name__}: {exc}")
            return True
        self._record_rendered(job, index, key, png)
        return True

    def _motion_turn(self, job: ActiveJob, record) -> bool:
        try:
            request, generator = self._motion_generator(job, record)
            result = generator.run(request, job.cancel)
        except (JobCanceled, JobFailed):
            raise
        except Exception as exc:
            log.exception("motion job %s failed", job.job_id)
            self._finish(job, FAILED, f"{type(exc).__name__}: {exc}"[:2000])
            return True
        self._record_motion(job, result)
        return True

    def _portrait_turn(self, job: ActiveJob) -> bool:
        """A portrait job's bust, made by the preparer (seconds: other jobs' images go on meanwhile), then stored.
        The job keeps no engine (`job.engine` stays None): the bust is its plan, with nothing to release."""
        if job.plan is None and job.prepare_error is None:
            request, engine = self._portrait_engine(job)
            cancel = job.cancel
            self._preparer.prepare(job, lambda: engine.bust(request, cancel))
            return False
        if job.prepare_error is not None:
            raise JobFailed(job.prepare_error)
        bust, job.plan = job.plan, None
        self._record_bust(job, bust)
        return True
