"""Putting a portrait's bust on the rig (Texture Rig from Portrait): the fitted identity, the hair/headwear shell
as a shape key, the bust's skinning (the neck's bottom staying with a `torso` bone that follows the head's
translation only, as the warp engine renders it), the head model's UVs, a material with the photo texture, the
torso proxy as a mesh of its own, and optionally a camera where the photo was taken from.

The material is emissive: the photo's texture already holds the photo's light, so the viewport and EEVEE show the
person as the backend's frames do, whatever the scene's lights. Everything here is ordinary scene data, so one
undo step takes it all back.
"""

from __future__ import annotations

import json
from pathlib import Path

import bpy
import numpy as np

from .. import compat
from ..core.head_file import read_head_file
from ..core.rig_spec import (BONE_LENGTH, BONE_NAMES, RIG_TAG, ROTATION_MODE, SHAPE_RANGE, flame_to_rig,
                             joint_positions)
from ..vendored import blender_camera, flame_conventions
from .read import RigError, head_mesh
from .rig_build import bundled_open_head

SHELL_KEY = "bust_shell"
TORSO_BONE = "torso"
UV_LAYER = "Portrait"
TORSO_TAG = "mvp_torso_mesh"
CAMERA_TAG = "mvp_portrait_camera"
PORTRAIT_TAG = "mvp_portrait"      # on the rig: what was put on it (JSON)
_TORSO_CONSTRAINT = "Follow Head Translation"
# The bust's weight columns are FLAME's joint names; the rig's bones carry the rig's names.
_BONE_OF_JOINT = {**dict(zip(flame_conventions.JOINT_NAMES, BONE_NAMES)), TORSO_BONE: TORSO_BONE}


def apply_bust(context, rig, bust, add_camera: bool = True) -> dict:
    """Put `bust` (protocols.bust.Bust) on `rig`; returns what was done (names, counts) for the report."""
    mesh_obj = head_mesh(rig)
    arrays = bust.arrays
    _check_topology(rig, mesh_obj.data, arrays["head_faces"])
    unknown = [name for name in bust.joint_names if name not in _BONE_OF_JOINT]
    if unknown:
        raise RigError(f"the bust is skinned to joints {unknown} this rig has no bones for")
    head = _head_arrays(rig)
    shape = np.asarray(bust.photo_pose.shape, np.float64)
    _set_identity(mesh_obj, shape)
    _place_bones(context, rig, flame_to_rig(joint_positions(head, shape[:head.n_shape])))
    _set_shell(mesh_obj, flame_to_rig(arrays["head_offsets"]))
    _set_weights(mesh_obj, arrays["head_weights"], [_BONE_OF_JOINT[n] for n in bust.joint_names])
    _set_corner_uvs(mesh_obj.data, arrays["head_uv"][arrays["head_uv_faces"]])
    _set_material(mesh_obj.data, photo_material(f"{rig.name} Portrait", arrays["head_texture"]))
    torso = _replace_torso(context, rig, bust) if bust.has_torso else _remove_torso(rig)
    camera = portrait_camera(context, rig, bust.camera) if add_camera else None
    rig["mvp_rig_shape"] = [float(x) for x in shape[:head.n_shape]]
    done = {"rig": rig.name, "torso": torso.name if torso else None, "camera": camera.name if camera else None,
            "texture": list(arrays["head_texture"].shape[:2])}
    rig[PORTRAIT_TAG] = json.dumps(done)
    return done


def _check_topology(rig, mesh, faces: np.ndarray) -> None:
    corners = np.zeros(len(mesh.loops), np.int32)
    mesh.loops.foreach_get("vertex_index", corners)
    if len(mesh.vertices) != int(faces.max()) + 1 or corners.shape != (faces.size,) or \
            not np.array_equal(corners.reshape(-1, 3), faces):
        raise RigError(f"the bust was made for another head mesh than rig {rig.name!r}'s "
                       f"({len(mesh.vertices)} vertices, {len(mesh.polygons)} faces); re-import the rig")


def _head_arrays(rig):
    """The rig's head model, read again from where the rig was imported (the joints need its regressor)."""
    source = rig.get("mvp_head_source", "open")
    path = bundled_open_head() if source == "open" else Path(bpy.path.abspath(source))
    head = read_head_file(path)
    wanted = json.loads(rig[RIG_TAG]).get("sha256")
    if head.sha256 != wanted:
        raise RigError(f"the head file {path} is no longer the one rig {rig.name!r} was built from; re-import "
                       f"the rig")
    return head


def _set_identity(mesh_obj, shape: np.ndarray) -> None:
    keys = mesh_obj.data.shape_keys.key_blocks
    k = 0
    while (kb := keys.get(f"shape_{k:03d}")) is not None:
        kb.value = float(np.clip(shape[k], *SHAPE_RANGE)) if k < len(shape) else 0.0
        k += 1


def _place_bones(context, rig, joints: np.ndarray) -> None:
    """Bones at the joints of the fitted identity (the mesh at rest is unchanged: only the pivots move), and
    the `torso` bone at the root's joint."""
    view_layer = context.view_layer
    previous = view_layer.objects.active
    view_layer.objects.active = rig
    bpy.ops.object.mode_set(mode="EDIT")
    try:
        edit_bones = rig.data.edit_bones
        for name, joint in zip(BONE_NAMES, joints):
            eb = edit_bones[name]
            eb.head, eb.tail, eb.roll = joint, joint + (0.0, 0.0, BONE_LENGTH[name]), 0.0
        torso = edit_bones.get(TORSO_BONE) or edit_bones.new(TORSO_BONE)
        torso.head, torso.tail, torso.roll = joints[0], joints[0] + (0.0, 0.0, BONE_LENGTH["root"]), 0.0
        torso.use_deform = True
    finally:
        bpy.ops.object.mode_set(mode="OBJECT")
        view_layer.objects.active = previous
    pb = rig.pose.bones[TORSO_BONE]
    pb.rotation_mode = ROTATION_MODE
    # The torso follows the head's translation (root's location) but not its turns. Both bones stand upright
    # with roll 0, so their local spaces agree and a local-space copy is exact.
    constraint = pb.constraints.get(_TORSO_CONSTRAINT) or pb.constraints.new("COPY_LOCATION")
    constraint.name = _TORSO_CONSTRAINT
    constraint.target, constraint.subtarget = rig, "root"
    constraint.target_space = constraint.owner_space = "LOCAL"


def _set_shell(mesh_obj, offsets_rig: np.ndarray) -> None:
    keys = mesh_obj.data.shape_keys.key_blocks
    basis = np.zeros(len(mesh_obj.data.vertices) * 3, np.float32)
    keys["Basis"].data.foreach_get("co", basis)
    kb = keys.get(SHELL_KEY) or mesh_obj.shape_key_add(name=SHELL_KEY, from_mix=False)
    kb.data.foreach_set("co", basis + offsets_rig.astype(np.float32).ravel())
    kb.slider_min, kb.slider_max, kb.value = 0.0, 1.0, 1.0


def _set_weights(mesh_obj, weights: np.ndarray, bones: list[str]) -> None:
    everyone = list(range(len(mesh_obj.data.vertices)))
    for column, bone in enumerate(bones):
        group = mesh_obj.vertex_groups.get(bone) or mesh_obj.vertex_groups.new(name=bone)
        group.remove(everyone)
        w = weights[:, column]
        for value in np.unique(w[w > 0]):
            group.add(np.flatnonzero(w == value).tolist(), float(value), "REPLACE")


def _set_corner_uvs(mesh, corner_uv: np.ndarray) -> None:
    """UVs per face corner ((F, 3, 2), v up), in the mesh's loop order (its triangles are the bust's)."""
    layer = mesh.uv_layers.get(UV_LAYER) or mesh.uv_layers.new(name=UV_LAYER)
    layer.data.foreach_set("uv", np.ascontiguousarray(corner_uv, np.float32).ravel())
    mesh.uv_layers.active = layer
    layer.active_render = True


def photo_material(name: str, texture_rgba: np.ndarray, interpolation: str = "Linear"):
    """An emissive material showing `texture_rgba` ((H, W, 4) uint8, row 0 at v = 1), its image packed into the
    .blend. Its image node is the active one, so Solid shading with Texture colour shows it too."""
    h, w = texture_rgba.shape[:2]
    image = bpy.data.images.new(name, w, h, alpha=True)
    # Blender's pixel rows go bottom-up: row 0 is v = 0.
    image.pixels.foreach_set((np.flipud(texture_rgba).astype(np.float32) / 255.0).ravel())
    image.pack()
    material = bpy.data.materials.new(name)
    tree = compat.material_node_tree(material)
    for node in list(tree.nodes):
        tree.nodes.remove(node)
    tex = tree.nodes.new("ShaderNodeTexImage")
    tex.image, tex.location, tex.interpolation = image, (-400, 0), interpolation
    # Off the texture its edge repeats, as in the backend's renderer (the torso's front is seen a little past
    # the photo's bottom edge where the frame cuts the body; wrapping would show the texture's top there).
    tex.extension = "EXTEND"
    emission = tree.nodes.new("ShaderNodeEmission")
    emission.location = (-100, 0)
    out = tree.nodes.new("ShaderNodeOutputMaterial")
    out.location = (150, 0)
    tree.links.new(tex.outputs["Color"], emission.inputs["Color"])
    tree.links.new(emission.outputs["Emission"], out.inputs["Surface"])
    tree.nodes.active = tex
    # The bust's surfaces face outward; the torso proxy's back lies close behind its front at the outline.
    material.use_backface_culling = True
    mean = texture_rgba[..., :3].reshape(-1, 3).mean(0) / 255.0
    material.diffuse_color = (*(float(c) ** 2.2 for c in mean), 1.0)  # Solid shading's Material colour (linear)
    return material


def _set_material(mesh, material) -> None:
    if len(mesh.materials):
        mesh.materials[0] = material
    else:
        mesh.materials.append(material)


def _torso_of(rig):
    return next((c for c in rig.children if c.type == "MESH" and c.get(TORSO_TAG)), None)


def _remove_torso(rig) -> None:
    old = _torso_of(rig)
    if old is not None:
        bpy.data.objects.remove(old)
    return None


def _replace_torso(context, rig, bust):
    _remove_torso(rig)
    a = bust.arrays
    name = f"{rig.name}_torso"
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata(flame_to_rig(a["torso_vertices"]).tolist(), [], a["torso_faces"].tolist())
    mesh.update()
    _set_corner_uvs(mesh, a["torso_uv"])
    # EEVEE (4.5 and 5.2) scatters dark specks over this proxy's texture when it filters it linearly (Workbench
    # does not, nor does EEVEE on the head's atlas); unfiltered texels show it clean.
    _set_material(mesh, photo_material(f"{rig.name} Torso", a["torso_texture"], "Closest"))
    obj = bpy.data.objects.new(name, mesh)
    (rig.users_collection[0] if rig.users_collection else context.scene.collection).objects.link(obj)
    obj.parent = rig
    obj[TORSO_TAG] = True
    obj.vertex_groups.new(name=TORSO_BONE).add(list(range(len(mesh.vertices))), 1.0, "REPLACE")
    modifier = obj.modifiers.new("Armature", "ARMATURE")
    modifier.object = rig
    return obj


def portrait_camera(context, rig, view):
    """A camera (made once, then moved) that sees the rig as the photo saw the head: lens and shift for the
    photo's size, which it keeps in `mvp_portrait_resolution` (the scene's render size is the artist's)."""
    lens = blender_camera.blender_lens_from_intrinsics(view.K, view.width, view.height)
    camera = next((o for o in context.scene.objects if o.type == "CAMERA" and o.get(CAMERA_TAG) == rig.name), None)
    if camera is None:
        camera = bpy.data.objects.new("Portrait Camera", bpy.data.cameras.new("Portrait Camera"))
        (rig.users_collection[0] if rig.users_collection else context.scene.collection).objects.link(camera)
        camera[CAMERA_TAG] = rig.name
    cam = camera.data
    cam.type, cam.sensor_fit = "PERSP", lens["sensor_fit"]
    cam.sensor_width, cam.sensor_height = lens["sensor_width_mm"], lens["sensor_height_mm"]
    cam.lens, cam.shift_x, cam.shift_y = lens["lens_mm"], lens["shift_x"], lens["shift_y"]
    cam.clip_start = 0.01
    from mathutils import Matrix
    camera.matrix_world = Matrix(blender_camera.blender_camera_matrix_from_view(view, np.array(rig.matrix_world))
                                 .tolist())
    camera["mvp_portrait_resolution"] = [view.width, view.height]
    return camera
