"""Texture Rig from Portrait through the installed extension and a real backend: the bust on the rig, renders
through the photo's camera (EEVEE, and Workbench's texture colour, as Solid shading shows it), one undo step
taking it all back (and redo bringing it again), and the untextured rig rendered through the same camera.

argv: zip, connection file, reference png, result json (renders go next to it)."""

from pathlib import Path

import bpy
import numpy as np

from _common import MODULE, argv, install, submodule, write_result

zip_path, conn_file, reference, result_path = argv()
work = Path(result_path).parent
install(zip_path)
prefs = bpy.context.preferences.addons[MODULE].preferences
prefs.use_connection_file, prefs.connection_file, prefs.connect_timeout = True, conn_file, 30.0
runtime, compat = submodule("runtime"), submodule("compat")
rig_bust, read = submodule("scene.rig_bust"), submodule("scene.read")
track_pack = submodule("core.track_pack")



def scene():
    return bpy.context.scene  # re-read: undo replaces the scene's data


for obj in list(scene().objects):
    bpy.data.objects.remove(obj)
bpy.ops.mvportrait.import_rig(use_open_head=True)
scene().mvportrait.reference_image = reference
result = {"poll_without_rig_selected": bpy.ops.mvportrait.texture_rig.poll()}


def facts() -> dict:
    rig = scene().objects.get("FLAME")
    mesh = read.head_mesh(rig)
    keys = mesh.data.shape_keys.key_blocks
    material = mesh.data.materials[0] if len(mesh.data.materials) else None
    image = None
    if material is not None:
        tex = next((n for n in material.node_tree.nodes if n.bl_idname == "ShaderNodeTexImage"), None)
        image = tex.image if tex else None
    weights = {}
    for group in mesh.vertex_groups:
        w = np.zeros(len(mesh.data.vertices))
        for v in mesh.data.vertices:
            for g in v.groups:
                if g.group == group.index:
                    w[v.index] = g.weight
        weights[group.name] = w
    total = sum(weights.values())
    return {"material": material.name if material else None,
            "image": [image.size[0], image.size[1], image.packed_file is not None,
                      float(np.mean(np.array(image.pixels[:])))] if image else None,
            "uv_layers": [uv.name for uv in mesh.data.uv_layers],
            "shell": keys[rig_bust.SHELL_KEY].value if rig_bust.SHELL_KEY in keys else None,
            "shape_000": keys["shape_000"].value,
            "bones": sorted(b.name for b in rig.data.bones),
            "torso_weight_max": float(weights["torso"].max()) if "torso" in weights else None,
            "weight_sum_range": [float(total.min()), float(total.max())],
            "torso_object": next((c.name for c in rig.children if c.get(rig_bust.TORSO_TAG)), None),
            "cameras": sorted(o.name for o in scene().objects if o.type == "CAMERA"),
            "portrait_prop": rig.get(rig_bust.PORTRAIT_TAG)}


def pose_as_photo(bust) -> None:
    """The rig in the photo's fitted pose (jaw, eyes, expression, eyelids): seen through the photo's camera it
    should give the photo back."""
    rig = scene().objects["FLAME"]
    exprs = read.expression_props(rig)
    ch = track_pack.channels_from_track(bust.photo_pose, len(exprs))
    for b, name in enumerate(submodule("core.rig_spec").BONE_NAMES):
        rig.pose.bones[name].rotation_euler = ch.euler[0, b].tolist()
    for k, prop in enumerate(exprs):
        rig[prop] = float(ch.expression[0, k])
    for k, prop in enumerate(submodule("core.rig_spec").BLINK_PROPS):
        rig[prop] = float(ch.eyelids[0, k])
    bpy.context.view_layer.update()


def render(camera, name: str, engine: str) -> str:
    scene().camera = camera
    scene().render.resolution_x, scene().render.resolution_y = camera["mvp_portrait_resolution"]
    scene().render.resolution_percentage = 100
    scene().render.film_transparent = True
    scene().view_settings.view_transform = "Standard"
    scene().view_settings.look = "None"
    scene().render.engine = engine
    if engine == "BLENDER_WORKBENCH":
        scene().display.shading.light = "FLAT"
        scene().display.shading.color_type = "TEXTURE"
    scene().render.image_settings.file_format = "PNG"
    scene().render.image_settings.color_mode = "RGBA"
    scene().render.filepath = str(work / f"{name}.png")
    bpy.ops.render.render(write_still=True)
    return scene().render.filepath


result["before"] = facts()
scene().objects["FLAME"].select_set(True)
bpy.context.view_layer.objects.active = scene().objects["FLAME"]
bpy.ops.ed.undo_push(message="before texturing")
result["operator"] = sorted(bpy.ops.mvportrait.texture_rig())
# An operator called from Python pushes no undo step of its own (and the `undo=True` call form hangs in the bpy
# module): push the step the UI pushes after an UNDO operator, so undo and redo see exactly what it changed.
bpy.ops.ed.undo_push(message="Texture Rig from Portrait")
job = runtime.STATE.last_portrait
result["job"] = {"state": job.state, "error": job.error}
bust = job.bust
result["after"] = facts()
result["bust_shape_000"] = float(bust.photo_pose.shape[0])
result["camera"] = bust.camera.to_dict()
np.save(work / "head_vertices.npy", bust.arrays["head_vertices"])
pose_as_photo(bust)
camera = scene().objects["Portrait Camera"]
result["textured_eevee"] = render(camera, "textured_eevee", compat.eevee_engine())
result["textured_workbench"] = render(camera, "textured_workbench", "BLENDER_WORKBENCH")

result["undo"] = sorted(bpy.ops.ed.undo())
result["undone"] = facts()
result["redo"] = sorted(bpy.ops.ed.redo())
result["redone"] = facts()
bpy.ops.ed.undo()
# The untextured rig through the same camera: the control that must not look like the photo.
control_camera = rig_bust.portrait_camera(bpy.context, scene().objects["FLAME"], bust.camera)
pose_as_photo(bust)
result["untextured_eevee"] = render(control_camera, "untextured_eevee", compat.eevee_engine())
result["blender"] = list(bpy.app.version[:2])
write_result(result_path, result)
