"""Reading the scene: the rig and its head mesh, rig channels per frame, cameras, render size, the evaluated mesh."""

from __future__ import annotations

import json
import re

import numpy as np

from .. import compat
from ..core.camera_views import CameraParams, RenderSize
from ..core.rig_spec import BLINK_PROPS, BONE_NAMES, RIG_TAG, ROTATION_MODE, rig_to_flame
from ..core.track_pack import RigChannels
from ..vendored import head_id
from .rig_build import MESH_TAG

_BONE_PATH = re.compile(r'^pose\.bones\["([^"]+)"\]\.(rotation_euler|location)$')
_PROP_PATH = re.compile(r'^\["([^"]+)"\]$')


class RigError(ValueError):
    """The scene has no usable rig; the message says what to do."""


def is_rig(obj) -> bool:
    return obj is not None and obj.type == "ARMATURE" and RIG_TAG in obj


def find_rig(context):
    obj = context.active_object
    if is_rig(obj):
        return obj
    if obj is not None and is_rig(obj.parent):
        return obj.parent
    for candidate in context.scene.objects:
        if is_rig(candidate):
            return candidate
    return None


def require_rig(context):
    rig = find_rig(context)
    if rig is None:
        raise RigError("no FLAME rig in this scene: import one with File > Import > FLAME Head Rig or the "
                       "Portrait panel's Import button")
    return rig


def head_mesh(rig):
    for child in rig.children:
        if child.type == "MESH" and child.get(MESH_TAG):
            return child
    raise RigError(f"rig {rig.name!r} has lost its head mesh; re-import the rig")


def rig_model_id(rig):
    return head_id.HeadModelId.from_dict(json.loads(rig[RIG_TAG]))


def expression_props(rig) -> list[str]:
    mesh = head_mesh(rig)
    return [kb.name for kb in mesh.data.shape_keys.key_blocks if kb.name.startswith("exp_")]


def _check_modes(rig) -> None:
    for name in BONE_NAMES:
        pb = rig.pose.bones.get(name)
        if pb is None:
            raise RigError(f"rig {rig.name!r} has no bone {name!r}; re-import the rig")
        if pb.rotation_mode != ROTATION_MODE:
            raise RigError(f"bone {name!r} uses rotation mode {pb.rotation_mode}; the rig keys "
                           f"{ROTATION_MODE} Euler rotations (set Rotation Mode back to {ROTATION_MODE})")


def _current(rig, exprs: list[str]):
    """Values of every channel as they are now (one frame), read in bulk."""
    euler = np.zeros(len(rig.pose.bones) * 3, np.float32)
    rig.pose.bones.foreach_get("rotation_euler", euler)
    order = [rig.pose.bones.find(n) for n in BONE_NAMES]
    euler = euler.reshape(-1, 3)[order]
    loc = np.array(rig.pose.bones["root"].location, np.float64)
    expr = np.array([rig.get(p, 0.0) for p in exprs], np.float64)
    lids = np.array([rig.get(p, 0.0) for p in BLINK_PROPS], np.float64)
    return euler.astype(np.float64), loc, expr, lids


def _identity(rig) -> np.ndarray:
    kbs = head_mesh(rig).data.shape_keys.key_blocks
    values = np.zeros(len(kbs), np.float32)
    kbs.foreach_get("value", values)
    names = [kb.name for kb in kbs]
    return np.array([values[i] for i, n in enumerate(names) if n.startswith("shape_")], np.float64)


def _needs_full_evaluation(rig) -> bool:
    ad = rig.animation_data
    if ad is None:
        return False
    return bool(ad.drivers) or any(not t.mute and len(t.strips) for t in ad.nla_tracks)


def extract_channels(context, rig, start: int, end: int, force_frame_set: bool = False) -> RigChannels:
    """Channel values for scene frames start..end (inclusive).

    Only the active action animates the rig: its F-curves are evaluated directly (no scene frame
    changes). With NLA strips or drivers on the rig, the scene is stepped frame by frame instead, so
    the values are exactly what Blender shows.
    """
    _check_modes(rig)
    exprs = expression_props(rig)
    T = end - start + 1
    shape = _identity(rig)
    if force_frame_set or _needs_full_evaluation(rig):
        scene = context.scene
        keep = scene.frame_current, scene.frame_subframe
        out = RigChannels(np.zeros((T, 5, 3)), np.zeros((T, 3)), np.zeros((T, len(exprs))), np.zeros((T, 2)), shape)
        try:
            for i in range(T):
                scene.frame_set(start + i)
                out.euler[i], out.location[i], out.expression[i], out.eyelids[i] = _current(rig, exprs)
        finally:
            scene.frame_set(keep[0], subframe=keep[1])
        return out
    euler, loc, expr, lids = _current(rig, exprs)
    out = RigChannels(np.repeat(euler[None], T, 0), np.repeat(loc[None], T, 0), np.repeat(expr[None], T, 0),
                      np.repeat(lids[None], T, 0), shape)
    frames = np.arange(start, end + 1, dtype=np.float64)
    expr_index = {p: i for i, p in enumerate(exprs)}
    for fc in compat.active_fcurves(rig.animation_data):
        if fc.mute:
            continue
        m = _BONE_PATH.match(fc.data_path)
        values = None
        if m and m.group(1) in BONE_NAMES:
            b = BONE_NAMES.index(m.group(1))
            values = np.fromiter((fc.evaluate(f) for f in frames), np.float64, T)
            if m.group(2) == "rotation_euler":
                out.euler[:, b, fc.array_index] = values
            elif b == 0:
                out.location[:, fc.array_index] = values
            continue
        m = _PROP_PATH.match(fc.data_path)
        if m:
            prop = m.group(1)
            if prop in expr_index:
                out.expression[:, expr_index[prop]] = np.fromiter((fc.evaluate(f) for f in frames), np.float64, T)
            elif prop in BLINK_PROPS:
                out.eyelids[:, BLINK_PROPS.index(prop)] = np.fromiter((fc.evaluate(f) for f in frames), np.float64, T)
    return out


def camera_params(obj) -> CameraParams:
    cam = obj.data
    return CameraParams(name=obj.name, camera_type=cam.type, lens_mm=cam.lens, sensor_width_mm=cam.sensor_width,
                        sensor_height_mm=cam.sensor_height, sensor_fit=cam.sensor_fit, shift_x=cam.shift_x,
                        shift_y=cam.shift_y, matrix_world=np.array(obj.matrix_world))


def render_size(scene) -> RenderSize:
    r = scene.render
    return RenderSize(r.resolution_x, r.resolution_y, r.resolution_percentage, r.pixel_aspect_x, r.pixel_aspect_y)


def chosen_cameras(context) -> list:
    """Cameras of the panel's collection (with its children), else the selected cameras, by name."""
    settings = context.scene.mvportrait
    if settings.view_source == "COLLECTION":
        coll = settings.camera_collection
        if coll is None:
            return []
        objs = coll.all_objects
    else:
        objs = context.selected_objects
    return sorted((o for o in objs if o.type == "CAMERA"), key=lambda o: o.name)


def sound_strip_file(scene, name: str) -> str:
    """The file of the sequencer's sound strip ``name``, as Blender stores it (maybe relative to the .blend)."""
    strip = compat.all_strips(scene.sequence_editor).get(name) if scene.sequence_editor else None
    if strip is None or strip.type != "SOUND":
        raise ValueError(f"no sound strip named {name!r} in the sequencer")
    return strip.sound.filepath


def evaluated_vertices_flame(context, rig) -> np.ndarray:
    """The head mesh as Blender evaluates it now, in the FLAME frame (V, 3)."""
    mesh = head_mesh(rig)
    depsgraph = context.evaluated_depsgraph_get()
    evaluated = mesh.evaluated_get(depsgraph)
    me = evaluated.to_mesh()
    try:
        co = np.zeros(len(me.vertices) * 3, np.float32)
        me.vertices.foreach_get("co", co)
    finally:
        evaluated.to_mesh_clear()
    # The mesh is parented to the rig with an identity parent transform: its space is the rig frame.
    return rig_to_flame(co.reshape(-1, 3).astype(np.float64))
