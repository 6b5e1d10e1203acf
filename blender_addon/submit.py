"""The scene as jobs for the backend: a render of the frame range through the chosen cameras, motion
from the panel's prompt, recording or video, or the bust of the reference portrait for the rig. Extracting
and sending happen here, on the main thread; the session's own thread does the rest (no waiting)."""

from __future__ import annotations

import time
from pathlib import Path

import bpy
import numpy as np

from . import props, runtime
from .core import jobs
from .core.camera_views import views_for_cameras
from .core.output import output_root
from .core.render_settings import engine_options, reference_portrait
from .core.track_pack import track_from_channels
from .scene.read import (camera_params, chosen_cameras, extract_channels, render_size, require_rig, rig_model_id,
                         sound_strip_file)
from .vendored import network


def start_render(context) -> jobs.RenderJob:
    """Extract the scene range, build the request and hand it to the session."""
    _, _, messages, wire = network()
    scene = context.scene
    rig = require_rig(context)
    cams = chosen_cameras(context)
    view_list = views_for_cameras([camera_params(c) for c in cams], render_size(scene), np.array(rig.matrix_world))
    start, end = scene.frame_start, scene.frame_end
    fps = scene.render.fps / scene.render.fps_base
    track = track_from_channels(extract_channels(context, rig, start, end), fps, start, rig_model_id(rig))
    ref_path = scene.mvportrait.reference_image
    reference = reference_portrait(bpy.path.abspath(ref_path) if ref_path else "")
    options = engine_options(scene.mvportrait.engine_options)
    session = runtime.session(context)
    resolution = (view_list[0].width, view_list[0].height)
    # Engine and idempotency key are settled at submit time, when the server's engines are known.
    body = messages.SubmitRender(idempotency_key="pending", engine=scene.mvportrait.engine.strip(), resolution=resolution, track=track,
                                 views=tuple(view_list), reference=wire.Blob("png", reference), options=options)
    plan = jobs.RenderPlan(tuple(v.name for v in view_list), start, track.num_frames,
                           output_root(bpy.data.filepath, scene.name))
    job = jobs.RenderJob(body, plan)
    runtime.STATE.render = job
    runtime.STATE.scene_name = scene.name
    session.add(job)
    return job


def start_motion(context, plan_only: bool = False) -> jobs.MotionJob:
    """Ask for motion; the track lands on the rig as an NLA strip, a recording from a file in the sequencer.
    Text: with `plan_only` the backend reads the prompt into a plan for the panel; otherwise a plan read
    for the current prompt is sent with the panel's edits (the backend then does not read the text again)."""
    _, _, messages, wire = network()
    s, scene = context.scene.mvportrait, context.scene
    rig = require_rig(context)
    media, sound = None, None
    if s.motion_kind in {"audio", "video"}:
        path = s.motion_file
        if s.motion_kind == "audio" and s.motion_sound_strip:
            path = sound_strip_file(scene, s.motion_sound_strip)
        path = bpy.path.abspath(path)
        data = Path(path).read_bytes()
        fmt = "wav" if s.motion_kind == "audio" else "mp4"
        media = wire.Blob(fmt, data)
        if s.motion_kind == "audio" and not s.motion_sound_strip:
            sound = (path, scene.frame_start)
    fps = scene.render.fps / scene.render.fps_base
    frames = s.motion_frames or (scene.frame_end - scene.frame_start + 1)
    options = {}
    if s.motion_kind == "text":
        plan = None if plan_only else props.current_plan(s)
        options = {"plan_only": True} if plan_only else {"plan": plan.to_dict()} if plan is not None else {}
    body = messages.SubmitMotion(
        idempotency_key=f"blender-motion-{time.time_ns():x}", kind=s.motion_kind,
        head_model=rig_model_id(rig), fps=fps, first_frame=scene.frame_start,
        num_frames=frames if s.motion_kind == "text" else None,
        prompt=s.motion_prompt if s.motion_kind == "text" else None, media=media, options=options)
    session = runtime.session(context)
    job = jobs.MotionJob(body)
    runtime.STATE.motion, runtime.STATE.motion_target, runtime.STATE.motion_sound = job, rig.name, sound
    runtime.STATE.scene_name = scene.name
    session.add(job)
    return job


BUST_ENGINE = "warp"  # the backend engine that makes busts


def start_portrait(context) -> jobs.PortraitJob:
    """Ask for the bust of the panel's reference portrait on the rig's head model."""
    _, _, messages, wire = network()
    scene = context.scene
    rig = require_rig(context)
    ref_path = scene.mvportrait.reference_image
    if not ref_path:
        raise ValueError("choose a Reference Portrait in the Portrait panel first")
    reference = reference_portrait(bpy.path.abspath(ref_path))
    body = messages.SubmitPortrait(idempotency_key="pending", engine=BUST_ENGINE, head_model=rig_model_id(rig),
                                   reference=wire.Blob("png", reference))
    session = runtime.session(context)
    job = jobs.PortraitJob(body)
    runtime.STATE.portrait, runtime.STATE.portrait_target = job, rig.name
    session.add(job)
    return job
