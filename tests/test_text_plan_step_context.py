"""The learned context check (`step_context.py`): what it learned from, the facts it reads about a step and the steps
before it, and that a step it drops is named in the plan, never lost silently."""

from __future__ import annotations

import json

import numpy as np
import pytest

from backend.motion.text.plan import step_context
from backend.motion.text.plan.reader import read_plan
from backend.motion.text.plan.train_step_gate import DEVELOPMENT_SETS

pytestmark = pytest.mark.skipif(not step_context.WEIGHTS.exists(), reason="the context check's weights are not shipped")


def _fact(row: np.ndarray, name: str) -> float:
    return float(row[step_context.FEATURES.index(name)])


def test_the_shipped_check_learned_from_development_sets_only():
    with np.load(step_context.WEIGHTS, allow_pickle=False) as data:
        recipe = json.loads(str(data["recipe"]))
        assert tuple(str(n) for n in data["features"]) == step_context.FEATURES
    assert recipe["sets"] and set(recipe["sets"]) <= set(DEVELOPMENT_SETS)
    assert recipe["said_again"] >= 50 and recipe["judged_steps"] > 20 * recipe["said_again"]
    assert recipe["keep_at_least"] == pytest.approx(step_context.shipped().keep_at_least)
    # the reader's own test sentences, labelled by the plans the tests hold, so the check learns not to undo them
    assert recipe["own_test_sentences"] > 1000 and recipe["own_weight"] > 1


def test_every_step_but_the_first_is_judged_by_what_comes_before_it():
    facts: list = []
    plan = read_plan("She nods, then turns to her left, then nods again.", context_facts=facts)
    assert [s.action for s in plan.steps] == ["nod", "turn", "nod"]
    assert [i for i, _ in facts] == [1, 2]                     # the first step has nothing before it
    (_, turn), (_, nod) = facts
    assert _fact(turn, "same motion before") == 0 and _fact(turn, "action turn") == 1
    assert _fact(nod, "same motion before") == 1 and _fact(nod, "same motion just before") == 0
    assert _fact(nod, "says it is repeated") == 1 and _fact(nod, "last step") == 1
    assert _fact(nod, "place in the plan") == pytest.approx(2 / 3)


def test_a_step_the_gate_kept_for_a_stated_reason_is_not_judged_again():
    # "Slowly to the right." borrows the verb before it; in a scene the gate doubts it and keeps it for that reason
    text = ("EXT. RIDGE - DAWN\n\nCORPORAL ADE lies flat in the grass, radio at his chest. Rain.\n\n"
            "He turns his head slowly to the left. Nothing. Slowly to the right. Nothing.")
    facts: list = []
    plan = read_plan(text, context_facts=facts)
    turn_right = [(s.action, s.side) for s in plan.steps].index(("turn", "right"))
    assert any(n.startswith("kept:") and "Slowly to the right" in n for n in plan.notes)
    assert turn_right > 0 and turn_right not in [i for i, _ in facts]


def test_a_motion_repeated_on_purpose_stands():
    for text in ("She nods, then turns to her left, then nods again.",
                 "He glances at the clock, looks down at his notes, then glances at the clock once more.",
                 "Turn left, pause, turn left a second time."):
        plan = read_plan(text)
        assert not any("context check" in n for n in plan.notes), (text, plan.notes)


def test_a_file_fitted_on_other_facts_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.npz"
    np.savez(path, weights=np.zeros(3, np.float32), bias=np.float32(0), features=np.array(["a", "b", "c"]),
             keep_at_least=np.float32(0.5), recipe=np.array("{}"))
    with pytest.raises(ValueError, match="train_step_context"):
        step_context.StepContext(path)


def test_without_the_check_every_step_the_gate_keeps_stands():
    text = SAID_AGAIN[0][0]
    assert len(read_plan(text, context_check=False).steps) > len(read_plan(text).steps)


# Our own restatements, where the gate already doubts the words a little: the motion named again as a noun and then as a
# participle of what else the character does; a motion said to go on while the next one starts (with words of its own:
# the bare participle, "Still nodding, she turns", is folded by the rules before the check, `back_references`).
SAID_AGAIN = [
    ("In this shot he shakes his head. The shake is slow. Shaking his head he walks off.", ["shake:"]),
    ("She nods along to the music. Still nodding along, she turns to the window on her left.", ["nod:", "turn:left"]),
]


@pytest.mark.parametrize("text, kept", SAID_AGAIN)
def test_a_step_said_again_is_dropped_and_named_in_the_plan(text, kept):
    plan = read_plan(text)
    assert [f"{s.action}:{s.side}" for s in plan.steps] == kept
    assert any(n.startswith("not taken:") and "learned context check" in n for n in plan.notes)
