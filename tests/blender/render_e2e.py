"""End to end through the installed extension: import the rig, key jaw and expressions, add two
cameras, render the scene range through the backend, check the sequencer; re-render for the cache;
then disable the add-on and check it left no thread or timer behind.

argv: zip, connection file, result json, frames, resolution, engine ('' = the add-on's choice),
reference png ('' = none)."""

import threading
import time
from pathlib import Path

import bpy
from mathutils import Vector

from _common import MODULE, argv, install, pump_until, submodule, write_result

zip_path, conn_file, result_path, frames, resolution, engine, reference = argv()
frames, resolution = int(frames), int(resolution)
threads_at_start = sorted(t.name for t in threading.enumerate())
install(zip_path)
threads_after_install = sorted(t.name for t in threading.enumerate())
prefs = bpy.context.preferences.addons[MODULE].preferences
prefs.use_connection_file, prefs.connection_file, prefs.connect_timeout = True, conn_file, 20.0
runtime = submodule("runtime")
work = Path(result_path).parent

scene = bpy.context.scene
for obj in list(scene.objects):  # the default cube, light and camera
    bpy.data.objects.remove(obj)
bpy.ops.mvportrait.import_rig(use_open_head=True)
rig = scene.objects["FLAME"]
scene.frame_start, scene.frame_end = 1, frames
scene.render.resolution_x = scene.render.resolution_y = resolution
scene.render.resolution_percentage = 100
scene.render.fps = 24
jaw = rig.pose.bones["jaw"]
jaw.rotation_euler[0] = 0.0
jaw.keyframe_insert("rotation_euler", frame=1)
jaw.rotation_euler[0] = 0.35
jaw.keyframe_insert("rotation_euler", frame=frames)
for frame, value in ((1, 0.0), (frames, 0.8)):
    rig["exp_smile"] = value
    rig.keyframe_insert('["exp_smile"]', frame=frame)

target = Vector((0.0, -0.02, 0.0)) + rig.pose.bones["root"].head
cams = bpy.data.collections.new("Cameras")
scene.collection.children.link(cams)
for name, offset in (("Front", (0.0, -0.75, 0.02)), ("Side", (-0.55, -0.5, 0.05))):
    cam = bpy.data.objects.new(name, bpy.data.cameras.new(name))
    cam.data.lens = 50
    cam.location = target + Vector(offset)
    cam.rotation_euler = (target - cam.location).to_track_quat("-Z", "Y").to_euler()
    cams.objects.link(cam)
scene.mvportrait.view_source = "COLLECTION"
scene.mvportrait.camera_collection = cams
scene.mvportrait.engine = engine
scene.mvportrait.reference_image = reference
bpy.ops.wm.save_as_mainfile(filepath=str(work / "shot.blend"))


def render() -> dict:
    start = time.monotonic()
    assert bpy.ops.mvportrait.render() == {"FINISHED"}
    submit_seconds = time.monotonic() - start  # keyframe extraction, views, request: on the main thread
    job = runtime.STATE.render
    pump_until(lambda: runtime.STATE.render is None, 600, "the render")
    return {"seconds": time.monotonic() - start, "submit_seconds": submit_seconds, "state": job.state, "error": job.error, "cached": job.cached,
            "received": job.images_received, "total": job.total, "engine": job.body.engine,
            "root": str(job.plan.root)}


def strips() -> dict:
    seq = submodule("scene.sequencer")
    out = {}
    for cam, strip in seq.camera_strips(scene).items():
        directory = Path(bpy.path.abspath(strip.directory))
        out[cam] = {"name": strip.name, "channel": strip.channel, "frame_start": strip.frame_start,
                    "duration": strip.frame_final_duration,
                    "channel_name": scene.sequence_editor.channels[strip.channel].name,
                    "colorspace": strip.colorspace_settings.name, "alpha_mode": strip.alpha_mode,
                    "blend_type": strip.blend_type,
                    "files": [str(directory / e.filename) for e in strip.elements]}
    return out


result = {"first": render(), "strips_first": strips()}
result["again"] = render()
last_frame = {cam: s["files"][-1] for cam, s in result["strips_first"].items()}
result["last_frame_bytes_before_edit"] = {cam: Path(f).read_bytes().hex() for cam, f in last_frame.items()}
jaw.rotation_euler[0] = 0.0
jaw.keyframe_insert("rotation_euler", frame=frames)  # the jaw now stays shut: every frame after 1 changes
result["edited"] = render()
result["strips"] = strips()
result["strip_count"] = len(submodule("compat").all_strips(scene.sequence_editor))
result["blender"] = bpy.app.version[:2]
# 5.0+: the Video Sequencer shows its workspace's sequencer scene (empty until one is set).
result["sequencer_scenes"] = [getattr(w.sequencer_scene, "name", None) for w in bpy.data.workspaces
                              if hasattr(w, "sequencer_scene")]
# The strips sit over what is below them: a colour strip under both cameras' strips, the sequencer's frame 1
# rendered (the test composites the PNGs itself and compares).
se = scene.sequence_editor
submodule("compat").new_color_strip(se, "Below", 1, 1, frames, (0.2, 0.6, 0.9))
scene.view_settings.view_transform = "Standard"
scene.render.use_sequencer = True
scene.render.image_settings.file_format = "PNG"
scene.render.image_settings.color_mode = "RGB"
scene.render.filepath = str(work / "sequencer_frame_1.png")
scene.frame_set(1)
bpy.ops.render.render(write_still=True)
result["sequencer_frame_1"] = scene.render.filepath
result["strip_order"] = [s.name for s in sorted(submodule("compat").all_strips(se), key=lambda s: s.channel)]
timer = runtime._on_timer
result["timer_before"] = bpy.app.timers.is_registered(timer)
result["threads_at_start"] = threads_at_start
result["threads_after_install"] = threads_after_install
result["threads_before"] = sorted(t.name for t in threading.enumerate())
bpy.ops.preferences.addon_disable(module=MODULE)
time.sleep(0.2)
result["timer_after"] = bpy.app.timers.is_registered(timer)
result["threads_after"] = sorted(t.name for t in threading.enumerate())
# pyzmq's own process-wide garbage collector thread (started by its first large zero-copy send) is
# not the add-on's to stop.
from zmq.utils.garbage import gc as zmq_gc
result["threads_after_not_pyzmq"] = sorted(t.name for t in threading.enumerate() if t is not zmq_gc.thread)
write_result(result_path, result)
