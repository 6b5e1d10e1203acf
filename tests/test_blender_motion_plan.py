"""Generate Motion's plan in Blender under the real `bpy` (see tests/test_addon_blender.py for the
environments): Read Plan shows every step as a line, the artist changes a step's count and another's side,
and Generate sends the edited plan; the NLA strip's motion has the edited count of nods and turns the
edited way. The backend is a real server with the shipped text generator."""

from __future__ import annotations

import numpy as np

from backend.motion.text.evaluation import oscillation_count, track_angles_deg
from protocols.flame_conventions import direction_sign
from protocols.tracks import Track
from tests.test_addon_blender import addon_zip, backend, blender_env, pytestmark, run_helper  # noqa: F401


def test_read_plan_edit_a_step_and_generate_the_edit(addon_zip, backend, tmp_path):
    conn, _ = backend
    r = run_helper("motion_plan", addon_zip, conn, tmp_path=tmp_path)
    assert r["read_poll_without_prompt"] is False
    assert (r["read_state"], r["read_error"]) == ("completed", None)
    assert r["nla_after_read"] == 0   # reading puts nothing on the rig
    assert r["steps_read"] == [["nod", "none", 2, "normal"], ["turn", "left", 1, "normal"]]
    assert len(r["lines_read"]) == 2 and "nod ×2" in r["lines_read"][0] and "turn left" in r["lines_read"][1]
    assert "nod ×3" in r["lines_edited"][0] and "turn right" in r["lines_edited"][1]
    assert r["sent_options"] == ["plan"] and r["sent_steps"] == [["nod", "", 3], ["turn", "right", 1]]
    assert (r["state"], r["error"]) == ("completed", None)
    assert len(r["nla"]) == 1 and len(r["nla"][0]) == 1
    assert r["plan_after_prompt_change"] is True
    # The strip's motion as Blender evaluates the rig: three nods in the nod's window, then a turn right.
    (_, _, _, nod_start, nod_seconds), (_, _, _, turn_start, _) = r["returned_steps"]
    track = Track.load_npz(r["track"])
    angles = track_angles_deg(track)
    nod_end = int(round((nod_start + nod_seconds) * track.fps))
    assert oscillation_count(angles[:nod_end, 1], "pitch") == 3
    held = angles[-10:, 0].mean()
    assert direction_sign("yaw", "right") * held > 15.0, held
