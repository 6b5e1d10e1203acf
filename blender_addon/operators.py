"""Operators: import the rig, texture it from the portrait, render, cancel, generate motion, start/test the
backend, report."""

from __future__ import annotations

import time

import bpy
from bpy.props import BoolProperty, FloatProperty, StringProperty
from bpy_extras.io_utils import ImportHelper

from . import local_backend, runtime, submit
from .core import jobs
from .core.head_file import HeadFileError
from .scene.read import chosen_cameras, find_rig
from .scene.rig_build import import_rig
from .scene.rig_bust import apply_bust


class _Action:
    """What the add-on's operators share. A greyed-out button says why in its tooltip: `unavailable` returns
    the reason, or None. `run` does the work and returns what it did (an INFO report), or raises one of
    `refusals`, which is reported as an ERROR (after `refusal_prefix`) and cancels."""

    refusals: tuple[type[Exception], ...] = ()
    refusal_prefix = ""

    @classmethod
    def unavailable(cls, context) -> str | None:
        return None

    @classmethod
    def poll(cls, context):
        reason = cls.unavailable(context)
        if reason:
            cls.poll_message_set(reason)
        return not reason

    def run(self, context) -> str:
        raise NotImplementedError

    def execute(self, context):
        try:
            done = self.run(context)
        except self.refusals as exc:
            self.report({"ERROR"}, f"{self.refusal_prefix}{exc}")
            return {"CANCELLED"}
        self.report({"INFO"}, done)
        return {"FINISHED"}


def _why_no_new_job(running, busy: str, context) -> str | None:
    """Why a job on the rig cannot start: one of its kind is still running (``busy``), or there is no rig."""
    if running is not None:
        return busy
    if find_rig(context) is None:
        return "Import a FLAME rig first (Portrait panel > Import Rig)"
    return None


class MVPORTRAIT_OT_import_rig(_Action, bpy.types.Operator, ImportHelper):
    """Import a FLAME head rig: the open head, or a head-model .npz converted from your FLAME file"""

    bl_idname = "mvportrait.import_rig"
    bl_label = "Import FLAME Head Rig"
    bl_options = {"REGISTER", "UNDO"}
    filename_ext = ".npz"
    filter_glob: StringProperty(default="*.npz", options={"HIDDEN"})
    use_open_head: BoolProperty(name="Open Head", default=True,
                                description="Use the open head that ships with the add-on")
    refusals = (HeadFileError, ValueError)

    @classmethod
    def unavailable(cls, context):
        return "Switch to Object Mode to import a rig" if context.mode != "OBJECT" else None

    def invoke(self, context, event):
        if self.use_open_head and not self.filepath:
            return self.execute(context)
        return ImportHelper.invoke(self, context, event)

    def run(self, context):
        if not self.use_open_head and not self.filepath.lower().endswith(".npz"):
            raise HeadFileError("pick a head-model .npz (convert FLAME files with `mvportrait flame import`) or "
                                "tick Open Head")
        rig = import_rig(context, "" if self.use_open_head else self.filepath)
        for obj in context.selected_objects:
            obj.select_set(False)
        rig.select_set(True)
        context.view_layer.objects.active = rig
        return f"imported rig {rig.name!r}"


class MVPORTRAIT_OT_render(_Action, bpy.types.Operator):
    """Render the scene's frame range of the rig through every chosen camera into the sequencer"""

    bl_idname = "mvportrait.render"
    bl_label = "Render Portrait"
    refusals = (Exception,)  # bad cameras, rig, file: each message says what to do

    @classmethod
    def unavailable(cls, context):
        reason = _why_no_new_job(runtime.STATE.render, "A portrait render is running; cancel it first (Esc or Cancel)",
                                 context)
        if reason is None and not chosen_cameras(context):
            reason = "No cameras: choose a camera collection in the Portrait panel or select cameras"
        return reason

    def run(self, context):
        job = submit.start_render(context)
        return f"render of {job.plan.num_frames} frames × {len(job.plan.view_names)} cameras sent"

    def invoke(self, context, event):
        if self.execute(context) != {"FINISHED"}:
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


class MVPORTRAIT_OT_cancel(_Action, bpy.types.Operator):
    """Cancel the running portrait render"""

    bl_idname = "mvportrait.cancel"
    bl_label = "Cancel Render"

    @classmethod
    def unavailable(cls, context):
        return "Nothing is running" if runtime.STATE.render is None and runtime.STATE.motion is None else None

    def run(self, context):
        for job in (runtime.STATE.render, runtime.STATE.motion):
            if job is not None:
                job.cancel()
        return "cancel requested"


class _MotionAction(_Action):
    """What Generate Motion and Read Plan share: a rig, no motion job running, a prompt or a file."""

    refusals = (OSError, ValueError)

    @classmethod
    def unavailable(cls, context):
        reason = _why_no_new_job(runtime.STATE.motion, "Motion is being generated; wait or cancel", context)
        s = context.scene.mvportrait
        if reason is None and s.motion_kind == "text" and not s.motion_prompt.strip():
            reason = "Type a prompt"
        if reason is None and s.motion_kind in {"audio", "video"} and not (s.motion_file or s.motion_sound_strip):
            reason = f"Choose a {'WAV file or sound strip' if s.motion_kind == 'audio' else 'MP4 file'}"
        return reason


class MVPORTRAIT_OT_generate_motion(_MotionAction, bpy.types.Operator):
    """Ask the backend for motion from a prompt (or its plan, as edited in the panel), a recording or a video;
    it lands as an NLA strip on the rig"""

    bl_idname = "mvportrait.generate_motion"
    bl_label = "Generate Motion"
    refusal_prefix = "cannot generate motion: "

    def run(self, context):
        submit.start_motion(context)
        return f"asked the backend for {context.scene.mvportrait.motion_kind} motion"


class MVPORTRAIT_OT_read_plan(_MotionAction, bpy.types.Operator):
    """Ask the backend how it reads the prompt: the motion plan's steps appear in the panel to check and edit
    before Generate"""

    bl_idname = "mvportrait.read_plan"
    bl_label = "Read Plan"
    refusal_prefix = "cannot read the prompt: "

    @classmethod
    def unavailable(cls, context):
        if context.scene.mvportrait.motion_kind != "text":
            return "Plans are read from text prompts"
        return super().unavailable(context)

    def run(self, context):
        submit.start_motion(context, plan_only=True)
        return "asked the backend to read the prompt"


class MVPORTRAIT_OT_start_backend(_Action, bpy.types.Operator):
    """Start the MVPortrait backend on this computer (the command in the add-on preferences)"""

    bl_idname = "mvportrait.start_backend"
    bl_label = "Start Local Backend"
    refusals = (RuntimeError,)

    @classmethod
    def unavailable(cls, context):
        return "The local backend is already running" if local_backend.running() else None

    def run(self, context):
        backend = local_backend.start(context)
        runtime.close_session()  # the next request reconnects through the (new) connection file
        return f"started the backend (pid {backend.process.pid}); log: {backend.log_path}"


class MVPORTRAIT_OT_test_connection(_Action, bpy.types.Operator):
    """Connect to the backend and show what it offers"""

    bl_idname = "mvportrait.test_connection"
    bl_label = "Test Connection"
    refusals = (FileNotFoundError, ValueError)

    def run(self, context):
        runtime.session(context, fresh=True)
        return "connecting; the Portrait panel shows the result"


class MVPORTRAIT_OT_texture_rig(_Action, bpy.types.Operator):
    """Put the person of the reference portrait on the rig: the backend's bust (hair or headwear, neck and
    shoulders) with the photo as its texture, for the viewport and EEVEE"""

    bl_idname = "mvportrait.texture_rig"
    bl_label = "Texture Rig from Portrait"
    bl_options = {"REGISTER", "UNDO"}
    add_camera: BoolProperty(name="Portrait Camera", default=True,
                             description="Add a camera where the photo was taken from")
    timeout: FloatProperty(name="Timeout", default=600.0, min=1.0, options={"HIDDEN", "SKIP_SAVE"},
                           description="Seconds a script's call waits for the bust")
    refusals = (Exception,)  # no backend, no face in the photo, another head: each message says what to do
    refusal_prefix = "Texture Rig from Portrait: "

    @classmethod
    def unavailable(cls, context):
        if context.mode != "OBJECT":
            return "Switch to Object Mode to texture the rig"
        reason = _why_no_new_job(runtime.STATE.portrait, "The portrait is being prepared; wait or cancel", context)
        if reason is None and not context.scene.mvportrait.reference_image:
            reason = "Choose a Reference Portrait first"
        return reason

    def run(self, context):
        # A script's call (and Adjust Last Operation) waits here; the panel's button waits in `modal`.
        job = submit.start_portrait(context)
        deadline = time.monotonic() + self.timeout
        while not job.final:
            if time.monotonic() > deadline:
                job.cancel()
                raise TimeoutError(f"no bust from the backend within {self.timeout:g} s")
            runtime.pump(0.05)
            time.sleep(0.02)
        return self._apply(context, job, runtime.STATE.portrait_target)

    def _apply(self, context, job, rig_name):
        if job.state != jobs.COMPLETED:
            raise RuntimeError(job.error or f"the portrait job was {job.state}")
        rig = bpy.data.objects.get(rig_name or "")
        if rig is None:
            raise RuntimeError("the rig the bust was made for is gone")
        done = apply_bust(context, rig, job.bust, self.add_camera)
        camera = f"; {done['camera']!r} sees it as the photo did" if done["camera"] else ""
        return f"{rig.name} wears the portrait's texture{camera}"

    def invoke(self, context, event):
        try:
            self._job = submit.start_portrait(context)
        except Exception as exc:
            self.report({"ERROR"}, f"{self.refusal_prefix}{exc}")
            return {"CANCELLED"}
        self._rig_name = runtime.STATE.portrait_target
        self._timer = context.window_manager.event_timer_add(0.1, window=context.window)
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def modal(self, context, event):
        if event.type == "ESC" and not self._job.final:
            self._job.cancel()
            self.report({"WARNING"}, "canceling the portrait…")
        if event.type != "TIMER" or not self._job.final:
            return {"PASS_THROUGH"}
        context.window_manager.event_timer_remove(self._timer)
        try:
            self.report({"INFO"}, self._apply(context, self._job, self._rig_name))
        except Exception as exc:
            self.report({"ERROR"}, f"{self.refusal_prefix}{exc}")
            return {"CANCELLED"}
        return {"FINISHED"}  # the undo step holds everything the bust changed


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


def menu_import(self, context):
    op = self.layout.operator(MVPORTRAIT_OT_import_rig.bl_idname, text="FLAME Head Rig (MVPortrait)")
    op.use_open_head = False  # open the file browser; its Open Head option imports the bundled head


CLASSES = (MVPORTRAIT_OT_report, MVPORTRAIT_OT_import_rig, MVPORTRAIT_OT_render, MVPORTRAIT_OT_cancel,
           MVPORTRAIT_OT_generate_motion, MVPORTRAIT_OT_read_plan, MVPORTRAIT_OT_start_backend,
           MVPORTRAIT_OT_test_connection, MVPORTRAIT_OT_texture_rig)
_register_classes, _unregister_classes = bpy.utils.register_classes_factory(CLASSES)


def register():
    _register_classes()
    bpy.types.TOPBAR_MT_file_import.append(menu_import)


def unregister():
    bpy.types.TOPBAR_MT_file_import.remove(menu_import)
    _unregister_classes()
