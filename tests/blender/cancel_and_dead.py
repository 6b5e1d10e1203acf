"""Cancel a running render from the Cancel button's operator; then point the add-on at a port where
no backend listens and check the render fails cleanly within the connect timeout; then at a backend on
another computer, refused while Blender's online access is off.

argv: zip, live connection file, dead connection file, result json."""

import time

import bpy
from mathutils import Vector

from _common import MODULE, argv, install, pump_until, submodule, write_result

zip_path, live_conn, dead_conn, result_path = argv()
install(zip_path)
prefs = bpy.context.preferences.addons[MODULE].preferences
prefs.use_connection_file, prefs.connection_file, prefs.connect_timeout = True, live_conn, 20.0
runtime = submodule("runtime")
scene = bpy.context.scene
for obj in list(scene.objects):
    bpy.data.objects.remove(obj)
bpy.ops.mvportrait.import_rig(use_open_head=True)
cam = bpy.data.objects.new("Cam", bpy.data.cameras.new("Cam"))
scene.collection.objects.link(cam)
cam.location = (0.0, -0.8, 0.0)
cam.rotation_euler = (Vector((0, 0, 0)) - cam.location).to_track_quat("-Z", "Y").to_euler()
scene.mvportrait.view_source = "SELECTED"
for obj in scene.objects:
    obj.select_set(obj == cam)
scene.frame_start, scene.frame_end = 1, 30
scene.render.resolution_x = scene.render.resolution_y = 64
scene.mvportrait.engine = "debug"
scene.mvportrait.engine_options = '{"delay_ms": 150}'
result = {}

# Greyed-out buttons explain themselves.
assert not bpy.ops.mvportrait.cancel.poll()
assert bpy.ops.mvportrait.render() == {"FINISHED"}
job = runtime.STATE.render
result["render_poll_while_running"] = bpy.ops.mvportrait.render.poll()
pump_until(lambda: job.images_received >= 2, 60, "the first images")
start = time.monotonic()
assert bpy.ops.mvportrait.cancel() == {"FINISHED"}
pump_until(lambda: runtime.STATE.render is None, 20, "the cancel")
result["cancel"] = {"state": job.state, "received": job.images_received, "total": job.total,
                    "seconds": time.monotonic() - start}
result["messages"] = list(runtime.STATE.messages)
runtime.STATE.messages.clear()

prefs.connection_file, prefs.connect_timeout = dead_conn, 1.5
start = time.monotonic()
assert bpy.ops.mvportrait.render() == {"FINISHED"}
job = runtime.STATE.render
pump_until(lambda: runtime.STATE.render is None, 30, "the dead-backend failure")
result["dead"] = {"state": job.state, "error": job.error, "seconds": time.monotonic() - start,
                  "messages": list(runtime.STATE.messages)}
# A backend on another computer (a documentation address: nothing answers) needs Blender's online
# access, which a fresh Blender has off; loopback backends above did not.
runtime.STATE.messages.clear()
system = bpy.context.preferences.system
result["online_access_at_start"] = bpy.app.online_access
prefs.use_connection_file, prefs.address, prefs.port, prefs.key = False, "192.0.2.7", 5555, "k" * 32
try:
    bpy.ops.mvportrait.render()
    result["offline"] = "accepted"
except RuntimeError as exc:
    result["offline"] = str(exc)
result["offline_job"] = runtime.STATE.render is not None
system.use_online_access = True
assert bpy.ops.mvportrait.render() == {"FINISHED"}
job = runtime.STATE.render
pump_until(lambda: runtime.STATE.render is None, 30, "the remote-backend failure")
result["online"] = {"state": job.state, "error": job.error}
system.use_online_access = False
prefs.use_connection_file = True
# A bad engine option is refused before anything is sent.
scene.mvportrait.engine_options = "{delay"
try:
    bpy.ops.mvportrait.render()
    result["bad_options"] = "accepted"
except RuntimeError as exc:
    result["bad_options"] = str(exc)
write_result(result_path, result)
