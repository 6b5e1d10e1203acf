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


@pytest.mark.parametrize("text, steps", [
    ("She nods. Again.", [("nod", "", 2)]),                           # said again, no count: one more
    ("Shake. Again. And again.", [("shake", "", 3)]),
    ("he shook his head, and shook it again", [("shake", "", 0), ("shake", "", 0)]),   # the verb again: a step
    ("She nods twice, then again.", [("nod", "", 2), ("nod", "", 2)]),   # a count said: the step repeats
    ("A small shake, then a bigger one.", [("shake", "", 1), ("shake", "", 1)]),
    ("Turn right, turn right again, then left.", [("turn", "right", 1), ("turn", "right", 1), ("turn", "left", 1)]),
    ("He nods, then turns left, then nods again.", [("nod", "", 0), ("turn", "left", 1), ("nod", "", 0)]),
])
def test_a_motion_said_again(text, steps):
    assert [(s.action, s.side, s.count) for s in read_plan(text).steps] == steps


@pytest.mark.parametrize("text, steps", [
    ("Look right twice.", [("glance", "right", 2)]),                   # a look to a side, counted: glances
    ("She looks up three times, then down twice.", [("glance", "up", 3), ("glance", "down", 2)]),
    ("He looks left once.", [("turn", "left", 1)]),
])
def test_a_counted_look_to_a_side_is_glances(text, steps):
    assert [(s.action, s.side, s.count) for s in read_plan(text).steps] == steps


@pytest.mark.parametrize("text, steps", [
    ("Tilt to the right, then tilt back.", [("tilt", "right"), ("return", "")]),    # back to upright
    ("She turns left, then straightens.", [("turn", "left"), ("return", "")]),
    ("He tilts his head back and sighs.", [("look", "up")]),                       # the head tipped back
    ("She let her head fall back onto the pillow.", [("look", "up")]),
    ("Startled, he pulls his head back.", [("recoil", "")]),                       # a start: a recoil …
    ("In disgust, she pulls her head back.", [("recoil", "")]),                    # … disgust too (guide rule 13)
    ("He pulls his head back a little.", [("lean", "back")]),                      # … calmly, a lean
    ("One quick look around, then a nod.", [("look_around", ""), ("nod", "")]),
    ("Stone-faced, the sentry looks straight ahead.", [("hold", "")]),             # nowhere to go
    ("She turns right, then looks straight ahead.", [("turn", "right"), ("return", "")]),
    ("He glanced back over his left shoulder.", [("glance", "left")]),             # a glance stays a glance
    ("She looked back over her right shoulder.", [("turn", "right")]),
])
def test_back_ahead_and_around(text, steps):
    assert actions_and_sides(text) == steps


def test_the_faintest_shake_is_one():
    assert [(s.action, s.count) for s in read_plan("Only the slightest shake of the head.").steps] == [("shake", 1)]


@pytest.mark.parametrize("text, steps", [
    ("Twice she looks left, and twice she looks back.", [("turn", "left"), ("return", ""), ("turn", "left"), ("return", "")]),
    ("For the first few seconds he looks down at his shoes.", [("look", "down")]),   # a few seconds is no count
    ("He turns away and won't look round.", [("turn", "left")]),                    # not looking around
])
def test_counts_and_looks_that_are_not_glances(text, steps):
    assert actions_and_sides(text) == steps


@pytest.mark.parametrize("text, steps", [
    ("He turned his back on the crowd.", [("turn", "left")]),                      # away, not to the front
    ("Bending his head over the letter, he reads.", [("look", "down")]),
    ("She lowers her binoculars and nods.", [("nod", "")]),                        # a thing lowered, not the head
    ("The old man kneels down and bows his head.", [("look", "down")]),            # kneeling is the body
])
def test_the_body_and_things_are_not_the_head(text, steps):
    assert actions_and_sides(text) == steps


def test_now_and_then_repeats_for_the_steps_time():
    assert [(s.action, s.count) for s in read_plan("Every now and then a nod.").steps] == [("nod", 0)]


@pytest.mark.parametrize("text, steps", [
    ("She turns and looks into the camera.", [("return", "")]),                    # the turn is the way there
    ("He turns, then looks back at the camera.", [("turn", "left"), ("return", "")]),   # two moves
    ("He leans in, squinting.", [("lean", "forward")]),                            # a squint is the face
    ("Shrinking back in fright, she stares.", [("recoil", "")]),                   # the body drawn back in a start
])
def test_one_move_to_the_camera_and_the_face_alone(text, steps):
    assert actions_and_sides(text)[:len(steps)] == steps


@pytest.mark.parametrize("text, steps", [
    ("She turn the head to left side and after she make a nod.", [("turn", "left"), ("nod", "")]),   # "and after": next
    ("Turn to right side, come back, and after again to right side.", [("turn", "right"), ("return", ""), ("turn", "right")]),
])
def test_and_after_is_afterwards(text, steps):
    assert actions_and_sides(text) == steps


def test_a_repeated_glance_plays_as_the_pose_is_taken():
    plan = read_plan("Tilting right, he glances down twice.")
    assert [(s.action, s.overlaps) for s in plan.steps] == [("tilt", None), ("glance", 0)]
