"""Build the FLAME rig in Blender from a head file: armature, skinned mesh, shape keys, drivers."""

from __future__ import annotations

import json
from pathlib import Path

import bpy
import numpy as np

from ..core.head_file import HeadFileError, read_head_file
from ..core.rig_spec import (BLINK_PROPS, EXPRESSION_RANGE, EYELID_KEYS, RIG_TAG, ROTATION_MODE, SHAPE_RANGE,
                            RigSpec, build_rig_spec, flame_to_rig, pose_correctives)

MESH_TAG = "mvp_head_mesh"
ADDON_DIR = Path(__file__).resolve().parents[1]


def _link(context, obj) -> None:
    (context.collection or context.scene.collection).objects.link(obj)


def _build_armature(context, spec: RigSpec, name: str):
    arm = bpy.data.armatures.new(name)
    rig = bpy.data.objects.new(name, arm)
    _link(context, rig)
    previous = context.view_layer.objects.active
    context.view_layer.objects.active = rig
    bpy.ops.object.mode_set(mode="EDIT")
    try:
        for bone in spec.bones:
            eb = arm.edit_bones.new(bone.name)
            eb.head, eb.tail, eb.roll = bone.head, bone.tail, 0.0
            eb.use_deform = True
            if bone.parent:
                eb.parent = arm.edit_bones[bone.parent]
                eb.use_connect = False
    finally:
        bpy.ops.object.mode_set(mode="OBJECT")
    for pb in rig.pose.bones:
        pb.rotation_mode = ROTATION_MODE
    context.view_layer.objects.active = previous or rig
    return rig


def _add_driver(key_block, rig, prop: str) -> None:
    fc = key_block.driver_add("value")
    drv = fc.driver
    drv.type = "AVERAGE"  # a plain copy: no Python expression, so it runs without script auto-exec
    var = drv.variables.new()
    var.name = "v"
    var.type = "SINGLE_PROP"
    var.targets[0].id_type = "OBJECT"
    var.targets[0].id = rig
    var.targets[0].data_path = f'["{prop}"]'


def _add_corrective_driver(key_block, rig, bone: str, expression: str) -> None:
    drv = key_block.driver_add("value").driver
    drv.type = "SCRIPTED"
    for channel in "wxyz":
        var = drv.variables.new()
        var.name = channel
        var.type = "TRANSFORMS"
        target = var.targets[0]
        target.id = rig
        target.bone_target = bone
        target.transform_type = f"ROT_{channel.upper()}"
        target.rotation_mode = "QUATERNION"
        target.transform_space = "LOCAL_SPACE"
    drv.expression = expression


def build_rig(context, spec: RigSpec, name: str = "FLAME", source: str = "open"):
    """Rig object (armature) with the head mesh as its child; returns the rig."""
    head = spec.head
    rig = _build_armature(context, spec, name)
    rig[RIG_TAG] = json.dumps(head.model_id.to_dict())
    rig["mvp_head_source"] = source
    rig["mvp_rig_shape"] = [float(x) for x in spec.shape]
    for prop in spec.expression_props:
        rig[prop] = 0.0
        rig.id_properties_ui(prop).update(min=EXPRESSION_RANGE[0], max=EXPRESSION_RANGE[1], soft_min=-2.0,
                                          soft_max=2.0, description="FLAME expression coefficient")
    for prop in BLINK_PROPS:
        rig[prop] = 0.0
        rig.id_properties_ui(prop).update(min=0.0, max=1.0, description="eyelid closure, 1 = closed")

    me = bpy.data.meshes.new(f"{name}_head")
    verts = spec.rest_vertices_rig()
    me.from_pydata(verts.tolist(), [], head.faces.tolist())
    me.update()
    mesh_obj = bpy.data.objects.new(f"{name}_head", me)
    _link(context, mesh_obj)
    mesh_obj.parent = rig
    mesh_obj[MESH_TAG] = True
    for j, bone in enumerate(spec.bones):
        group = mesh_obj.vertex_groups.new(name=bone.name)
        w = head.weights[:, j]
        for value in np.unique(w[w > 0]):
            group.add(np.flatnonzero(w == value).tolist(), float(value), "REPLACE")
    mod = mesh_obj.modifiers.new("Armature", "ARMATURE")
    mod.object = rig
    mod.use_deform_preserve_volume = False  # FLAME skins linearly

    mesh_obj.shape_key_add(name="Basis", from_mix=False)
    flat_basis = verts.astype(np.float32).ravel()

    def add_key(key_name, delta, lo, hi):
        kb = mesh_obj.shape_key_add(name=key_name, from_mix=False)
        kb.data.foreach_set("co", flat_basis + delta.astype(np.float32).ravel())
        kb.slider_min, kb.slider_max = lo, hi
        return kb

    for k, key_name in enumerate(spec.shape_keys):
        kb = add_key(key_name, flame_to_rig(head.shapedirs[:, :, k]), *SHAPE_RANGE)
        kb.value = float(spec.shape[k])
    for k, prop in enumerate(spec.expression_props):
        kb = add_key(prop, flame_to_rig(head.shapedirs[:, :, head.n_shape + k]), -10.0, 10.0)
        _add_driver(kb, rig, prop)
    # FLAME's pose correctives, exact: shape keys driven by (R - I) of each non-root joint.
    for corr in pose_correctives():
        kb = add_key(corr.key, flame_to_rig(head.posedirs[:, :, corr.index]), -10.0, 10.0)
        _add_corrective_driver(kb, rig, corr.bone, corr.expression)
    if head.eyelid_dirs is not None:
        for k, (key_name, prop) in enumerate(zip(EYELID_KEYS, BLINK_PROPS)):
            kb = add_key(key_name, flame_to_rig(head.eyelid_dirs[:, :, k]), 0.0, 1.0)
            _add_driver(kb, rig, prop)
    return rig


def bundled_open_head() -> Path:
    # In the built extension the head sits in data/; in a source checkout it is flame_assets' own.
    for candidate in (ADDON_DIR / "data" / "open_head.npz",
                      ADDON_DIR.parent / "flame_assets" / "data" / "open_head.npz"):
        if candidate.is_file():
            return candidate
    raise HeadFileError("the open head is missing from this add-on build; rebuild it with `mvportrait addon build`")


def import_rig(context, filepath: str = ""):
    """The rig of the head file at ``filepath`` (empty: the open head that ships with the add-on)."""
    path = Path(bpy.path.abspath(filepath)) if filepath else bundled_open_head()
    head = read_head_file(path)
    spec = build_rig_spec(head)
    return build_rig(context, spec, name="FLAME", source=str(filepath or "open"))
