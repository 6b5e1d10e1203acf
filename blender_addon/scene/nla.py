"""Writing generated motion into the scene: a track as a new action in an NLA strip on the rig."""

from __future__ import annotations

import bpy
import numpy as np

from .. import compat
from ..core.rig_spec import BLINK_PROPS, BONE_NAMES
from ..core.track_pack import channels_from_track
from .read import expression_props


def apply_track_as_nla(rig, track, name: str = "Generated Motion"):
    """A new action holding ``track`` on every rig channel, placed as an NLA strip at its first frame."""
    exprs = expression_props(rig)
    ch = channels_from_track(track, len(exprs))
    action = bpy.data.actions.new(name)
    slot, fcurves = compat.new_action_fcurves(action, rig)
    frames = track.first_frame + np.arange(track.num_frames, dtype=np.float64)

    def curve(path, index, values, group):
        fc = fcurves.new(path, index, group)
        fc.keyframe_points.add(len(frames))
        fc.keyframe_points.foreach_set("co", np.stack([frames, values], 1).astype(np.float32).ravel())
        fc.update()

    for b, bone in enumerate(BONE_NAMES):
        for axis in range(3):
            curve(f'pose.bones["{bone}"].rotation_euler', axis, ch.euler[:, b, axis], bone)
    for axis in range(3):
        curve('pose.bones["root"].location', axis, ch.location[:, axis], "root")
    for k, prop in enumerate(exprs):
        if k < track.expression.shape[1]:
            curve(f'["{prop}"]', 0, ch.expression[:, k], "expression")
    for k, prop in enumerate(BLINK_PROPS):
        curve(f'["{prop}"]', 0, ch.eyelids[:, k], "eyelids")
    ad = rig.animation_data or rig.animation_data_create()
    nla_track = ad.nla_tracks.new()
    nla_track.name = name
    strip = nla_track.strips.new(name, int(track.first_frame), action)
    compat.assign_nla_strip_slot(strip, slot)
    strip.blend_type = "REPLACE"
    return strip
