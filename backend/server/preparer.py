"""Preparation apart from rendering: an engine's `prepare` (the warp engine fits and textures the
reference portrait, seconds of work) runs on a preparer thread, so the render workers keep
streaming other jobs' images meanwhile. Each active job can be prepared at once (a pool as large as
the scheduler's active jobs), so one artist's new portrait holds up neither another artist's images
nor the quick preparation of another job. The job's cancel event goes into `prepare`, and engines
check it between steps; a job canceled while it is prepared leaves the scheduler at once, and its
plan, if one still comes, is released here."""

from __future__ import annotations

import concurrent.futures
import logging
from typing import Any, Callable

from backend.cancellation import JobCanceled

from .scheduler import ActiveJob, Scheduler

log = logging.getLogger("mvportrait.server")


class Preparer:
    def __init__(self, scheduler: Scheduler, max_parallel: int):
        self._scheduler = scheduler
        self._pool = concurrent.futures.ThreadPoolExecutor(max_parallel, thread_name_prefix="mvportrait-prepare")

    def prepare(self, job: ActiveJob, work: Callable[[], Any] | None = None) -> None:
        """Take `job` (its `engine` and `request` set): workers skip it until its plan is made. `work` makes
        something else than an engine plan (a portrait job's bust), kept as the job's plan; such a job has no
        `engine`, so nothing is released for it."""
        self._scheduler.start_preparing(job)
        self._pool.submit(self._prepare, job, work or (lambda: job.engine.prepare(job.request, job.cancel)))

    def stop(self, jobs: list[ActiveJob]) -> None:
        """Stop preparing: `jobs` (the active ones) are told to stop through their cancel events."""
        for job in jobs:
            job.cancel.set()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _prepare(self, job: ActiveJob, work: Callable[[], Any]) -> None:
        plan, error = None, None
        if not job.cancel.is_set():
            try:
                plan = work()
            except JobCanceled:
                pass
            except Exception as exc:
                log.exception("engine %s could not prepare job %s", job.request.engine, job.job_id)
                error = f"engine {job.request.engine!r} could not prepare the job: {exc}"
        if not self._scheduler.prepared(job, plan, error) and plan is not None and job.engine is not None:
            try:
                job.engine.release(plan)
            except Exception:
                log.exception("engine failed to release job %s", job.job_id)
