"""The "Portrait" sidebar tab of the 3D viewport."""

from __future__ import annotations

import bpy

from . import local_backend, runtime
from .core import rig_spec as rs


class _Portrait:
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Portrait"


def _rig(context):
    from .scene.read import find_rig
    return find_rig(context)


def _draw_controls(layout, rig, controls):
    col = layout.column(align=True)
    for c in controls:
        if c.bone:
            pb = rig.pose.bones.get(c.bone)
            if pb is not None:
                col.prop(pb, "rotation_euler", index=c.axis, text=c.label, slider=True)
        elif c.prop in rig:
            col.prop(rig, f'["{c.prop}"]', text=c.label, slider=True)


class MVPORTRAIT_PT_main(_Portrait, bpy.types.Panel):
    bl_label = "Portrait"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.mvportrait
        rig = _rig(context)
        if rig is None:
            layout.operator("mvportrait.import_rig", text="Import Rig", icon="IMPORT")
        else:
            layout.label(text=f"Rig: {rig.name}", icon="ARMATURE_DATA")
        layout.prop(settings, "reference_image")
        box = layout.box()
        box.prop(settings, "view_source", expand=True)
        if settings.view_source == "COLLECTION":
            box.prop(settings, "camera_collection")
        layout.prop(settings, "engine")
        job = runtime.STATE.render
        if job is None:
            layout.operator("mvportrait.render", icon="RENDER_ANIMATION")
        else:
            row = layout.row()
            if hasattr(row, "progress"):
                row.progress(factor=job.progress, text=f"{job.images_received}/{job.total or '?'} images ({job.state})")
            else:
                row.label(text=f"{job.images_received}/{job.total or '?'} images ({job.state})")
            layout.operator("mvportrait.cancel", icon="CANCEL")
        last = runtime.STATE.last_render
        if job is None and last is not None and last.error:
            layout.label(text=f"Last render: {last.error}", icon="ERROR")
        session = runtime.STATE.session
        layout.label(text=session.status_text if session else "backend: not connected yet",
                     icon="LINKED" if session and session.client.connected else "UNLINKED")
        if session is not None and session.error:
            layout.label(text=session.error, icon="ERROR")


class MVPORTRAIT_PT_head(_Portrait, bpy.types.Panel):
    bl_label = "Head, Neck and Jaw"
    bl_parent_id = "MVPORTRAIT_PT_main"

    @classmethod
    def poll(cls, context):
        return _rig(context) is not None

    def draw(self, context):
        rig = _rig(context)
        for controls in (rs.HEAD_CONTROLS, rs.NECK_CONTROLS, rs.JAW_CONTROLS):
            _draw_controls(self.layout, rig, controls)
        self.layout.prop(rig.pose.bones["root"], "location", text="Head Offset")


class MVPORTRAIT_PT_eyes(_Portrait, bpy.types.Panel):
    bl_label = "Gaze and Blink"
    bl_parent_id = "MVPORTRAIT_PT_main"

    @classmethod
    def poll(cls, context):
        return _rig(context) is not None

    def draw(self, context):
        rig = _rig(context)
        _draw_controls(self.layout, rig, rs.GAZE_CONTROLS)
        _draw_controls(self.layout, rig, rs.BLINK_CONTROLS)


def _expression_props(rig):
    return [k for k in rig.keys() if k.startswith("exp_")]


class MVPORTRAIT_PT_expressions(_Portrait, bpy.types.Panel):
    bl_label = "Expressions"
    bl_parent_id = "MVPORTRAIT_PT_main"

    @classmethod
    def poll(cls, context):
        return _rig(context) is not None

    def draw(self, context):
        rig = _rig(context)
        col = self.layout.column(align=True)
        for prop in _expression_props(rig):
            if not prop[4:].isdigit():
                col.prop(rig, f'["{prop}"]', text=prop[4:].replace("_", " ").title(), slider=True)


class MVPORTRAIT_PT_other_expressions(_Portrait, bpy.types.Panel):
    bl_label = "Other Expressions"
    bl_parent_id = "MVPORTRAIT_PT_expressions"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        rig = _rig(context)
        col = self.layout.column(align=True)
        for prop in _expression_props(rig):
            if prop[4:].isdigit():
                col.prop(rig, f'["{prop}"]', text=prop, slider=True)


class MVPORTRAIT_PT_motion(_Portrait, bpy.types.Panel):
    bl_label = "Generate Motion"
    bl_parent_id = "MVPORTRAIT_PT_main"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        s = context.scene.mvportrait
        layout = self.layout
        layout.prop(s, "motion_kind", expand=True)
        if s.motion_kind == "text":
            layout.prop(s, "motion_prompt")
            layout.prop(s, "motion_frames")
        elif s.motion_kind == "audio":
            layout.prop(s, "motion_file")
            layout.prop(s, "motion_sound_strip")
        else:
            layout.prop(s, "motion_file")
        layout.operator("mvportrait.generate_motion", icon="ACTION")


class MVPORTRAIT_PT_backend(_Portrait, bpy.types.Panel):
    bl_label = "Backend"
    bl_parent_id = "MVPORTRAIT_PT_main"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        layout = self.layout
        layout.operator("mvportrait.test_connection", icon="PLUGIN")
        layout.operator("mvportrait.start_backend", icon="PLAY")
        if local_backend.LAUNCHED.backend is not None:
            layout.label(text=f"log: {local_backend.LAUNCHED.backend.log_path}")


CLASSES = (MVPORTRAIT_PT_main, MVPORTRAIT_PT_head, MVPORTRAIT_PT_eyes, MVPORTRAIT_PT_expressions,
           MVPORTRAIT_PT_other_expressions, MVPORTRAIT_PT_motion, MVPORTRAIT_PT_backend)


def register():
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister():
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
