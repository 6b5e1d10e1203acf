"""Add-on preferences and the scene's Portrait settings (not animated values: those live on the rig)."""

from __future__ import annotations

import bpy
from bpy.props import (BoolProperty, CollectionProperty, EnumProperty, FloatProperty, IntProperty, PointerProperty,
                       StringProperty)

from .core import plan_edit
from .vendored import motion_plan, network


class MVPortraitPreferences(bpy.types.AddonPreferences):
    bl_idname = __package__

    use_connection_file: BoolProperty(name="Use Connection File", default=True,
                                      description="Read address, port and key from the server's connection file")
    connection_file: StringProperty(name="Connection File", subtype="FILE_PATH", default="",
                                    description="Empty: the default location that `mvportrait serve` writes")
    address: StringProperty(name="Address", default="127.0.0.1")
    port: IntProperty(name="Port", default=5555, min=1, max=65535)
    key: StringProperty(name="Key", subtype="PASSWORD", default="",
                        description="The signing key from the server's connection file")
    backend_command: StringProperty(name="Backend Command", default="mvportrait serve",
                                    description="What Start Local Backend runs (a connection file argument is added)")
    connect_timeout: FloatProperty(name="Connect Timeout", default=5.0, min=0.5, max=120.0, unit="TIME_ABSOLUTE",
                                   description="Seconds to wait for a backend before reporting it missing")

    def draw(self, context):
        layout = self.layout
        layout.prop(self, "use_connection_file")
        if self.use_connection_file:
            layout.prop(self, "connection_file")
        else:
            row = layout.row()
            row.prop(self, "address")
            row.prop(self, "port")
            layout.prop(self, "key")
        layout.prop(self, "backend_command")
        layout.prop(self, "connect_timeout")


class MVPortraitPlanStep(bpy.types.PropertyGroup):
    """One step of the read motion plan as the artist edits it (see core/plan_edit.py)."""

    action: EnumProperty(name="Action", items=plan_edit.step_items(motion_plan.ACTIONS))
    side: EnumProperty(name="Side", items=plan_edit.step_items(motion_plan.SIDES),
                       description="The subject's own side; ignored where the action has none")
    count: IntProperty(name="Count", min=0, max=motion_plan.MAX_COUNT, default=1,
                       description="Repetitions of a nod, shake, wag or glance (0: keeps on for its time)")
    speed: EnumProperty(name="Speed", items=plan_edit.step_items(motion_plan.SPEEDS), default="normal")


class MVPortraitSceneSettings(bpy.types.PropertyGroup):
    view_source: EnumProperty(name="Views", items=[
        ("COLLECTION", "Collection", "Every camera in a collection becomes a view"),
        ("SELECTED", "Selected", "The selected cameras become views")], default="COLLECTION")
    camera_collection: PointerProperty(name="Cameras", type=bpy.types.Collection,
                                       description="Collection whose cameras become views")
    reference_image: StringProperty(name="Reference Portrait", subtype="FILE_PATH", default="",
                                    description="Photo of the person to animate (PNG)")
    engine: StringProperty(name="Engine", default="",
                           description="Backend engine; empty picks warp, else preview, else debug")
    engine_options: StringProperty(name="Engine Options", default="",
                                   description='Advanced: engine options as JSON, e.g. {"delay_ms": 100}')
    motion_kind: EnumProperty(name="Source", items=[("text", "Text", ""), ("audio", "Audio", ""),
                                                    ("video", "Video", "")], default="text")
    motion_prompt: StringProperty(name="Prompt", default="")
    motion_file: StringProperty(name="File", subtype="FILE_PATH", default="",
                                description="WAV for audio, MP4 for video")
    motion_sound_strip: StringProperty(name="Sound Strip", default="",
                                       description="Use this sequencer sound strip's file as the audio")
    motion_frames: IntProperty(name="Frames", default=0, min=0, max=100000,
                               description="Length of a text motion (0: the scene's frame range)")
    # The backend's reading of `motion_plan_prompt` (plan JSON) and the artist's edits of its steps.
    motion_plan: StringProperty(name="Plan", default="", options={"HIDDEN"})
    motion_plan_prompt: StringProperty(name="Plan Prompt", default="", options={"HIDDEN"})
    motion_plan_steps: CollectionProperty(type=MVPortraitPlanStep)


def addon_preferences(context=None) -> MVPortraitPreferences | None:
    """The add-on's preferences; None where it is not enabled (callers fall back to the defaults)."""
    addon = (context or bpy.context).preferences.addons.get(__package__)
    return addon.preferences if addon else None


def connection_file(context=None) -> str | None:
    """The connection file the preferences name, as an absolute path; None means the default location."""
    p = addon_preferences(context)
    path = p.connection_file if p is not None else ""
    return bpy.path.abspath(path) if path else None


def connection_info(context=None):
    """Where the backend listens and its key: from the connection file, or as typed in the preferences."""
    _, connection, _, _ = network()
    p = addon_preferences(context)
    if p is not None and not p.use_connection_file:
        return connection.ConnectionInfo(address=p.address, port=p.port, key=p.key)
    return connection.ConnectionInfo.load(connection_file(context))


def current_plan(settings):
    """The plan Generate sends: the reading of the prompt as it is now, with the panel's edits; None when the
    prompt has not been read (or has changed since). Raises MotionPlanError when the stored plan is damaged."""
    if not settings.motion_plan or settings.motion_plan_prompt != settings.motion_prompt:
        return None
    fields = [plan_edit.StepFields(s.action, s.side, s.count, s.speed) for s in settings.motion_plan_steps]
    return plan_edit.edited_plan(plan_edit.read_plan(settings.motion_plan), fields)


def store_plan(settings, plan, prompt: str) -> None:
    """Keep a reading of `prompt` and show its steps for editing."""
    settings.motion_plan, settings.motion_plan_prompt = plan.to_json(indent=None), prompt
    settings.motion_plan_steps.clear()
    for step in plan.steps:
        item = settings.motion_plan_steps.add()
        fields = plan_edit.StepFields.of(step)
        item.action, item.side, item.count, item.speed = fields.action, fields.side, fields.count, fields.speed


CLASSES = (MVPortraitPreferences, MVPortraitPlanStep, MVPortraitSceneSettings)
_register_classes, _unregister_classes = bpy.utils.register_classes_factory(CLASSES)


def register():
    _register_classes()
    bpy.types.Scene.mvportrait = PointerProperty(type=MVPortraitSceneSettings)


def unregister():
    del bpy.types.Scene.mvportrait
    _unregister_classes()
