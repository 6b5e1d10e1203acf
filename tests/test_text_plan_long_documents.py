"""Longer and looser writing: voice memos, a supervisor's review of a take, scenes that stage several people. Each
case is a sentence written for this test from how people write these (not from any evaluation set), with the plan the
labelling guide (`bench/data/LABELLING.md`) gives it.

- a spoken note's own "yeah" is the speaker agreeing with themself, not the character nodding;
- a number said in a sentence of its own after the step ("He shakes his head. Three times.") is that step's count, and
  a verbless number and noun after it ("He nods. Two nods.") says the step again;
- a verdict on the take written with a contraction ("the shake's way too fast") is a note on the take before, and
  "ones" asked for after it are of the motion judged;
- where someone stands in the frame ("Tom is on the left of frame, Sam on the right") is no turn, and a side said
  again after a turn ("…, so that's camera right") is whose side the turn goes to;
- a bare halt right before a move ("…, then stops. Looks left.") is the character stopping, not a pause of the head;
- a motion and its side written as a key and its value ("glance: up", "[tilt:left]") are one step;
- "Beside her, …" says where the next thing happens, not a turn; a start said in two verbs joined by "and" ("she
  flinches and jerks her head back") is one recoil; "without turning round he looks up" negates the participle, not
  the clause's own verb.

A step is written ``action[:side[:count]]``: an empty side or count is not checked; steps are separated by `` | ``.
A second item, where given, is the feeling the plan ends on ("none" for none)."""

from __future__ import annotations

import pytest

from backend.motion.text.plan.reader import read_plan


def _shown(text: str) -> str:
    plan = read_plan(text)
    return " | ".join(f"{s.action}:{s.side}:{s.count}" for s in plan.steps)


def _matches(text: str, spec: str, feeling: str | None) -> bool:
    plan = read_plan(text)
    want = []
    for part in filter(None, (p.strip() for p in spec.split("|"))):
        action, side, count = (part.split(":") + ["", ""])[:3]
        want.append((action, side, int(count) if count else None))
    steps_right = len(plan.steps) == len(want) and all(
        s.action == a and (not side or s.side == side) and (count is None or s.count == count)
        for s, (a, side, count) in zip(plan.steps, want))
    ends_on = plan.emotions[-1].emotion if plan.emotions else "none"
    return steps_right and (feeling is None or ends_on == feeling)


CASES = [
    # the speaker's own "yeah"
    ("He turns to the left. Then hold. That's, yeah, that's it.", "turn:left | hold", None),
    ("She tilts her head to the right and smiles. Okay. Yeah. Bye.", "tilt:right", "happy"),
    ("Then he leans back and shakes his head. Four times. Slowly. Yeah, four.", "lean:back | shake::4", None),
    # a count in a sentence of its own, and a number and noun said again
    ("He shakes his head. Three times. Slowly.", "shake::3", None),
    ("Then she nods. Twice.", "nod::2", None),
    ("Just make her shake her head. Twice. No, four times. Four. Sorry, four.", "shake::4", None),
    ("Right now the cat nods four times. Make it three. Three nods, slow.", "nod::3", None),
    ("He nods. Two nods.", "nod::2", None),
    ("He nods twice. Then two nods.", "nod::2 | nod::2", None),
    # a verdict on the take with a contraction
    ("v2: the shake's way too fast. Give me one slow one instead, then hold.", "shake::1 | hold", None),
    ("Yeah, I agree, the turn's too quick. Make it slow, a full turn to her right. Then hold.", "turn:right | hold", None),
    ("Shake's too big. Make it small.", "shake", None),
    # where people stand in the frame
    ("Two men at a bar. Tom is on the left of frame, Sam on the right. Tom turns his head toward Sam, so that's "
     "camera right, then nods.", "turn:left | nod", None),
    ("Kit's the one on camera left, Bo camera right. Kit turns to Bo, that's her left, and frowns.", "turn:left", None),
    ("She turns to the door, so that's to camera left.", "turn:right", None),
    ("He turns to camera left.", "turn:right", None),
    ("Glance frame right, then back.", "glance:left | return", None),
]


@pytest.mark.parametrize("text,spec,feeling", CASES)
def test_long_documents(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), f"{text!r}: got {_shown(text)}"


HALTS = [
    ("He jogs along the pier, then stops. Looks right.", "turn:right", None),
    ("At the top of the stairs she stops and looks down at the hall.", "look:down", None),
    ("He nods three times, then stops.", "nod::3 | hold", None),
    ("She nods, then stops, and looks up.", "nod | hold | look:up", None),
    ("He stops dead, frozen. Then he turns left.", "hold | turn:left", None),
    ("Near the gate she stopped, then looked to her right.", "hold | turn:right", None),
]


@pytest.mark.parametrize("text,spec,feeling", HALTS)
def test_a_halt_before_a_move_is_no_pause(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), f"{text!r}: got {_shown(text)}"


KEYS_AND_SIDES = [
    ("idle:\n  - glance: up   # checks the sky\n  - hold 1s\non_near:\n  - turn_head: left  # the visitor comes from the "
     "gate\n  - nod: 2", "glance:up | hold | turn:left | nod::2", None),
    ('GUARD: [tilt:left][beat] "Well, well, look who it is." [grin]', "tilt:left | hold", "happy"),
]


@pytest.mark.parametrize("text,spec,feeling", KEYS_AND_SIDES)
def test_a_motion_and_its_side_as_key_and_value(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), f"{text!r}: got {_shown(text)}"


SCENES = [
    ("In the passenger seat, ROSA grips the handle. Thunder: she flinches and jerks her head back against the seat. "
     "Beside her, PAUL drives, eyes on the road.", "recoil", None),
    ("Beside her, he turns his head to the right.", "turn:right", None),
    ("She flinches and then recoils.", "recoil | recoil", None),
    # "without" and a participle before the clause's own subject and verb: the verb happens
    ("He hears the bell, and without turning round he looks up first, then turns his head slowly to his left.",
     "look:up | turn:left", None),
    ("Without moving her head, she smiles.", "hold", "happy"),
]


@pytest.mark.parametrize("text,spec,feeling", SCENES)
def test_scenes_with_more_than_one_person(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), f"{text!r}: got {_shown(text)}"
