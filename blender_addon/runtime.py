"""The add-on's live state: the backend session, its running jobs and the timer that pumps them.

The client's own thread owns the socket and never touches bpy; `_on_timer` (a `bpy.app.timers`
callback on the main thread) drains it within `PUMP_BUDGET_S` and hands what arrived to `results`,
which puts it into the scene. `shutdown()` (called by unregister) removes the timer and closes the
session (joining the client thread).
"""

from __future__ import annotations

import dataclasses

import bpy

from . import compat, props, results
from .core import jobs, online_access
from .vendored import network

PUMP_BUDGET_S = 0.01
BUSY_INTERVAL_S = 0.05
IDLE_INTERVAL_S = 0.5


@dataclasses.dataclass
class State:
    session: jobs.BackendSession | None = None
    session_key: tuple | None = None
    render: jobs.RenderJob | None = None
    motion: jobs.MotionJob | None = None
    portrait: jobs.PortraitJob | None = None
    portrait_target: str | None = None   # rig name the bust goes on
    motion_target: str | None = None      # rig name the generated track goes to
    motion_sound: tuple[str, int] | None = None
    messages: list[results.Message] = dataclasses.field(default_factory=list)   # to report
    scene_name: str | None = None
    last_render: jobs.RenderJob | None = None
    last_motion: jobs.MotionJob | None = None
    last_portrait: jobs.PortraitJob | None = None


STATE = State()


def session(context=None, fresh: bool = False) -> jobs.BackendSession:
    info = props.connection_info(context)
    online_access.check(info.address, *compat.online_access())
    key = (info.address, info.port, info.key, info.server_public_key)
    s = STATE.session
    if s is not None and (fresh or STATE.session_key != key or (s.error and not s.busy)):
        close_session()
        s = None
    if s is None:
        p = props.addon_preferences(context)
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
        if results.place_new_strips(_scene(), job, STATE.messages):
            _redraw()
        if job.final:
            _finish_render(job)
        else:
            _status_bar(f"MVPortrait: rendering {job.images_received}/{job.total or '?'} images (Esc to cancel)")
    if STATE.motion is not None and STATE.motion.final:
        _finish_motion(STATE.motion)
    if STATE.portrait is not None and STATE.portrait.final:
        # The operator that asked holds the job and puts the bust on the rig.
        STATE.last_portrait, STATE.portrait = STATE.portrait, None


def _scene():
    return bpy.data.scenes.get(STATE.scene_name) if STATE.scene_name else bpy.context.scene


def _finish_render(job: jobs.RenderJob) -> None:
    STATE.render = None
    _status_bar(None)
    STATE.messages.append(results.render_outcome(job))
    STATE.last_render = job
    _redraw()


def _finish_motion(job: jobs.MotionJob) -> None:
    STATE.motion = None
    STATE.last_motion = job
    if job.plan_only:
        results.place_plan(_scene(), job, STATE.messages)
        _redraw()
        return
    results.place_motion(_scene(), job, STATE.motion_target, STATE.motion_sound, STATE.messages)
    STATE.motion_sound = None


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


def shutdown() -> None:
    if bpy.app.timers.is_registered(_on_timer):
        bpy.app.timers.unregister(_on_timer)
    for job in (STATE.render, STATE.portrait):
        if job is not None:
            job.cancel()
    close_session()
    STATE.render = STATE.motion = STATE.portrait = None
    _status_bar(None)
