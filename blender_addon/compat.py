"""Every Blender API difference between 4.2 LTS, 4.5 LTS, 5.0, 5.1 and 5.2 LTS that the add-on touches: the
one place for API drift. One function per drift, its comment naming the Blender release that changed it; the
rest of the add-on calls these instead of testing versions or attributes itself.

Checked against the `bpy` modules of 4.2.23, 4.5.15, 5.0.1 and 5.2.3. What the add-on uses and did not
change in that range, so needs no shim: image strips' ``alpha_mode`` (STRAIGHT/PREMUL),
``colorspace_settings.name`` "sRGB" (5.0's new colour configuration kept it), ``blend_type`` ALPHA_OVER,
``invalidate_cache``, ``NlaStrips.new``, drivers (``SINGLE_PROP``/``TRANSFORMS`` variables,
``DriverTarget.rotation_mode``/``transform_space``, simple expressions), shape keys, the UI calls and icons
of the panels, ``bpy.ops.extensions.package_install_files`` and ``bpy.app.online_access_override``.
"""

from __future__ import annotations

import bpy


# Blender 4.4 renamed SequenceEditor.sequences to .strips (the old name is gone in 5.0).
def strips(sequence_editor):
    return sequence_editor.strips if hasattr(sequence_editor, "strips") else sequence_editor.sequences


# Blender 4.4 renamed SequenceEditor.sequences_all to .strips_all (the old name is gone in 5.0).
def all_strips(sequence_editor):
    return sequence_editor.strips_all if hasattr(sequence_editor, "strips_all") else sequence_editor.sequences_all


# Blender 4.4 introduced slotted (layered) actions; 5.0 removed the legacy Action.fcurves. The functions
# below add, assign and read F-curves through a slot where actions have them.
def has_slotted_actions() -> bool:
    return "slots" in bpy.types.Action.bl_rna.properties


class FCurveMaker:
    """Adds grouped F-curves to a legacy action (≤ 4.3) or to a slotted action's channel bag (4.4+; 5.0
    removed ``Action.fcurves``/``Action.groups``; a bag's ``fcurves.new`` gained ``group_name`` only in 5.0,
    so the group is set through ``FCurve.group``, which works from 4.4 on)."""

    def __init__(self, action, channelbag=None):
        self._action, self._bag = action, channelbag

    def new(self, data_path: str, index: int, group: str):
        if self._bag is None:
            return self._action.fcurves.new(data_path, index=index, action_group=group)
        fc = self._bag.fcurves.new(data_path, index=index)
        groups = self._bag.groups
        fc.group = groups.get(group) or groups.new(group)
        return fc


# Blender 4.4: F-curves live in a channel bag of a slot's keyframe strip, not on the action (5.0 removed
# Action.fcurves).
def new_action_fcurves(action, owner):
    """(slot or None, FCurveMaker) of a new, empty action for ``owner`` (an Object)."""
    if has_slotted_actions():
        slot = action.slots.new(id_type="OBJECT", name=owner.name)
        layer = action.layers.new("Layer")
        strip = layer.strips.new(type="KEYFRAME")
        return slot, FCurveMaker(action, strip.channelbag(slot, ensure=True))
    return None, FCurveMaker(action)


# Blender 4.4: an NLA strip animates its owner through NlaStrip.action_slot.
def assign_nla_strip_slot(nla_strip, slot) -> None:
    if slot is not None and hasattr(nla_strip, "action_slot"):
        nla_strip.action_slot = slot


# Blender 4.4: the active action's F-curves are those of AnimData.action_slot (5.0 removed Action.fcurves).
def active_fcurves(animation_data):
    """F-curves of the active action as seen by this animation data (its slot on 4.4+, where
    AnimData.action_slot picks the channel bag; the whole Action.fcurves before)."""
    action = animation_data.action if animation_data else None
    if action is None:
        return []
    if has_slotted_actions():
        slot = getattr(animation_data, "action_slot", None)
        if slot is None:
            return []
        for layer in action.layers:
            for strip in layer.strips:
                bag = strip.channelbag(slot)
                if bag is not None:
                    return list(bag.fcurves)
        return []
    return list(action.fcurves)


# Blender 5.0: the sequencer shows its workspace's sequencer scene, no longer the window's scene.
def show_in_sequencer(scene) -> None:
    """Make the Video Sequencer show ``scene``'s strips.

    5.0 detached the sequencer from the window's scene: each workspace shows its own
    ``WorkSpace.sequencer_scene`` and shows nothing while that is unset. Workspaces with no sequencer
    scene get this one; a sequencer scene the artist chose is left alone. Before 5.0 the sequencer
    always shows the active scene's strips."""
    for workspace in bpy.data.workspaces:
        if hasattr(workspace, "sequencer_scene") and workspace.sequencer_scene is None:
            workspace.sequencer_scene = scene


# Blender 4.2: add-ons must check bpy.app.online_access before going online.
def online_access() -> tuple[bool, bool]:
    """(Blender may go online, the setting is fixed by --offline-mode/--online-mode).

    4.2 introduced ``bpy.app.online_access``; its companion was documented for 4.2 as
    ``online_access_overriden`` and is ``online_access_override`` in every release checked (4.2.23 on)."""
    app = bpy.app
    overridden = getattr(app, "online_access_override", getattr(app, "online_access_overriden", False))
    return bool(getattr(app, "online_access", True)), bool(overridden)


# Blender 5.0: new materials come with a node tree and Material.use_nodes is deprecated (to go in 6.0); before
# 5.0 a new material has no node tree until use_nodes is set.
def material_node_tree(material):
    if material.node_tree is None:
        material.use_nodes = True
    return material.node_tree


# Blender 4.2 named the new EEVEE "BLENDER_EEVEE_NEXT"; 5.0 renamed it back to "BLENDER_EEVEE".
def eevee_engine() -> str:
    items = bpy.types.RenderSettings.bl_rna.properties["engine"].enum_items
    return "BLENDER_EEVEE_NEXT" if "BLENDER_EEVEE_NEXT" in items.keys() else "BLENDER_EEVEE"


# Blender 5.x: StripsTopLevel.new_effect takes the strip's `length` where 4.x took `frame_end` (4.5: frame_end,
# 5.2: length).
def new_color_strip(sequence_editor, name: str, channel: int, frame_start: int, length: int, color):
    new_effect = strips(sequence_editor).new_effect
    params = bpy.types.StripsTopLevel.bl_rna.functions["new_effect"].parameters if hasattr(
        bpy.types, "StripsTopLevel") else bpy.types.SequencesTopLevel.bl_rna.functions["new_effect"].parameters
    if "length" in params.keys():
        strip = new_effect(name=name, type="COLOR", channel=channel, frame_start=frame_start, length=length)
    else:
        strip = new_effect(name=name, type="COLOR", channel=channel, frame_start=frame_start,
                           frame_end=frame_start + length)
    strip.color = color
    return strip
