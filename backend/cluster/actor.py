"""The Ray actor that renders: one per GPU (`num_gpus=1`) or per CPU slot. It keeps its engines built and
their models loaded for its whole life, keeps the plan of each job it works on until the server releases it,
and remembers which portraits (by affinity key: photo, head, options) it has prepared; the engines keep the
prepared portraits themselves (the warp engine by content hash, in memory and in its disk cache), so a second
job with the same photo on the same actor skips the fit.

`render` is a streaming generator: each image goes back to the server as soon as it is encoded, so an actor
that dies mid-chunk loses only the image it was on. Control calls (`cancel`, `release`, `status`) run in their
own concurrency group, beside a render in progress; a render checks its job's cancel event between images
(and engines check it inside long images)."""

from __future__ import annotations

import collections
import dataclasses
import importlib
import inspect
import logging
import os
import socket
import sys
import threading
import time
from typing import Any

import ray

from backend.cancellation import JobCanceled
from backend.engines.base import Engine, JobPlan, PortraitRequest, RenderRequest
from backend.frames import encode_png

from .routing import PORTRAITS_PER_ACTOR

log = logging.getLogger("mvportrait.cluster")

_PLANS_KEPT = 8  # plans of jobs the server has not released yet (a few active jobs per actor)
_CANCELED_KEPT = 256


@dataclasses.dataclass
class _JobState:
    engine: Engine
    plan: JobPlan
    key: str


def _instantiate(target: Any, device: str):
    if isinstance(target, str):
        module_name, _, attr = target.partition(":")
        target = getattr(importlib.import_module(module_name), attr)
    if not isinstance(target, type):
        return target
    if device != "cpu" and "device" in inspect.signature(target).parameters:
        return target(device=device)
    return target()


@ray.remote(concurrency_groups={"control": 2})
class RenderActor:
    def __init__(self, name: str, engines: dict, generators: dict, device: str, threads: int):
        self.name = name
        self.device = device
        self.threads = max(1, threads)
        self._engine_targets = dict(engines)
        self._generator_targets = dict(generators)
        self._engines: dict[str, Engine] = {}
        self._generators: dict[str, Any] = {}
        self._jobs: "collections.OrderedDict[str, _JobState]" = collections.OrderedDict()
        self._cancels: dict[str, threading.Event] = {}
        self._canceled: "collections.OrderedDict[str, None]" = collections.OrderedDict()
        self._portraits: "collections.OrderedDict[str, dict]" = collections.OrderedDict()
        self._stats = {"chunks": 0, "images": 0, "failed": 0, "prepared": 0, "reused": 0, "render_s": 0.0,
                       "prepare_s": 0.0, "motions": 0, "busts": 0}
        self._current: dict | None = None
        self._busy_s = 0.0
        self._born = time.monotonic()
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ engines

    def _engine(self, name: str) -> Engine:
        engine = self._engines.get(name)
        if engine is None:
            if name not in self._engine_targets:
                raise LookupError(f"engine {name!r} is not offered by the server that started this actor")
            engine = self._engines[name] = _instantiate(self._engine_targets[name], self.device)
            self._pin_threads()
        return engine

    def _pin_threads(self) -> None:
        # One actor per CPU slot: torch must not spread over the slots of the other actors.
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(self.threads)

    def _cancel_event(self, job_id: str) -> threading.Event:
        with self._lock:
            event = self._cancels.get(job_id)
            if event is None:
                event = self._cancels[job_id] = threading.Event()
                if job_id in self._canceled:
                    event.set()
            return event

    def _job(self, job_id: str, request_box: list, key: str) -> tuple[_JobState, dict | None]:
        """The job's plan, prepared here on first use; with what preparing cost (None: held already)."""
        with self._lock:
            state = self._jobs.get(job_id)
            if state is not None:
                self._jobs.move_to_end(job_id)
                return state, None
        set_up = time.perf_counter()
        request: RenderRequest = ray.get(request_box[0])
        engine = self._engine(request.engine)
        reused = key in self._portraits
        started = time.perf_counter()
        plan = engine.prepare(request, self._cancel_event(job_id))
        seconds = time.perf_counter() - started
        set_up_s = time.perf_counter() - set_up
        state = _JobState(engine, plan, key)
        with self._lock:
            self._stats["reused" if reused else "prepared"] += 1
            self._stats["prepare_s"] += seconds
            entry = self._portraits.setdefault(key, {"engine": engine.name, "jobs": 0, "prepare_s": seconds})
            entry["jobs"] += 1
            self._portraits.move_to_end(key)
            while len(self._portraits) > PORTRAITS_PER_ACTOR:
                self._portraits.popitem(last=False)
            self._jobs[job_id] = state
            while len(self._jobs) > _PLANS_KEPT:
                _, old = self._jobs.popitem(last=False)
                self._release_state(old)
        return state, {"reused": reused, "seconds": seconds, "set_up_s": set_up_s}

    @staticmethod
    def _release_state(state: _JobState) -> None:
        try:
            state.engine.release(state.plan)
        except Exception:
            log.exception("engine %s failed to release a plan", state.engine.name)

    # ------------------------------------------------------------------ work

    def warm_up(self, engines: list[str]) -> None:
        """Build these engines now (imports, models), as the server does at start, so the first chunk does not."""
        for name in engines:
            try:
                self._engine(name)
            except Exception:
                log.exception("actor %s: engine %s could not be built", self.name, name)

    def ping(self) -> dict:
        return {"name": self.name, "pid": os.getpid(), "node": ray.get_runtime_context().get_node_id(),
                "host": socket.gethostname(), "device": self.device}

    def render(self, job_id: str, request_box: list, indices: list[int], key: str):
        """Yields ("prepared", info), then per image ("image", index, png, seconds) or ("failed", index,
        error); ("prepare_failed", message) when the job cannot be prepared. Stops quietly when canceled."""
        cancel = self._cancel_event(job_id)
        if cancel.is_set():
            return
        with self._lock:
            self._current = {"job": job_id, "images": len(indices), "since": time.time()}
        started = time.perf_counter()
        try:
            try:
                state, prepared = self._job(job_id, request_box, key)
            except JobCanceled:
                return
            except Exception as exc:
                log.exception("actor %s could not prepare job %s", self.name, job_id)
                yield ("prepare_failed", str(exc))  # worded as the local preparer words it
                return
            if prepared is not None:
                yield ("prepared", prepared)
            request = state.plan.request
            for index in indices:
                if cancel.is_set():
                    return
                offset, view = request.locate(index)
                t0 = time.perf_counter()
                try:
                    png = encode_png(state.engine.render_frame(state.plan, view, offset), request.resolution)
                except JobCanceled:
                    return
                except Exception as exc:
                    log.exception("actor %s: job %s image %d failed", self.name, job_id, index)
                    with self._lock:
                        self._stats["failed"] += 1
                    yield ("failed", index, f"{type(exc).__name__}: {exc}")
                    continue
                seconds = time.perf_counter() - t0
                with self._lock:
                    self._stats["images"] += 1
                    self._stats["render_s"] += seconds
                yield ("image", index, png, seconds)
        finally:
            with self._lock:
                self._stats["chunks"] += 1
                self._current = None
                self._busy_s += time.perf_counter() - started

    def render_batch(self, job_id: str, request_box: list, indices: list[int], key: str) -> list:
        """`render`'s items as one list, for Ray Client drivers (ray://), which cannot stream an actor's
        results: an actor lost mid-chunk then loses the whole chunk (the server renders it again elsewhere)."""
        return list(self.render(job_id, request_box, indices, key))

    def motion(self, job_id: str, request, generator_name: str | None):
        """A motion job's `GeneratedMotion` (generated here, with the models this actor keeps loaded)."""
        cancel = self._cancel_event(job_id)
        kind = request.kind
        generator = self._generators.get(kind)
        if generator is None:
            if kind not in self._generator_targets:
                raise LookupError(f"no {kind}→motion generator is offered by the server that started this actor")
            generator = self._generators[kind] = _instantiate(self._generator_targets[kind], self.device)
            self._pin_threads()
        if generator_name is not None and generator_name != generator.name:
            raise LookupError(f"this cluster's {kind}→motion generator is {generator.name!r}, not {generator_name!r}")
        with self._lock:
            self._current = {"job": job_id, "motion": kind, "since": time.time()}
        try:
            result = generator.run(request, cancel)
        finally:
            with self._lock:
                self._stats["motions"] += 1
                self._current = None
        return result

    def bust(self, job_id: str, request: PortraitRequest, key: str):
        """A portrait job's `Bust`, from the portrait's preparation this actor's engine holds (or makes and
        then holds for the renders of the same photo, which the router sends here by `key`)."""
        cancel = self._cancel_event(job_id)
        engine = self._engine(request.engine)
        with self._lock:
            self._current = {"job": job_id, "bust": request.engine, "since": time.time()}
        started = time.perf_counter()
        try:
            result = engine.bust(request, cancel)
        finally:
            with self._lock:
                self._stats["busts"] += 1
                self._current = None
                self._busy_s += time.perf_counter() - started
        with self._lock:
            entry = self._portraits.setdefault(key, {"engine": engine.name, "jobs": 0,
                                                     "prepare_s": time.perf_counter() - started})
            entry["jobs"] += 1
            self._portraits.move_to_end(key)
            while len(self._portraits) > PORTRAITS_PER_ACTOR:
                self._portraits.popitem(last=False)
        return result

    # ------------------------------------------------------------------ control (beside a render)

    @ray.method(concurrency_group="control")
    def cancel(self, job_id: str) -> None:
        """Stop the job's work here at the next check, and drop its plan."""
        with self._lock:
            self._canceled[job_id] = None
            while len(self._canceled) > _CANCELED_KEPT:
                self._canceled.popitem(last=False)
            event = self._cancels.get(job_id)
        if event is not None:
            event.set()
        self.release(job_id)

    @ray.method(concurrency_group="control")
    def release(self, job_id: str) -> None:
        """The server is done with the job: free its plan (its portrait stays held)."""
        with self._lock:
            state = self._jobs.pop(job_id, None)
            if job_id not in self._canceled:
                self._cancels.pop(job_id, None)
        if state is not None:
            self._release_state(state)

    @ray.method(concurrency_group="control")
    def status(self) -> dict:
        with self._lock:
            alive = time.monotonic() - self._born
            current = dict(self._current) if self._current else None
            busy = self._busy_s + (time.time() - current["since"] if current else 0.0)
            return {**self.ping(), "engines": sorted(self._engines), "generators": sorted(self._generators),
                    "jobs": list(self._jobs), "portraits": {k: dict(v) for k, v in self._portraits.items()},
                    "current": current, "load": round(min(1.0, busy / alive) if alive > 0 else 0.0, 3),
                    **self._stats}
