"""Applying job results to the scene: a strip per camera as its frames arrive, generated motion as an NLA
strip on the rig with its recording in the sequencer, a prompt's motion plan into the panel.

What goes wrong here becomes a (level, text) message for Blender's reports, never an exception: a strip
that cannot be made must not stop the frames landing.
"""

from __future__ import annotations

import bpy

from . import compat, props
from .core import jobs
from .scene.nla import apply_track_as_nla
from .scene.sequencer import CAMERA_TAG, place_camera_strip, place_sound_strip
from .vendored import motion_plan

Message = tuple[str, str]   # (report level, text)


def place_new_strips(scene, job: jobs.RenderJob, messages: list[Message]) -> bool:
    """A strip for each camera whose first frame arrived; True when new images landed (redraw)."""
    while job.new_views:
        view = job.new_views.pop(0)
        directory = job.plan.frame_path(view, job.plan.first_frame).parent
        try:
            place_camera_strip(scene, view, directory, job.plan.file_names(view), job.plan.first_frame)
        except Exception as exc:
            messages.append(("WARNING", f"could not add the sequencer strip for {view}: {exc}"))
    if not job.new_images:
        return False
    job.new_images = 0
    _refresh_camera_strips(scene)
    return True


def _refresh_camera_strips(scene) -> None:
    # Frames written after a strip was made must be re-read from disk.
    if scene.sequence_editor is None:
        return
    for strip in compat.all_strips(scene.sequence_editor):
        if strip.get(CAMERA_TAG) and hasattr(strip, "invalidate_cache"):
            strip.invalidate_cache("RAW")


def render_outcome(job: jobs.RenderJob) -> Message:
    if job.state == jobs.COMPLETED:
        return "INFO", (f"rendered {job.images_received} images ({job.cached} reused from the backend's cache) "
                        f"into {job.plan.root}")
    if job.state == jobs.CANCELED:
        return "WARNING", f"render canceled after {job.images_received} of {job.total} images"
    return "ERROR", f"render failed: {job.error}"


def place_plan(scene, job: jobs.MotionJob, messages: list[Message]) -> None:
    """A finished plan reading into the panel, its steps ready to edit."""
    if job.state != jobs.COMPLETED:
        if job.state == jobs.FAILED:
            messages.append(("ERROR", f"reading the prompt failed: {job.error}"))
        return
    try:
        plan = motion_plan.MotionPlan.from_dict(job.plan)
    except motion_plan.MotionPlanError as exc:
        messages.append(("ERROR", f"the backend's plan cannot be shown: {exc}"))
        return
    props.store_plan(scene.mvportrait, plan, job.body.prompt or "")
    if plan.status == "unreadable":
        messages.append(("WARNING", "no motion could be read from the prompt; rephrase it"))
    else:
        messages.append(("INFO", f"read the prompt into {len(plan.steps)} steps and {len(plan.emotions)} "
                                 f"expressions; edit them in Generate Motion, then Generate"))


def place_motion(scene, job: jobs.MotionJob, rig_name: str | None, sound: tuple[str, int] | None,
                 messages: list[Message]) -> None:
    """A finished motion job's track as an NLA strip on its rig, and its recording (path, first frame) as a
    sound strip."""
    if job.state != jobs.COMPLETED:
        if job.state == jobs.FAILED:
            messages.append(("ERROR", f"motion generation failed: {job.error}"))
        return
    rig = bpy.data.objects.get(rig_name or "")
    if rig is None:
        messages.append(("ERROR", "the rig the motion was generated for is gone; generate again"))
        return
    try:
        strip = apply_track_as_nla(rig, job.track, f"Motion {job.body.kind}")
    except Exception as exc:
        messages.append(("ERROR", f"the generated track could not be put on the rig: {exc}"))
        return
    if sound is not None:
        try:
            place_sound_strip(scene, *sound)
        except Exception as exc:
            messages.append(("WARNING", f"could not add the sound strip: {exc}"))
    messages.append(("INFO", f"generated motion is on {rig.name} as NLA strip {strip.name!r}"))
