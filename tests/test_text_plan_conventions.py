"""Text → motion plan, the labelling guide's conventions of structure (`bench/data/LABELLING.md`, rules 1-8) and
the seventh round's tail: participles and held poses that run with a motion, stares, other people in the same
text, take notes that correct themselves, non-native word order and directions in the second person (real MiniLM
encoder and classifier; the sentences are written for these tests)."""

from __future__ import annotations

import pytest

from backend.motion.text.plan.clauses import split_clauses
from backend.motion.text.plan.reader import read_plan
from backend.motion.text.plan.take_notes import final_take


def steps_of(text: str) -> list[tuple[str, str, int]]:
    return [(s.action, s.side, s.count) for s in read_plan(text).steps]


def actions_of(text: str) -> list[str]:
    return [s.action for s in read_plan(text).steps]


def overlaps_of(text: str) -> list[int | None]:
    return [s.overlaps for s in read_plan(text).steps]


# ---------------------------------------------------------------------------------- rules 1 and 2: together


@pytest.mark.parametrize("text, actions", [
    ("Turning to her right, the old man shakes his head.", ["turn", "shake"]),
    ("Lifting her chin, she nods.", ["look", "nod"]),
    ("Slowly turning to her left, she nods a couple of times.", ["turn", "nod"]),      # an adverb before the participle
    ("Turning his face leftward, he looks up at the roof.", ["turn", "look"]),          # any motion, not only a repeated one
    ("Leaning in, he turns right.", ["lean", "turn"]),
    ("Head turning to the left, he nods.", ["turn", "nod"]),                   # the head and a present participle
    ("Turning right, nod twice.", ["turn", "nod"]),                            # an instruction
])
def test_a_present_participle_that_moves_the_head_runs_with_the_motion(text, actions):
    assert actions_of(text) == actions and overlaps_of(text) == [None, 0]


@pytest.mark.parametrize("text, actions", [
    ("Having turned left, she nods.", ["turn", "nod"]),
    ("After leaning back, he tilts his head right.", ["lean", "tilt"]),
    ("Having looked up, she shakes her head two times.", ["look", "shake"]),
    ("Pausing, he nods.", ["hold", "nod"]),                                        # a pause comes first
    ("Lowering her eyes, she mumbles something and then looks up again.", ["look", "look"]),   # no main step
])
def test_having_after_and_pauses_come_one_after_the_other(text, actions):
    assert actions_of(text) == actions and overlaps_of(text) == [None, None]


@pytest.mark.parametrize("text, actions", [
    ("Head tilted, he keeps nodding.", ["tilt", "nod"]),
    ("His head cocked to one side, he keeps nodding.", ["tilt", "nod"]),
    ("Chin down, he shakes his head again and again.", ["look", "shake"]),
    ("With her head tilted, she nods over and over.", ["tilt", "nod"]),         # "with" and the pose
    ("With his head turned away, he keeps nodding.", ["turn", "nod"]),
    ("Head bowed, he shakes it slowly.", ["look", "shake"]),
    # kept up after a move to the pose, said without "then" (ninth round)
    ("Cock the head right, keep nodding.", ["tilt", "nod"]),
    ("She leans in and keeps nodding along.", ["lean", "nod"]),
    ("Head tipped to the side, half listening, nodding now and again.", ["tilt", "nod"]),
])
def test_a_pose_held_while_a_motion_repeats_runs_with_it(text, actions):
    assert actions_of(text) == actions and overlaps_of(text) == [None, 0]


@pytest.mark.parametrize("text, actions", [
    ("Tilt the head left, then keep nodding.", ["tilt", "nod"]),   # "then": after the pose is reached
    ("He looks down and afterwards keeps shaking his head.", ["look", "shake"]),
])
def test_a_motion_kept_up_after_then_comes_after_the_pose(text, actions):
    assert actions_of(text) == actions and overlaps_of(text) == [None, None]


@pytest.mark.parametrize("text", [
    "Her head tips right and stays, nodding along to the tune.",
    "He lowers his head and stays like that, shaking it slowly.",
    "He tips his head to the right and holds it so. Over that tilt, he nods again and again.",
    "tilt L, hold it there, bobbing along with the beat",
])
def test_a_pose_said_kept_while_a_motion_repeats_is_no_pause(text):
    # the pose kept is what the motion runs with (rule 2), not a hold of its own
    plan = read_plan(text)
    assert [s.action for s in plan.steps][0] in ("tilt", "look") and len(plan.steps) == 2, plan.steps
    assert plan.steps[1].overlaps == 0


@pytest.mark.parametrize("text, actions", [
    ("She tilts her head and keeps it there. Then she nods twice.", ["tilt", "hold", "nod"]),   # after: a pause first
    ("He bows his head and stays like that. A long silence.", ["look", "hold"]),
])
def test_a_pose_kept_before_a_later_motion_is_a_hold(text, actions):
    assert actions_of(text) == actions


def test_a_held_pose_after_the_motion_runs_with_it():
    plan = read_plan("She keeps nodding, her head tilted to one side.")
    assert [(s.action, s.overlaps) for s in plan.steps] == [("nod", None), ("tilt", 0)]


@pytest.mark.parametrize("text, actions", [
    ("His head turned left, and he nodded.", ["turn", "nod"]),   # a past tense before "and": its own clause
    ("Head bowed, she turns left.", ["look", "turn"]),              # a pose, then one move
])
def test_a_head_and_a_past_tense_is_not_always_a_held_pose(text, actions):
    assert actions_of(text) == actions and overlaps_of(text) == [None, None]


def test_an_absolute_pose_is_marked_on_its_clause():
    clauses = split_clauses("Head cocked left, he nods along.")
    assert [(c.participle, c.absolute) for c in clauses] == [(True, True), (False, False)]


# ---------------------------------------------------------------------------------------- rule 3: stares


@pytest.mark.parametrize("text, steps", [
    ("He stares at the door.", [("hold", "", 1)]),
    ("She stares.", [("hold", "", 1)]),
    ("The old man stares into the fire.", [("hold", "", 1)]),
    ("He gazes longingly at the photograph.", [("hold", "", 1)]),
    ("She glowers at the screen.", [("hold", "", 1)]),                 # a glare too, with its feeling
    ("He glares at the man across the table.", [("hold", "", 1)]),
    ("She stares down at her hands.", [("look", "down", 1)]),          # a direction: a look or a turn
    ("She stares at the ceiling.", [("look", "up", 1)]),
    ("He stares off to the left.", [("turn", "left", 1)]),
    ("He glares up at the balcony.", [("look", "up", 1)]),
    # a name with a role before it, as a screenplay writes it in capitals, is still the one who stares
    ("INT. DOCK - NIGHT\n\nSERGEANT IDA HOLM stares out across the water.", [("hold", "", 1)]),
    ("Captain Rolf Berg gazes straight ahead.", [("hold", "", 1)]),
])
def test_a_stare_with_no_direction_is_a_hold(text, steps):
    assert steps_of(text) == steps


def test_a_glare_keeps_its_feeling():
    plan = read_plan("He glares at her.")
    assert [s.action for s in plan.steps] == ["hold"] and [c.emotion for c in plan.emotions] == ["angry"]


@pytest.mark.parametrize("text, actions", [
    ("She glowers and turns to the window.", ["turn"]),            # joined by "and": the look on the face
    ("Glaring, he lifts his chin.", ["look"]),                         # a participle: the same
    ("He stares at the clock, then shakes his head.", ["hold", "shake"]),   # after "then": a pause of its own
    ("A brief nod, then a long stare.", ["nod", "hold"]),
])
def test_a_stare_joined_to_a_motion_is_the_face_only(text, actions):
    assert actions_of(text) == actions


# -------------------------------------------------------------------------------- rules 4 and 5: away, down


@pytest.mark.parametrize("text, step", [
    ("She looks away.", ("turn", None)),
    ("She turns her face away.", ("turn", None)),
    ("She bows her head slightly.", ("look", "down")),
    ("His head droops.", ("look", "down")),
    ("He lets his head hang.", ("look", "down")),
    ("She drops her chin.", ("look", "down")),
    ("He quickly looks away, ashamed.", ("turn", None)),        # a quick look away is still a turn, not a glance
    ("She averts her eyes.", ("turn", None)),
    ("She turns away from the lens.", ("turn", None)),         # away from the camera is no return
    ("Her head sags.", ("look", "down")),                       # not up
    ("His head slumps.", ("look", "down")),                     # a motion, not a feeling alone
    ("Her head lolls.", ("look", "down")),
])
def test_looking_away_is_a_turn_and_bowing_is_a_look_down(text, step):
    got = read_plan(text).steps
    assert len(got) == 1 and got[0].action == step[0] and (step[1] is None or got[0].side == step[1])


@pytest.mark.parametrize("text", ["He looks away, then looks back.", "He glances right, then faces front again."])
def test_looking_back_is_a_return(text):
    assert actions_of(text)[-1] == "return"


# ----------------------------------------------------------------------------------- rule 6: other people


@pytest.mark.parametrize("text, actions", [
    ("He nods as she turns away.", ["nod"]),                             # a pronoun of the other gender
    ("She shakes her head while he looks at her.", ["shake"]),
    ("While the crowd cheers, she bows her head.", ["look"]),            # a group
    ("As her brother looks away, she nods once.", ["nod"]),              # a relative
    ("He looks up when his father nods.", ["look"]),
    ("She nods; her friend turns to the left.", ["nod"]),
    ("His partner leans in and he tilts his head.", ["tilt"]),
    ("Her mother nods, then she nods too.", ["nod"]),
    ("The man in front of her turns around, and she looks down.", ["look"]),   # someone placed by her
    ("When the stranger nods at her, she glances away.", ["glance"]),   # someone acting on her
    ("The teacher looks at him and he looks away.", ["turn"]),
    ("The guard shakes his head. She turns left.", ["shake"]),           # the first subject is the character
    ("The detective leans in, and the suspect looks away.", ["lean"]),   # another noun
    ("His mother's head turns, and he looks down.", ["look"]),
    ("The camera pans left as he turns his head.", ["turn"]),           # the camera is no one's head
    ("You turn left as he nods.", ["turn"]),                             # second person
])
def test_other_peoples_motion_is_not_the_characters(text, actions):
    assert actions_of(text) == actions


@pytest.mark.parametrize("text, actions", [
    ("When the old woman hears the news, she lowers her head.", ["look"]),   # the same person, by name and pronoun
    ("As the old man turns, he nods.", ["turn", "nod"]),
    ("A young woman turns left. She nods.", ["turn", "nod"]),
    ("Her hands tremble as she nods.", ["nod"]),                         # her own hands
    ("His eyes dart to the left, then he turns.", ["turn"]),
    ("He turns left. You can see him nod twice.", ["turn", "nod"]),      # "you": a director talking
])
def test_the_characters_own_clauses_stay(text, actions):
    assert actions_of(text) == actions


def test_another_persons_feeling_is_not_the_characters():
    plan = read_plan("Her friend laughs, and she slowly lowers her head.")
    assert [s.action for s in plan.steps] == ["look"] and not plan.emotions


@pytest.mark.parametrize("text, steps", [
    # the first one named whose head moves, though the other acts first (the guide's rule 15)
    ("[1] a kitchen at night\n[2] Ada and Ben at the table. Ben slides her a letter.\n"
     "[3] Ada looks down at the letter, then up at Ben.\n[4] Ben smiles, nods.",
     [("look", "down", 1), ("look", "up", 1)]),
    # "Both" is no one's name
    ("Both twins small in the doorway. Rhea squints, tilts her head to her right. Kai spits. (His head stays still.)",
     [("tilt", "right", 1)]),
    # a name that ends like an adverb is still a name, and "Two" no one's name: Molly is named first, and her head moves
    ("PANEL 1: Two friends on a bench: MOLLY and her cousin TEO.\nPANEL 2: Teo points at a kite. Molly doesn't look.\n"
     "PANEL 3: Molly turns her head to the left.\nPANEL 4: Teo tilts his head, puzzled.", [("turn", "left", 1)]),
    # "our model" in a note is the one it animates, not a relative of the writer
    ("Hi Jo,\n\nOur model turns her head to the left, then nods.\n\nTravel plans attached.\n\nBest,\nMia",
     [("turn", "left", 1), ("nod", "", 0)]),
])
def test_the_character_a_scene_or_a_note_is_about(text, steps):
    assert steps_of(text) == steps


def test_clauses_know_who_they_are_about():
    clauses = split_clauses("As her sister leans closer, he nods twice.")
    assert [c.other_person for c in clauses] == [True, False]


# ------------------------------------------------------------------------------------- rule 7: take notes


@pytest.mark.parametrize("text, steps", [
    ("NG: looked L instead of R. Redo: look R.", [("turn", "right", 1)]),
    ("Nod, scratch that, shake instead.", [("shake", "", 0)]),
    ("Turn left - no wait, right.", [("turn", "right", 1)]),
    ("He nods twice. No wait, make it three times.", [("nod", "", 3)]),
    ("Shake head. Actually, nod instead.", [("nod", "", 0)]),
    ("Tilt right. Correction: tilt left.", [("tilt", "left", 1)]),
    ("Look down... sorry, I meant look up.", [("look", "up", 1)]),
    ("Nod once — scratch that — nod twice.", [("nod", "", 2)]),
    ("Turn to the right, no, the left.", [("turn", "left", 1)]),
    ("Take 2: nodded three times, should be two. Redo with two nods.", [("nod", "", 2)]),
    ("She turns left, or rather right.", [("turn", "right", 1)]),
    ("Nod 3x. wait no, 2x.", [("nod", "", 2)]),
    ("first take: head tilt left. NG. retake: tilt right.", [("tilt", "right", 1)]),
    ("look up then down. no - down then up.", [("look", "down", 1), ("look", "up", 1)]),
    ("Nod, nod. Strike that: just one nod.", [("nod", "", 1)]),
    ("Take 3 NG, he looked up too early. Redo: look up, then nod.", [("look", "up", 1), ("nod", "", 0)]),
    # a redo that only changes how the take before goes keeps what was said before it; an old take's account
    # after the take asked for goes
    ("She tilted her head left; redo with right.", [("tilt", "right", 1)]),
    ("Pickup: he nods twice, then looks up and turns to his right. In the last take he turned left; redo with right.",
     [("nod", "", 2), ("look", "up", 1), ("turn", "right", 1)]),
    # a voice memo's correction without a comma, and the side said twice
    ("ok so she tilts right no sorry her left her left and then she holds", [("tilt", "left", 1), ("hold", "", 1)]),
    ("the robot looks down no wait up and then nods twice", [("look", "up", 1), ("nod", "", 2)]),
    # a review's "but it should be …" replaces what the take does
    ("The guard is tilting his head but it should be a nod.", [("nod", "", 1)]),
    # a motion kept, placed before the one asked for
    ("The nods are too eager. Want one nod. Keep the tilt to her right before it.", [("tilt", "right", 1), ("nod", "", 1)]),
    ("Make it a shake, once. Keep the small look up first.", [("look", "up", 1), ("shake", "", 1)]),
    ("What to change: one nod, slow.\nWhat to keep: the tilt to his left before it, and the grin.",
     [("tilt", "left", 1), ("nod", "", 1)]),
])
def test_a_take_note_that_corrects_itself_is_its_final_take(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text", [
    "She shakes her head, no, no, no.",
    "She nods, then actually smiles.",
    "He nods. Actually, he looks quite pleased.",
    "The nod should be small and slow.",
    "I mean it, she says, and nods.",
    "Instead of nodding, she turns away.",
    "She shakes her head: no.",
    "She nods twice. Sorry for the long note.",   # an apology for something takes nothing back
    "There is no wait between the nod and the turn.",
    "Keep it calm before the big scene.",
])
def test_words_that_only_sound_like_a_correction_change_nothing(text):
    from backend.motion.text.plan.scripts import normalise
    assert final_take(normalise(text)) == normalise(text)


@pytest.mark.parametrize("text, steps", [
    ("Take 6 works: the glance left, then three nods. Just speed the nods up.",
     [("glance", "left", 1), ("nod", "", 3)]),
    ("Keep the two shakes and the tilt right; slow the shakes down a touch.", [("shake", "", 2), ("tilt", "right", 1)]),
    ("Good: one turn to his right, then a nod. Make the turn slower.", [("turn", "right", 1), ("nod", "", 1)]),
    ("Tilt left, then two nods. Smaller on the nods.", [("tilt", "left", 1), ("nod", "", 2)]),
])
def test_a_speed_or_size_note_on_a_motion_said_before_is_no_new_step(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    # rule 7: a later note takes back the nearest step of that motion said before it, and adds none of its own
    ("The clerk nods, then tilts left. Lose the tilt.", [("nod", "", 0)]),
    ("She tilts right and shakes her head. Get rid of the tilt.", [("shake", "", 0)]),
    ("Tilting left, the boy nods. Scrap the tilt.", [("nod", "", 0)]),
    ("He nods once, glances at the clock, then nods again. Cut the second nod.", [("nod", "", 1), ("glance", None, 1)]),
    ("The judge nods three times, then looks down. Lose the second nod.", [("nod", "", 2), ("look", "down", 1)]),
    ("He turns left, then turns back. Kill the turn back.", [("turn", "left", 1)]),
    ("She looks up, then shakes her head. The shake is too much, cut it.", [("look", "up", 1)]),
    ("Ada glances left, then a slow tilt to the right. The tilt can go.", [("glance", "left", 1)]),
    ("Ivo nods, then leans back. Do it without the lean.", [("nod", "", 0)]),
    ("Mo tilts right, then nods. Same again, but without the tilt.", [("nod", "", 0)]),
    # the thing it went to names the step; the note's own "actually", "no" take nothing else back
    ("Kai glances down twice, then looks up at the clock. Scratch the look at the clock, actually: he nods instead.",
     [("glance", "down", 2), ("nod", "", 0)]),
    ("Lu tilts right, then leans back. Actually no, lose the lean back.", [("tilt", "right", 1)]),
    ("Lu tilts right, then leans back. Actually no, lose the lean back, end on the tilt.", [("tilt", "right", 1)]),
    ("He shakes his head twice. I said add a lean forward after it; keep it without the lean.", [("shake", "", 2)]),
    # "the nods", "both": every step of that motion said before
    ("The cook nods twice and looks down, then nods again. Bin the nods.", [("look", "down", 1)]),
    # motions listed, then cut: each goes, and the list is no step
    ("She nods, tilts left and glances up. The tilt and the glance, lose them.", [("nod", "", 0)]),
    ("Only the nod, slow. Everything else - the tilt, the lean back, the look around - cut.", [("nod", "", 1)]),
])
def test_a_later_note_takes_back_the_motion_said_before_it(text, steps):
    assert _same_steps(steps_of(text), steps)


def _same_steps(got, wanted) -> bool:
    """Steps as wanted; a side wanted as None is not checked (a glance at a thing has no side said)."""
    return len(got) == len(wanted) and all(g[0] == w[0] and g[2] == w[2] and (w[1] is None or g[1] == w[1])
                                           for g, w in zip(got, wanted))


def test_what_a_later_note_takes_back_is_told_in_the_plan():
    notes = read_plan("The clerk nods, then tilts left. Lose the tilt.").notes
    assert any("takes back" in n and "tilt" in n for n in notes)


@pytest.mark.parametrize("text, steps", [
    ("The cat tilts its head left, then nods. Make that tilt a lean.", [("lean", None, 1), ("nod", "", 0)]),
    ("She shakes her head twice. Change the shake to a nod.", [("nod", "", 2)]),
    # made a start back: a recoil goes back, whatever way the step went
    ("At the knock his jaw drops and he tilts to the right, slowly. Swap the tilt for a sharp recoil.",
     [("recoil", "", 1)]),
    ("She tilts left, then nods. Make that tilt a flinch.", [("recoil", "", 1), ("nod", "", 0)]),
    # a head jerk named is the start back said before
    ("[uli] mouth opens, head jerks back\n[vic] keep the mouth, lose the head jerk\n[uli] sure", []),
    ("He flinches, then nods. Cut the jerk.", [("nod", "", 0)]),
    # "replace it with …": the motion asked for, not one run with a step
    ("Take 6. Keep the shake. Cut the look up at the end, and replace it with a slow glance at the window on her left.",
     [("shake", "", 1), ("glance", "left", 1)]),
    ("Rae nods, then tilts. Make the tilt a look up.", [("nod", "", 0), ("look", "up", 1)]),
    # the motion changed was not said: the one asked for, with its own words
    ("Replace the tilt left with a slow look down, please.", [("look", "down", 1)]),
    ("Bo glances left, then nods. The glance should go right, not left.", [("glance", "right", 1), ("nod", "", 0)]),
    ("He nods four times. Three nods, not four.", [("nod", "", 3)]),
    ("The guard nods five times. Not five nods, two.", [("nod", "", 2)]),
    ("Tilt left, then shake twice, then look up. not three shakes, two", [("tilt", "left", 1), ("shake", "", 2), ("look", "up", 1)]),
    ("She shakes her head three times, then looks down. One fewer shake.", [("shake", "", 2), ("look", "down", 1)]),
    ("The owl nods, then glances at the moon. Put the glance before the nod.", [("glance", None, 1), ("nod", "", 0)]),
    ("He tilts right, then nods twice. The nod comes first.", [("nod", "", 2), ("tilt", "right", 1)]),
    ("She shakes her head and looks down. The shake should come after the look.", [("look", "down", 1), ("shake", "", 0)]),
])
def test_a_later_note_changes_or_moves_the_motion_said_before_it(text, steps):
    assert _same_steps(steps_of(text), steps)


@pytest.mark.parametrize("text", [
    "She loses her temper and shakes her head.",
    "He drops his head.",
    "She nods. Cut to the window.",
    "He nods without the hat.",
    "She tilts her head. No, she says, not today.",
])
def test_words_that_only_sound_like_taking_a_motion_back_change_nothing(text):
    from backend.motion.text.plan.scripts import normalise
    assert final_take(normalise(text)) == normalise(text)


@pytest.mark.parametrize("text, steps", [
    ("Why does she keep tilting? She should turn right, once.", [("turn", "right", 1)]),
    ("Why is the guard nodding? He ought to shake his head twice.", [("shake", "", 2)]),
])
def test_a_question_about_what_the_take_does_is_no_step(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    # a correction that names a motion said before, with a side: only that motion's side changes
    ("He should turn his head to his left, then come back to centre. Correction from the producer: the turn must be "
     "to his right.", [("turn", "right", 1), ("return", "", 1)]),
    # the number the take has, and the number wanted
    ("The shakes: you've done five, we want three.", [("shake", "", 3)]),
    # a motion the client likes is in the take, at the number it is cut to
    ("Tilt right first. They love the shake after it but there are too many; cut it to three.",
     [("tilt", "right", 1), ("shake", "", 3)]),
    # a list of the motions kept, each a step
    ("Keep all of it: the turn left, the three nods, the smile.", [("turn", "left", 1), ("nod", "", 3)]),
    # the number kept is the motion's count; what the take did, then what it should do, is the latter
    ("Good nods (keep all four). Then turn left.", [("nod", "", 4), ("turn", "left", 1)]),
    ("Nice nod, but she tilted right, she should tilt left.", [("nod", "", 1), ("tilt", "left", 1)]),
    # one more of the motion just said is that motion counted once more
    ("The glance left works. Put in another glance left just after it.", [("glance", "left", 2)]),
    # a motion told, then judged in its sentence as something to go, is no step
    ("Tilt left is great. Then he bobs his head like a pigeon, and that bobbing has to go. End on a nod.",
     [("tilt", "left", 1), ("nod", "", 1)]),
])
def test_a_note_that_corrects_or_keeps_a_motion_said_before(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    ("Tilt L, then a look up right after it.", [("tilt", "left"), ("look", "up")]),
    ("Turn R right before the shake.", [("turn", "right"), ("shake", "")]),
])
def test_right_after_a_side_says_when(text, steps):
    assert [(a, side) for a, side, _ in steps_of(text)] == steps


@pytest.mark.parametrize("text, action", [
    ("Speed the nods up.", "nod"),       # nothing said before: the note is the motion asked for
    ("Slow the shake down.", "shake"),
])
def test_a_speed_note_alone_is_its_motion(text, action):
    assert actions_of(text) == [action]


@pytest.mark.parametrize("text, steps", [
    ("Pass 1: turn R then nods x2. Pass 2: same but nods faster.", [("turn", "right", 1), ("nod", "", 2)]),
    ("Take 6: tilts L and shakes head. Take 7: same as 6 but shakes smaller.", [("tilt", "left", 1), ("shake", "", 0)]),
    ("Take 2: looks up. Take 3: same, but nods slower.", [("look", "up", 1), ("nod", "", 0)]),   # a nod not said before
])
def test_the_same_take_with_its_motion_changed_is_no_new_step(text, steps):
    assert steps_of(text) == steps


def test_a_corrected_take_says_so_in_the_notes():
    plan = read_plan("Glance left. Scratch that, glance right.")
    assert [(s.action, s.side) for s in plan.steps] == [("glance", "right")]
    assert any("final take" in n for n in plan.notes)


# ------------------------------------------------------------------------------------ rule 8: face only


@pytest.mark.parametrize("text, emotion", [
    ("She beams.", "happy"),
    ("His jaw drops.", "surprised"),
    ("She sneers.", "contempt"),
    ("Her face crumples.", "sad"),
])
def test_a_face_only_description_has_no_steps_and_its_feeling(text, emotion):
    plan = read_plan(text)
    assert plan.status != "unreadable" and not plan.steps and [c.emotion for c in plan.emotions] == [emotion]


# ---------------------------------------------------------------- non-native word order, second person


@pytest.mark.parametrize("text, steps", [
    ("To left he turn the head.", [("turn", "left", 1)]),
    ("Two times nod.", [("nod", "", 2)]),
    ("Three time he shake head.", [("shake", "", 3)]),
    ("The head go down, then go up again.", [("look", "down", 1), ("look", "up", 1)]),
    ("You turn your head left, then you nod twice.", [("turn", "left", 1), ("nod", "", 2)]),
    ("First you look left, then you look right.", [("turn", "left", 1), ("turn", "right", 1)]),
    ("You should nod once, slowly.", [("nod", "", 1)]),
    ("The cook turn the head at right, after at left.", [("turn", "right", 1), ("turn", "left", 1)]),   # then
    ("She tilt the head to left, like she wait the bus.", [("tilt", "left", 1)]),     # how she is, no pause
    ("He nod two times, like he expect good news.", [("nod", "", 2)]),
])
def test_non_native_word_order_and_the_second_person(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text", ["She frowns.", "He blinks slowly.", "Her lower lip quivers."])
def test_a_face_with_no_feeling_named_is_read_not_unreadable(text):
    plan = read_plan(text)
    assert plan.status == "ok" and not plan.steps


@pytest.mark.parametrize("text", ["The kettle boils over.", "Quarterly figures are due on the first Monday."])
def test_a_text_with_no_face_and_no_head_stays_unreadable(text):
    assert read_plan(text).status == "unreadable"


# ------------------------------------------------------------------------------ rule 4: back is a return


@pytest.mark.parametrize("text, actions", [
    ("Just a flick of the eyes up, then back down.", ["glance", "return"]),
    ("She glances down, then looks back up.", ["glance", "return"]),
    ("0:00 hold, 0:02 turn L, 0:04 back", ["hold", "turn", "return"]),
    ("He looks down at his boots, then back up at the lamp.", ["look", "look"]),   # back to a thing: a look
    ("glance R and back", ["glance"]),                                   # a glance comes back by itself
    ("Tilt, shake, tilt back.", ["tilt", "shake", "return"]),            # the tilt undone
    ("Cock the head, puzzled, then straighten.", ["tilt", "return"]),
    ("Astonished, she looked from the open door to the broken vase and back again.", ["turn", "return"]),
])
def test_going_back_the_way_the_head_came_is_a_return(text, actions):
    assert actions_of(text) == actions


# Rule 19: back down after a look up is a look down; back up after a look down is a return, also back up at the one
# the head faced before it went down (back up at a thing stays a look, above).
@pytest.mark.parametrize("text, steps", [
    ("0:02 look up in surprise, 0:04 look back down", [("look", "up"), ("look", "down")]),
    ("She raises her eyes to the kite, then back down.", [("look", "up"), ("look", "down")]),
    ("He peers up at the clock, waits, then lets his head sink back down.", [("look", "up"), ("hold", ""), ("look", "down")]),
    ("She stares down at her shoes, then looks back up at him.", [("look", "down"), ("return", "")]),
    ("Eyes to the carpet first, slowly. Then back up to me.", [("look", "down"), ("return", "")]),
    ("Just a flick of the eyes up, then back down.", [("glance", "up"), ("return", "")]),   # a glance comes back
])
def test_back_down_after_a_look_up_is_a_look_down(text, steps):
    assert [(s.action, s.side) for s in read_plan(text).steps] == steps


@pytest.mark.parametrize("text, step", [
    ("He tips his head back and shuts his eyes.", ("look", "up")),   # the head tipped back is up, not a return
    ("She let her head drop back onto the cushion.", ("look", "up")),
])
def test_the_head_back_is_up(text, step):
    assert [(s.action, s.side) for s in read_plan(text).steps] == [step]


# ---------------------------------------------------------------------------------- said again, said n times


@pytest.mark.parametrize("text, steps", [
    ("Turn right, turn right again, then left.", [("turn", "right", 1), ("turn", "right", 1), ("turn", "left", 1)]),
    ("She looks around, rubs her neck, looks around again.", [("look_around", "", 1)] * 2),
    ("He looks around the hall twice.", [("look_around", "", 1)] * 2),
    ("Look right twice and left twice.", [("glance", "right", 2), ("glance", "left", 2)]),
    ("He shakes his head. Again. And again.", [("shake", "", 3)]),
    ("First a small shake, then a bigger one.", [("shake", "", 1), ("shake", "", 1)]),
    # a number of "ones" after "then" is that many more of the step before, said by their size or speed
    ("The goat nods, then three tiny ones.", [("nod", "", 0), ("nod", "", 3)]),
    ("Shake once and then two slower ones", [("shake", "", 1), ("shake", "", 2)]),
    ("Shake x2, then once more, faster.", [("shake", "", 2), ("shake", "", 1)]),   # said with its own speed
    ("He nods twice at the first line and twice again at the second.",
     [("nod", "", 2), ("nod", "", 2)]),
    ("glance left glance right glance left again", [("glance", "left", 1), ("glance", "right", 1),
                                                    ("glance", "left", 1)]),      # again, to another side
])
def test_a_step_said_again_is_done_again(text, steps):
    assert steps_of(text) == steps


# ----------------------------------------------------------------------------------------- negation


@pytest.mark.parametrize("text, actions", [
    ("Without a word she turned her face to the window.", ["turn"]),   # silence, then her own verb
    ("Not a shake, a nod.", ["nod"]),
    ("Neither nods nor shakes his head; he only grins.", []),
    ("Without looking up, he nods.", ["nod"]),
])
def test_what_is_not_done_and_what_is(text, actions):
    assert actions_of(text) == actions


# ------------------------------------------------------------------------------- more of who it is about


@pytest.mark.parametrize("text, actions", [
    ("No one in the kitchen moved; the vet came out, glanced at each of us, and then sadly shook her head, "
     "and the boy's face crumpled as he slid down the wall.", ["glance", "shake"]),
    ("She nodded once, the way old friends nod goodbye, and looked off toward the harbour.", ["nod", "turn"]),
    ("The power cut out, and she spun sharply to her right, then left, until somebody giggled and found a torch "
     "and the lights came up.", ["turn", "turn"]),
    ("The actor turns his head left. His co-star nods.", ["turn"]),
    ("She bowed her head, and her brother hid his face against her arm, and for an hour neither of them moved.",
     ["look", "hold"]),                                                 # "neither of them" is no one else
])
def test_who_a_long_sentence_is_about(text, actions):
    assert actions_of(text) == actions


@pytest.mark.parametrize("text, steps", [
    ("Take 4: nod, no wait, tilt R instead. Tilt R then hold.", [("tilt", "right", 1), ("hold", "", 1)]),
    ("Take 3 was wrong (nod). Correct take 5: shake twice then tilt L.", [("shake", "", 2), ("tilt", "left", 1)]),
])
def test_a_take_said_again_after_its_correction_is_done_once(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, actions", [
    ("he look to the sky and after the head go down slow", ["look", "look"]),   # "and after": then
    ("WIDE ON Mara. She slowly turns toward the door. (beat) Nods.", ["turn", "hold", "nod"]),
])
def test_and_after_and_a_beat(text, actions):
    assert actions_of(text) == actions


@pytest.mark.parametrize("text, actions", [
    ("Could you have her look up slowly, like she's seeing the comet for the first time?", ["look"]),  # how, no step
    ("Terrified, the boy stared up at the figure, unable even to breathe.", ["look"]),   # what he cannot do
    ("Bending her head over the map, the captain nodded along.", ["look", "nod"]),      # over a thing: down
    ('"Sit down," he says. She lifts her chin.', ["look"]),                   # the speaker is someone else
    ("Impassive, the sentry looks straight ahead.", ["hold"]),                           # nothing to come back from
    ("She turns left, then looks straight ahead.", ["turn", "return"]),
])
def test_manner_inability_and_where_the_head_already_is(text, actions):
    assert actions_of(text) == actions


@pytest.mark.parametrize("text, actions, emotions", [
    ("Tilting her head, the lamplighter looks up at the window.", ["tilt", "look"], []),   # a person no list knows
    ("She holds still until the whistle blows, then turns to her left.", ["hold", "turn"], []),   # her own "then"
])
def test_things_and_time_clauses_leave_the_character_alone(text, actions, emotions):
    plan = read_plan(text)
    assert [s.action for s in plan.steps] == actions and [c.emotion for c in plan.emotions] == emotions


@pytest.mark.parametrize("text, marks", [
    ("The blood drains from his cheeks; he looks slowly down at the telegram.", [False, False]),   # his cheeks
    ("She nodded until the lights came up.", [False, True]),                                    # a thing
    ("A shiver runs through him, and he looks away.", [False, False]),                           # through him
    ("The vet came out and shook her head, and the boy slid down the wall.", [False, False, True]),   # a person
])
def test_a_thing_is_someone_else_unless_it_is_about_the_character(text, marks):
    assert [c.other_person for c in split_clauses(text)] == marks


@pytest.mark.parametrize("text, steps", [
    ("Look up at the skylight, then down at your notes, then at the skylight again.",
     [("look", "up", 1), ("look", "down", 1), ("look", "up", 1)]),                 # a place above, named again
    ("Whilst the choir sings he tips his head back and shuts his eyes, content.", [("look", "up", 1)]),
])
def test_places_named_again_and_time_clauses_without_a_comma(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, actions", [
    ("Blank face. Beat. He turns and looks straight into the lens.", ["hold", "return"]),   # one move, the look's
    ("He turns and looks up at the sky.", ["look"]),
    ("He turns, then looks up.", ["turn", "look"]),                    # "then": two moves
    ("She spun her head round to stare at the stranger, furious.", ["turn", "hold"]),   # a move made to stare
    ("L turn, R turn, ctr", ["turn", "turn", "return"]),
])
def test_a_turn_to_look_and_a_move_to_stare(text, actions):
    assert actions_of(text) == actions


def test_a_move_to_stare_up_is_one_look_up():
    assert actions_of("He throws his head right back to stare at the stars.") == ["look"]


# Notes shorthand: a head "cocked" as a pose is a tilt; going back after "+" follows the move it undoes; a "stop"
# between two pieces is a pause.
@pytest.mark.parametrize("text,steps", [
    ("lean in, head cocked left, nods", [("lean", "forward", 1), ("tilt", "left", 1), ("nod", "", 0)]),
    ("Her head is cocked to the right.", [("tilt", "right", 1)]),
    ("quick glance up + back down", [("glance", "up", 1), ("return", "", 1)]),
    ("tilt R + return to centre", [("tilt", "right", 1), ("return", "", 1)]),
    ("tilt L, then stop, then tilt R", [("tilt", "left", 1), ("hold", "", 1), ("tilt", "right", 1)]),
    ("Kim nods, stops, and shakes her head.", [("nod", "", 0), ("hold", "", 1), ("shake", "", 0)]),
])
def test_notes_shorthand_for_a_cocked_head_going_back_and_a_stop(text, steps):
    assert steps_of(text) == steps
    if "+" in text:
        assert overlaps_of(text) == [None, None]


# A script's "Then back to the screen." after a move to a side is the front again, also with a line of dialogue
# between; "to screen right" names a side, so a later "back to the screen" is no return to the same place.
@pytest.mark.parametrize("text,steps", [
    ("He turns his head to the left. Then back to his book.", [("turn", "left", 1), ("return", "", 1)]),
    ("Juno turns her head to the right, toward the bell.\n\n                    JUNO\n          Again?\n\n"
     "-- then back to the stove. She nods once.", [("turn", "right", 1), ("return", "", 1), ("nod", "", 1)]),
    ("Kai whips his head to screen left, at the noise -- then back to the screen.", [("turn", "right", 1), ("return", "", 1)]),
    ("He leans forward. Then back to his chair.", [("lean", "forward", 1), ("lean", "back", 1)]),
    # a jolt that names a side turns there, so going back after it is the front too
    ("Bram jerks his head to frame right. Then back to the chessboard.", [("turn", "left", 1), ("return", "", 1)]),
    ("Bram jerks his head back. Then back to the chessboard.", [("recoil", "", 1), ("lean", "back", 1)]),
])
def test_then_back_to_a_place_after_a_move_is_the_front(text, steps):
    assert steps_of(text) == steps
