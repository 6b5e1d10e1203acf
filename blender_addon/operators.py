"""Operators: import the rig, render, cancel, generate motion, start/test the backend."""

from __future__ import annotations

import bpy
from bpy.props import StringProperty
from bpy_extras.io_utils import ImportHelper

from . import local_backend, runtime, submit
from .core import jobs
from .core.head_file import HeadFileError
from .scene.rig_build import import_rig

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
            job = submit.start_render(context)
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
        try:
            submit.start_motion(context)
        except (OSError, ValueError) as exc:
            self.report({"ERROR"}, f"cannot generate motion: {exc}")
            return {"CANCELLED"}
        self.report({"INFO"}, f"asked the backend for {context.scene.mvportrait.motion_kind} motion")
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
