"""Read Plan → the plan's lines in the panel → change a step's count and another's side → Generate: the
edited plan goes to the backend and its motion lands as an NLA strip. Writes the lines, the request sent and
the rig's evaluated motion (as a track file) for the test to measure.

argv: zip, connection file, result json."""

import bpy

from _common import MODULE, argv, install, pump_until, submodule, write_result

zip_path, conn_file, result_path = argv()
install(zip_path)
prefs = bpy.context.preferences.addons[MODULE].preferences
prefs.use_connection_file, prefs.connection_file, prefs.connect_timeout = True, conn_file, 20.0
runtime, props, scene_read = submodule("runtime"), submodule("props"), submodule("scene.read")
scene = bpy.context.scene
bpy.ops.mvportrait.import_rig(use_open_head=True)
rig = scene.objects["FLAME"]
scene.render.fps, scene.render.fps_base = 25, 1.0
scene.frame_start, scene.frame_end = 1, 150
s = scene.mvportrait
result = {}
s.motion_kind, s.motion_prompt = "text", ""
result["read_poll_without_prompt"] = bpy.ops.mvportrait.read_plan.poll()
s.motion_prompt = "He nods twice, then turns to his left."
assert bpy.ops.mvportrait.read_plan() == {"FINISHED"}
pump_until(lambda: runtime.STATE.motion is None, 300, "the plan reading")
result["read_state"] = runtime.STATE.last_motion.state
result["read_error"] = runtime.STATE.last_motion.error
result["nla_after_read"] = len(rig.animation_data.nla_tracks) if rig.animation_data else 0
result["lines_read"] = props.current_plan(s).describe()
result["steps_read"] = [(st.action, st.side, st.count, st.speed) for st in s.motion_plan_steps]
# The artist's edits: three nods, and the turn to the right.
s.motion_plan_steps[0].count = 3
s.motion_plan_steps[1].side = "right"
result["lines_edited"] = props.current_plan(s).describe()
assert bpy.ops.mvportrait.generate_motion() == {"FINISHED"}
job = runtime.STATE.motion
result["sent_options"] = sorted(job.body.options)
result["sent_steps"] = [(st["action"], st["side"], st["count"]) for st in job.body.options.get("plan", {}).get("steps", [])]
pump_until(lambda: runtime.STATE.motion is None, 300, "the motion job")
result["state"], result["error"] = job.state, job.error
result["returned_steps"] = [(st["action"], st["side"], st["count"], st["start"], st["duration"])
                            for st in (job.plan or {}).get("steps", [])]
result["nla"] = [[st.name for st in t.strips] for t in rig.animation_data.nla_tracks]
# The rig as Blender evaluates it (NLA strip included), back into a track file.
track_pack = submodule("core.track_pack")
first, last = scene.frame_start, scene.frame_end
channels = scene_read.extract_channels(bpy.context, rig, first, last, force_frame_set=True)
track = track_pack.track_from_channels(channels, 25.0, first, scene_read.rig_model_id(rig))
track.save_npz(result_path + ".track.npz")
result["track"] = result_path + ".track.npz"
# A prompt changed after reading: Generate reads it afresh (no stale plan is sent).
s.motion_prompt = "She shakes her head."
result["plan_after_prompt_change"] = props.current_plan(s) is None
write_result(result_path, result)
