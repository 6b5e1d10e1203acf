"""Generate Motion: ask the backend for text motion; when it has no text generator, check the clean
refusal and place a track made here through the same NLA path the operator uses.

argv: zip, connection file, result json."""

import bpy
import numpy as np

from _common import MODULE, argv, install, pump_until, submodule, write_result

zip_path, conn_file, result_path = argv()
install(zip_path)
prefs = bpy.context.preferences.addons[MODULE].preferences
prefs.use_connection_file, prefs.connection_file, prefs.connect_timeout = True, conn_file, 20.0
runtime, scene_read, scene_nla = submodule("runtime"), submodule("scene.read"), submodule("scene.nla")
scene = bpy.context.scene
bpy.ops.mvportrait.import_rig(use_open_head=True)
rig = scene.objects["FLAME"]
scene.frame_start, scene.frame_end = 1, 24
result = {}
# Hand keys first, so the generated strip has something to blend with.
rig.pose.bones["jaw"].rotation_euler[0] = 0.2
rig.pose.bones["jaw"].keyframe_insert("rotation_euler", frame=1)
s = scene.mvportrait
s.motion_kind, s.motion_prompt = "text", ""
result["poll_without_prompt"] = bpy.ops.mvportrait.generate_motion.poll()
s.motion_prompt = "a happy nod"
assert bpy.ops.mvportrait.generate_motion() == {"FINISHED"}
job = runtime.STATE.motion
pump_until(lambda: runtime.STATE.motion is None, 300, "the motion job")
result["operator"] = {"state": job.state, "error": job.error, "messages": list(runtime.STATE.messages)}
generated = job.track if job.state == "completed" else None
if generated is None:
    tracks = submodule("vendored").tracks
    T = 20
    t = np.linspace(0, 1, T)
    pose = np.zeros((T, 15), np.float32)
    pose[:, 0] = 0.2 * np.sin(2 * np.pi * t)       # nod
    pose[:, 6] = 0.25 * (1 - np.cos(2 * np.pi * t))  # jaw
    expression = np.zeros((T, 10), np.float32)
    expression[:, 0] = t
    generated = tracks.Track(pose=pose, expression=expression, eyelids=np.zeros((T, 2), np.float32),
                             translation=np.zeros((T, 3), np.float32), shape=np.zeros(0, np.float32), fps=24.0,
                             first_frame=3, head_model=scene_read.rig_model_id(rig))
    scene_nla.apply_track_as_nla(rig, generated, "Motion test")
ad = rig.animation_data
result["nla"] = [{"name": t.name, "strips": [(st.name, st.frame_start, st.frame_end, st.action.name)
                                               for st in t.strips]} for t in ad.nla_tracks]
result["active_action_kept"] = ad.action is not None
# The hand-keyed jaw (active action) overrides the strip; everything else comes from the strip.
ch = scene_read.extract_channels(bpy.context, rig, generated.first_frame,
                                 generated.first_frame + generated.num_frames - 1)
track_pack = submodule("core.track_pack")
want = track_pack.channels_from_track(generated, ch.expression.shape[1])
result["first_frame"] = generated.first_frame
result["frames"] = generated.num_frames
result["root_euler_err"] = float(np.abs(ch.euler[:, 0] - want.euler[:, 0]).max())
result["expr_err"] = float(np.abs(ch.expression[:, :10] - want.expression[:, :10]).max())
result["jaw_from_hand_keys"] = float(np.abs(ch.euler[:, 2, 0] - 0.2).max())
# Muting the strip removes its motion.
ad.nla_tracks[0].mute = True
muted = scene_read.extract_channels(bpy.context, rig, generated.first_frame, generated.first_frame + 5,
                                    force_frame_set=True)
# (An unanimated channel keeps its last evaluated value, so "no motion" means constant over frames.)
result["muted_root_range"] = float(np.ptp(muted.euler[:, 0], axis=0).max())
result["unmuted_root_range"] = float(np.ptp(ch.euler[:6, 0], axis=0).max())
# Audio motion puts its recording in the sequencer.
import wave
from pathlib import Path
wav = Path(result_path).with_suffix(".wav")
with wave.open(str(wav), "wb") as fh:
    fh.setnchannels(1)
    fh.setsampwidth(2)
    fh.setframerate(16000)
    fh.writeframes((np.sin(np.arange(16000) * 0.05) * 8000).astype("<i2").tobytes())
try:
    sound = submodule("scene.sequencer").place_sound_strip(scene, str(wav), 3)
    result["sound"] = {"type": sound.type, "channel": sound.channel, "start": sound.frame_start}
except RuntimeError as exc:  # the bpy 4.2 module is built without audio (Audaspace); Blender itself has it
    result["sound"] = str(exc)
# File > Import with a head-model file; a wrong file is refused with what to do.
addon_dir = Path(submodule("runtime").__file__).parent
assert bpy.ops.mvportrait.import_rig(use_open_head=False, filepath=str(addon_dir / "data" / "open_head.npz")) \
    == {"FINISHED"}
result["rigs"] = sorted(o.name for o in scene.objects if o.type == "ARMATURE")
try:
    bpy.ops.mvportrait.import_rig(use_open_head=False, filepath=str(wav))
    result["bad_import"] = "accepted"
except RuntimeError as exc:
    result["bad_import"] = str(exc)
# The app timer's turn: pump, then hand queued messages to Blender's reports.
runtime.STATE.messages.append(("WARNING", "timer report check"))
result["timer_interval"] = runtime._on_timer()
result["messages_left"] = len(runtime.STATE.messages)
write_result(result_path, result)
