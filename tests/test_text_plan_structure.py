"""Text → motion plan, the sixth round's rules of structure: clauses that refer back to a step already read
(restatements after a colon, a place named again, "twice … and twice …") and a look said with a speed that stays
a look (real MiniLM encoder and classifier; the sentences are written for these tests)."""

from __future__ import annotations

import pytest

from backend.motion.text.plan.back_references import targets_of
from backend.motion.text.plan.clauses import split_clauses
from backend.motion.text.plan.reader import read_plan


def steps_of(text: str) -> list[tuple[str, str, int]]:
    return [(s.action, s.side, s.count) for s in read_plan(text).steps]


def test_a_clause_after_a_colon_knows_it_follows_one():
    clauses = split_clauses("She tilts her head, briefly: a gentle tilt to the right. Then she nods.")
    assert [c.after_colon for c in clauses] == [False, False, True, False]


@pytest.mark.parametrize("text, steps", [
    # the restatement gives the side, and its size, to the one step
    ("The guard turns, though only halfway: a slight turn to his left.", [("turn", "left", 1)]),
    ("She leans, just a little: a small lean back.", [("lean", "back", 1)]),
    # a restatement of another action is a step of its own
    ("He looks down at the letter: a quick shake of the head follows.", [("look", "down", 1), ("shake", "", 1)]),
    # a clause with its own subject after a colon is no restatement
    ("He turns to the left: he turns to the right.", [("turn", "left", 1), ("turn", "right", 1)]),
])
def test_a_noun_phrase_after_a_colon_restates_the_step_before(text, steps):
    assert steps_of(text) == steps


def test_the_restatement_gives_its_size():
    step = read_plan("The guard turns, though only halfway: a slight turn to his left.").steps[0]
    assert step.amplitude == "small"


def test_a_gloss_after_a_colon_says_what_a_side_to_side_motion_means():
    plan = read_plan("The old man rocks his head from side to side: no.")
    assert [(s.action, s.side) for s in plan.steps] == [("shake", "")]
    assert plan.status == "ok" and not plan.unread   # the gloss was read with its step
    assert [s.action for s in read_plan("The old man rocks his head from side to side.").steps] == ["wag"]


def test_targets_are_the_places_a_clause_moves_toward():
    assert targets_of("then over to her sister again") == {"sister"}
    assert targets_of("turns to the left, toward the camera") == set()   # sides and the camera are no places
    assert targets_of("looks at the old lamp") == {"lamp"}


@pytest.mark.parametrize("text, steps", [
    ("The girl looked at her sister on her left, then at the window, then at her sister again.",
     [("turn", "left", 1), ("turn", "left", 1), ("turn", "left", 1)]),
    ("He turns to the bookcase on his right, then back to the front, then to the bookcase once more.",
     [("turn", "right", 1), ("return", "", 1), ("turn", "right", 1)]),
    # a place never given a side takes none from another place
    ("He turns to the bookcase on his right, then back to the front, then to the door.",
     [("turn", "right", 1), ("return", "", 1), ("turn", "left", 1)]),
])
def test_a_place_named_again_is_on_the_side_it_was(text, steps):
    got = steps_of(text)
    assert [a for a, _, _ in got] == [a for a, _, _ in steps]
    assert [s for _, s, _ in got][-1] == steps[-1][1]


def test_a_place_named_again_says_why_it_has_its_side():
    step = read_plan("He turns to the bookcase on his right, then back to the front, then to the bookcase "
                     "once more.").steps[-1]
    assert any("same place" in n for n in step.notes)


@pytest.mark.parametrize("text, actions", [
    ("Three times he looked up at the clock, and three times he looked back down at his work.",
     ["look", "look"] * 3),                                          # back down at a thing: a look, not a return
    ("Twice the clerk leans toward the glass, and twice she sits back.", ["lean", "lean"] * 2),
    # a count on one move alone is not a repeated pair
    ("Twice she nods, and then she turns away.", ["nod", "turn"]),
])
def test_twice_and_twice_repeats_the_pair(text, actions):
    assert [a for a, _, _ in steps_of(text)] == actions


@pytest.mark.parametrize("text, step", [
    ("The driver quickly looks to his right.", ("turn", "right")),        # a quick look is still a look
    ("She looks up sharply from her book.", ("look", "up")),
    ("Quick glance to the right.", ("glance", "right")),                  # a glance said by its own word …
    ("A sidelong look to her left.", ("glance", "left")),                 # … or by a look askance
])
def test_a_look_said_with_a_speed_is_still_a_look(text, step):
    first = read_plan(text).steps[0]
    assert (first.action, first.side) == step


@pytest.mark.parametrize("text, step", [
    ("He casts a look at the sky.", ("glance", "up")),          # a place above …
    ("The clerk turns toward the floorboards.", ("look", "down")),   # … or below says up or down
])
def test_a_place_above_or_below_says_up_or_down(text, step):
    first = read_plan(text).steps[0]
    assert (first.action, first.side) == step


def test_two_places_one_above_one_below_are_two_looks():
    assert steps_of("She peers at the floor, then at the ceiling.") == [("look", "down", 1), ("look", "up", 1)]


@pytest.mark.parametrize("text, actions", [
    ("He sits alone, shaking with rage, then looks up.", ["look"]),         # the body trembles
    ("Cold and shivering, she turns to the fire.", ["turn"]),
    ("He wrinkles his nose at the cheese and leans away.", ["lean"]),       # the face moves
    ("She purses her lips at the mirror, then nods once.", ["nod"]),
    ("He pushes it away and looks up.", ["look"]),                          # the hands move "it"
    ("She raised her head and shook it slowly.", ["look", "shake"]),        # "it" is the head here
    ("He shakes his head with a sigh.", ["shake"]),                         # the head named: a head shake
])
def test_the_body_the_face_and_the_hands_move_no_head(text, actions):
    assert [a for a, _, _ in steps_of(text)] == actions


def test_a_participle_after_a_clause_with_no_step_does_not_run_with_what_comes_then():
    plan = read_plan("He sits alone, nodding to the music, then turns to his left.")
    assert [(s.action, s.overlaps) for s in plan.steps] == [("nod", None), ("turn", None)]
    plan = read_plan("Nodding to the music, he turns to his left.")   # an opening participle still runs with it
    assert [(s.action, s.overlaps) for s in plan.steps] == [("nod", None), ("turn", 0)]


@pytest.mark.parametrize("text, step", [
    ("She dips her head politely.", ("nod", "", 1)),                       # a dip is one small nod
    ("He dips his chin twice.", ("nod", "", 2)),
    ("Without a word, he lowers his head a little.", ("look", "down", 1)),  # lowering is down, not to a side
    ("The girl raises her head, blinking.", ("look", "up", 1)),
])
def test_dipping_raising_and_lowering_the_head(text, step):
    assert steps_of(text)[0] == step


@pytest.mark.parametrize("text, with_first", [
    ("Turning toward the window, the boy shakes his head.", True),   # a repeated motion plays as the pose is taken
    ("Tilting her head to the right, she nods three times.", True),
    ("Leaning back in the armchair, she looks up.", True),            # any motion runs with it (guide, rule 1)
    ("Having leaned back in the armchair, she looks up.", False),     # "having" and "after" come before
])
def test_an_opening_participle_of_a_pose_runs_with_a_repeated_motion(text, with_first):
    plan = read_plan(text)
    assert len(plan.steps) == 2 and (plan.steps[1].overlaps == 0) == with_first


@pytest.mark.parametrize("text, actions", [
    ('"Absolutely not." The judge leans back, shaking her head.', ["lean", "shake"]),   # speech is no direction
    ('He mutters "yes, yes, fine" and nods once.', ["nod"]),
    ('"Nod twice, then look left."', ["nod", "turn"]),     # a direction in quotes, with nothing outside them
    # single quotes, with apostrophes inside the words said
    ("0.0 s 'Hi there!' nod\n1.2 s 'Let's get going' lean forward a bit\n3.0 s 'Now tap here' glance down",
     ["nod", "lean", "glance"]),
    ("He shrugs: 'Don't ask me, I can't turn back now.' Then he shakes his head twice.", ["shake"]),
    ("The twins' heads turn; she nods.", ["nod"]),                 # a plural's apostrophe opens no quote
    ("She gives a 'nope' shake, then the 'hello there' nod.", ["shake", "nod"]),   # quoted names, no speech
    # one word shouted or asked with a capital is said, not a name ("Wait!" is no pause)
    ("The porter cries 'Wait!' and turns his head left.", ["turn"]),
    ("Porter_C shout 'Wait!' -- snap head to her left, small.", ["turn"]),
])
def test_speech_in_quotes_moves_nothing(text, actions):
    assert [a for a, _, _ in steps_of(text)] == actions


@pytest.mark.parametrize("text, steps", [
    ("\u2022 glance up \u2022 tilt L \u2022 nod twice", [("glance", "up", 1), ("tilt", "left", 1), ("nod", "", 2)]),
    ("\u2460 look down \u2461 shake once \u2462 back to centre", [("look", "down", 1), ("shake", "", 1), ("return", "", 1)]),
    ("* turn R * hold * nod x2", [("turn", "right", 1), ("hold", "", 1), ("nod", "", 2)]),
])
def test_bullets_end_a_step(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, actions", [
    ("Hearing a twig snap, the hunter froze, then turned slowly to his right.", ["hold", "turn"]),
    ("She flinches, and then she freezes.", ["recoil", "hold"]),
    ("He looks up and then goes completely still.", ["look", "hold"]),
])
def test_freezing_is_a_hold(text, actions):
    assert [a for a, _, _ in steps_of(text)] == actions


@pytest.mark.parametrize("text, sides", [
    ("glance left glance right glance left again", ["left", "right", "left"]),
    ("look up look down look up again", ["up", "down", "up"]),
])
def test_each_side_named_in_turn_is_a_move(text, sides):
    assert [s for _, s, _ in steps_of(text)] == sides


@pytest.mark.parametrize("text, actions", [
    ("Glance left, back, then glance left again.", ["glance", "return", "glance"]),   # back alone after a side
    ("Lean in close, then settle back.", ["lean", "return"]),                         # upright again
    ("lean fwd then back to normal", ["lean", "return"]),
    ("She leans forward, nods twice, and leans back.", ["lean", "nod", "lean"]),       # a lean back said as one
])
def test_back_after_a_move_is_the_front(text, actions):
    assert [a for a, _, _ in steps_of(text)] == actions


def test_turning_to_someone_is_a_turn_not_a_return():
    assert [a for a, _, _ in steps_of("The clerk turned to her manager, eyes wide.")] == ["turn"]
    assert [a for a, _, _ in steps_of("The clerk turned back to the camera.")] == ["return"]
    step = read_plan("The clerk turned to her manager, eyes wide.").steps[0]
    assert step.amplitude == "medium"   # wide eyes are the face, not the size of the turn


@pytest.mark.parametrize("text, steps", [
    ("small shakes: twice now, and twice again after a pause", [("shake", "", 2), ("hold", "", 1), ("shake", "", 2)]),
    ("Three nods to the left, then two to the right.", [("nod", "", 3), ("nod", "", 2)]),
])
def test_counts_said_after_a_colon_or_before_a_borrowed_side(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    ("Shot note: he turns left, then nods twice.", [("turn", "left", 1), ("nod", "", 2)]),   # a label names the note
    ("Right, so: nod, nod, then look down.", [("nod", "", 2), ("look", "down", 1)]),          # "Right" is no side here
    ("Someone whistles from behind on his left: he turns.", [("turn", "left", 1)]),          # a clause, not a label
])
def test_a_label_before_a_colon_moves_nothing(text, steps):
    assert steps_of(text) == steps


def test_a_label_keeps_its_feeling():
    plan = read_plan("Terrified: jerk back.")
    assert [s.action for s in plan.steps] == ["recoil"] and [c.emotion for c in plan.emotions] == ["fearful"]


@pytest.mark.parametrize("text, steps", [
    ("TC 00:00:02:10 tilt R, 00:00:03:00 returns", [("tilt", "right", 1), ("return", "", 1)]),
    ("0:01 look up / 0:04 nod x2", [("look", "up", 1), ("nod", "", 2)]),      # a timecode counts nothing
])
def test_timecodes_place_steps_and_count_nothing(text, steps):
    assert steps_of(text) == steps


def test_a_time_clause_without_its_comma_still_ends_before_the_main_clause():
    plan = read_plan("As she leans toward the mirror she tilts her head to the left.")
    assert [(s.action, s.side, s.overlaps) for s in plan.steps] == [("lean", "forward", None), ("tilt", "left", 0)]


@pytest.mark.parametrize("text, actions", [
    ("He glances at the door and back down.", ["glance", "look"]),               # "and back down": a step
    ("Lifting his chin, he looks her straight in the eye.", ["look"]),            # a gaze at someone keeps the pose
    ("Halfway down the corridor he stopped, then turned to his left.", ["hold", "turn"]),   # stopping is a pause
    ("He stops nodding and looks up.", ["look"]),                                 # … stopping a motion is not
    ("she doesnt look up, she nods", ["nod"]),                                    # a negation without its apostrophe
    ("The girl looked round the attic, then nodded.", ["look_around", "nod"]),    # round any place
])
def test_small_words_of_structure(text, actions):
    assert [a for a, _, _ in steps_of(text)] == actions


@pytest.mark.parametrize("text, action", [
    ("A slow look up.", "look"), ("A small look down at the letter.", "look"),   # a look said as a noun …
    ("A quick look up.", "glance"),                                              # … but a quick one is a glance
])
def test_a_look_said_as_a_noun(text, action):
    assert read_plan(text).steps[0].action == action


def test_a_pause_does_not_carry_its_verb_to_the_next_elliptical_clause():
    assert steps_of("turn L to the lamp, hold, back to centre, then to the lamp again") == [
        ("turn", "left", 1), ("hold", "", 1), ("return", "", 1), ("turn", "left", 1)]


@pytest.mark.parametrize("text, steps", [
    ("wobble wobble wobble", [("wag", "", 3)]),                                        # a verb said three times
    ("She wags her head, side to side, like a pendulum.", [("wag", "", 0)]),          # the path is no step
    ("The sergeant pulls his head back in disgust.", [("recoil", "", 1)]),            # "back in disgust": no lean in (rule 13)
    ("The clerk drew her head back.", [("lean", "back", 1)]),                         # drawing the head back
    ("He leapt back from the stove.", [("recoil", "", 1)]),                           # jumping back is a start
    ("Craning forward, he reads the sign.", [("lean", "forward", 1)]),
    ("Neutral again, please.", [("return", "", 1)]),                                  # the rest pose named alone
    ("For a while the old man said nothing, then nodded.", [("hold", "", 1), ("nod", "", 0)]),   # a silence
    ("He lifted his head and looked about the empty kitchen.", [("look", "up", 1), ("look_around", "", 1)]),
])
def test_words_that_name_the_motion_outright(text, steps):
    assert steps_of(text) == steps


def test_while_doing_it_runs_with_the_clause_before():
    plan = read_plan("Turn right and keep nodding while you do it.")
    assert [(s.action, s.overlaps) for s in plan.steps] == [("turn", None), ("nod", 0)]


@pytest.mark.parametrize("text, steps", [
    ("tilt left w/ small nod", [("tilt", "left", 1), ("nod", "", 1)]),     # "w/" is with; a motion after "with"
    ("He leans back with a slow shake of the head.", [("lean", "back", 1), ("shake", "", 1)]),
    ("She answers with a smile.", []),                                      # a smile after "with" moves nothing
    ("notes: wag, wag, hold, nod", [("wag", "", 2), ("hold", "", 1), ("nod", "", 1)]),   # a bare "wag" is a wag
    ("The puppet wobbles its head.", [("wag", "", 0)]),
    ("The coach wags a finger and nods.", [("nod", "", 0)]),               # a finger is no head
    ("Grandpa nods off in his chair.", []),                                # nodding off is falling asleep
    ("- turn L - relax - nod", [("turn", "left", 1), ("return", "", 1), ("nod", "", 0)]),   # relax: back to rest
])
def test_shorthand_and_idioms_of_motion(text, steps):
    assert steps_of(text) == steps


def test_a_subject_without_its_article_is_cut_before_reading():
    from backend.motion.text.plan.clause_reading import _SUBJECT_CUT
    assert _SUBJECT_CUT.sub("", "actor kept nodding through the take", count=1) == "kept nodding through the take"
    assert _SUBJECT_CUT.sub("", "nods twice", count=1) == "nods twice"   # a verb is no subject


@pytest.mark.parametrize("text, actions", [
    ("She leaned in, leaned back, then nodded.", ["lean", "lean", "nod"]),         # in, then back: two leans
    ("The vendor bobbles his head cheerfully.", ["wag"]),
    ("He is silent, staring ahead; then a nod.", ["hold", "nod"]),                 # a stare into nothing holds
    ("Lean toward him, then burst out laughing and lean back.", ["lean", "lean"]), # laughing moves no head
])
def test_more_motions_named_outright(text, actions):
    assert [a for a, _, _ in steps_of(text)] == actions


def test_a_list_of_bare_verbs_counts_each_as_often_as_it_is_said():
    assert steps_of("Nod, nod, nod, shake.") == [("nod", "", 3), ("shake", "", 1)]
    assert steps_of("Shake.") == [("shake", "", 0)]   # a verb alone still repeats for its time


def test_cocking_the_head_is_a_tilt_whatever_the_name_before_it():
    assert [a for a, _, _ in steps_of("Boris cocked his head, listening hard.")] == ["tilt"]


def test_back_to_me_is_the_front():
    assert steps_of("Glance left at the clock, then back to me.") == [("glance", "left", 1), ("return", "", 1)]


@pytest.mark.parametrize("text, actions", [
    ("The waiting room was quiet; she looked up at the clock.", ["look"]),   # the scene is no motion …
    ("The old man is nodding slowly.", ["nod"]),                             # … a motion in progress is
])
def test_a_scene_described_with_a_copula_moves_nothing(text, actions):
    assert [a for a, _, _ in steps_of(text)] == actions


def test_a_trailing_participle_of_searching_is_what_the_eyes_do_during_the_step_before():
    text = "The guard turns his head to the left, then to the right, scanning the yard."
    assert steps_of(text) == [("turn", "left", 1), ("turn", "right", 1)]
    assert [s.action for s in read_plan("Scanning the crowd, she nods.").steps] == ["look_around", "nod"]   # opening


# Thirteenth round (dev10): steps a multi-step note said and the reader left out or merged.

@pytest.mark.parametrize("text, steps", [
    # a beat with its linking word is still a pause where it falls (the guide's rule 9)
    ("Big nod on the line, fast. Then beat. Then she looks away.", [("nod", "", 0), ("hold", "", 1), ("turn", "left", 1)]),
    # a gaze held for a length said as it felt
    ("She watched the door for what seemed like a full minute before she turned left.",
     [("hold", "", 1), ("turn", "left", 1)]),
    # a return said as a noun with its pace, in a shot note
    ("Head turn left, 40 degrees, quick in, slow return.", [("turn", "left", 1), ("return", "", 1)]),
    ("Pitch down 15, hold, smooth return.", [("look", "down", 1), ("hold", "", 1), ("return", "", 1)]),
    # back the way it came, with no "then", in a timed list
    ("0:00 glance up, 0:01 back down, 0:03 nod", [("glance", "up", 1), ("return", "", 1), ("nod", "", 0)]),
    # times in seconds opening each note of a list
    ("0.0s neutral\n0.5s turn head left\n1.5s hold\n2.5s nod twice\n3.5s back to neutral",
     [("turn", "left", 1), ("hold", "", 1), ("nod", "", 2), ("return", "", 1)]),
    ("Timing: 0s look up, 1.5s back to centre, 3s shake", [("look", "up", 1), ("return", "", 1), ("shake", "", 0)]),
    # a verb said again is its step once more
    ("Her chin dips toward her chest, jerks up, dips again.", [("nod", "", 0), ("look", "up", 1), ("nod", "", 0)]),
    # a count cut down in a note: the number meant
    ("He shakes his head five times, bring it down to three.", [("shake", "", 3)]),
    # "of approval" after the motion noun: the comma in "a single, slow nod" is still one noun phrase, one nod
    ("She gives a single, slow nod of approval, then turns her head to the right.",
     [("nod", "", 1), ("turn", "right", 1)]),
])
def test_steps_said_in_notes_and_scripts_are_all_read(text, steps):
    assert steps_of(text) == steps


def test_a_length_said_as_it_felt_is_a_while():
    from backend.motion.text.plan.lexicon import FOR_A_WHILE
    import re
    assert re.search(FOR_A_WHILE, "studied the map for what felt like an age")
    assert re.search(FOR_A_WHILE, "for what seemed an eternity")
    assert not re.search(FOR_A_WHILE, "waited for what he wanted")


def test_a_spoken_estimate_of_the_count_then_the_number_settled_on():
    # "let's say two" settles the count, and the note between does not keep "while" from running with the nod
    plan = read_plan("so she nods, like two or three times, let's say two, while looking at the floor")
    assert [(s.action, s.side, s.count, s.overlaps) for s in plan.steps] == [("nod", "", 2, None), ("look", "down", 1, 0)]
    plan = read_plan("He shakes his head, slowly, four or five times, while staring down at his feet.")
    assert [(s.action, s.overlaps) for s in plan.steps] == [("shake", None), ("look", 0)]
    # "a couple" settled on, said in a memo's run with no stops
    assert steps_of("then she lowers her head and maybe she nods once actually not once let's say a couple of times "
                    "yeah a couple") == [("look", "down", 1), ("nod", "", 2)]


def test_a_hedge_before_the_verb_after_and_still_starts_a_clause():
    clauses = split_clauses("she laughs at the joke and kind of nods along")
    assert [c.text for c in clauses] == ["she laughs at the joke", "kind of nods along"]
    assert steps_of("she laughs at the joke and kind of nods along") == [("nod", "", 0)]


def test_a_turn_and_a_stare_with_no_direction_are_a_turn_and_a_hold():
    # the stare names no direction (the guide's rule 3): the turn is the move, the stare a hold after it
    assert [a for a, _, _ in steps_of("Then she turns round and stares at the kettle.")] == ["turn", "hold"]
    assert steps_of("He turns and looks up at the sky.") == [("look", "up", 1)]   # a look with a direction: one move


def test_eyes_cast_down_as_a_pose_of_their_own_look_down():
    assert [a for a, _, _ in steps_of("Her gaze lowered, she says nothing.")] == ["look", "hold"]
    assert steps_of("TOM\n(eyes downcast)\nI know.")[:1] == [("look", "down", 1)]
    assert steps_of("He looks downcast.") == []   # the word alone is a feeling


def test_scratching_a_place_takes_out_the_step_toward_it():
    text = ("Notes from the run: she walks in, looks right at the mirror, left at the piano - scratch the piano, she just "
            "faces front again - then a small nod.")
    assert [a for a, _, _ in steps_of(text)] == ["turn", "return", "nod"]
    from backend.motion.text.plan.take_notes import final_take
    assert final_take("She glances at the clock, then at the door, scratch the door, and nods.") == \
        "She glances at the clock, and nods."
    assert final_take("Scratch the ending, it drags.") == "Scratch the ending, it drags."   # no step toward it


@pytest.mark.parametrize("text, steps", [
    # no comma after the time clause: the head as the subject starts the main clause
    ("He is dozing in the back row, but when the bell rings his head snaps up and he stares at the clock.",
     [("look", "up", 1), ("hold", "", 1)]),
    ("As the verdict is read out her chin drops and she closes her eyes.", [("look", "down", 1)]),
    ("He shakes his head slowly.", [("shake", "", 0)]),   # an object, not a subject
])
def test_the_head_as_the_subject_of_a_clause_with_no_comma_before_it(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    # the noun again with the one it is ("a nod, just the one") or the count said again after the noun
    ("Milo nods at the baker. A nod, just one.", [("nod", "", 1)]),
    ("The tortoise gives a slow shake of its head, one time only, and blinks.", [("shake", "", 1)]),
    ("Grandpa gives one nod, only once, and sips his tea.", [("nod", "", 1)]),
    # the move said again as an instruction after it was described ("…, he leans forward. Lean forward.")
    ("Ravi leans back, no wait, he leans forward. Yeah, lean forward.", [("lean", "forward", 1)]),
    ("The heron tilts its head to the left. Tilt left, nice and slow.", [("tilt", "left", 1)]),
    # the noun judged in a note, then its verb only to give the side
    ("The lamb's head tilt in shot four needs to be a lot bigger. tilt to her right.", [("tilt", "right", 1)]),
    # a real second motion stays two
    ("Ravi nods, then nods again.", [("nod", "", 0), ("nod", "", 0)]),
    ("The heron tilts its head to the left. Tilt left again, slower.", [("tilt", "left", 1), ("tilt", "left", 1)]),
    ("Ravi nods twice, then one more.", [("nod", "", 2), ("nod", "", 1)]),
    ("Turn left. Turn left.", [("turn", "left", 1), ("turn", "left", 1)]),
])
def test_a_step_said_again_in_other_words_is_one_step(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    # the eyes doing what the head's step does, said after it
    ("She looks around the greenhouse. Her eyes scan every shelf.", [("look_around", "", 1)]),
    ("The porter looks around the lobby; his eyes sweep the carpet.", [("look_around", "", 1)]),
    # the eyes leading, the head said to follow: one move, the head's
    ("The porter sips his coffee, and over the cup his eyes drift to the clock, and then his head follows, turning "
     "slowly to his left.", [("turn", "left", 1)]),
    # the eyes going another way, or later, are a move of their own
    ("The porter turns left. Later his eyes go up to the ceiling.", [("turn", "left", 1), ("look", "up", 1)]),
])
def test_the_eyes_in_the_heads_step_are_no_step_of_their_own(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    # a later note that keeps, paces or points at a step by its noun with "the"
    ("The goose nods over and over. Keep the nodding small.", [("nod", "", 0)]),
    ("The clerk looks down at the ledger, slowly. Keep the pace of the look down.", [("look", "down", 1)]),
    ("She looks around the attic. We lost the look around in the last version.", [("look_around", "", 1)]),
    ("The fox turns its head to the left. From the tail's view it's the turn, nothing else.", [("turn", "left", 1)]),
    # asked for once more, it is another
    ("The clerk nods. Then another nod, keep the nod small.", [("nod", "", 0), ("nod", "", 1)]),
])
def test_a_step_named_again_by_its_noun_in_a_note_is_no_second_step(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    # a reply in a thread that says the step again, with a yes, or with a line between
    ("pia: the sheriff squints, and a slow nod at the end?\nrob: sure, a single slow nod",
     [("nod", "", 1)]),
    ("pia: then the sheriff shakes his head\nrob: yeah 4 shakes, small", [("shake", "", 4)]),
    ("ted: the owl gives two nods\nsue: fine by me\nted: two quick nods", [("nod", "", 2)]),
    # a question or answer on a motion done once, by its bare noun or verb and a size or pace
    ("[uma] the cat on the sill: looks down, recoil, looks up\n[vic] recoil is small?\n[uma] small and quick",
     [("look", "down", 1), ("recoil", "", 1), ("look", "up", 1)]),
    ("The knight turns to his left. Slow turn.", [("turn", "left", 1)]),
    # a nod said so may be a list's next one; asked for once more, another
    ("Slow nod. Slow nod.", [("nod", "", 1), ("nod", "", 1)]),
    ("The knight flinches. Then a sharp recoil.", [("recoil", "", 1), ("recoil", "", 1)]),
    # a recap opened as one, two items long, after the steps said in full
    ("The heron turns to its left and it reads well. The nod after that is too big, make it small. So: turn left, "
     "small nod.", [("turn", "left", 1), ("nod", "", 1)]),
    # a note that opens on a step's noun is that step, whatever its other words suggest
    ("The robot swivels its head to its right, fast. Then it glances left at the door. Please, the first turn must "
     "stay large enough to see on a phone.", [("turn", "right", 1), ("glance", "left", 1)]),
])
def test_a_step_said_again_in_a_thread_or_a_recap_is_one_step(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    # a note sizing or pacing a step by a noun that is the verb it was said with, or by "both"
    ("The wolf's head snaps to the right. I want that snap faster than it is.", [("turn", "right", 1)]),
    ("The clerk glances up, then glances down. Both glances quick.", [("glance", "up", 1), ("glance", "down", 1)]),
    # how each step goes, by its noun after "for"
    ("The seal nods four times and then turns to its right. Speed: fast for the nods, slow for the turn.",
     [("nod", "", 4), ("turn", "right", 1)]),
])
def test_a_note_sizing_a_step_by_its_noun_adds_no_step(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    # the pose the head is already in, said again while it holds: one look down, one stillness
    ("The widow watches the hearse leave. Then her head sinks. She weeps quietly. And she stays that way, head down, "
     "not moving, for a long while.", [("look", "down", 1), ("hold", "", 1)]),
    # said after the head went another way, the pose is taken again
    ("The boy looks down. Then up. Head down, he waits.",
     [("look", "down", 1), ("look", "up", 1), ("look", "down", 1), ("hold", "", 1)]),
])
def test_a_pose_said_again_while_the_head_holds_it_is_no_new_step(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text, steps", [
    # the move said again toward another place is another move
    ("TOMAS looks down at the soup. Glances down at the cat by his chair.", [("look", "down", 1), ("glance", "down", 1)]),
    # the way back named by the turn's noun is the return, not the turn
    ("The duke turns his head to his left. After that, a slow nod. The turn back to the front comes last.",
     [("turn", "left", 1), ("nod", "", 1), ("return", "", 1)]),
])
def test_a_move_named_again_toward_another_place_or_back_is_its_own_step(text, steps):
    assert steps_of(text) == steps


@pytest.mark.parametrize("text", [
    "The old woman bows her head low, with slow tiny nods while the choir sings.",
    "She lowers her head, with small nods.",
    "She lowers her head with small nods.",
])
def test_nods_said_with_a_pose_after_a_comma_run_with_it(text):
    plan = read_plan(text)
    assert [(s.action, s.overlaps) for s in plan.steps] == [("look", None), ("nod", 0)]


def test_a_sentence_opened_by_with_a_nod_is_a_nod_of_its_own():
    plan = read_plan("With a tiny nod, the clerk sits down.")
    assert [(s.action, s.overlaps) for s in plan.steps] == [("nod", None)]


@pytest.mark.parametrize("text, steps", [
    ("The puppy tilts its head to the right, then back to centre, then does the same thing to the left.",
     [("tilt", "right", 1), ("return", "", 1), ("tilt", "left", 1)]),
    ("The guard turns his head to the left, a wide turn, and comes back to the front. He coughs, then does the same "
     "thing to the right, then back to the front.",
     [("turn", "left", 1), ("return", "", 1), ("turn", "right", 1), ("return", "", 1)]),
])
def test_the_same_thing_to_another_side_is_the_motion_before(text, steps):
    assert steps_of(text) == steps
