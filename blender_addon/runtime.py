"""The add-on's live state: the backend session, its timer, running jobs, the local backend process.

The client's own thread owns the socket and never touches bpy; `_on_timer` (a `bpy.app.timers`
callback on the main thread) drains it within `PUMP_BUDGET_S` and applies results to the scene.
`shutdown()` (called by unregister) removes the timer, closes the session (joining the client
thread) and stops a backend this add-on started.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import subprocess
import time
from pathlib import Path

import bpy

from .core import jobs
from .vendored import network

PUMP_BUDGET_S = 0.01
BUSY_INTERVAL_S = 0.05
IDLE_INTERVAL_S = 0.5
RESTART_LIMIT = 3            # local backend starts allowed within RESTART_WINDOW_S
RESTART_WINDOW_S = 120.0


@dataclasses.dataclass
class LocalBackend:
    process: subprocess.Popen
    log_path: Path
    command: list[str]


@dataclasses.dataclass
class State:
    session: jobs.BackendSession | None = None
    session_key: tuple | None = None
    render: jobs.RenderJob | None = None
    motion: jobs.MotionJob | None = None
    motion_target: str | None = None      # rig name the generated track goes to
    motion_sound: tuple[str, int] | None = None
    backend: LocalBackend | None = None
    backend_starts: list[float] = dataclasses.field(default_factory=list)
    messages: list[tuple[str, str]] = dataclasses.field(default_factory=list)   # (level, text) to report
    scene_name: str | None = None
    last_render: jobs.RenderJob | None = None
    last_motion: jobs.MotionJob | None = None


STATE = State()


def package() -> str:
    return __package__


def prefs(context=None):
    context = context or bpy.context
    addon = context.preferences.addons.get(package())
    return addon.preferences if addon else None


def connection_info(context=None):
    """From the preferences: the connection file (default location when empty) or address/port/key."""
    _, connection, _, _ = network()
    p = prefs(context)
    if p is not None and not p.use_connection_file:
        return connection.ConnectionInfo(address=p.address, port=p.port, key=p.key)
    path = (p.connection_file if p is not None else "") or None
    return connection.ConnectionInfo.load(bpy.path.abspath(path) if path else None)


def session(context=None, fresh: bool = False) -> jobs.BackendSession:
    info = connection_info(context)
    key = (info.address, info.port, info.key, info.server_public_key)
    s = STATE.session
    if s is not None and (fresh or STATE.session_key != key or (s.error and not s.busy)):
        close_session()
        s = None
    if s is None:
        p = prefs(context)
        timeout = p.connect_timeout if p is not None else 5.0
        keypair = None
        if info.server_public_key:
            _, connection, _, _ = network()
            keypair = connection.CurveKeypair.load_or_create(connection.config_dir() / "blender-artist.json")
        s = jobs.BackendSession(info, connect_timeout_s=timeout, keypair=keypair)
        STATE.session, STATE.session_key = s, key
    ensure_timer()
    return s


def close_session() -> None:
    if STATE.session is not None:
        STATE.session.close()
    STATE.session, STATE.session_key = None, None


def ensure_timer() -> None:
    if not bpy.app.timers.is_registered(_on_timer):
        bpy.app.timers.register(_on_timer, first_interval=BUSY_INTERVAL_S, persistent=True)


def _redraw() -> None:
    wm = bpy.context.window_manager
    for window in getattr(wm, "windows", []):
        for area in window.screen.areas:
            if area.type in {"VIEW_3D", "SEQUENCE_EDITOR"}:
                area.tag_redraw()


def _status_bar(text: str | None) -> None:
    wm = bpy.context.window_manager
    for window in getattr(wm, "windows", []):
        try:
            window.workspace.status_text_set_internal(text)
        except (AttributeError, RuntimeError):
            pass


def pump(budget_s: float = PUMP_BUDGET_S) -> None:
    """One turn of the main-thread loop (the timer calls it; headless tests call it directly)."""
    s = STATE.session
    if s is None:
        return
    s.pump(budget_s)
    job = STATE.render
    if job is not None:
        _place_new_strips(job)
        if job.final:
            _finish_render(job)
        else:
            _status_bar(f"MVPortrait: rendering {job.images_received}/{job.total or '?'} images (Esc to cancel)")
    if STATE.motion is not None and STATE.motion.final:
        _finish_motion(STATE.motion)


def _scene():
    return bpy.data.scenes.get(STATE.scene_name) if STATE.scene_name else bpy.context.scene


def _place_new_strips(job: jobs.RenderJob) -> None:
    from .scene.sequencer import place_camera_strip

    scene = _scene()
    while job.new_views:
        view = job.new_views.pop(0)
        directory = job.plan.frame_path(view, job.plan.first_frame).parent
        try:
            place_camera_strip(scene, view, directory, job.plan.file_names(view), job.plan.first_frame)
        except Exception as exc:  # a strip that cannot be made must not stop the frames landing
            STATE.messages.append(("WARNING", f"could not add the sequencer strip for {view}: {exc}"))
    if job.new_images:
        job.new_images = 0
        _refresh_sequencer(scene)
        _redraw()


def _refresh_sequencer(scene) -> None:
    # Frames written after a strip was made must be re-read from disk.
    from . import compat
    if scene.sequence_editor is None:
        return
    for strip in compat.all_strips(scene.sequence_editor):
        if strip.get("mvp_camera") and hasattr(strip, "invalidate_cache"):
            strip.invalidate_cache("RAW")


def _finish_render(job: jobs.RenderJob) -> None:
    STATE.render = None
    _status_bar(None)
    if job.state == jobs.COMPLETED:
        STATE.messages.append(("INFO", f"rendered {job.images_received} images ({job.cached} reused from the "
                                       f"backend's cache) into {job.plan.root}"))
    elif job.state == jobs.CANCELED:
        STATE.messages.append(("WARNING", f"render canceled after {job.images_received} of {job.total} images"))
    else:
        STATE.messages.append(("ERROR", f"render failed: {job.error}"))
    STATE.last_render = job
    _redraw()


def _finish_motion(job: jobs.MotionJob) -> None:
    from .scene.nla import apply_track_as_nla
    from .scene.sequencer import place_sound_strip

    STATE.motion = None
    STATE.last_motion = job
    if job.state != jobs.COMPLETED:
        if job.state == jobs.FAILED:
            STATE.messages.append(("ERROR", f"motion generation failed: {job.error}"))
        return
    rig = bpy.data.objects.get(STATE.motion_target or "")
    if rig is None:
        STATE.messages.append(("ERROR", "the rig the motion was generated for is gone; generate again"))
        return
    try:
        strip = apply_track_as_nla(rig, job.track, f"Motion {job.body.kind}")
    except Exception as exc:
        STATE.messages.append(("ERROR", f"the generated track could not be put on the rig: {exc}"))
        return
    if STATE.motion_sound is not None:
        path, frame = STATE.motion_sound
        try:
            place_sound_strip(_scene(), path, frame)
        except Exception as exc:
            STATE.messages.append(("WARNING", f"could not add the sound strip: {exc}"))
        STATE.motion_sound = None
    STATE.messages.append(("INFO", f"generated motion is on {rig.name} as NLA strip {strip.name!r}"))


def _report_messages() -> None:
    """Timers cannot report by themselves: hand each message to an internal operator that does."""
    while STATE.messages:
        level, text = STATE.messages.pop(0)
        try:
            bpy.ops.mvportrait.report(level=level, message=text)
        except (RuntimeError, AttributeError):
            print(f"MVPortrait {level}: {text}")


def _on_timer():
    try:
        pump()
    except Exception as exc:  # a timer that raises is unregistered by Blender: keep it alive, say why
        STATE.messages.append(("ERROR", f"MVPortrait: {exc}"))
    _report_messages()
    busy = STATE.session is not None and STATE.session.busy
    return BUSY_INTERVAL_S if busy else IDLE_INTERVAL_S


# ------------------------------------------------------------------ local backend


def backend_running() -> bool:
    return STATE.backend is not None and STATE.backend.process.poll() is None


def start_local_backend(context=None) -> LocalBackend:
    """Launch the backend command from the preferences, logging to a file next to the connection file."""
    if backend_running():
        raise RuntimeError(f"the local backend is already running (pid {STATE.backend.process.pid})")
    now = time.monotonic()
    STATE.backend_starts = [t for t in STATE.backend_starts if now - t < RESTART_WINDOW_S] + [now]
    if len(STATE.backend_starts) > RESTART_LIMIT:
        log = STATE.backend.log_path if STATE.backend else "its log"
        raise RuntimeError(f"the local backend exited {RESTART_LIMIT} times within {RESTART_WINDOW_S:g} s; "
                           f"read {log} and fix the cause before starting it again")
    _, connection, _, _ = network()
    p = prefs(context)
    command = shlex.split(p.backend_command if p is not None else "mvportrait serve")
    if not command:
        raise RuntimeError("the backend command in the add-on preferences is empty; set it to `mvportrait serve`")
    conn_file = (bpy.path.abspath(p.connection_file) if p is not None and p.connection_file else
                 str(connection.default_connection_file()))
    if "--connection-file" not in command:
        command += ["--connection-file", conn_file]
    log_path = Path(conn_file).parent / "blender-backend.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "ab")
    try:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, env=dict(os.environ))
    except FileNotFoundError:
        raise RuntimeError(f"cannot run {command[0]!r}: install the MVPortrait backend (pip install mvportrait) "
                           f"or put the full path of its command in the add-on preferences") from None
    finally:
        log.close()
    STATE.backend = LocalBackend(process, log_path, command)
    close_session()  # the next request reconnects through the (new) connection file
    return STATE.backend


def stop_local_backend(timeout: float = 10.0) -> None:
    backend = STATE.backend
    if backend is None:
        return
    if backend.process.poll() is None:
        backend.process.terminate()
        try:
            backend.process.wait(timeout)
        except subprocess.TimeoutExpired:
            backend.process.kill()
            backend.process.wait(5)
    STATE.backend = None


def shutdown() -> None:
    if bpy.app.timers.is_registered(_on_timer):
        bpy.app.timers.unregister(_on_timer)
    if STATE.render is not None:
        STATE.render.cancel()
    close_session()
    stop_local_backend()
    STATE.render = STATE.motion = None
    _status_bar(None)

