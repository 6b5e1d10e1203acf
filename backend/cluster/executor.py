"""The server's executor on a Ray cluster: the scheduler's jobs go out as chunks of (frame, view) images to
Ray actors, and the images come back one by one to be recorded by the server, exactly as local workers record
them (`backend.server.jobrun`): the job store stays the only record of what is finished.

One dispatcher thread takes turns on jobs from the scheduler (artist-fair, as local workers do) whenever an
actor is free: it reuses cached images, cuts the next chunk (sized to take about `chunk_seconds` from the
measured time per image) and hands it to the actor the router picks. One lane thread per actor submits the
chunk (a streaming actor call), records each image as it arrives and, when the chunk ends, hands the job back.

Faults: an actor that dies mid-chunk loses only the images it had not sent; they go back to the job's pending
images and other actors take them, while Ray restarts the actor (it rejoins once it answers a ping). An image
is recorded only once: the store's (job, index) key and the in-flight set make sure no index is sent twice.
When no actor answers for `lost_after_s`, the cluster counts as lost: the server renders with local workers
if `--cluster-fallback local` was given, else it says so and waits for the cluster to come back.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import math
import queue
import threading
import time

import ray
from ray.exceptions import RayError

from backend.server.executor import Executor, ExecutorContext, LocalExecutor
from backend.server.jobrun import JobFailed, JobRunner
from backend.server.scheduler import ActiveJob
from backend.server.store import is_disk_full
from protocols.messages import CANCELED, FAILED

from .actor import RenderActor
from .routing import ActorSlot, Router, affinity_key
from .connection import connect
from .settings import NAMESPACE, ClusterSettings, actor_counts

log = logging.getLogger("mvportrait.cluster")

_FIRST_CHUNK = 2  # images in a chunk before the time per image of an engine is known


@dataclasses.dataclass(eq=False)
class _JobState:
    """A job as the cluster executor sees it. Guarded by the executor's lock."""

    kind: str
    key: str
    request_ref: object = None
    in_flight: set = dataclasses.field(default_factory=set)
    cursor: int = 0
    error: str | None = None
    slots: set = dataclasses.field(default_factory=set)  # actors that may hold its plan


@dataclasses.dataclass(eq=False)
class _Chunk:
    job: ActiveJob
    keys: dict  # index → frame key, in order
    call: object = None  # the actor call under way (a stream of items, or one ref to them all)
    submitted: float = 0.0

    @property
    def indices(self) -> list[int]:
        return list(self.keys)


@dataclasses.dataclass(eq=False)
class _Motion:
    job: ActiveJob
    request: object
    generator: str | None
    call: object = None


class RayExecutor(JobRunner, Executor):
    def __init__(self, settings: ClusterSettings, local_workers: int):
        self.settings = settings
        self._local_workers = local_workers
        self._owns_ray = connect(settings)
        # A Ray Client driver (ray://) cannot take an actor's streamed results: chunks come back whole.
        self.streaming = settings.address.kind != "client"
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._jobs: dict[str, ActiveJob] = {}
        self._seconds_per_image: dict[str, float] = {}
        self._lanes: list[_Lane] = []
        self._router = Router([])
        self._fallback: LocalExecutor | None = None
        self._dispatcher: threading.Thread | None = None
        self._turn_events: list[tuple] = []
        self._unhealthy_since: float | None = None
        self._lost_reported = False
        # For diagnostics and bench/bench_cluster.py: a chunk's wall time at the server (submit to its last image
        # recorded) against the actor's render and preparation time inside it.
        self.stats = {"chunks": 0, "chunk_wall_s": 0.0, "chunk_render_s": 0.0, "chunk_prepare_s": 0.0,
                      "record_s": 0.0, "actor_deaths": 0, "rescheduled": 0, "prepared": 0, "reused": 0,
                      "first_image_s": None}
        # The last chunks: (actor, wall s, render s, set-up s, images), for bench/bench_cluster.py.
        self.chunk_log: collections.deque = collections.deque(maxlen=1000)

    # ------------------------------------------------------------------ lifecycle

    def start(self, context: ExecutorContext) -> None:
        JobRunner.__init__(self, context.store, context.registry, context.session_id, context.notify,
                           context.counters)
        self._context = context
        self._scheduler = context.scheduler
        n_gpu, n_cpu = actor_counts(self.settings, ray.cluster_resources())
        engines = self._registry.engine_targets()
        generators = self._registry.generator_targets()
        prefix = f"mvportrait-render-{context.session_id[:8]}"
        specs = [(f"{prefix}-gpu{i}", {"num_gpus": 1, "num_cpus": 1}, "cuda", 1) for i in range(n_gpu)]
        threads = max(1, int(self.settings.cpus_per_actor))
        specs += [(f"{prefix}-cpu{i}", {"num_cpus": self.settings.cpus_per_actor}, "cpu", threads)
                  for i in range(n_cpu)]
        for name, resources, device, n_threads in specs:
            # Ray restarts a dead actor (max_restarts); its calls are never retried by Ray (max_task_retries=0):
            # the server reschedules exactly the images that did not come back.
            actor = RenderActor.options(name=name, namespace=NAMESPACE, max_restarts=-1, max_task_retries=0,
                                        **resources).remote(name, engines, generators, device, n_threads)
            slot = ActorSlot(name, capacity=self.settings.chunks_per_actor, healthy=False)
            self._router.slots.append(slot)
            self._lanes.append(_Lane(self, slot, actor))
        for lane in self._lanes:
            lane.start()
        self._dispatcher = threading.Thread(target=self._dispatch, name="mvportrait-cluster-dispatch", daemon=True)
        self._dispatcher.start()
        log.info("rendering on the Ray cluster at %s: %d GPU actor(s), %d CPU actor(s)", self.settings.address,
                 n_gpu, n_cpu)

    def describe(self) -> str:
        return f"the Ray cluster at {self.settings.address} ({len(self._lanes)} actor(s))"

    def stop(self, timeout: float) -> None:
        self._stopping.set()
        with self._wake:
            self._wake.notify_all()
        if getattr(self, "_dispatcher", None) is not None:
            self._dispatcher.join(timeout)
        if self._fallback is not None:
            self._fallback.stop(timeout)
        # Killed first, so a lane waiting on its chunk returns now; what it had not recorded is rendered
        # again after a restart (the job stays running in the store).
        for lane in self._lanes:
            try:
                ray.kill(lane.actor)
            except Exception:  # the cluster may be gone already
                pass
        for lane in self._lanes:
            lane.join(timeout)
        if self._owns_ray:
            ray.shutdown()

    def actors(self) -> list:
        return [lane.actor for lane in self._lanes]

    def wake(self) -> None:
        with self._wake:
            self._wake.notify_all()

    # ------------------------------------------------------------------ dispatching

    def _dispatch(self) -> None:
        while not self._stopping.is_set():
            self._record_unrecorded()
            if self._watch_health():
                return  # fell back to local workers
            with self._wake:
                if not self._router.any_free():
                    self._wake.wait(0.2)
                    continue
            item = self._scheduler.next(timeout=0.2)
            if item is None:
                continue
            if isinstance(item, list):  # canceled while idle: plans to release
                for job in item:
                    self._forget(job)
                continue
            finished = True
            try:
                finished = self._turn(item)
            except Exception:
                log.exception("the cluster executor failed on job %s", item.job_id)
                self._finish(item, FAILED, "the server failed while running this job; see its log")
            finally:
                self._scheduler.done_turn(item, finished)
                if finished:
                    self._forget(item)
                # As local workers do: a client that hears "completed" or "canceled" can rely on the job
                # having left the scheduler.
                events, self._turn_events = self._turn_events, []
                for event in events:
                    self._notify_io(event)

    def _turn(self, job: ActiveJob) -> bool:
        record = self._store.get_job(job.job_id)
        if record is None or record.final:
            return True
        if job.cancel.is_set():
            self._finish(job, CANCELED)
            return True
        try:
            if record.kind == "motion":
                return self._motion_turn(job, record)
            if job.executor_state is None:
                self._start(job)
                job.executor_state = _JobState("render", affinity_key(job.engine, job.request),
                                               ray.put(job.request))
                with self._lock:
                    self._jobs[job.job_id] = job
            return self._render_turn(job)
        except JobFailed as exc:
            self._finish(job, FAILED, str(exc))
            return True
        except RayError as exc:  # the cluster is going away: the job waits for it (or for the fallback)
            log.warning("job %s waits: the Ray cluster did not take its inputs (%s)", job.job_id, exc)
            job.executor_state = None
            time.sleep(0.2)
            return False
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            log.error("job %s failed: the job store is out of space: %s", job.job_id, exc)
            self._finish(job, FAILED, f"the server's job store ran out of space: {exc}")
            return True

    def _render_turn(self, job: ActiveJob) -> bool:
        state: _JobState = job.executor_state
        if state.error is not None:
            self._finish(job, FAILED, state.error)
            return True
        total = job.request.total
        size = self._chunk_size(job)
        keys: dict[int, str] = {}
        index = state.cursor
        while index < total and len(keys) < size:
            with self._lock:
                skip = index in job.done_indices or index in state.in_flight
            if not skip:
                key = self._frame_key(job, index)
                if self._reuse_cached(job, index, key):
                    with self._lock:
                        job.done_indices.add(index)
                else:
                    keys[index] = key
            index += 1
        slot = self._router.choose(state.key) if keys else None
        if keys and slot is None:
            return False  # every actor became busy meanwhile: the same images next turn
        with self._lock:
            state.in_flight.update(keys)
            # The cursor passes only images that are finished or on their way; a lost chunk moves it back.
            while state.cursor < total and (state.cursor in job.done_indices or state.cursor in state.in_flight):
                state.cursor += 1
        if keys:
            with self._lock:
                state.slots.add(slot.name)
            self._lane(slot).submit(_Chunk(job, keys))
            return False
        with self._lock:
            if state.in_flight:
                self._scheduler.hold(job)  # a lane resumes it when its chunk ends
                return False
        finished, missing = self._conclude(job)
        if missing:  # lost from the spool meanwhile: render them again
            state.cursor = missing[0]
        return finished

    def _chunk_size(self, job: ActiveJob) -> int:
        state: _JobState = job.executor_state
        seconds = self._seconds_per_image.get(job.request.engine)
        size = _FIRST_CHUNK if seconds is None else round(self.settings.chunk_seconds / max(seconds, 1e-4))
        with self._lock:
            pending = job.request.total - len(job.done_indices) - len(state.in_flight)
        healthy = max(1, sum(s.healthy for s in self._router.slots))
        # Spread one job over every actor (and its queue) rather than hand one actor all of it.
        size = min(size, math.ceil(max(1, pending) / (healthy * self.settings.chunks_per_actor)))
        return max(1, min(size, self.settings.max_chunk_images))

    def _motion_turn(self, job: ActiveJob, record) -> bool:
        state: _JobState | None = job.executor_state
        if state is None:
            try:
                request, generator = self._motion_generator(job, record)
            except JobFailed:
                raise
            except Exception as exc:
                self._finish(job, FAILED, f"{type(exc).__name__}: {exc}"[:2000])
                return True
            slot = self._router.choose(f"motion:{request.kind}")
            if slot is None:
                return False
            job.executor_state = _JobState("motion", f"motion:{request.kind}", slots={slot.name})
            job.executor_state.in_flight.add(0)
            with self._lock:
                self._jobs[job.job_id] = job
                self._scheduler.hold(job)
            self._lane(slot).submit(_Motion(job, request, record.meta.get("generator")))
            return False
        with self._lock:
            if state.in_flight:
                self._scheduler.hold(job)
                return False
        if state.error is not None:
            self._finish(job, FAILED, state.error)
            return True
        # The actor died before the track came back: generate it again.
        job.executor_state = None
        return False

    def _lane(self, slot: ActorSlot) -> "_Lane":
        return next(lane for lane in self._lanes if lane.slot is slot)

    def _forget(self, job: ActiveJob) -> None:
        """The job left the scheduler: its actors free its plan. Work of it still in flight (a job failed while
        other actors rendered it) stops: nothing more is recorded for it, and its actors are told."""
        with self._lock:
            self._jobs.pop(job.job_id, None)
            state = job.executor_state
            slots = set(state.slots) if state is not None else set()
            in_flight = bool(state is not None and state.in_flight)
        if in_flight:
            job.cancel.set()
        for lane in self._lanes:
            if lane.slot.name in slots:
                lane.call("cancel" if in_flight else "release", job.job_id)

    def cancel(self, job_id: str) -> None:
        """From the I/O thread: the actors working on the job stop at their next image; a job canceled between
        turns (no turn will come) is forgotten here."""
        with self._lock:
            job = self._jobs.get(job_id)
            state = job.executor_state if job is not None else None
            slots = set(state.slots) if state is not None else set()
        for lane in self._lanes:
            if lane.slot.name in slots:
                lane.call("cancel", job_id)
        if job is not None and job_id not in self._scheduler.active_ids():
            with self._lock:
                self._jobs.pop(job_id, None)
        self.wake()

    # ------------------------------------------------------------------ lanes report here

    def chunk_ended(self, job: ActiveJob, unfinished: set, wall_s: float, render_s: float, died: bool,
                    slot_name: str = "", set_up_s: float = 0.0, n_images: int = 0) -> None:
        with self._lock:
            state: _JobState = job.executor_state
            if state is not None:
                state.in_flight -= unfinished
                if unfinished and state.kind == "render":
                    state.cursor = min(state.cursor, min(unfinished))
            if died:
                self.stats["actor_deaths"] += 1
                self.stats["rescheduled"] += len(unfinished)
            else:
                self.stats["chunks"] += 1
                self.stats["chunk_wall_s"] += wall_s
                self.stats["chunk_render_s"] += render_s
                self.chunk_log.append((slot_name, wall_s, render_s, set_up_s, n_images))
            self._scheduler.resume(job)
            self._wake.notify_all()

    def image_done(self, job: ActiveJob, index: int) -> None:
        with self._lock:
            job.done_indices.add(index)
            state = job.executor_state
            if state is not None:
                state.in_flight.discard(index)

    def _notify(self, event: tuple) -> None:
        if threading.current_thread() is self._dispatcher:
            self._turn_events.append(event)
        else:  # a lane: images go out as they come
            self._notify_io(event)

    def add(self, name: str, amount: float) -> None:
        with self._lock:
            self.stats[name] = self.stats.get(name, 0) + amount

    def measured(self, engine: str, seconds: float) -> None:
        with self._lock:
            old = self._seconds_per_image.get(engine)
            self._seconds_per_image[engine] = seconds if old is None else 0.7 * old + 0.3 * seconds

    # ------------------------------------------------------------------ a lost cluster

    def _watch_health(self) -> bool:
        """True once the server has fallen back to local workers."""
        now = time.monotonic()
        if self._router.any_healthy():
            if self._lost_reported:
                log.warning("the Ray cluster at %s answers again; rendering there", self.settings.address)
            self._unhealthy_since, self._lost_reported = None, False
            return False
        if self._unhealthy_since is None:
            self._unhealthy_since = now
        if now - self._unhealthy_since < self.settings.lost_after_s or self._lost_reported:
            return False
        self._lost_reported = True
        if self.settings.fallback != "local":
            log.error("the Ray cluster at %s is lost: no actor has answered for %.0f s; jobs wait until it is "
                      "back (a head restarted with GCS fault tolerance is joined again; after any other new head, "
                      "restart this server: it resumes every job from its store; --cluster-fallback local renders "
                      "here instead)", self.settings.address, now - self._unhealthy_since)
            return False
        log.error("the Ray cluster at %s is lost: no actor has answered for %.0f s; rendering with %d local "
                  "worker(s) (--cluster-fallback local)", self.settings.address, now - self._unhealthy_since,
                  self._local_workers)
        for job in self._scheduler.active_jobs():
            job.executor_state, job.next_index, job.plan = None, 0, None
            if job.engine is not None:
                job.done_indices = set(self._store.frames(job.job_id))
            self._scheduler.resume(job)
        self._fallback = LocalExecutor(self._local_workers)
        self._fallback.start(self._context)
        return True


class _Lane(threading.Thread):
    """One actor's chunks, one at a time: submit, record each image as it comes, report the end."""

    def __init__(self, executor: RayExecutor, slot: ActorSlot, actor):
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
            if isinstance(work, _Motion):
                work.call = self.actor.motion.remote(job.job_id, work.request, work.generator)
            else:
                state: _JobState = job.executor_state
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
        while not ex._stopping.is_set():
            try:  # handed-over work first: after a death it fails fast and goes back to the other actors
                work = self._work.get(timeout=0.2 if self.slot.healthy else 0)
            except queue.Empty:
                if not self.slot.healthy:
                    self._await_actor()
                continue
            if isinstance(work, _Chunk):
                self._chunk(work)
            else:
                self._motion(work)
        while True:  # stopping: whatever was handed over goes back, unfinished
            try:
                work = self._work.get_nowait()
            except queue.Empty:
                break
            ex.chunk_ended(work.job, set(work.indices) if isinstance(work, _Chunk) else {0}, 0.0, 0.0, True)

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
                self.actor.warm_up.remote(self.executor._registry.engine_names())
                self.executor._router.back(self.slot)
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

    def _chunk(self, chunk: _Chunk) -> None:
        ex = self.executor
        job = chunk.job
        state: _JobState = job.executor_state
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
                    t0 = time.perf_counter()
                    ex._record_rendered(job, index, chunk.keys[index], png)
                    ex.add("record_s", time.perf_counter() - t0)
                    if ex.stats["first_image_s"] is None:
                        ex.stats["first_image_s"] = time.perf_counter() - started
                elif kind == "failed":
                    _, index, error = item
                    ex._record_failed(job, index, error)
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
            self.executor._router.lost(self.slot)
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
            self.executor._router.done(self.slot)
            self._last_end = time.perf_counter()
            ex.chunk_ended(job, unfinished, self._last_end - started, render_s, died, self.slot.name, set_up_s,
                           len(chunk.keys) - len(unfinished))

    def _motion(self, work: _Motion) -> None:
        ex = self.executor
        job = work.job
        state: _JobState = job.executor_state
        died = False
        try:
            if isinstance(work.call, Exception):
                raise work.call
            track = ray.get(work.call)
            if not job.cancel.is_set():
                ex._record_motion(job, track)
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause if exc.cause is not None else exc
            if type(cause).__name__ != "JobCanceled":
                state.error = f"{type(cause).__name__}: {cause}"[:2000]
        except RayError as exc:
            died = True
            self.executor._router.lost(self.slot)
            log.warning("actor %s failed during motion job %s (%s); generating it elsewhere", self.slot.name,
                        job.job_id, type(exc).__name__)
        finally:
            self.executor._router.done(self.slot)
            ex.chunk_ended(job, {0}, 0.0, 0.0, died)
