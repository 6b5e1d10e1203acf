"""`mvportrait animate text` and the server's text generator, end to end with the shipped checkpoints."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from backend.cli import main
from backend.motion.text.evaluation import track_angles_deg
from backend.motion.text.pipeline import EMOTION_CHECKPOINT, MOTION_CHECKPOINT, SamplingOptions, shipped_pipeline
from backend.motion.text.prompts import DEFAULT_EMOTION, DEFAULT_MOTION, split_prompt
from flame_assets.library import load_head
from protocols import Track
from backend.motion.base import MotionRequest


def test_shipped_checkpoints_are_small_and_say_what_they_saw():
    for path in (MOTION_CHECKPOINT, EMOTION_CHECKPOINT):
        assert path.is_file() and path.stat().st_size < 5_000_000
    pipe = shipped_pipeline()
    for loaded in (pipe.motion, pipe.emotion):
        assert loaded.model.config.layers == 1 and loaded.model.config.latent_dim == 64
        assert "procedural corpus" in loaded.meta["data"]
        assert loaded.meta["trained_with"]["velocity_weight"] == 0.5
        assert loaded.meta["trained_with"]["text_drop"] == 0.1
    assert pipe.emotion.meta["head_model"]["sha256"] == load_head("open").model_id.sha256


def test_cli_writes_a_track_for_the_open_head(tmp_path, capsys):
    out = tmp_path / "track.npz"
    assert main(["animate", "text", "He nods slowly, then turns to his left, looking surprised", "--seconds", "4",
                 "--fps", "25", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    # The plan it followed, step by step, with where each part came from.
    assert "nod (repeated), slow" in printed and "turn left" in printed and "face: surprised" in printed
    assert '← "then turns to his left"' in printed
    track = Track.load_npz(out)
    assert track.num_frames == 100 and track.fps == 25.0 and track.head_model == load_head().model_id
    assert np.isfinite(track.pose).all() and track.eyelids.min() >= 0 and track.eyelids.max() <= 1
    a = track_angles_deg(track)
    assert a[-15:, 0].mean() > 5.0   # ends turned toward the subject's left (yaw > 0)


def test_cli_direct_path_samples_the_models_from_the_text(tmp_path, capsys):
    out = tmp_path / "track.npz"
    assert main(["animate", "text", "He nods slowly, then turns to his left, looking surprised", "--direct",
                 "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "motion:  He nods slowly, then turns to his left" in printed and "emotion: looking surprised" in printed
    assert Track.load_npz(out).num_frames == 100


def test_cli_prints_a_plan_and_generates_from_the_edited_plan(tmp_path, capsys):
    import json

    from protocols.motion_plan import MotionPlan
    from backend.motion.text.evaluation import oscillation_count

    assert main(["animate", "text", "She nods twice, then looks up", "--plan-only"]) == 0
    captured = capsys.readouterr()
    plan = MotionPlan.from_json(captured.out)
    assert [(s.action, s.side, s.count) for s in plan.steps] == [("nod", "", 2), ("look", "", 1)][:1] + \
        [("look", "up", 1)]
    assert all(s.source and 0 < s.confidence <= 1 for s in plan.steps)
    assert "1." in captured.err and "nod ×2" in captured.err
    # The artist edits the plan: three nods, to the left afterwards instead of up.
    data = json.loads(captured.out)
    data["steps"][0]["count"] = 3
    data["steps"][1].update(action="turn", side="left")
    edited = MotionPlan.from_dict(data).retimed()
    path = edited.save(tmp_path / "plan.json")
    out = tmp_path / "edited.npz"
    assert main(["animate", "text", "--plan", str(path), "-o", str(out)]) == 0
    track = Track.load_npz(out)
    a = track_angles_deg(track)
    nod = edited.steps[0]
    window = a[: int(round(nod.end * track.fps)), 1]
    assert oscillation_count(window, "pitch") == 3
    assert a[-10:, 0].mean() > 15.0   # ends turned to the subject's left


@pytest.mark.parametrize("argv, message", [
    (["zxqv blorp fnord"], "could not be read as a motion"),
    (["--plan", "missing.json"], "cannot read"),
    (["he nods", "--plan-only", "--direct"], "do not go with --plan"),
])
def test_cli_plan_errors_are_clear_and_write_nothing(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["animate", "text", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "track.npz").exists()


def test_cli_takes_separate_prompts_frames_and_seed(tmp_path):
    paths = [tmp_path / f"{i}.npz" for i in range(3)]
    for path, seed in zip(paths, (3, 3, 4)):
        assert main(["animate", "text", "--motion", "she shakes her head", "--emotion", "she smiles", "--frames",
                     "30", "--fps", "30", "--seed", str(seed), "--first-frame", "101", "-o", str(path)]) == 0
    a, b, c = (Track.load_npz(p) for p in paths)
    assert a == b and not np.allclose(a.pose, c.pose)
    assert a.num_frames == 30 and a.first_frame == 101 and a.fps == 30.0


@pytest.mark.parametrize("argv, message", [
    (["   "], "description is empty"),
    (["he nods", "--seconds", "1000"], "longer than"),
    (["he nods", "--seconds", "0"], "must be positive"),
    (["he nods", "--guidance", "-1"], "guidance"),
    (["he nods", "--steps", "0"], "steps"),
    (["--emotion", ""], "emotion prompt is empty"),
    ([], "no description"),
    (["he nods", "-o", "track.txt"], "must end in .npz"),
])
def test_cli_refuses_bad_input_with_a_clear_message(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["animate", "text", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_one_sentence_is_split_into_motion_and_emotion():
    s = split_prompt("He nods slowly, then turns to his left, looking surprised")
    assert (s.motion, s.emotion) == ("He nods slowly, then turns to his left", "looking surprised")
    assert split_prompt("she smiles").motion == DEFAULT_MOTION
    assert split_prompt("he looks to the right").emotion == DEFAULT_EMOTION
    both = split_prompt("he shakes his head angrily")
    assert both.motion == both.emotion == "he shakes his head angrily"


def test_generation_is_deterministic_and_seeds_differ():
    pipe = shipped_pipeline()
    a = pipe.generate("he nods, smiling", num_frames=40, fps=20, options=SamplingOptions(seed=1))
    b = pipe.generate("he nods, smiling", num_frames=40, fps=20, options=SamplingOptions(seed=1))
    c = pipe.generate("he nods, smiling", num_frames=40, fps=20, options=SamplingOptions(seed=2))
    assert a == b and not np.allclose(a.expression, c.expression)


def test_server_generator_makes_the_requested_track():
    from backend.motion.text.generator import TextMotionGenerator
    from backend.server import Registry

    generator = Registry().generator("text")
    assert isinstance(generator, TextMotionGenerator) and generator.name == "mvportrait-text2flame"
    head = load_head().model_id
    request = MotionRequest("text", head, 24.0, first_frame=5, num_frames=48, prompt="she looks up, frowning",
                            options={"seed": 2, "steps": 10})
    track = generator.generate(request, threading.Event())
    assert track.num_frames == 48 and track.fps == 24.0 and track.first_frame == 5
    # A plan instead of a prompt: the steps it says, in its order.
    from backend.motion.text.plan.reader import read_plan
    from backend.motion.text.evaluation import oscillation_count

    plan = read_plan("he shakes his head twice").with_step(0, count=3)
    by_plan = generator.generate(MotionRequest("text", head, 25.0, num_frames=100, options={"plan": plan.to_dict()}),
                                 threading.Event())
    assert oscillation_count(track_angles_deg(by_plan)[:, 0], "yaw") == 3
    with pytest.raises(ValueError, match="could not be read"):
        generator.generate(MotionRequest("text", head, 25.0, prompt="zxqv blorp"), threading.Event())
    with pytest.raises(ValueError, match="unknown text→motion option"):
        generator.generate(MotionRequest("text", head, 24.0, prompt="x", options={"colour": 1}), threading.Event())
    canceled = threading.Event()
    canceled.set()
    from backend.cancellation import JobCanceled
    with pytest.raises(JobCanceled):
        generator.generate(request, canceled)
