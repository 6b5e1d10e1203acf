"""Add-on preferences and the scene's Portrait settings (not animated values: those live on the rig)."""

from __future__ import annotations

import bpy
from bpy.props import (BoolProperty, EnumProperty, FloatProperty, IntProperty, PointerProperty, StringProperty)

from .vendored import network


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


CLASSES = (MVPortraitPreferences, MVPortraitSceneSettings)
_register_classes, _unregister_classes = bpy.utils.register_classes_factory(CLASSES)


def register():
    _register_classes()
    bpy.types.Scene.mvportrait = PointerProperty(type=MVPortraitSceneSettings)


def unregister():
    del bpy.types.Scene.mvportrait
    _unregister_classes()
