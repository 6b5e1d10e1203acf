"""The server's executor on a Ray cluster: the scheduler's jobs go out as chunks of (frame, view) images to
Ray actors, and the images come back one by one to be recorded by the server, exactly as local workers record
them (`backend.server.jobrun`): the job store stays the only record of what is finished.

One dispatcher thread takes turns on jobs from the scheduler (artist-fair, as local workers do) whenever an
actor is free: it reuses cached images, cuts the next chunk (sized to take about `chunk_seconds` from the
measured time per image) and hands it to the actor the router picks, the actor call starting at once (a second
chunk waits at the actor behind the first). One lane thread per actor (`lane`) reads the results as they stream
back, records each image through this executor as it arrives and, when the chunk ends, hands the job back.
A motion job's track and a portrait job's bust are one actor call each, recorded by the lane as local
workers record them; a bust goes to the actor routed for renders of the same photo (it holds the portrait).

Faults: an actor that dies mid-chunk loses only the images it had not sent; they go back to the job's pending
images and other actors take them, while Ray restarts the actor (it rejoins once it answers a ping). An image
is recorded only once: the store's (job, index) key and the in-flight set make sure no index is sent twice.
When no actor answers for `lost_after_s`, the cluster counts as lost: the server renders with local workers
if `--cluster-fallback local` was given, else it says so and waits for the cluster to come back.
"""

from __future__ import annotations

import collections
import logging
import math
import threading
import time

import ray
from ray.exceptions import RayError

from backend.server.executor import Executor, ExecutorContext, LocalExecutor
from backend.server.jobrun import JobFailed, JobRunner
from backend.server.scheduler import ActiveJob
from protocols.messages import FAILED

from .actor import RenderActor
from .routing import ActorSlot, Router, affinity_key
from .connection import connect
from .lane import BustWork, Chunk, JobState, Lane, MotionWork
from .settings import NAMESPACE, ClusterSettings, actor_counts

log = logging.getLogger("mvportrait.cluster")

_FIRST_CHUNK = 2  # images in a chunk before the time per image of an engine is known


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
        self._lanes: list[Lane] = []
        self._router = Router([])
        self._fallback: LocalExecutor | None = None
        self._dispatcher: threading.Thread | None = None
        self._unhealthy_since: float | None = None
        self._lost_reported = False
        # For diagnostics and bench/bench_cluster.py: a chunk's wall time at the server (submit to its last image
        # recorded) against the actor's render and preparation time inside it.
        self.stats = {"chunks": 0, "chunk_wall_s": 0.0, "chunk_render_s": 0.0, "chunk_prepare_s": 0.0,
                      "record_s": 0.0, "actor_deaths": 0, "rescheduled": 0, "prepared": 0, "reused": 0}
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
            self._lanes.append(Lane(self, slot, actor))
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

    # ------------------------------------------------------------------ what lanes use

    @property
    def router(self) -> Router:
        return self._router

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def engine_names(self) -> list[str]:
        return self._registry.engine_names()

    def record_image(self, job: ActiveJob, index: int, key: str, png: bytes) -> None:
        started = time.perf_counter()
        self._record_rendered(job, index, key, png)
        self.add("record_s", time.perf_counter() - started)

    def record_failure(self, job: ActiveJob, index: int, error: str) -> None:
        self._record_failed(job, index, error)

    def record_motion(self, job: ActiveJob, result) -> None:
        self._record_motion(job, result)

    def record_bust(self, job: ActiveJob, bust) -> None:
        self._record_bust(job, bust)

    # ------------------------------------------------------------------ dispatching

    def _dispatch(self) -> None:
        while not self._stopping.is_set():
            try:
                if self._dispatch_once():
                    return  # fell back to local workers
            except Exception:  # a dead dispatcher would stop every job silently
                log.exception("the cluster dispatcher failed; going on")
                time.sleep(0.2)

    def _dispatch_once(self) -> bool:
        """One turn on the scheduler's next job when an actor is free; True once fallen back to local workers."""
        self._record_unrecorded()
        if self._watch_health():
            return True
        with self._wake:
            if not self._router.any_free():
                self._wake.wait(0.2)
                return False
        item = self._scheduler.next(timeout=0.2)
        if item is None:
            return False
        if isinstance(item, list):  # canceled while idle: plans to release
            for job in item:
                self._forget(job)
            return False
        self._run_turn(item)
        return False

    def _job_left(self, job: ActiveJob) -> None:
        self._forget(job)

    def _turn_interrupted(self, job: ActiveJob, exc: Exception) -> bool:
        if not isinstance(exc, RayError):
            return False
        # The cluster is going away: the job waits for it (or for the fallback).
        log.warning("job %s waits: the Ray cluster did not take its inputs (%s)", job.job_id, exc)
        job.executor_state = None
        time.sleep(0.2)
        return True

    def _render_turn(self, job: ActiveJob) -> bool:
        if job.executor_state is None:
            self._start(job)
            job.executor_state = JobState("render", affinity_key(job.engine, job.request), ray.put(job.request))
            with self._lock:
                self._jobs[job.job_id] = job
        state: JobState = job.executor_state
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
            self._lane(slot).submit(Chunk(job, keys))
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
        state: JobState = job.executor_state
        seconds = self._seconds_per_image.get(job.request.engine)
        size = _FIRST_CHUNK if seconds is None else round(self.settings.chunk_seconds / max(seconds, 1e-4))
        with self._lock:
            pending = job.request.total - len(job.done_indices) - len(state.in_flight)
        healthy = max(1, sum(s.healthy for s in self._router.slots))
        # Spread one job over every actor (and its queue) rather than hand one actor all of it.
        size = min(size, math.ceil(max(1, pending) / (healthy * self.settings.chunks_per_actor)))
        return max(1, min(size, self.settings.max_chunk_images))

    def _motion_turn(self, job: ActiveJob, record) -> bool:
        state: JobState | None = job.executor_state
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
            job.executor_state = JobState("motion", f"motion:{request.kind}", slots={slot.name})
            job.executor_state.in_flight.add(0)
            with self._lock:
                self._jobs[job.job_id] = job
                self._scheduler.hold(job)
            self._lane(slot).submit(MotionWork(job, request, record.meta.get("generator")))
            return False
        return self._result_turn(job)

    def _portrait_turn(self, job: ActiveJob) -> bool:
        """A portrait job's bust is made on an actor, as a motion job's track is: routed by the affinity key
        of the renders of the same photo, so the actor that prepared the portrait for them (the warp engine
        keeps it) makes the bust from it, and a render after the bust finds it prepared there."""
        if job.executor_state is None:
            request, engine = self._portrait_engine(job)
            key = affinity_key(engine, request)
            slot = self._router.choose(key)
            if slot is None:
                return False
            job.executor_state = JobState("portrait", key, slots={slot.name})
            job.executor_state.in_flight.add(0)
            with self._lock:
                self._jobs[job.job_id] = job
                self._scheduler.hold(job)
            self._lane(slot).submit(BustWork(job, request, key))
            return False
        return self._result_turn(job)

    def _result_turn(self, job: ActiveJob) -> bool:
        """A turn of a one-result job (motion, portrait) whose work was handed to an actor."""
        state: JobState = job.executor_state
        with self._lock:
            if state.in_flight:
                self._scheduler.hold(job)
                return False
        if state.error is not None:
            self._finish(job, FAILED, state.error)
            return True
        # The actor died before the result came back: make it again.
        job.executor_state = None
        return False

    def _lane(self, slot: ActorSlot) -> "Lane":
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
            state: JobState = job.executor_state
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
                if not state.in_flight:
                    # The job's last image in flight is in: its next turn may end it now, not only once the
                    # chunk's stream closes (in one full test run a stream's end never came after its last
                    # image, and the job, held until then, never ended).
                    self._scheduler.resume(job)
                    self._wake.notify_all()

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
