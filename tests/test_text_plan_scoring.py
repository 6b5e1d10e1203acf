"""The evaluation's measures compare what a plan lays out in time, not how its list happens to be written."""

from __future__ import annotations

from backend.motion.text.plan.scoring import in_time_order, score_plan
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
