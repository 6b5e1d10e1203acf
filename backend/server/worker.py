"""Render workers: take one image at a time from the scheduler, reuse a cached image when one
exists for the same inputs (and its bytes are whole), otherwise render, encode and store it, and
report every finished image and state change to the I/O thread through `notify`. Workers never
touch the socket, and never prepare: a job that needs its engine plan goes to the preparer, and
a job whose images all come from the cache needs none.

A job's request comes from the I/O thread in memory, checked when its message was decoded; only a
job resumed after a restart is read back from the spool, and checked then, once.

A full disk fails the job it hit with a message naming the disk; if even that cannot be recorded
(the database is on the full disk), the worker keeps the outcome and records it once it can."""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import Callable

import cv2
import numpy as np

from backend.cancellation import JobCanceled
from backend.engines.base import RenderRequest
from protocols.messages import (CANCEL_REQUESTED, CANCELED, COMPLETED, FAILED, FRAME_DONE, FRAME_FAILED,
                                QUEUED, RUNNING)

from . import jobfiles
from .preparer import Preparer
from .registry import Registry
from .scheduler import ActiveJob, Scheduler
from .store import JobStore, is_disk_full

log = logging.getLogger("mvportrait.server")

Notify = Callable[[tuple], None]
_LIVE = (QUEUED, RUNNING, CANCEL_REQUESTED)


class Worker(threading.Thread):
    def __init__(self, number: int, scheduler: Scheduler, store: JobStore, registry: Registry,
                 server_session: str, notify: Notify, counters: "Counters", preparer: Preparer):
        super().__init__(name=f"mvportrait-worker-{number}", daemon=True)
        self._scheduler = scheduler
        self._preparer = preparer
        # Final states that could not be written yet (the database's disk was full): job id → (state, error).
        self._unrecorded: dict[str, tuple[str, str | None]] = {}
        self._store = store
        self._registry = registry
        self._session = server_session
        self._notify_io = notify
        self._events: list[tuple] = []
        self._counters = counters
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
            finished = True
            try:
                finished = self._turn(item)
            except Exception:
                log.exception("worker failed on job %s", item.job_id)
                self._finish(item, FAILED, "the server failed while running this job; see its log")
            finally:
                # Out of the scheduler first: a plan the preparer delivers after this is its to release.
                self._scheduler.done_turn(item, finished)
                if finished:
                    self._release(item)
                # Told only now, a client that hears "canceled" or "completed" can rely on the job
                # having left the scheduler and its engine plan being released.
                for event in self._events:
                    self._notify_io(event)
                self._events.clear()

    def _notify(self, event: tuple) -> None:
        self._events.append(event)

    def _release(self, job: ActiveJob) -> None:
        if job.plan is not None and job.engine is not None:
            try:
                job.engine.release(job.plan)
            except Exception:
                log.exception("engine failed to release job %s", job.job_id)
        job.plan = None

    def _finish(self, job: ActiveJob, state: str, error: str | None = None) -> None:
        """Record the job's final state; never raises (a worker outlives any one job)."""
        try:
            changed = self._store.set_state(job.job_id, state, error=error, only_from=_LIVE)
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
                changed = self._store.set_state(job_id, state, error=error, only_from=_LIVE)
            except Exception:
                return  # still no room; the next turn tries again
            del self._unrecorded[job_id]
            if changed:
                self._notify_io(("state", job_id))

    def _turn(self, job: ActiveJob) -> bool:
        """Do one unit of work on `job`; True when the job is finished (in any final state)."""
        record = self._store.get_job(job.job_id)
        if record is None or record.final:
            return True
        if job.cancel.is_set():
            self._finish(job, CANCELED)
            return True
        try:
            if record.kind == "motion":
                return self._motion(job, record)
            if job.engine is None:
                self._start(job)
            if job.prepare_error is not None:
                raise _JobFailed(job.prepare_error)
            return self._render_next(job)
        except JobCanceled:
            self._finish(job, CANCELED)
            return True
        except _JobFailed as exc:
            self._finish(job, FAILED, str(exc))
            return True
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            log.error("job %s failed: the job store is out of space: %s", job.job_id, exc)
            self._finish(job, FAILED, f"the server's job store ran out of space: {exc}")
            return True

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
            raise _JobFailed(f"engine {job.request.engine!r} cannot run the job: {exc}") from exc
        job.engine = engine

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
        finished = self._store.frames(job.job_id)
        missing = [i for i in range(total) if i not in finished]
        if missing:  # images whose stored copies were lost meanwhile: render them again
            job.done_indices, job.next_index = set(finished), missing[0]
            return False
        failed = sum(f.state == FRAME_FAILED for f in finished.values())
        state, error = (FAILED, f"{failed} of {total} images failed to render") if failed else (COMPLETED, None)
        # Only while every image is finished: one lost from the spool since puts the job back to work.
        if self._store.set_state(job.job_id, state, error=error, only_from=_LIVE, all_finished=True):
            self._notify(("state", job.job_id))
            return True
        record = self._store.get_job(job.job_id)
        return record is None or record.final

    def _render_one(self, job: ActiveJob, request: RenderRequest, index: int) -> bool:
        """Store image `index`, from the cache or rendered; False when the job must be prepared first."""
        engine = job.engine
        offset, view = request.locate(index)
        key = engine.frame_key(request, view, offset)
        png = self._store.read_frame(key, self._store.recorded_sha256(key)) if self._store.has_frame(key) else None
        cached = png is not None
        if cached:
            self._counters.add("cached")
        elif job.plan is None:
            self._preparer.prepare(job)
            return False
        else:
            try:
                image = engine.render_frame(job.plan, view, offset)
                png = _encode_png(image, request.resolution)
            except JobCanceled:
                raise
            except Exception as exc:
                log.exception("job %s: image %d failed", job.job_id, index)
                self._store.record_frame(job.job_id, index, state=FRAME_FAILED, server_session=self._session,
                                         error=f"{type(exc).__name__}: {exc}"[:2000])
                self._notify(("frame", job.job_id, index))
                return True
            self._store.write_frame(key, png)
            self._counters.add("rendered")
        self._store.record_frame(job.job_id, index, state=FRAME_DONE, server_session=self._session,
                                 content_hash=key, sha256=hashlib.sha256(png).hexdigest(), cached=cached)
        self._notify(("frame", job.job_id, index))
        return True

    def _motion(self, job: ActiveJob, record) -> bool:
        if self._store.set_state(job.job_id, RUNNING, only_from=(QUEUED,)):
            self._notify_io(("state", job.job_id))  # at once: preparing may take a while
        request = self._resumed_request(job, jobfiles.read_motion) if job.request is None else job.request
        wanted = record.meta.get("generator")
        try:
            generator = self._registry.generator(request.kind)
            if wanted is not None and wanted != generator.name:
                raise LookupError(f"this server's {request.kind}→motion generator is {generator.name!r}, "
                                  f"not {wanted!r}")
            track = generator.generate(request, job.cancel)
        except JobCanceled:
            raise
        except Exception as exc:
            log.exception("motion job %s failed", job.job_id)
            self._finish(job, FAILED, f"{type(exc).__name__}: {exc}"[:2000])
            return True
        jobfiles.save_result(self._store.job_folder(job.job_id), track)
        self._store.record_frame(job.job_id, 0, state=FRAME_DONE, server_session=self._session)
        self._finish(job, COMPLETED)
        return True

    def _resumed_request(self, job: ActiveJob, read):
        try:
            return read(self._store.job_folder(job.job_id))
        except (OSError, ValueError, KeyError) as exc:
            raise _JobFailed(f"the job's stored inputs cannot be read: {exc}") from exc


class _JobFailed(Exception):
    """The job cannot run at all (unreadable inputs, an engine that cannot prepare it)."""


class Counters:
    """Thread-safe event counts (images rendered, images reused from the cache, ...)."""

    def __init__(self):
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


def _encode_png(image: np.ndarray, resolution: tuple[int, int]) -> bytes:
    """An engine's RGBA image (straight alpha) as an RGBA PNG: the spool and the wire keep the alpha."""
    width, height = resolution
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.shape != (height, width, 4):
        got = f"{image.dtype} {image.shape}" if isinstance(image, np.ndarray) else type(image).__name__
        raise ValueError(f"the engine returned {got}, not uint8 RGBA ({height}, {width}, 4)")
    ok, encoded = cv2.imencode(".png", cv2.cvtColor(image, cv2.COLOR_RGBA2BGRA))
    if not ok:
        raise ValueError("PNG encoding failed")
    return encoded.tobytes()
