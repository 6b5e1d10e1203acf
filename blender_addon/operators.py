"""Operators: import the rig, render, cancel, generate motion, start/test the backend."""

from __future__ import annotations

import json
import time
from pathlib import Path

import bpy
import numpy as np
from bpy.props import StringProperty
from bpy_extras.io_utils import ImportHelper

from . import local_backend, runtime
from .core import jobs
from .core.camera_views import CameraSetupError, views_for_cameras
from .core.head_file import HeadFileError, read_head_file
from .core.output import output_root
from .core.png import placeholder_portrait
from .core.rig_spec import build_rig_spec
from .core.track_pack import track_from_channels
from .vendored import network

def bundled_open_head() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / "open_head.npz", here.parent / "flame_assets" / "data" / "open_head.npz"):
        if candidate.is_file():
            return candidate
    raise HeadFileError("the open head is missing from this add-on build; rebuild it with `mvportrait addon build`")


def import_rig(context, filepath: str = ""):
    from .scene.rig_build import build_rig

    path = Path(bpy.path.abspath(filepath)) if filepath else bundled_open_head()
    head = read_head_file(path)
    spec = build_rig_spec(head)
    return build_rig(context, spec, name="FLAME", source=str(filepath or "open"))


class MVPORTRAIT_OT_import_rig(bpy.types.Operator, ImportHelper):
    """Import a FLAME head rig: the open head, or a head-model .npz converted from your FLAME file"""

    bl_idname = "mvportrait.import_rig"
    bl_label = "Import FLAME Head Rig"
    bl_options = {"REGISTER", "UNDO"}
    filename_ext = ".npz"
    filter_glob: StringProperty(default="*.npz", options={"HIDDEN"})
    use_open_head: bpy.props.BoolProperty(name="Open Head", default=True,
                                          description="Use the open head that ships with the add-on")

    @classmethod
    def poll(cls, context):
        if context.mode != "OBJECT":
            cls.poll_message_set("Switch to Object Mode to import a rig")
            return False
        return True

    def invoke(self, context, event):
        if self.use_open_head and not self.filepath:
            return self.execute(context)
        return ImportHelper.invoke(self, context, event)

    def execute(self, context):
        path = "" if self.use_open_head else self.filepath
        if not self.use_open_head and not path.lower().endswith(".npz"):
            self.report({"ERROR"}, "pick a head-model .npz (convert FLAME files with `mvportrait flame import`) "
                                   "or tick Open Head")
            return {"CANCELLED"}
        try:
            rig = import_rig(context, path)
        except (HeadFileError, ValueError) as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        for obj in context.selected_objects:
            obj.select_set(False)
        rig.select_set(True)
        context.view_layer.objects.active = rig
        self.report({"INFO"}, f"imported rig {rig.name!r}")
        return {"FINISHED"}


def start_render(context) -> jobs.RenderJob:
    """Extract the scene range, build the request and hand it to the session (no waiting)."""
    from .scene.read import chosen_cameras, camera_params, extract_channels, render_size, require_rig, rig_model_id

    _, _, messages, wire = network()
    scene = context.scene
    rig = require_rig(context)
    cams = chosen_cameras(context)
    view_list = views_for_cameras([camera_params(c) for c in cams], render_size(scene), np.array(rig.matrix_world))
    start, end = scene.frame_start, scene.frame_end
    fps = scene.render.fps / scene.render.fps_base
    track = track_from_channels(extract_channels(context, rig, start, end), fps, start, rig_model_id(rig))
    ref_path = bpy.path.abspath(scene.mvportrait.reference_image) if scene.mvportrait.reference_image else ""
    if ref_path:
        try:
            reference = Path(ref_path).read_bytes()
        except OSError as exc:
            raise CameraSetupError(f"cannot read the reference portrait {ref_path}: {exc.strerror}; pick another "
                                   f"file in the Portrait panel") from None
        if not reference.startswith(b"\x89PNG"):
            raise CameraSetupError(f"the reference portrait {ref_path} is not a PNG; save it as PNG")
    else:
        reference = placeholder_portrait()
    options_text = scene.mvportrait.engine_options.strip()
    try:
        options = json.loads(options_text) if options_text else {}
    except json.JSONDecodeError as exc:
        raise CameraSetupError(f"Engine Options is not JSON ({exc.msg}); write e.g. {{\"delay_ms\": 100}} or "
                               f"clear it") from None
    if not isinstance(options, dict):
        raise CameraSetupError("Engine Options must be a JSON object, e.g. {\"delay_ms\": 100}")
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


class MVPORTRAIT_OT_render(bpy.types.Operator):
    """Render the scene's frame range of the rig through every chosen camera into the sequencer"""

    bl_idname = "mvportrait.render"
    bl_label = "Render Portrait"

    @classmethod
    def poll(cls, context):
        from .scene.read import chosen_cameras, find_rig

        if runtime.STATE.render is not None:
            cls.poll_message_set("A portrait render is running; cancel it first (Esc or Cancel)")
            return False
        if find_rig(context) is None:
            cls.poll_message_set("Import a FLAME rig first (Portrait panel > Import Rig)")
            return False
        if not chosen_cameras(context):
            cls.poll_message_set("No cameras: choose a camera collection in the Portrait panel or select cameras")
            return False
        return True

    def _start(self, context) -> bool:
        try:
            job = start_render(context)
        except Exception as exc:  # bad cameras, rig, file: each message says what to do
            self.report({"ERROR"}, str(exc))
            return False
        self.report({"INFO"}, f"render of {job.plan.num_frames} frames × {len(job.plan.view_names)} cameras sent")
        return True

    def execute(self, context):
        return {"FINISHED"} if self._start(context) else {"CANCELLED"}

    def invoke(self, context, event):
        if not self._start(context):
            return {"CANCELLED"}
        self._timer = context.window_manager.event_timer_add(0.1, window=context.window)
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def modal(self, context, event):
        job = runtime.STATE.render or runtime.STATE.last_render
        if event.type == "ESC" and runtime.STATE.render is not None:
            runtime.STATE.render.cancel()
            self.report({"WARNING"}, "canceling the portrait render…")
            return {"RUNNING_MODAL"}
        if event.type == "TIMER":
            if runtime.STATE.render is None:
                context.window_manager.event_timer_remove(self._timer)
                return {"FINISHED"} if job is not None and job.state == jobs.COMPLETED else {"CANCELLED"}
        return {"PASS_THROUGH"}


class MVPORTRAIT_OT_cancel(bpy.types.Operator):
    """Cancel the running portrait render"""

    bl_idname = "mvportrait.cancel"
    bl_label = "Cancel Render"

    @classmethod
    def poll(cls, context):
        if runtime.STATE.render is None and runtime.STATE.motion is None:
            cls.poll_message_set("Nothing is running")
            return False
        return True

    def execute(self, context):
        for job in (runtime.STATE.render, runtime.STATE.motion):
            if job is not None:
                job.cancel()
        self.report({"INFO"}, "cancel requested")
        return {"FINISHED"}


class MVPORTRAIT_OT_generate_motion(bpy.types.Operator):
    """Ask the backend for motion from a prompt, a recording or a video; it lands as an NLA strip on the rig"""

    bl_idname = "mvportrait.generate_motion"
    bl_label = "Generate Motion"

    @classmethod
    def poll(cls, context):
        from .scene.read import find_rig

        if runtime.STATE.motion is not None:
            cls.poll_message_set("Motion is being generated; wait or cancel")
            return False
        if find_rig(context) is None:
            cls.poll_message_set("Import a FLAME rig first")
            return False
        s = context.scene.mvportrait
        if s.motion_kind == "text" and not s.motion_prompt.strip():
            cls.poll_message_set("Type a prompt")
            return False
        if s.motion_kind in {"audio", "video"} and not (s.motion_file or s.motion_sound_strip):
            cls.poll_message_set(f"Choose a {'WAV file or sound strip' if s.motion_kind == 'audio' else 'MP4 file'}")
            return False
        return True

    def execute(self, context):
        from . import compat
        from .scene.read import require_rig, rig_model_id

        _, _, messages, wire = network()
        s, scene = context.scene.mvportrait, context.scene
        try:
            rig = require_rig(context)
            media, sound = None, None
            if s.motion_kind in {"audio", "video"}:
                path = s.motion_file
                if s.motion_kind == "audio" and s.motion_sound_strip:
                    strip = compat.all_strips(scene.sequence_editor).get(s.motion_sound_strip) \
                        if scene.sequence_editor else None
                    if strip is None or strip.type != "SOUND":
                        raise ValueError(f"no sound strip named {s.motion_sound_strip!r} in the sequencer")
                    path = strip.sound.filepath
                path = bpy.path.abspath(path)
                data = Path(path).read_bytes()
                fmt = "wav" if s.motion_kind == "audio" else "mp4"
                media = wire.Blob(fmt, data)
                if s.motion_kind == "audio" and not s.motion_sound_strip:
                    sound = (path, scene.frame_start)
            fps = scene.render.fps / scene.render.fps_base
            frames = s.motion_frames or (scene.frame_end - scene.frame_start + 1)
            body = messages.SubmitMotion(
                idempotency_key=f"blender-motion-{time.time_ns():x}", kind=s.motion_kind,
                head_model=rig_model_id(rig), fps=fps, first_frame=scene.frame_start,
                num_frames=frames if s.motion_kind == "text" else None,
                prompt=s.motion_prompt if s.motion_kind == "text" else None, media=media)
            session = runtime.session(context)
        except (OSError, ValueError) as exc:
            self.report({"ERROR"}, f"cannot generate motion: {exc}")
            return {"CANCELLED"}
        job = jobs.MotionJob(body)
        runtime.STATE.motion, runtime.STATE.motion_target, runtime.STATE.motion_sound = job, rig.name, sound
        runtime.STATE.scene_name = scene.name
        session.add(job)
        self.report({"INFO"}, f"asked the backend for {s.motion_kind} motion")
        return {"FINISHED"}


class MVPORTRAIT_OT_start_backend(bpy.types.Operator):
    """Start the MVPortrait backend on this computer (the command in the add-on preferences)"""

    bl_idname = "mvportrait.start_backend"
    bl_label = "Start Local Backend"

    @classmethod
    def poll(cls, context):
        if local_backend.running():
            cls.poll_message_set("The local backend is already running")
            return False
        return True

    def execute(self, context):
        try:
            backend = local_backend.start(context)
        except RuntimeError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        runtime.close_session()  # the next request reconnects through the (new) connection file
        self.report({"INFO"}, f"started the backend (pid {backend.process.pid}); log: {backend.log_path}")
        return {"FINISHED"}


class MVPORTRAIT_OT_test_connection(bpy.types.Operator):
    """Connect to the backend and show what it offers"""

    bl_idname = "mvportrait.test_connection"
    bl_label = "Test Connection"

    def execute(self, context):
        try:
            runtime.session(context, fresh=True)
        except (FileNotFoundError, ValueError) as exc:
            self.report({"ERROR"}, f"{exc}")
            return {"CANCELLED"}
        self.report({"INFO"}, "connecting; the Portrait panel shows the result")
        return {"FINISHED"}


def menu_import(self, context):
    op = self.layout.operator(MVPORTRAIT_OT_import_rig.bl_idname, text="FLAME Head Rig (MVPortrait)")
    op.use_open_head = False  # open the file browser; its Open Head option imports the bundled head


class MVPORTRAIT_OT_report(bpy.types.Operator):
    """Show a message from a background job in Blender's reports"""

    bl_idname = "mvportrait.report"
    bl_label = "MVPortrait Report"
    bl_options = {"INTERNAL"}
    level: StringProperty(default="INFO")
    message: StringProperty(default="")

    def execute(self, context):
        self.report({self.level if self.level in {"INFO", "WARNING", "ERROR"} else "INFO"}, self.message)
        return {"FINISHED"}


CLASSES = (MVPORTRAIT_OT_report, MVPORTRAIT_OT_import_rig, MVPORTRAIT_OT_render, MVPORTRAIT_OT_cancel, MVPORTRAIT_OT_generate_motion,
           MVPORTRAIT_OT_start_backend, MVPORTRAIT_OT_test_connection)


def register():
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.TOPBAR_MT_file_import.append(menu_import)


def unregister():
    bpy.types.TOPBAR_MT_file_import.remove(menu_import)
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
