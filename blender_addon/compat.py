"""Every Blender API difference between 4.2 LTS, 4.5 LTS and 5.0 that the add-on touches.

* Sequencer: ``SequenceEditor.sequences``/``sequences_all`` and ``bpy.types.Sequence`` (≤ 4.3) became
  ``strips``/``strips_all`` and ``bpy.types.Strip`` (4.4+; the old names are gone in 5.0).
* Actions: 4.4 introduced slotted (layered) actions; 5.0 removed the legacy ``Action.fcurves``.
"""

from __future__ import annotations

import bpy


def strips(sequence_editor):
    return sequence_editor.strips if hasattr(sequence_editor, "strips") else sequence_editor.sequences


def all_strips(sequence_editor):
    return sequence_editor.strips_all if hasattr(sequence_editor, "strips_all") else sequence_editor.sequences_all


def strip_type():
    return getattr(bpy.types, "Strip", None) or getattr(bpy.types, "Sequence")


def has_slotted_actions() -> bool:
    return "slots" in bpy.types.Action.bl_rna.properties


class FCurveMaker:
    """Adds grouped F-curves to a legacy action or to a slotted action's channel bag."""

    def __init__(self, action, channelbag=None):
        self._action, self._bag = action, channelbag

    def new(self, data_path: str, index: int, group: str):
        if self._bag is None:
            return self._action.fcurves.new(data_path, index=index, action_group=group)
        fc = self._bag.fcurves.new(data_path, index=index)
        groups = self._bag.groups
        fc.group = groups.get(group) or groups.new(group)
        return fc


def new_action_fcurves(action, owner):
    """(slot or None, FCurveMaker) of a new, empty action for ``owner`` (an Object)."""
    if has_slotted_actions():
        slot = action.slots.new(id_type="OBJECT", name=owner.name)
        layer = action.layers.new("Layer")
        strip = layer.strips.new(type="KEYFRAME")
        return slot, FCurveMaker(action, strip.channelbag(slot, ensure=True))
    return None, FCurveMaker(action)


def assign_nla_strip_slot(nla_strip, slot) -> None:
    if slot is not None and hasattr(nla_strip, "action_slot"):
        nla_strip.action_slot = slot


def active_fcurves(animation_data):
    """F-curves of the active action as seen by this animation data (its slot on 4.4+)."""
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
