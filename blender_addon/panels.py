"""The "Portrait" sidebar tab of the 3D viewport."""

from __future__ import annotations

import bpy

from . import local_backend, props, runtime
from .core import rig_spec as rs
from .scene.read import find_rig


class _Portrait:
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Portrait"


class _RigPanel(_Portrait):
    """A sub-panel of the rig's own controls: shown while the scene has a rig; `draw_rig` fills it."""

    bl_parent_id = "MVPORTRAIT_PT_main"

    @classmethod
    def poll(cls, context):
        return find_rig(context) is not None

    def draw(self, context):
        self.draw_rig(self.layout, find_rig(context))


def _draw_controls(layout, rig, *control_groups):
    """One aligned column of sliders per group of controls."""
    for controls in control_groups:
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
        rig = find_rig(context)
        if rig is None:
            layout.operator("mvportrait.import_rig", text="Import Rig", icon="IMPORT")
        else:
            layout.label(text=f"Rig: {rig.name}", icon="ARMATURE_DATA")
        layout.prop(settings, "reference_image")
        if rig is not None:
            layout.operator("mvportrait.texture_rig", icon="TEXTURE")
        box = layout.box()
        box.prop(settings, "view_source", expand=True)
        if settings.view_source == "COLLECTION":
            box.prop(settings, "camera_collection")
        layout.prop(settings, "engine")
        job = runtime.STATE.render
        if job is None:
            layout.operator("mvportrait.render", icon="RENDER_ANIMATION")
        else:
            layout.row().progress(factor=job.progress,
                                  text=f"{job.images_received}/{job.total or '?'} images ({job.state})")
            layout.operator("mvportrait.cancel", icon="CANCEL")
        last = runtime.STATE.last_render
        if job is None and last is not None and last.error:
            layout.label(text=f"Last render: {last.error}", icon="ERROR")
        session = runtime.STATE.session
        layout.label(text=session.status_text if session else "backend: not connected yet",
                     icon="LINKED" if session and session.client.connected else "UNLINKED")
        if session is not None and session.error:
            layout.label(text=session.error, icon="ERROR")


class MVPORTRAIT_PT_head(_RigPanel, bpy.types.Panel):
    bl_label = "Head, Neck and Jaw"

    def draw_rig(self, layout, rig):
        _draw_controls(layout, rig, rs.HEAD_CONTROLS, rs.NECK_CONTROLS, rs.JAW_CONTROLS)
        layout.prop(rig.pose.bones["root"], "location", text="Head Offset")


class MVPORTRAIT_PT_eyes(_RigPanel, bpy.types.Panel):
    bl_label = "Gaze and Blink"

    def draw_rig(self, layout, rig):
        _draw_controls(layout, rig, rs.GAZE_CONTROLS, rs.BLINK_CONTROLS)


class _ExpressionPanel(_RigPanel):
    """The named expressions (smile, …), or with ``numbered`` the unnamed components."""

    numbered = False

    def draw_rig(self, layout, rig):
        col = layout.column(align=True)
        for prop in rig.keys():
            if prop.startswith("exp_") and prop[4:].isdigit() == self.numbered:
                label = prop if self.numbered else prop[4:].replace("_", " ").title()
                col.prop(rig, f'["{prop}"]', text=label, slider=True)


class MVPORTRAIT_PT_expressions(_ExpressionPanel, bpy.types.Panel):
    bl_label = "Expressions"


class MVPORTRAIT_PT_other_expressions(_ExpressionPanel, bpy.types.Panel):
    bl_label = "Other Expressions"
    bl_parent_id = "MVPORTRAIT_PT_expressions"
    bl_options = {"DEFAULT_CLOSED"}
    numbered = True


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
            layout.operator("mvportrait.read_plan", icon="TEXT")
            _draw_plan(layout, s)
        elif s.motion_kind == "audio":
            layout.prop(s, "motion_file")
            layout.prop(s, "motion_sound_strip")
        else:
            layout.prop(s, "motion_file")
        layout.operator("mvportrait.generate_motion", icon="ACTION")


def _draw_plan(layout, settings) -> None:
    """The read plan as lines (what Generate sends, edits included), then one row of fields per step."""
    if not settings.motion_plan:
        return
    box = layout.box()
    try:
        plan = props.current_plan(settings)
    except ValueError as exc:
        box.label(text=f"The plan cannot be used: {exc}", icon="ERROR")
        return
    if plan is None:
        box.label(text="The prompt changed: Read Plan again (Generate reads it afresh)", icon="INFO")
        return
    for line in plan.describe():
        box.label(text=line)
    for i, step in enumerate(settings.motion_plan_steps):
        row = box.row(align=True)
        row.label(text=f"{i + 1}.")
        for name in ("action", "side", "count", "speed"):
            row.prop(step, name, text="")


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
register, unregister = bpy.utils.register_classes_factory(CLASSES)
