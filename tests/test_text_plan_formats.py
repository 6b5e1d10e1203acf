"""How people lay a motion description out on the page: lists, timecoded notes, production labels."""

from __future__ import annotations

import pytest

from backend.motion.text.plan.clauses import split_sentences
from backend.motion.text.plan.reader import read_plan
from backend.motion.text.plan.scripts import normalise


def _steps(text: str) -> list[tuple[str, str]]:
    return [(s.action, s.side) for s in read_plan(text).steps]


@pytest.mark.parametrize("text, sentences", [
    ("\u2022 look up \u2022 hold \u2022 nod twice", ["look up", "hold", "nod twice"]),
    ("* look down * look up", ["look down", "look up"]),
    ("\u2460 tilt R \u2461 tilt L \u2462 back to centre", ["tilt right", "tilt left", "back to centre"]),
    ("i. slow look up ii. hold iii. head falls forward", ["slow look up", "hold", "head falls forward"]),
    ("a) glance left b) glance right", ["glance left", "glance right"]),
    # the times go (the plan times its steps itself); each note is a sentence, its "then" or dash too
    ("0:01 lean fwd / 0:02 tilt R / 0:03 nod x2", ["lean forward", "tilt right", "nod x2"]),
    ("TC 01:00:04:12 head turns L, 01:00:06:00 returns", ["head turns left", "returns"]),
    ("0:05 - glance left; 0:06 - nod", ["glance left", "nod"]),
    ("@0:02 look up", ["look up"]),
])
def test_list_items_and_timecoded_notes_are_sentences(text, sentences):
    assert split_sentences(normalise(text)) == sentences


def test_a_lone_roman_or_letter_is_no_list():
    # "v." alone is "very" (shorthand); "a)" alone may be anything.
    assert split_sentences(normalise("She nods v. slowly")) == ["She nods very slowly"]
    assert normalise("Option a) is fine").startswith("Option a")


@pytest.mark.parametrize("text, steps", [
    ("0:01 lean fwd / 0:02 tilt R / 0:03 nod x2 / 0:05 lean back",
     [("lean", "forward"), ("tilt", "right"), ("nod", ""), ("lean", "back")]),
    ("\u2460 tilt R \u2461 tilt L \u2462 back to centre", [("tilt", "right"), ("tilt", "left"), ("return", "")]),
    ("* look down * look up * shake head slowly", [("look", "down"), ("look", "up"), ("shake", "")]),
    # production labels and a director's opening name or introduce the motion; they are none of it
    ("Movement summary: nod x2, shake x2, hold.", [("nod", ""), ("shake", ""), ("hold", "")]),
    ("Dialogue cam: the captain leans toward the player.", [("lean", "forward")]),
    ("alright, from the top: she looks up, holds, and then back to camera", [("look", "up"), ("hold", ""), ("return", "")]),
    ("SCENE 3 (in-engine): Rook recoils from the blast.", [("recoil", "")]),
    ("Final pose: head down.", [("look", "down")]),
    ("Head: yaw right", [("turn", "right")]),
])
def test_layouts_read_as_their_steps(text, steps):
    assert _steps(text) == steps


def test_counts_after_a_timecode_are_the_notes_own():
    nod = [s for s in read_plan("0:03 nod x2 / 0:05 lean back").steps if s.action == "nod"]
    assert [s.count for s in nod] == [2]


def test_what_is_said_before_a_colon_still_counts_when_it_is_no_label():
    plan = read_plan("Furious: he shakes his head.")
    assert [s.action for s in plan.steps] == ["shake"] and {c.emotion for c in plan.emotions} == {"angry"}
    assert read_plan("Chapter 7: Soil acidity and crop yields.").status == "unreadable"


@pytest.mark.parametrize("text, plain", [
    ("he doesnt nod he shakes", "he doesn't nod, he shakes"),
    ("can u make him look up", "can you make him look up"),
    ("lean foward then nod", "lean forward then nod"),
    ("she tilts her head n looks away", "she tilts her head and looks away"),
    ("ok he nods then looks left idk", "he nods then looks left"),   # an opening "ok" goes too (chat.py)
    ("look left look right look left again then nod", "look left, look right, look left again then nod"),
    # punctuated writing is left as written
    ("Look left; look right.", "Look left; look right."),
])
def test_chat_spelling_is_read_as_meant(text, plain):
    assert normalise(text) == plain


@pytest.mark.parametrize("text, steps", [
    ("he doesnt nod he shakes", [("shake", "")]),
    ("look left look right look left again then nod", [("turn", "left"), ("turn", "right"), ("turn", "left"), ("nod", "")]),
    # a memo's run with no stops: a new verb after where the step before went, a person before a verb, the memo's
    # own name for itself
    ("ok so the mum looks down at the letter looks back up at her daughter shakes her head and laughs",
     [("look", "down"), ("return", ""), ("shake", "")]),
    ("ok first one the mum looks up at the clock", [("look", "up")]),
    ("voice memo so the girl looks up at the ceiling", [("look", "up")]),
    ("memo to self the boy should look left and then look right", [("turn", "left"), ("turn", "right")]),
    ("the man at the desk looks up", [("look", "up")]),
])
def test_chat_reads_as_its_steps(text, steps):
    assert _steps(text) == steps


@pytest.mark.parametrize("text, actions", [
    ("She looks up at the stage. (beat) Nods.", ["look", "hold", "nod"]),     # a beat in brackets is a pause
    ("(long pause) He shakes his head.", ["hold", "shake"]),
    ("tilt R, nod, ctr", ["tilt", "nod", "return"]),                          # "ctr": centre
])
def test_bracketed_beats_and_centre_in_shorthand(text, actions):
    assert [s.action for s in read_plan(text).steps] == actions


def _read(text: str) -> list[tuple[str, str, int]]:
    return [(s.action, s.side, s.count) for s in read_plan(text).steps]


@pytest.mark.parametrize("text, steps", [
    # cells between bars, read by their column's heading; where and when (shot, trigger) is no motion
    ("| take | who  | head move   | side  | count | face    |\n"
     "| 4    | Mira | nod         | –     | 2     | curious |\n"
     "| 5    | Mira | lean        | back  | –     | curious |",
     [("nod", "", 2), ("lean", "back", 1)]),
    ("Shot | Who | Head | Mood\n---|---|---|---\n7 | Bo | shakes, on and on | cross\n8 | Bo | peers up at the roof | cross",
     [("shake", "", 0), ("look", "up", 1)]),
    # a title line over the table is no part of its first row
    ("Rooftop, night\n| cue | motion | times |\n| 1 | nod | 3 |\n| 2 | turn left | 1 |",
     [("nod", "", 3), ("turn", "left", 1)]),
    # columns kept apart by wide gaps, with no heading: a shot's code, a name in capitals, the motion
    ("7_10   TESSA   looks down at the puddle\n7_11   TESSA   shakes her head, twice",
     [("look", "down", 1), ("shake", "", 2)]),
])
def test_a_table_is_read_row_by_row(text, steps):
    assert _read(text) == steps


def test_a_table_row_gives_its_face_column_as_the_feeling():
    plan = read_plan("| who | head | face |\n| Pim | nod | beaming |\n| Pim | look up | beaming |")
    assert [s.action for s in plan.steps] == ["nod", "look"]
    assert [e.emotion for e in plan.emotions][:1] == ["happy"]


def test_prose_with_double_spaces_is_no_table():
    # two spaces after a full stop, on lines of their own, are a typist's habit, not a table's columns
    spaced = "He looks up.  Then he nods.  Then a beat.\nHe turns left.  Then he smiles.  Then he waits."
    assert _read(spaced) == _read(spaced.replace("  ", " "))


def test_hyphen_items_on_lines_of_their_own_are_sentences():
    assert _read("Guard hears a crash\n - flinch, fast\n - look_around x1\n - face: scared") == \
        [("recoil", "", 1), ("look_around", "", 1)]


@pytest.mark.parametrize("text, steps", [
    # a script's objects: the value that is a motion, with its side, speed and count
    ('play_anims("Bram", [\n  {a: "tilt", side: "left", speed: "slow"},\n  {a: "nod", count: 3},\n]);',
     [("tilt", "left", 1), ("nod", "", 3)]),
    # quoted motions in a list are steps; comments are notes to the programmers
    ('npc.queue([\n  "look_up fast",   // the bell rings\n  "shake x2",\n])\n// check the collar on the turn',
     [("look", "up", 1), ("shake", "", 2)]),
])
def test_motions_in_a_game_scripts_code(text, steps):
    assert _read(text) == steps
