"""The motion plan contract (protocols/motion_plan.py): validation with errors that name the field, JSON on
disk, timing (natural durations, overlaps, fitting a clip) and edits."""

from __future__ import annotations

import json

import pytest

from protocols.motion_plan import (ACTIONS, PLAN_FORMAT, REPEATING, SIDES, EmotionCue, MotionPlan, MotionPlanError,
                                   PlanStep)


def plan(*steps: PlanStep, emotions=(), seconds=4.0, **kw) -> MotionPlan:
    return MotionPlan(steps=steps, emotions=emotions, seconds=seconds, **kw)


def test_every_action_with_every_side_validates_and_round_trips(tmp_path):
    steps = [PlanStep(a, side, count=2 if a in REPEATING else 1) for a in ACTIONS for side in SIDES[a]]
    p = MotionPlan(steps=steps[:32], emotions=[EmotionCue("angry", "strong", "sudden", 1.0, 2.0, talking=True)],
                   seconds=60.0, text="whatever", status="partial", unread=("zorp",), notes=("n",)).retimed()
    assert MotionPlan.from_json(p.to_json()) == p
    path = p.save(tmp_path / "plan.json")
    assert MotionPlan.load(path) == p
    data = json.loads(path.read_text())
    assert data["format"] == PLAN_FORMAT and data["steps"][0]["action"] == "nod"


@pytest.mark.parametrize("step, field, words", [
    (PlanStep("wink"), "steps[0].action", "is not one of"),
    (PlanStep("turn"), "steps[0].side", "needs a side"),
    (PlanStep("turn", "up"), "steps[0].side", "is not one of 'left', 'right'"),
    (PlanStep("nod", "left"), "steps[0].side", "is not one of ''"),
    (PlanStep("turn", "left", count=2), "steps[0].count", "happens once"),
    (PlanStep("nod", count=13), "steps[0].count", "outside [0, 12]"),
    (PlanStep("nod", count=2.5), "steps[0].count", "whole number"),
    (PlanStep("nod", count=True), "steps[0].count", "whole number"),
    (PlanStep("nod", amplitude="huge"), "steps[0].amplitude", "not one of"),
    (PlanStep("nod", speed="warp"), "steps[0].speed", "not one of"),
    (PlanStep("nod", duration=0.0), "steps[0].duration", "outside (0"),
    (PlanStep("nod", start=-1.0), "steps[0].start", "outside [0"),
    (PlanStep("nod", start=5.0), "steps[0].start", "not inside the clip"),
    (PlanStep("nod", confidence=1.5), "steps[0].confidence", "outside [0, 1]"),
    (PlanStep("nod", overlaps=0), "steps[0].overlaps", "does not name an earlier step"),
    (PlanStep("nod", runner_up="dance"), "steps[0].runner_up", "not one of"),
    (PlanStep("nod", notes="not a list"), "steps[0].notes", "list of texts"),
])
def test_bad_steps_name_their_field(step, field, words):
    with pytest.raises(MotionPlanError) as err:
        plan(step)
    assert f"MotionPlan.{field}:" in str(err.value) and words in str(err.value)


@pytest.mark.parametrize("cue, field", [
    (EmotionCue("bored"), "emotions[0].emotion"), (EmotionCue("happy", intensity="max"), "emotions[0].intensity"),
    (EmotionCue("happy", onset="late"), "emotions[0].onset"), (EmotionCue("happy", hold=0), "emotions[0].hold"),
    (EmotionCue("happy", talking="yes"), "emotions[0].talking"), (EmotionCue("happy", start=9), "emotions[0].start"),
])
def test_bad_cues_name_their_field(cue, field):
    with pytest.raises(MotionPlanError, match=rf"MotionPlan\.{field.replace('[', '.').replace(']', '.')}"):
        plan(emotions=[cue])


def test_json_errors_name_the_key():
    good = plan(PlanStep("nod", count=2)).to_dict()
    for mutate, words in [
        (lambda d: d.update(format="mvportrait.motion_plan/9"), "MotionPlan.format"),
        (lambda d: d.update(colour="red"), "unknown key(s) 'colour'"),
        (lambda d: d.pop("steps"), "MotionPlan.steps: missing"),
        (lambda d: d["steps"][0].update(wobble=1), "MotionPlan.steps[0]: unknown key(s) 'wobble'"),
        (lambda d: d["steps"][0].pop("action"), "MotionPlan.steps[0]: missing key(s) 'action'"),
        (lambda d: d["steps"][0].update(count="2"), "MotionPlan.steps[0].count"),
        (lambda d: d.update(steps={"a": 1}), "MotionPlan.steps: must be a list"),
        (lambda d: d.update(seconds=float("nan")), "MotionPlan.seconds"),
    ]:
        data = json.loads(json.dumps(good))
        mutate(data)
        with pytest.raises(MotionPlanError, match=words.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")
                           .replace(")", r"\)")):
            MotionPlan.from_dict(data)
    with pytest.raises(MotionPlanError, match="not valid JSON"):
        MotionPlan.from_json("{nope")
    with pytest.raises(MotionPlanError, match="JSON object"):
        MotionPlan.from_json("[1, 2]")


def test_unreadable_plan_has_no_steps_and_says_so():
    p = MotionPlan(status="unreadable", text="florp the gizmo", unread=("florp the gizmo",))
    assert "could not read" in p.describe()[0] and "florp the gizmo" in p.describe()[-1]
    with pytest.raises(MotionPlanError, match="MotionPlan.status"):
        MotionPlan(steps=[PlanStep("nod")], status="unreadable")


def test_retiming_follows_order_overlaps_and_fits_the_clip():
    p = plan(PlanStep("nod", count=2), PlanStep("turn", "left"), PlanStep("tilt", "right", overlaps=1),
             seconds=10.0).retimed()
    nod, turn, tilt = p.steps
    assert nod.start == 0.0 and turn.start == pytest.approx(nod.end) and tilt.start == turn.start
    assert nod.duration == pytest.approx(2 / 1.2 + 0.3, abs=1e-3)
    assert turn.duration == pytest.approx(tilt.duration)
    # Nothing elastic: the last pose is held to the end of the clip.
    assert max(s.end for s in p.steps) < 10.0
    # Too long for 2 s: compressed evenly, and a note says so.
    short = p.retimed(2.0)
    assert max(s.end for s in short.steps) == pytest.approx(2.0, abs=1e-3)
    assert any(n.startswith("timing:") for n in short.notes)
    # An open-ended nod takes the spare time.
    open_nod = plan(PlanStep("nod", count=0), PlanStep("turn", "left"), seconds=8.0).retimed()
    assert open_nod.steps[1].end == pytest.approx(8.0, abs=1e-3) and open_nod.steps[0].duration > 5.0


def test_editing_a_step_changes_it_retimes_and_marks_it():
    p = plan(PlanStep("nod", count=2, confidence=0.4, margin=0.01, runner_up="shake"), PlanStep("turn", "left"),
             seconds=6.0).retimed()
    e = p.with_step(0, count=3, speed="slow")
    assert e.steps[0].count == 3 and e.steps[0].confidence == 1.0 and "edited" in e.steps[0].notes
    assert e.steps[1].start > p.steps[1].start
    # Changing the action keeps what still makes sense and fixes what does not.
    t = p.with_step(1, action="tilt")
    assert t.steps[1].side == "left"
    look = p.with_step(1, action="look")
    assert look.steps[1].side == "up"
    turn = p.with_step(0, action="turn", side="right")
    assert turn.steps[0].count == 1
    with pytest.raises(MotionPlanError, match=r"steps\[5\]"):
        p.with_step(5, count=1)
    with pytest.raises(MotionPlanError, match="cannot edit start"):
        p.with_step(0, start=1.0)
    with pytest.raises(MotionPlanError, match=r"steps\[0\].side"):
        p.with_step(0, side="left")


def test_describe_shows_every_step_and_cue_with_its_source():
    p = plan(PlanStep("shake", count=3, amplitude="large", source="shakes her head hard three times",
                      confidence=0.8),
             emotions=[EmotionCue("sad", "mild", source="a bit glum")], unread=("quantum",)).retimed()
    lines = p.describe()
    assert "shake ×3, large" in lines[0] and "80%" in lines[0] and "hard three times" in lines[0]
    assert lines[1].startswith("face: sad, mild") and "quantum" in lines[2]
