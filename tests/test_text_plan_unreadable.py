"""Descriptions with no head or face of a character in them read as unreadable, so the generators refuse them
rather than guess (issue 17: "a description the system cannot read gives a plan that says so"). The kinds are the
ones users paste into a motion field by mistake or write about the shot instead of the character: the camera, the
lights, the scene's things, the hands and the body, another person only, a question to the tool, notes, junk.
Sentences written for these tests; none comes from an evaluation set."""

from __future__ import annotations

import pytest

from backend.motion.text.plan.reader import read_plan

NOT_THE_CHARACTERS_HEAD = [
    # the camera and the cut
    "Dolly in slowly on the two of them.",
    "Rack focus from the glass to the window.",
    "Crane up to reveal the city at night.",
    "Pan across the empty stadium.",
    "Slow push in, then cut to black.",
    "Cut to exterior.",
    "Fade out.",
    # light, sound, weather and things in the scene
    "Key light from camera left, warm fill.",
    "Lights dim to a blue wash.",
    "The kettle starts to whistle.",
    "Phone buzzes on the table.",
    "The music swells.",
    "The clock ticks.",
    "Snow falls softly on the rooftops.",
    "The car turns left at the lights.",
    "The tower leans a little to the right.",
    "A bird flies past the window.",
    # hands and body
    "She drums her fingers on the desk.",
    "Both hands go up in surrender.",
    "She crosses her arms.",
    "He shrugs his shoulders and puts his hands in his pockets.",
    "Walk to the door and open it.",
    "She sits down on the bench.",
    "Wave goodbye with the left hand.",
    "He points at the map.",
    # words of head motion used on things
    "Spin the chair around.",
    "Turn the page.",
    "Lean the ladder against the wall.",
    "Shake the bottle before opening.",
    "Hold the door for her.",
    "Turn off the lights when you leave.",
    # questions, notes and junk
    "Can you make the render faster?",
    "How do I export this to FBX?",
    "What frame rate should I use?",
    "asdf jkl qwerty",
    "lorem ipsum dolor sit amet",
    "Note to self: fix the UVs on the jacket",
    "Wardrobe: blue coat, grey scarf.",
    "Render at 4K please.",
    "Reset the timeline to frame 1.",
]

# Talk about the work rather than the character (`about_the_work.py`): the clip's length and looping, rendering and
# export, which camera, and messages sent to the wrong place or taken back.
ABOUT_THE_WORK = [
    "Make the clip 8 seconds long and loop it.",
    "can you trim the clip to 3 secs",
    "Loop it, please.",
    "Keep it shorter this time.",
    "Render at 24 fps and export as MOV.",
    "Export it as an FBX for the game team.",
    "1080p, 25 fps, H.264",
    "ProRes 422 HQ, 16:9",
    "Bump the resolution to 4K before the review.",
    "Save the file and send me the playblast.",
    "Slow down the animation for the preview.",
    "Rotate the render 90 degrees.",
    "Flip the image for the mirror shot.",
    "Use the second camera for this one.",
    "Switch to the overhead cam.",
    "sorry, wrong window, ignore this",
    "oops wrong chat",
    "Please ignore my last message.",
    "never mind, pasted into the wrong box",
    "nvm",
    "Camera shake as the lorry thunders past.",
    "Heavy handheld shake, documentary feel.",
    "Screen shake on the explosion.",
    "Add a little camera shake when the door slams.",
    # an export's axes and a picture's effects
    "Export it as FBX, Y up, forward axis -Z.",
    "Tilt-shift on the harbour plate, 30% blur.",
    "Give the street plate some depth of field.",
    # a thing with a word before it ("the front door") is still a thing
    "The front door swings open on its hinges.",
    # questions about the rig and the tool: its parts are named for the motions they drive
    "Can you change the head turn preset?",
    "How do I parent the camera to the head bone?",
    "Is there a nod preset in the rig?",
    "Where is the head turn control?",
    "Why does the head tilt slider not work?",
    "quick question: which bone drives the jaw?",
]


@pytest.mark.parametrize("text", ABOUT_THE_WORK)
def test_talk_about_the_work_is_unreadable(text):
    plan = read_plan(text)
    assert plan.status == "unreadable", f"{text!r}: {[s.action for s in plan.steps]} {[c.emotion for c in plan.emotions]}"


@pytest.mark.parametrize("text, steps", [
    ("Make it 5 seconds long: she nods twice, then looks to her left.", [("nod", ""), ("turn", "left")]),
    ("Loop it. He shakes his head slowly.", [("shake", "")]),
    ("Export as FBX when done. Head tilts right, holds.", [("tilt", "right"), ("hold", "")]),
    ("Camera shake as she shakes her head.", [("shake", "")]),
    ("head hangs for the whole clip", [("look", "down")]),
    ("hd shake, continuous, whole shot", [("shake", "")]),
    ("nvm, he should nod three times", [("nod", "")]),
    ("Never mind the phone, she just looks up.", [("look", "up")]),
    ("Use camera two. He turns to his right.", [("turn", "right")]),
    ("Wrong take earlier; this one: lean back and nod.", [("lean", "back"), ("nod", "")]),
    ("The clerk tilts her head to the left. Keep the whole thing under six seconds.", [("tilt", "left")]),
    ("He nods twice; keep it all within 4 seconds, please.", [("nod", "")]),
])
def test_talk_about_the_work_beside_the_characters_steps_leaves_them(text, steps):
    assert [(s.action, s.side) for s in read_plan(text).steps] == steps


@pytest.mark.parametrize("text", NOT_THE_CHARACTERS_HEAD)
def test_a_text_without_the_characters_head_or_face_is_unreadable(text):
    plan = read_plan(text)
    assert plan.status == "unreadable", f"{text!r}: {[s.action for s in plan.steps]} {[c.emotion for c in plan.emotions]}"


@pytest.mark.parametrize("text, actions", [
    ("Snow drifts past the window as she turns her head to the left.", ["turn"]),
    ("The car pulls away; he turns to watch it go.", ["turn"]),
    ("Head turns left.", ["turn"]),
    ("Rain-soaked, she looks up.", ["look"]),
    ("Snow White turns to the mirror.", ["turn"]),
    ("She spins around to face him.", ["turn"]),
    ("Dolly in as he nods twice.", ["nod"]),
])
def test_the_scene_beside_the_character_leaves_the_characters_steps(text, actions):
    assert [s.action for s in read_plan(text).steps] == actions
