"""Render and motion jobs driven from Blender's main thread, without bpy.

A `BackendSession` owns one `protocols.client.Client` (whose own thread owns the socket). The
add-on's timer calls `BackendSession.pump(budget_s)` on the main thread: it takes whatever the
client thread has queued, within a small time budget, and hands frames, status and tracks to the
jobs. Nothing here blocks: futures are polled, never waited on.
"""

from __future__ import annotations

import abc
import dataclasses
import time
from pathlib import Path
from typing import Callable

from ..vendored import atomic_files, idempotency, network
from .output import camera_folders, frame_file_name

CONNECTING, SUBMITTING, RUNNING, COMPLETED, FAILED, CANCELED = (
    "connecting", "submitting", "running", "completed", "failed", "canceled")
FINAL = (COMPLETED, FAILED, CANCELED)
START_HINT = ("start one with Portrait > Backend > Start Local Backend (or `mvportrait serve` in a terminal) "
              "and check the connection settings in the add-on preferences")


ENGINE_PREFERENCE = ("warp", "preview", "debug")


def choose_engine(wanted: str, available) -> str:
    """The engine asked for, else the best the server offers (photoreal warp first)."""
    if wanted:
        return wanted
    for name in ENGINE_PREFERENCE:
        if name in available:
            return name
    return available[0] if available else "debug"


class Job(abc.ABC):
    """What render and motion jobs share: submit once connected, follow state, cancel."""

    kind = "job"

    def __init__(self, body):
        self.body = body
        self.state = CONNECTING
        self.job_id: str | None = None
        self.error: str | None = None
        self.done = 0
        self.total = 0
        self._future = None
        self._cancel_wanted = False
        self._cancel_future = None
        self.session: "BackendSession | None" = None

    @property
    def final(self) -> bool:
        return self.state in FINAL

    @property
    def progress(self) -> float:
        return self.done / self.total if self.total else 0.0

    def fail(self, message: str) -> None:
        if not self.final:
            self.state, self.error = FAILED, message

    def cancel(self) -> None:
        if self.final:
            return
        self._cancel_wanted = True
        if self.job_id is None:
            if self._future is None:
                self.state = CANCELED  # never reached the server
            return
        if self._cancel_future is None and self.session is not None:
            self._cancel_future = self.session.client.cancel(self.job_id)

    def tick(self, session: "BackendSession") -> None:
        client_mod = session.modules[0]
        if self.state == CONNECTING and session.client.connected:
            self._future = self.submit(session)
            self.state = SUBMITTING
        if self.state == SUBMITTING and self._future is not None and self._future.done():
            try:
                answer = self._future.result()
            except client_mod.ServerError as exc:
                self.fail(self.explain_error(exc.code, exc.error.message))
                return
            except Exception as exc:  # ClientClosed and the like
                self.fail(f"the request did not reach the backend ({exc}); {START_HINT}")
                return
            if type(answer).__name__ == "Rejected":
                self.fail(self.explain_error(answer.code, answer.message))
                return
            if answer.duplicate and answer.state in ("canceled", "failed"):
                # The same request ended badly before: ask again as a new job (finished images are reused).
                self.body = dataclasses.replace(self.body,
                                                idempotency_key=idempotency.retry_key(self.body.idempotency_key))
                self._future = self.resubmit(session)
                return
            self.job_id, self.total = answer.job_id, answer.total
            self.state = RUNNING
            session.follow(self)
            if self._cancel_wanted:
                self.cancel()
        if self._cancel_future is not None and self._cancel_future.done():
            try:
                self._cancel_future.result()
                self.state = CANCELED
            except client_mod.ServerError as exc:
                if exc.code != "job_finished":
                    self.fail(f"cancel failed: {exc.error.message}")
            self._cancel_future = None

    def explain_error(self, code: str, message: str) -> str:
        return f"the backend refused the job ({code}): {message}"

    def on_status(self, status) -> None:
        self.done, self.total = status.done, status.total
        if status.state == "failed":
            self.fail(f"the backend could not finish the job: {status.error or 'no reason given'}; see the "
                      f"backend's log")
        elif status.state == "canceled":
            self.state = CANCELED

    @abc.abstractmethod
    def submit(self, session: "BackendSession"):
        """Send this job's request; each kind of job says what it sends."""

    def resubmit(self, session: "BackendSession"):
        return self.submit(session)


@dataclasses.dataclass
class RenderPlan:
    view_names: tuple[str, ...]
    first_frame: int
    num_frames: int
    root: Path

    def __post_init__(self):
        # Settled before anything is sent: two cameras that would share a folder stop the render here.
        self.folders = camera_folders(self.view_names)

    def frame_path(self, view_name: str, frame: int) -> Path:
        folder = self.folders[view_name]
        return self.root / folder / frame_file_name(folder, frame)

    def file_names(self, view_name: str) -> list[str]:
        folder = self.folders[view_name]
        return [frame_file_name(folder, self.first_frame + i) for i in range(self.num_frames)]


class RenderJob(Job):
    """Submit a `SubmitRender`; write each arriving PNG to the plan's folder."""

    kind = "render"

    def __init__(self, body, plan: RenderPlan):
        super().__init__(body)
        self.plan = plan
        self.received: dict[str, int] = {name: 0 for name in plan.view_names}
        self.cached = 0
        self.failed_images: list[str] = []
        self.new_views: list[str] = []   # views whose first image just arrived (the bpy layer adds strips)
        self.new_images = 0

    def submit(self, session):
        # The same scene rendered again is the same request: its key finds the job (and images) made before.
        engine = choose_engine(self.body.engine, session.client.welcome.engines if session.client.welcome else ())
        body = dataclasses.replace(self.body, engine=engine)
        self.body = dataclasses.replace(body, idempotency_key=idempotency.derived_key("blender", *body.encode()))
        return session.client.submit_render(self.body)

    def resubmit(self, session):
        return session.client.submit_render(self.body)

    def explain_error(self, code, message):
        if code == "unknown_engine":
            return f"{message}; choose another engine in the Portrait panel"
        return super().explain_error(code, message)

    def on_frame(self, frame) -> None:
        if self.state == FAILED:
            return
        if frame.state != "done" or frame.image is None:
            self.failed_images.append(f"{frame.view_name} frame {frame.frame}: {frame.error}")
            return
        if frame.view_name not in self.plan.folders:
            self.failed_images.append(f"{frame.view_name} frame {frame.frame}: a camera this render did not ask for")
            return
        path = self.plan.frame_path(frame.view_name, frame.frame)
        try:
            atomic_files.atomic_write(path, frame.image.data)
        except OSError as exc:  # a full disk: say so and stop, the frames already saved stay
            self.fail(f"could not save {frame.view_name} frame {frame.frame}: {exc}")
            return
        if self.received.get(frame.view_name, 0) == 0:
            self.new_views.append(frame.view_name)
        self.received[frame.view_name] = self.received.get(frame.view_name, 0) + 1
        self.cached += int(frame.cached)
        self.new_images += 1

    @property
    def images_received(self) -> int:
        return sum(self.received.values())

    def tick(self, session) -> None:
        super().tick(session)
        # Complete when every image is on disk (the server's final status may come before the last frames).
        if self.state == RUNNING and self.total and self.images_received + len(self.failed_images) >= self.total:
            self.state = COMPLETED if not self.failed_images else FAILED
            if self.failed_images:
                self.error = f"{len(self.failed_images)} images failed, first: {self.failed_images[0]}"


class MotionJob(Job):
    """Submit a `SubmitMotion`; keep the `Track` that comes back, and the motion plan it follows (text)."""

    kind = "motion"

    def __init__(self, body):
        super().__init__(body)
        self.track = None
        self.plan: dict | None = None

    @property
    def plan_only(self) -> bool:
        """A request to read the prompt into a plan (nothing goes on the rig)."""
        return bool(self.body.options.get("plan_only"))

    def submit(self, session):
        return session.client.submit_motion(self.body)

    def explain_error(self, code, message):
        if code == "unavailable":
            return (f"this backend cannot generate motion from {self.body.kind}: {message}. Install or enable a "
                    f"{self.body.kind} motion generator on the backend, or key the motion by hand")
        return super().explain_error(code, message)

    def on_track(self, result) -> None:
        self.track, self.plan = result.track, result.plan
        self.state = COMPLETED


class PortraitJob(Job):
    """Submit a `SubmitPortrait`; keep the `Bust` that comes back (the same portrait asked again finds the
    server's earlier job and its stored bust)."""

    kind = "portrait"

    def __init__(self, body):
        super().__init__(body)
        self.bust = None

    def submit(self, session):
        self.body = dataclasses.replace(self.body, idempotency_key=idempotency.derived_key("blender-portrait",
                                                                                           *self.body.encode()))
        return session.client.submit_portrait(self.body)

    def resubmit(self, session):
        return session.client.submit_portrait(self.body)

    def explain_error(self, code, message):
        if code in ("unknown_engine", "unavailable"):
            return f"this backend cannot make a bust from the portrait: {message}"
        return super().explain_error(code, message)

    def on_bust(self, result) -> None:
        self.bust = result.bust
        self.state = COMPLETED


class BackendSession:
    """One connection to a backend and the jobs that use it."""

    def __init__(self, connection, client_name: str = "mvportrait-blender", connect_timeout_s: float = 5.0,
                 window: int = 16, keypair=None):
        self.modules = network()
        client_mod = self.modules[0]
        self.connection = connection
        self.client = client_mod.Client(connection, keypair=keypair, client_name=client_name, window=window)
        self.connect_timeout_s = connect_timeout_s
        self.opened = time.monotonic()
        self.jobs: list[Job] = []
        self._by_id: dict[str, Job] = {}
        self.error: str | None = None
        self.notes: list[str] = []

    @property
    def status_text(self) -> str:
        if self.error:
            return "not connected"
        if self.client.connected and self.client.welcome is not None:
            w = self.client.welcome
            return f"connected to {self.connection.endpoint} ({w.server}; engines: {', '.join(w.engines)})"
        return f"connecting to {self.connection.endpoint}…"

    def add(self, job: Job) -> Job:
        job.session = self
        self.jobs.append(job)
        if self.error:
            job.fail(self.error)
        return job

    def follow(self, job: Job) -> None:
        self._by_id[job.job_id] = job
        self.client.subscribe(job.job_id)

    def pump(self, budget_s: float = 0.01, on_event: Callable | None = None) -> None:
        client_mod = self.modules[0]
        deadline = time.monotonic() + budget_s
        if not self.client.connected and self.error is None and \
                time.monotonic() - self.opened > self.connect_timeout_s:
            self.error = (f"no MVPortrait backend answers at {self.connection.endpoint} after "
                          f"{self.connect_timeout_s:g} s; {START_HINT}")
        while time.monotonic() < deadline:
            event = self.client.get(0)
            if event is None:
                break
            name = type(event).__name__
            job = self._by_id.get(getattr(event, "job_id", None) or "")
            if name == "Frame" and isinstance(job, RenderJob):
                job.on_frame(event)
            elif name == "JobStatus" and job is not None:
                job.on_status(event)
            elif name == "TrackResult" and isinstance(job, MotionJob):
                job.on_track(event)
            elif name == "BustResult" and isinstance(job, PortraitJob):
                job.on_bust(event)
            elif name == "ConnectionEvent" and event.state == client_mod.PROTOCOL_ERROR:
                self.notes.append(f"{event.detail} — if this repeats, the key in the connection settings does "
                                  f"not match the backend's connection file")
            if on_event is not None:
                on_event(event)
        for job in self.jobs:
            if self.error and not job.final:
                job.fail(self.error)
            if not job.final:
                job.tick(self)
        self.jobs = [j for j in self.jobs if not j.final or j in self._recent_final()]

    def _recent_final(self) -> list[Job]:
        return [j for j in self.jobs if j.final][-4:]

    @property
    def busy(self) -> bool:
        return any(not j.final for j in self.jobs)

    def close(self) -> None:
        for job in self.jobs:
            if not job.final and job.job_id is not None:
                self.client.unsubscribe(job.job_id)
        self.client.close(timeout=2.0)
