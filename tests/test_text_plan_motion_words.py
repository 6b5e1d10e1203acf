"""Verbs and idioms of head motion that a sentence vector misreads, read as the motion they name (`corrections.py`)."""

from __future__ import annotations

import pytest

from backend.motion.text.plan.reader import read_plan


def actions_and_sides(text: str) -> list[tuple[str, str]]:
    return [(s.action, s.side) for s in read_plan(text).steps]


@pytest.mark.parametrize("text, steps", [
    ("Snap the head to the right.", [("turn", "right")]),            # a jolt to a side turns the head …
    ("He jerks his face to the left.", [("turn", "left")]),
    ("She whips her head round to the right.", [("turn", "right")]),
    ("He swivels round to his left.", [("turn", "left")]),
    ("Snap a tilt to the left.", [("tilt", "left")]),                # … unless the words say sideways
])
def test_snapping_or_whipping_the_head_turns_it(text, steps):
    assert actions_and_sides(text) == steps


@pytest.mark.parametrize("text, side", [
    ("She peers over her shoulder.", None),
    ("He peeks over his right shoulder.", "right"),
    ("Looking back over her left shoulder, she waits.", "left"),
])
def test_looking_over_a_shoulder_is_a_turn(text, side):
    step = read_plan(text).steps[0]
    assert step.action == "turn"
    assert side is None or step.side == side


@pytest.mark.parametrize("text, steps", [
    ("He inclines his head.", [("nod", "", 1)]),                     # a small bow
    ("The butler inclines his head politely.", [("nod", "", 1)]),
    ("She inclines her head to the left.", [("tilt", "left", 1)]),   # a side named: a tilt
])
def test_inclining_the_head(text, steps):
    assert [(s.action, s.side, s.count) for s in read_plan(text).steps] == steps
