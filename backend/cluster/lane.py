"""The cluster executor's lanes: one thread per actor that reads the results of the chunks handed to it, in the
order they were handed over, records each image through the executor as it arrives and reports each chunk's
end (with the images that did not come back). The work items and a job's cluster state live here too."""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import time
from typing import TYPE_CHECKING

import ray
from ray.exceptions import RayError

from backend.server.scheduler import ActiveJob
from backend.server.store import is_disk_full

from .routing import ActorSlot

if TYPE_CHECKING:
    from .executor import RayExecutor

log = logging.getLogger("mvportrait.cluster")


@dataclasses.dataclass(eq=False)
class JobState:
    """A job as the cluster executor sees it. Guarded by the executor's lock."""

    kind: str
    key: str
    request_ref: object = None
    in_flight: set = dataclasses.field(default_factory=set)
    cursor: int = 0
    error: str | None = None
    slots: set = dataclasses.field(default_factory=set)  # actors that may hold its plan


@dataclasses.dataclass(eq=False)
class Chunk:
    job: ActiveJob
    keys: dict  # index → frame key, in order
    call: object = None  # the actor call under way (a stream of items, or one ref to them all)
    submitted: float = 0.0

    @property
    def indices(self) -> list[int]:
        return list(self.keys)


@dataclasses.dataclass(eq=False)
class MotionWork:
    job: ActiveJob
    request: object
    generator: str | None
    call: object = None


@dataclasses.dataclass(eq=False)
class BustWork:
    """A portrait job: its bust, made on the actor that holds (or will hold) the portrait's preparation."""

    job: ActiveJob
    request: object
    key: str
    call: object = None


class Lane(threading.Thread):
    """One actor's chunks, one at a time: submit, record each image as it comes, report the end."""

    def __init__(self, executor: "RayExecutor", slot: ActorSlot, actor):
        super().__init__(name=f"mvportrait-lane-{slot.name}", daemon=True)
        self.executor = executor
        self.slot = slot
        self.actor = actor
        self.info: dict | None = None
        self._work: queue.SimpleQueue = queue.SimpleQueue()
        self._ping = None
        self._waiting_since = 0.0
        self._said_waiting = False

    def submit(self, work) -> None:
        """Called by the dispatcher: the actor call starts now, so a second chunk waits at the actor behind the
        first (no idle gap between chunks); the lane reads the results in order."""
        job = work.job
        try:
            if isinstance(work, MotionWork):
                work.call = self.actor.motion.remote(job.job_id, work.request, work.generator)
            elif isinstance(work, BustWork):
                work.call = self.actor.bust.remote(job.job_id, work.request, work.key)
            else:
                state: JobState = job.executor_state
                args = (job.job_id, [state.request_ref], work.indices, state.key)
                work.call = (self.actor.render.remote(*args) if self.executor.streaming
                             else self.actor.render_batch.remote(*args))
                work.submitted = time.perf_counter()
        except Exception as exc:  # the lane reports it like a lost actor
            work.call = exc
        self._work.put(work)

    def call(self, method: str, job_id: str) -> None:
        """A control call, not waited for (an actor that is gone has nothing to stop)."""
        try:
            getattr(self.actor, method).remote(job_id)
        except Exception:
            pass

    def run(self) -> None:
        ex = self.executor
        self._last_end = 0.0
        while not ex.stopping:
            try:  # handed-over work first: after a death it fails fast and goes back to the other actors
                work = self._work.get(timeout=0.2 if self.slot.healthy else 0)
            except queue.Empty:
                if not self.slot.healthy:
                    self._await_actor()
                continue
            if isinstance(work, Chunk):
                self._chunk(work)
            else:
                self._result(work)
        while True:  # stopping: whatever was handed over goes back, unfinished
            try:
                work = self._work.get_nowait()
            except queue.Empty:
                break
            ex.chunk_ended(work.job, set(work.indices) if isinstance(work, Chunk) else {0}, 0.0, 0.0, True)

    def _await_actor(self) -> None:
        """Until the actor (new, or restarted by Ray) answers a ping; chunks handed over meanwhile go back."""
        try:
            if self._ping is None:
                self._ping = self.actor.ping.remote()
                self._waiting_since = time.monotonic()
            ready, _ = ray.wait([self._ping], timeout=0.5)
            if not ready and time.monotonic() - self._waiting_since > 60 and not self._said_waiting:
                self._said_waiting = True
                log.warning("actor %s has not come up in 60 s: the cluster may have no free %s for it (another "
                            "server's actors, or a node gone); `ray status` shows the cluster's resources",
                            self.slot.name, "GPU" if "-gpu" in self.slot.name else "CPU slot")
            if ready:
                self._said_waiting = False
                self.info = ray.get(self._ping)
                self._ping = None
                # Engines built now, as the server builds its own at start: the first chunk queues behind this.
                self.actor.warm_up.remote(self.executor.engine_names())
                self.executor.router.back(self.slot)
                log.info("actor %s is ready (pid %s on %s, %s)", self.slot.name, self.info["pid"],
                         self.info["host"], self.info["device"])
                self.executor.wake()
        except RayError as exc:
            self._ping = None
            log.debug("actor %s does not answer yet: %s", self.slot.name, exc)
            time.sleep(0.5)
        except Exception as exc:  # the connection to the cluster itself
            self._ping = None
            log.debug("the cluster does not answer: %s", exc)
            time.sleep(0.5)

    def _chunk(self, chunk: Chunk) -> None:
        ex = self.executor
        job = chunk.job
        state: JobState = job.executor_state
        unfinished = set(chunk.keys)
        died = False
        render_s = set_up_s = 0.0
        # When the actor began it, about: a chunk queued behind another starts when that one ends.
        started = max(chunk.submitted, self._last_end)
        try:
            if isinstance(chunk.call, Exception):
                raise chunk.call
            if ex.streaming:
                items = (ray.get(ref) for ref in chunk.call)
            else:
                items = iter(ray.get(chunk.call))
            for item in items:
                if job.cancel.is_set():
                    break  # the actor was told; nothing more is recorded for a canceled job
                kind = item[0]
                if kind == "image":
                    _, index, png, seconds = item
                    render_s += seconds
                    ex.measured(job.request.engine, seconds)
                    ex.record_image(job, index, chunk.keys[index], png)
                elif kind == "failed":
                    _, index, error = item
                    ex.record_failure(job, index, error)
                elif kind == "prepared":
                    ex.add("reused" if item[1]["reused"] else "prepared", 1)
                    set_up_s = item[1]["set_up_s"]  # the plan's set-up, preparation included
                    ex.add("chunk_prepare_s", set_up_s)
                    continue
                elif kind == "prepare_failed":
                    state.error = f"engine {job.request.engine!r} could not prepare the job: {item[1]}"
                    break
                else:
                    continue
                unfinished.discard(index)
                ex.image_done(job, index)
        except ray.exceptions.RayTaskError as exc:  # a bug on the actor, not a lost actor
            log.error("actor %s failed on job %s: %s", self.slot.name, job.job_id, exc)
            state.error = f"the cluster failed on this job: {str(exc).splitlines()[-1][:500]}"
        except RayError as exc:
            died = True
            self.executor.router.lost(self.slot)
            log.warning("actor %s failed mid-chunk on job %s (%s: %s); its %d unfinished image(s) go to other "
                        "actors", self.slot.name, job.job_id, type(exc).__name__, str(exc).splitlines()[0][:200],
                        len(unfinished))
        except Exception as exc:
            if not is_disk_full(exc):
                log.exception("recording job %s's images failed", job.job_id)
                state.error = "the server failed while recording this job's images; see its log"
            else:
                state.error = f"the server's job store ran out of space: {exc}"
        finally:
            self.executor.router.done(self.slot)
            self._last_end = time.perf_counter()
            ex.chunk_ended(job, unfinished, self._last_end - started, render_s, died, self.slot.name, set_up_s,
                           len(chunk.keys) - len(unfinished))

    def _result(self, work: "MotionWork | BustWork") -> None:
        """A motion job's track or a portrait job's bust: one result, recorded when it comes back."""
        ex = self.executor
        job = work.job
        state: JobState = job.executor_state
        motion = isinstance(work, MotionWork)
        died = False
        try:
            if isinstance(work.call, Exception):
                raise work.call
            result = ray.get(work.call)
            if not job.cancel.is_set():
                (ex.record_motion if motion else ex.record_bust)(job, result)
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause if exc.cause is not None else exc
            if type(cause).__name__ != "JobCanceled":
                state.error = (f"{type(cause).__name__}: {cause}"[:2000] if motion else
                               f"engine {work.request.engine!r} could not prepare the job: {cause}"[:2000])
        except RayError as exc:
            died = True
            self.executor.router.lost(self.slot)
            log.warning("actor %s failed during %s job %s (%s); making it elsewhere", self.slot.name,
                        "motion" if motion else "portrait", job.job_id, type(exc).__name__)
        except Exception as exc:  # recording it here (the spool's disk)
            log.exception("recording job %s's result failed", job.job_id)
            state.error = (f"the server's job store ran out of space: {exc}" if is_disk_full(exc) else
                           "the server failed while recording this job's result; see its log")
        finally:
            self.executor.router.done(self.slot)
            ex.chunk_ended(job, {0}, 0.0, 0.0, died)
