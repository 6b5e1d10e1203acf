"""The evaluation's measures compare what a plan lays out in time, not how its list happens to be written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from backend.motion.text.plan.scoring import LabelAsPlan, in_time_order, score_plan
from protocols.motion_plan import MotionPlan, PlanStep


def _label(*steps: tuple[str, str, int | None]) -> dict:
    return {"steps": [{"action": a, "side": side, "count": None, "amplitude": "medium", "speed": "normal",
                       "with": w} for a, side, w in steps], "emotion": "none"}


def _plan(*steps: tuple[str, str, int | None]) -> MotionPlan:
    return MotionPlan(steps=tuple(PlanStep(action=a, side=side, overlaps=w) for a, side, w in steps))


def test_steps_that_start_together_have_no_order_between_them():
    # "He nods while turning to the right": the same motion written either way round.
    label = _label(("turn", "right", None), ("nod", "", 0))
    score = score_plan(_plan(("nod", "", None), ("turn", "right", 0)), label)
    assert (score.actions_right, score.actions_total, score.order_right, score.sides_right) == (2, 2, 1, 1)


def test_a_step_after_another_is_not_one_beside_it():
    label = _label(("turn", "right", None), ("nod", "", 0))
    after = score_plan(_plan(("turn", "right", None), ("nod", "", None)), label)
    swapped = score_plan(_plan(("nod", "", None), ("turn", "right", None)), label)
    assert (after.actions_right, after.order_right) == (2, 0)
    assert swapped.order_right == 0


def test_groups_follow_the_start_of_their_first_step_and_chains_start_together():
    # look up; then turn left with a nod riding on it and a tilt riding on the nod; then hold.
    actions = ["look", "turn", "nod", "tilt", "hold"]
    assert in_time_order(actions, [None, None, 1, 2, None]) == [[0], [1, 2, 3], [4]]


def _step(action: str, side: str | None = "", count: int | None = 1, w: int | None = None) -> dict:
    return {"action": action, "side": side, "count": count, "amplitude": "medium", "speed": "normal", "with": w}


def test_a_second_labelling_scores_against_the_first_with_the_same_measures():
    # First person: nod twice, then turn left, happy. Second: nods with no count, turns with no side, a hold
    # more at the end, and no feeling.
    first = {"id": "a", "text": "t", "steps": [_step("nod", "", 2), _step("turn", "left")], "emotion": "happy"}
    second = {"id": "a", "text": "t", "steps": [_step("nod", "", None), _step("turn", None), _step("hold")],
              "emotion": "none"}
    score = score_plan(LabelAsPlan.of(second), first)
    assert (score.actions_right, score.actions_total) == (2, 3)
    assert (score.sides_right, score.sides_total) == (0, 1)
    assert (score.counts_exact, score.counts_within1, score.counts_total) == (0, 0, 1)
    assert (score.order_right, score.order_total) == (0, 1)
    assert (score.emotion_right, score.emotion_total) == (0, 1)
    back = score_plan(LabelAsPlan.of(first), second)
    assert (back.actions_right, back.actions_total, back.sides_total, back.counts_total) == (2, 3, 0, 0)
    assert (back.no_emotion_right, back.no_emotion_total) == (0, 1)


def test_an_unreadable_label_reads_as_an_unreadable_plan():
    unreadable = {"id": "u", "text": "t", "steps": [], "emotion": "none", "unreadable": True}
    assert score_plan(LabelAsPlan.of(unreadable), unreadable).unreadable_right == 1
    readable = {"id": "u", "text": "t", "steps": [_step("hold")], "emotion": "none"}
    assert score_plan(LabelAsPlan.of(readable), unreadable).unreadable_right == 0


def test_the_agreement_script_refuses_files_of_other_descriptions(tmp_path):
    def write(name: str, records: list[dict]) -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return path

    a = {"id": "a", "text": "Nod twice.", "steps": [_step("nod", "", 2)], "emotion": "none"}
    b = {"id": "b", "text": "Turn left.", "steps": [_step("turn", "left")], "emotion": "none"}
    script = Path(__file__).resolve().parents[1] / "bench" / "label_agreement.py"
    run = subprocess.run([sys.executable, str(script), str(write("one.jsonl", [a, b])),
                          str(write("two.jsonl", [a, dict(b, text="Turn right.")]))], capture_output=True, text=True)
    assert run.returncode != 0 and "descriptions differ" in run.stderr and "b" in run.stderr
    ok = subprocess.run([sys.executable, str(script), str(write("three.jsonl", [a, b])),
                         str(write("four.jsonl", [a, dict(b, steps=[_step("turn", "right")])]))],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "side 0/1 = 0.0%" in ok.stdout and "identical labels (every step field and the feeling): 1/2" in ok.stdout
