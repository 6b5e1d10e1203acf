"""Move the panel's head, jaw and blink sliders one at a time, then key random poses, expressions, eyelids
and translation; save Blender's evaluated meshes and the extracted track so the test can check the
sliders' directions and compare the keyed frames with the backend's FlameLayer."""

import sys

import bpy
import numpy as np

from _common import argv, install, submodule

zip_path, out_path = argv()
install(zip_path)
bpy.ops.mvportrait.import_rig(use_open_head=True)
rig = bpy.context.scene.objects["FLAME"]
scene_read = submodule("scene.read")
# Every shape-key driver must run without Python (simple expressions), so no script auto-exec is needed.
drivers = scene_read.head_mesh(rig).data.shape_keys.animation_data.drivers
python_drivers = sum(1 for fc in drivers if fc.driver.type == "SCRIPTED" and not fc.driver.is_simple_expression)
invalid_drivers = sum(1 for fc in drivers if not fc.driver.is_valid)
rig_spec = submodule("core.rig_spec")
# The Portrait panel's sliders, one at a time on the rest pose: the test checks which way each moves the mesh.
controls = {c.label: c for c in rig_spec.HEAD_CONTROLS + rig_spec.JAW_CONTROLS + rig_spec.BLINK_CONTROLS}
slider_meshes = {"rest": scene_read.evaluated_vertices_flame(bpy.context, rig)}
for label, value in (("Yaw", 0.3), ("Pitch", 0.3), ("Roll", 0.3), ("Jaw Open", 0.3), ("Blink Left", 1.0)):
    c = controls[label]
    if c.bone:
        rig.pose.bones[c.bone].rotation_euler[c.axis] = value
    else:
        rig[c.prop] = value
    rig.update_tag()
    slider_meshes[label] = scene_read.evaluated_vertices_flame(bpy.context, rig)
    if c.bone:
        rig.pose.bones[c.bone].rotation_euler[c.axis] = 0.0
    else:
        rig[c.prop] = 0.0
rig.update_tag()

rng = np.random.default_rng(3)
T = 5
bones = rig_spec.BONE_NAMES
exprs = scene_read.expression_props(rig)
for i in range(T):
    frame = 1 + i
    scale = 0.0 if i == 0 else 1.0   # frame 1: rotations zero, expressions on (exact parity expected)
    for b, name in enumerate(bones):
        pb = rig.pose.bones[name]
        amp = (0.3, 0.2, 0.25, 0.3, 0.3)[b] * scale
        pb.rotation_euler = rng.uniform(-amp, amp, 3)
        if name == "jaw":
            pb.rotation_euler[0] = abs(pb.rotation_euler[0])
        pb.keyframe_insert("rotation_euler", frame=frame)
    rig.pose.bones["root"].location = rng.uniform(-0.02, 0.02, 3)
    rig.pose.bones["root"].keyframe_insert("location", frame=frame)
    for prop in exprs[:12]:
        rig[prop] = float(rng.uniform(-1.5, 1.5))
        rig.keyframe_insert(f'["{prop}"]', frame=frame)
    for prop in ("blink_left", "blink_right"):
        rig[prop] = float(rng.uniform(0, 1))
        rig.keyframe_insert(f'["{prop}"]', frame=frame)
verts = []
for i in range(T):
    bpy.context.scene.frame_set(1 + i)
    verts.append(scene_read.evaluated_vertices_flame(bpy.context, rig))
fast = scene_read.extract_channels(bpy.context, rig, 1, T)
stepped = scene_read.extract_channels(bpy.context, rig, 1, T, force_frame_set=True)
track = submodule("core.track_pack").track_from_channels(fast, 25.0, 1, scene_read.rig_model_id(rig))
np.savez(out_path, drivers=len(drivers), python_drivers=python_drivers, invalid_drivers=invalid_drivers,
         verts=np.stack(verts), pose=track.pose, expression=track.expression, eyelids=track.eyelids,
         translation=track.translation, shape=track.shape, sha256=track.head_model.sha256,
         fast_vs_stepped=max(np.abs(fast.euler - stepped.euler).max(), np.abs(fast.expression - stepped.expression).max(),
                             np.abs(fast.eyelids - stepped.eyelids).max(), np.abs(fast.location - stepped.location).max()),
         **{f"slider {label}": v for label, v in slider_meshes.items()})
print("parity helper done", file=sys.stderr)
