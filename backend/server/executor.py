"""Where a job's images are rendered: the seam between the server's bookkeeping (scheduler, job store,
streaming; the same for every executor) and the machines that render.

`LocalExecutor` renders on this machine with worker threads (the default). `backend.cluster`'s executor
sends chunks of images to Ray actors; it is imported only when the server is started with a cluster, so a
server without one never imports Ray.
"""

from __future__ import annotations

import abc
import dataclasses
import logging
from typing import Callable

from .jobrun import Counters
from .preparer import Preparer
from .registry import Registry
from .scheduler import Scheduler
from .store import JobStore
from .worker import Worker

log = logging.getLogger("mvportrait.server")


@dataclasses.dataclass(frozen=True)
class ExecutorContext:
    """What an executor works with: it takes jobs from `scheduler`, records in `store` and tells the I/O
    thread through `notify`."""

    scheduler: Scheduler
    store: JobStore
    registry: Registry
    session_id: str
    notify: Callable[[tuple], None]
    counters: Counters
    max_active_jobs: int


class Executor(abc.ABC):
    @abc.abstractmethod
    def start(self, context: ExecutorContext) -> None:
        """Begin taking work from the scheduler."""

    def cancel(self, job_id: str) -> None:
        """The job was canceled (its ActiveJob's cancel event is set): stop its work in flight now."""

    @abc.abstractmethod
    def stop(self, timeout: float) -> None:
        """Stop taking work; a job in flight stays running in the store and resumes after a restart."""

    def describe(self) -> str:
        return type(self).__name__


class LocalExecutor(Executor):
    """Worker threads on this machine, with a preparer pool beside them (see worker.py, preparer.py)."""

    def __init__(self, workers: int):
        self.n_workers = workers
        self._workers: list[Worker] = []
        self._preparer: Preparer | None = None
        self._scheduler: Scheduler | None = None

    def start(self, context: ExecutorContext) -> None:
        self._scheduler = context.scheduler
        self._preparer = Preparer(context.scheduler, context.max_active_jobs)
        for n in range(self.n_workers):
            worker = Worker(n, context.scheduler, context.store, context.registry, context.session_id,
                            context.notify, context.counters, self._preparer)
            worker.start()
            self._workers.append(worker)

    def stop(self, timeout: float) -> None:
        for worker in self._workers:
            worker.stop()
        for worker in self._workers:
            worker.join(timeout)
        if self._preparer is not None:
            # With the workers gone nothing records these jobs as canceled: they stay running in the
            # store and resume after a restart; their preparations just stop at the next check.
            self._preparer.stop(self._scheduler.active_jobs())

    @property
    def workers(self) -> list[Worker]:
        return list(self._workers)

    def describe(self) -> str:
        return f"{self.n_workers} local worker thread(s)"
