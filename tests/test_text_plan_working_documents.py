"""Motion wrapped in a working document: a team thread that argues and settles, a shot list that mixes camera moves
with the head, production labels with numbers. Each case is a sentence written for this test from how people write
these (not from any evaluation set), with the plan the labelling guide (`bench/data/LABELLING.md`) gives it.

- a team thread is read as what it settles on: the senders and times are no one's motion, a question only proposes,
  a reply's "yes" or "approved" is the sender agreeing, the last message that names a head motion is the version
  kept (a count said after it is its count), and what earlier messages say of the face still holds; a reply that
  only says that motion again, or only agrees on a side, or adds "then …" after a few words, keeps what came before;
- a camera move ("camera tilts up to the roof", "Pan left to the door.", "Whip pan to Kim.") is no head motion;
- a shot's, scene's or panel's number ("in shot 45", "sc 12", "panel 3") is a label, not a count;
- a line said by someone ("MAYOR: The vote is in.") and a subtitle's text are speech, a bracket in them what is done;
- a director's "right now …" or "currently …" says what the take does, not what the note asks for;
- a number in brackets or after "#" opening a line ("[2] Ada waves") starts an item, as "2)" does;
- a script's place with no verb, as a sentence of its own ("Glances left. Down at the floor. Left again."), is
  where the step before goes next; after a glance it is a glance.

A step is written ``action[:side[:count]]``: an empty side or count is not checked; steps are separated by `` | ``.
A second item, where given, is the feeling the plan ends on ("none" for none)."""

from __future__ import annotations

import pytest

from backend.motion.text.plan.reader import read_plan
from tests.plan_spec import matches as _matches, shown as _shown


THREADS = [
    ("[14:01] omar: the pilot shakes his head 4 times here\n"
     "[14:03] jess: 4 is too many?\n"
     "[14:04] omar: ok 2\n"
     "[14:06] jess: 2 works", "shake::2", None),
    ("Lina - 9:40am: do we want the nurse to glance left before she answers?\n"
     "Tom - 9:41am: skip the glance. she looks down at the chart, then nods\n"
     "Lina - 9:43am: yes, look down first, then the nod\n"
     "Tom - 9:44am: approved", "look:down | nod", None),
    ("Priya [3:10 PM]: for the goalie, a big turn to his right when the whistle goes?\n"
     "Sam [3:12 PM]: nah, too much. he just tilts his head right\n"
     "Priya [3:13 PM]: fine. and he looks worried\n"
     "Sam [3:13 PM]: worried, yes", "tilt:right", None),
    ("Ken 11:02 - so she's furious in this one, not sad\n"
     "Ava 11:05 - then she should turn away to her left?\n"
     "Ken 11:06 - no. she holds still, then one slow shake\n"
     "Ava 11:07 - got it", "hold | shake::1", "angry"),
    # a reply that only says the motion again agrees with the message before, so what that message settled stays;
    # "yes her left" agrees on a side, no second turn; eyes that "well up" go nowhere
    ("[16:20] dara: the nurse turns to frame right, looks at the boy, and her eyes well up\n"
     "[16:22] finn: frame right is her left, fyi\n"
     "[16:23] dara: yes her left. then she lowers her head\n"
     "[16:24] finn: lower it, not tilt?\n"
     "[16:25] dara: lower. and crying", "turn:left | look:down", "sad"),
    # short words with no motion before "then" ("ok fine. keep v4. then …") add to what an earlier message said
    ("Bo 8:10: v4 has the knight turning to his left toward the gate\n"
     "Cy 8:12: shouldn't the gate be on his right?\n"
     "Bo 8:13: no, the map puts it on his left\n"
     "Cy 8:15: ok fine. keep v4. then he nods twice", "turn:left | nod::2", None),
    # a reply that says the motion again with a number or a side changes it
    ("[7:40] rui: the drummer nods along the whole time\n[7:41] meg: the whole time is too much\n[7:42] rui: 3 nods",
     "nod::3", None),
    # the time in round brackets after the sender, or a weekday and the time before; "looks good to me" is a verdict
    ("Noor (10:14): the baker glances down at the dough, then turns to his right\n"
     "Alex (10:20): pushed v2\nNoor (10:31): looks good to me", "glance:down | turn:right", None),
    ("Thu 08:02 Iris: the mayor tilts her head left, then nods twice\n"
     "Thu 08:05 Omid: make it one nod\nThu 08:06 Iris: ok: tilt left, one nod\nThu 08:30 Omid: approved",
     "tilt:left | nod::1", None),
    # a question the next reply says yes to is settled; a reply that only resizes a motion named keeps the version
    ("[11:00] zoe: the clerk looks up, then shakes his head\n[11:04] ben: so look up, then 3 shakes?\n"
     "[11:05] zoe: yep\n[11:06] ben: and the look up a bit slower", "look:up | shake::3", None),
    # senders' names alone before a colon, two people or more on every line
    ("Ola: does the owl turn here?\nTim: yes, one slow turn to her left\nOla: ok ty", "turn:left", None),
    # which side, asked as two sides and answered: no step of its own
    ("mia: the fox should glance left when the bell goes\nteo: its left or screen left?\nmia: its left\nteo: ok",
     "glance:left", None),
    ("Is the lamp on her right? Yes, she turns to it.", "turn:right", None),
]


@pytest.mark.parametrize("text,spec,feeling", THREADS)
def test_a_team_thread_is_read_as_what_it_settles_on(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), _shown(text)


CAMERA_AND_LABELS = [
    ("2C MS 35mm. The old man tilts his head left. 2D WS 18mm, camera tilts up to the roof.", "tilt:left", None),
    ("Wide, 28mm. Pan left to the door. Rosa shakes her head twice.", "shake::2", None),
    ("Leo looks down at the map. Whip pan to Kim.", "look:down", None),
    ("MCU 50mm. Slow zoom. He nods once.", "nod::1", None),
    # a shot list's row heading (number, size, lens) is no part of the shot's description, nor a count
    ("14  MCU  85mm  Ines shakes her head twice.", "shake::2", None),
    ("In shot 45 the guard nods twice.", "nod::2", None),
    ("For sc 12 she shakes her head three times.", "shake::3", None),
    ("Panel 2: Camera tilts up -- Omar looks up at the gulls.", "look:up", None),
]


@pytest.mark.parametrize("text,spec,feeling", CAMERA_AND_LABELS)
def test_camera_moves_and_production_numbers_are_not_the_head(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), _shown(text)


SPEECH_AND_THE_TAKE_AS_IT_IS = [
    ("TOMAS: Look at the sky, look left, look right! (shakes his head twice)", "shake::2", None),
    ("BRUNO: Turn around and nod.\nELSA: (quietly) No. (looks down)", "look:down", None),
    ("1\n00:00:01,000 --> 00:00:02,500\nLook up there, to the left.\n[nods slowly]", "nod", None),
    ("NOTE: she nods twice, then looks down.", "nod::2 | look:down", None),
    ("Right now she turns left and then nods. Keep the nod, lose the turn.", "nod::1", None),
    ("At the moment she's leaning back, which is too much, so just a small tilt to her left.", "tilt:left", None),
    # said after a "but", after a colon, mid-sentence after its subject, or on a heading's line
    ("The wave is cute, but right now the owl nods four times and it drags. We want two nods.", "nod::2", None),
    ("Currently: Bo turns to his right and tilts. Cut the tilt. Keep the turn to his right.", "turn:right", None),
    ("In the last pass, the butler currently shakes his head twice at the door. Make it one slow shake.",
     "shake::1", None),
    ("Pass 2, the lift scene\nCurrently the girl glances down three times. One glance down, then she nods.",
     "glance:down:1 | nod", None),
    # the take named by a noun, as a verdict on it, where the note asks for a motion of its own
    ("We want a sharp jerk back when the balloon pops. At the moment it's a lazy tilt.", "recoil", None),
]


@pytest.mark.parametrize("text,spec,feeling", SPEECH_AND_THE_TAKE_AS_IT_IS)
def test_speech_and_the_take_as_it_is_are_not_the_motion_asked_for(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), _shown(text)


ITEMS_AND_CLIPPED_PLACES = [
    ("[1] a garden, noon\n[2] Tom at the gate with the key\n[3] Tom looks down at the key, then up at the house\n"
     "[4] Tom nods slowly.", "look:down | look:up | nod::0", None),
    ("#1 wide: the harbour at dusk\n#2 Rina at the rail, tilts her head to the right\n#3 Rina shakes her head twice",
     "tilt:right | shake::2", None),
    ("Oskar glances left at the clock. Down at his notes. Left at the clock again.",
     "glance:left | glance:down | glance:left", None),
    ("She glances left at the stage, then down at her ticket.", "glance:left | glance:down", None),
    ("quick glance up, then down at the page", "glance:up | look:down", None),
    ("Ivo turns left toward the door. Right at the window.", "turn:left | turn:right", None),
    ("no nod from the guard. he stays still and just glances left once", "hold | glance:left:1", None),
]


@pytest.mark.parametrize("text,spec,feeling", ITEMS_AND_CLIPPED_PLACES)
def test_bracketed_items_and_clipped_places(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), _shown(text)


def test_a_face_state_in_brackets_is_no_rest_pose() -> None:
    # "(neutral)" said of the face in a note is its feeling, not the head going back to its rest pose (read without
    # the step gate, which may drop such a step anyway)
    from backend.motion.text.plan.reader import read_plan
    plan = read_plan("Tilt left, then one nod. Her expression in take 4 (neutral) works.", step_check=False)
    assert [s.action for s in plan.steps] == ["tilt", "nod"] and plan.emotions[-1].emotion == "neutral"


SPOKEN_NOTES_AND_REVIEWS = [
    # a spoken "'s" for "is" names the one the memo is about; "he" is then someone else
    ("Okay so Priya's by the window and her brother walks in behind her, and he mutters something. She waits a beat, "
     "then turns her head to her right, slowly.", "hold | turn:right", None),
    ("Right, so Olek's sitting on the stairs, his sister comes down past him and she laughs. He stays still, then "
     "looks up.", "hold | look:up", None),
    # a modal before the move; "look" as "seem"
    ("The docent should lean forward a little.", "lean:forward", None),
    ("He leans in and looks interested.", "lean:forward", None),
    # the sides of a look around said bare are its path; a filler between commas cuts no clause
    ("He sits up, then looks around, you know, right left right, kind of lost.", "look_around", None),
    ("She peers to the left, then to the right, then to the left again.", "turn:left | turn:right | turn:left", None),
    ("Her chin, like, sinks to her chest.", "look:down", None),
    # a review picks among the take's moves, takes one out, or says how many of the one before
    ("Right now: nod, turn, tilt, shake. I want only the turn and the shake.", "turn | shake", None),
    ("Currently: tilt, glance, nod. Just the nod, please, and slower.", "nod", None),
    ("The tilt to her right works. Lose the shake at the end.", "tilt:right", None),
    ("The nod works, but he does it once - make it twice, slow. Then he looks down.", "nod::2 | look:down", None),
    ("Take 5 went right, we want left. Otherwise the same: turn left, then nod once.", "turn:left | nod::1", None),
    # a speaker's "right" opening a memo, with or without stops, is no side
    ("right okay the the knight um he bows his head really low and then he smiles", "look:down", None),
    ("Right, er, note for the bakery scene. The baker nods twice.", "nod::2", None),
    # a memo names the step it has just described, and names it again in the answer
    ("Then she lets her head sink back into the pillow. Is that a lean back? Yeah, a lean back, slow. Then a nod.",
     "lean:back | nod", None),
    ("He lets his head roll to the side. Would that be a tilt? Yeah, a tilt, to his right.", "tilt:right", None),
]


@pytest.mark.parametrize("text,spec,feeling", SPOKEN_NOTES_AND_REVIEWS)
def test_spoken_notes_and_reviews_of_a_take(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), _shown(text)


# How the step before goes, said with no verb of motion (its speed, size or path; asked for as a change; said of all
# the moves), and stillness asked for by taking all head motion out.
HOW_AND_STILLNESS = [
    ("The puppy tilts its head to its left, then to its right, both quick, then barks.", "tilt:left | tilt:right", None),
    ("The robot's head twitches round to its left, fast and jerky, and then it tilts to its right.",
     "turn:left | tilt:right", None),
    ("Nice tilt! Could it be slower though?", "tilt", None),
    ("He turns to his right and nods once. All the moves softly please, he's tired.", "turn:right | nod::1", None),
    ("She gives the crowd a slow look around, from one side of the square to the other, then bows her head.",
     "look_around | look:down", None),
    ("There should be no head motion at all in this shot, just a smile.", "hold", None),
    ("Kill the head movement completely here. Dead still.", "hold", None),
    # a look at something, then the pose it takes: one look that way; the back straightened is the body
    ("She looks at the clock, head up, then shakes her head.", "look:up | shake", None),
    ("The farmer peers at the broken gate, head down. Then he looks around the yard.", "look:down | look_around", None),
    ("He straightens his back and nods twice.", "nod::2", None),
]


@pytest.mark.parametrize("text,spec,feeling", HOW_AND_STILLNESS)
def test_how_the_step_before_goes_and_stillness_asked_for(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), _shown(text)


def test_a_note_taken_back_whole_asks_for_nothing() -> None:
    # "scratch my earlier note about …": what that note asked for is no step (read without the step gate, which
    # may drop such a step anyway)
    from backend.motion.text.plan.reader import read_plan
    plan = read_plan("Scratch my earlier note about tilting right. Tilt left, then hold.", step_check=False)
    assert [(s.action, s.side) for s in plan.steps] == [("tilt", "left"), ("hold", "")]


GAME_AND_CAPTURE_NOTES = [
    # a step said before, named with "the" so that a sound or a cue is timed by it, is no step of its own
    ("The archer nods twice, then tilts left. Sync the nods to the drum hit.", "nod::2 | tilt:left", None),
    ("He shakes his head, then recoils. Audio: a thud on the recoil.", "shake | recoil", None),
    ("She looks up and nods over and over. The lanterns light after the nods begin.", "look:up | nod", None),
    ("He flinches back. Hold after the flinch.", "recoil | hold", None),
    ("He tilts left, then looks up. Sync the look up to the chime.", "tilt:left | look:up", None),
    # how fast or how far, said after the steps with a word of its own, is no step
    ("The dog tilts left, then right, all fast.", "tilt:left | tilt:right", None),
    ("The statue tilts its head right, impossibly far.", "tilt:right", None),
    # back to what it faced, after a return, is that return
    ("The clerk nods once, then faces front again, back to his papers.", "nod::1 | return", None),
    # nothing else: no step; the camera crew and the script kept as written: no head
    ("The sentry looks around, slow, nothing else on the head.", "look_around", None),
    ("He nods. Camera op lost focus for a second.", "nod", None),
    ("She turns left. Scene 9 stays as written.", "turn:left", None),
    # a thing turned over in the hands; a side after "from her" is where the head goes
    ("He looked down at his palms, turned them over, and shook his head.", "look:down | shake", None),
    ("Ilse turned her face from him, to the right.", "turn:right", None),
    # back to neutral or level is a return, also said of "it"; a pose said with the body's posture is its step
    ("The robot looks up, then it comes back to its neutral position.", "look:up | return", None),
    ("She sits with her head bowed, then looks up.", "look:down | look:up", None),
    # a number said after the motion's noun is its count
    ("Take 3: loose head wag, 'maybe', three wags.", "wag::3", None),
    # a log under a heading, the kept take said inside a sentence: that take only
    ("Capture log, day 3\nTk 2: Ana looks down slowly, then nods once. Ana redid it in Tk 3: same slow look down, "
     "then a big shake. Use Tk 3 only.", "look:down | shake", None),
    # the place a turn goes to, said again with its side, gives the turn its side; a pace is no place
    ("He turns his head toward the noise; the noise is on his right.", "turn:right", None),
    ("Turn toward the bell. In this test the bell sits on the guard's left.", "turn:left", None),
    ("If no one comes, look around at normal speed.", "look_around", None),
    # a pose held while a motion runs over it is no pause; held, then a motion after it, is
    ("Head tilted to his right and held, nodding gently the whole time. Then he looks down.",
     "tilt:right | nod | look:down", None),
    ("She tilts her head left and holds, then nods.", "tilt:left | hold | nod", None),
    # the character's face as it is, not a verdict on a take
    ("She nods once. Her grin is enormous.", "nod::1", "happy"),
]


@pytest.mark.parametrize("text,spec,feeling", GAME_AND_CAPTURE_NOTES)
def test_game_scripts_and_capture_notes(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), _shown(text)


def test_bringing_the_head_back_to_level_is_a_return() -> None:
    # (read without the step gate, which may drop the step of "it")
    from backend.motion.text.plan.reader import read_plan
    plan = read_plan("Mo lowers his head, then brings it back up to level.", step_check=False)
    assert [(s.action, s.side) for s in plan.steps] == [("look", "down"), ("return", "")]


# A step asked as a question, the writer's own "yes", and a step said once more or pointed back at, which adds none.
SAID_ONCE = [
    ("Can the robot come alive with a slow turn of the head to the window?", "turn", None),
    ("Could the horse shake its head twice?", "shake::2", None),
    ("Can we get a small shake from the nurse?", "shake::1", None),
    ("Could the old man lean back in his chair?", "lean:back", None),
    ("Can Mira look up at the end?", "look:up", None),
    ("Camera right is his left, yes? Good. He turns to camera right.", "turn", None),
    ("[ana] she looks down at the map, then up at the hill\n[ben] up at the top, not a turn?\n[ana] yes. and she smiles",
     "look:down | look:up", None),
    ("mia: what is the head doing in sc 12\nraj: shaking it, twice, slow", "shake::2", None),
    ("She wonders what the head of the school will say, then nods.", "nod", None),
    ("> what's the head doing in the last shot\n> shakes, slow, small", "shake", None),
    ("Stage right is her left, yes? Good. Tilt stage right.", "tilt:right", None),
    ("He turns to the window on his right. Once he's turned, the rain starts against the glass.", "turn:right", None),
    ("She bows her head. The choir sings as she bows her head, and the bells ring.", "look:down", None),
    ("The old cat tilts its head to the left. Held in that tilt, it blinks slowly at the fire.", "tilt:left", None),
    ("She peeks down at the ticket three times, small nervous glances, then smiles.", "glance:down:3", None),
    ("The shot is missing a nod. Add a nod, small and slow, when the door shuts.", "nod::1", None),
    ("The cut lacks a head turn. Add a turn to the left, fast, on the bell.", "turn:left", None),
    ("We need a much bigger nod here. A proper nod, chin dropping, when she hears it.", "nod::1", None),
    ("The cut lacks a head turn to the left. Add a turn to the right after it.", "turn:left | turn:right", None),
    ("He nods. She speaks. After that he nods.", "nod | nod", None),
    # "keep it" after a motion kept or praised by name keeps that motion: no hold
    ("Round two: I love the nod, keep it. Skip the wag after it.", "nod", None),
    ("Tilt left and keep it.", "tilt:left | hold", None),
    # a pause asked for before a step said before: it goes before that step, which is not said again
    ("Round two: I love the nod, keep it. Skip the wag after it. Add a beat before the nod.", "hold | nod", None),
    ("The owl turns left, then nods. Add a pause before the nod.", "turn:left | hold | nod", None),
]


@pytest.mark.parametrize("text,spec,feeling", SAID_ONCE)
def test_a_step_asked_or_said_again_is_one_step(text: str, spec: str, feeling: str | None) -> None:
    assert _matches(text, spec, feeling), _shown(text)


def test_a_reply_agreeing_in_two_words_is_no_nod() -> None:
    text = ("[09:10] ana: should the clerk look up at the sign?\n[09:11] bo: look up then glance left?\n"
            "[09:12] ana: yes exactly, and slower")
    assert all(s.action != "nod" for s in read_plan(text).steps), _shown(text)


# Options the writers weighed and turned down: a motion asked about and answered no, one only supposed ("if he
# nodded it would…", "had she turned…"), one of an earlier plan or version, one the writers took out: no step.
NOT_TAKEN = [
    ("Maybe a little bow? Nah. The clerk just tilts her head to the left.", "tilt:left", None),
    ("Should the pilot turn away here? No. He gives one slow nod.", "nod::1", None),
    ("> can the dog shake its head at the end?\n> nope. just a glance up", "glance:up", None),
    ("[kit] does the mayor nod or nah? i think nah\n[kit] he only stares ahead", "hold", None),
    ("Does the boy look up? No, he shakes his head, slowly.", "shake", None),
    ("If the singer nodded here it would read as agreeing, so she tilts to her right.", "tilt:right", None),
    ("Had the knight turned his head, the shot would lose its menace; he looks down at the sword.", "look:down", None),
    ("Were she to shake her head, the joke dies. She nods twice.", "nod::2", None),
    ("If the bell rings, the porter turns his head to the left.", "turn:left", None),
    ("The baker looks up at the clock. We had talked about a nod after it, but it felt fussy.", "look:up", None),
    ("Hi Omar, the poet should lean forward over the page. I'd originally asked for a tilt at the end, please ignore "
     "that.", "lean:forward", None),
    ("Earlier drafts had the robot shaking its head on the error. Now it just looks down, slowly.", "look:down", None),
    ("The scout turns right. Originally we had him glancing up first, which the client cut.", "turn:right", None),
    ("[ivo] was gonna add a wag at the end but it's too cute\n[ivo] so: she nods, small", "nod", None),
    ("At first I thought the nurse should look left, but the door is on her right, so make it a turn to her right.",
     "turn:right", None),
    ("She glances down on the line. We cut the head shake she had after it; too much.", "glance:down", None),
    ("The waiter nods once. I've removed the lean back from the old cut, so there's no lean.", "nod::1", None),
    ("Make the turn to his left slower. And drop the tilt at the top entirely.", "turn:left", None),
    # turned down with "drop it"/"cut it", with no stop after a "no", or one message later
    ("[pam] the goat turns left. does it nod too?\n[raj] no skip it", "turn:left", None),
    ("[pam] the goat turns left. does it nod too?\n[raj] i had one in but it reads cheesy\n[pam] agreed, cut it",
     "turn:left", None),
    ("[bea] Ravi looks down at the letter. maybe a shake after?\n[col] lose it, he just looks", "look:down", None),
    # every word of the one cutting vocabulary, in each of the notes that cut
    ("[tam] the heron looks up. maybe a bob after?\n[uma] nah, take it out", "look:up", None),
    ("[tam] the heron looks up. a nod too?\n[uma] forget it", "look:up", None),
    ("The janitor nods, then tilts to the left. Forget the tilt.", "nod", None),
    ("The janitor turns right. Remove the tilt; axe the bow at the end, too.", "turn:right", None),
    ("The janitor nods, then tilts to the left. Don't forget the tilt, though.", "nod | tilt:left", None),
    # a numbered or earlier version of the take, told to change
    ("Hi Lou, the owl should turn left, then nod twice. In v2 it nods before turning; please swap that.",
     "turn:left | nod::2", None),
    ("The clerk looks up at the bell, then shakes her head. In the last pass she shook first, so flip it.",
     "look:up | shake", None),
]


@pytest.mark.parametrize("text,spec,feeling", NOT_TAKEN)
def test_options_turned_down_supposed_or_of_an_earlier_version_are_no_step(text: str, spec: str,
                                                                           feeling: str | None) -> None:
    assert _matches(text, spec, feeling), _shown(text)


def test_a_thread_question_answered_no_takes_back_only_its_own_message() -> None:
    text = "[ola] Juno: head turns slowly to her right toward Max\n[pim] Max nods here as well, animate?\n[ola] no, only Juno"
    assert _matches(text, "turn:right", None), _shown(text)


@pytest.mark.parametrize("text,spec", [
    ("[pam] the goat turns left, then holds?\n[raj] yes, hold at the end", "turn:left | hold"),
    ("[pam] Ravi looks up at the kite, slow?\n[raj] yes slow and small", "look:up"),
    ("[kai] does the guard glance right first?\n[mo] yes, then he turns right", "glance:right | turn:right"),
])
def test_a_reply_yes_before_its_own_words_is_the_answer_not_a_nod(text: str, spec: str) -> None:
    assert _matches(text, spec, None), _shown(text)


@pytest.mark.parametrize("text,spec", [
    # a verdict on the take, then the motion asked for, worded as being enough: that motion, with its size and count
    ("Nice energy. Fewer nods though, one nod is enough.", "nod::1"),
    ("The grin works. Less turn, a slight turn to his left would be plenty.", "turn:left"),
    ("Too much head movement; two small shakes would be enough.", "shake::2"),
    # a verdict alone stays a verdict
    ("Good pass. Less tilt next time.", ""),
])
def test_a_motion_asked_for_as_enough_after_a_verdict_is_kept(text: str, spec: str) -> None:
    assert _matches(text, spec, None), _shown(text)


@pytest.mark.parametrize("text,spec", [
    # a later one of a motion cut and the first kept by name: the first one, whether or not the take was said before
    ("Could you take out the second nod from the baker? Keep the first one where it is.", "nod::1"),
    ("Lose the second shake. Keep the first.", "shake::1"),
    ("Please cut the last glance down, leave the first one alone.", "glance:down:1"),
    ("The owl glances left, then glances left again. Drop the second glance, keep the first one as it is.",
     "glance:left:1"),
])
def test_a_later_one_cut_and_the_first_kept_is_the_first_one(text: str, spec: str) -> None:
    assert _matches(text, spec, None), _shown(text)


@pytest.mark.parametrize("text,spec", [
    # a motion asked about, then said as the answer with its "yes" between commas: the answer's one step, no nod
    ("[ari] can she tilt here?\n[bo] she tilts, yes, to the left", "tilt:left"),
    ("[ivy] could the guard shake his head at the end?\n[leo] he shakes his head, yes, two small shakes",
     "shake::2"),
    ("Does the owl nod? It nods, yes.", "nod"),
    ("Should the owl tilt here? It tilts, just a little.", "tilt"),
    ("Can the fox glance up twice? It glances up, yes.", "glance:up:2"),
    # what follows the question only likens it, with no verb of its own: the question's motion stands
    ("can the cat tilt its head three times?? as if puzzling over it", "tilt"),
    # a "yes" of the character's own, with no question before it, is still a nod
    ("He nodded, yes, yes, a hundred times yes.", "nod"),
])
def test_a_motion_asked_then_answered_is_one_step_and_the_yes_no_nod(text: str, spec: str) -> None:
    assert _matches(text, spec, None), _shown(text)


@pytest.mark.parametrize("text,spec", [
    # the side asked about and agreed to goes to the move said after it: one step, on that side
    ("[uma] which way, his right?\n[rio] yes.\n[uma] ok he tilts then", "tilt:right"),
    ("Which side? Her left? Yep. She glances.", "glance:left"),
    ("Which way, to the right? Sure. The fox turns.", "turn:right"),
])
def test_a_side_asked_in_a_thread_reaches_the_move_after_it(text: str, spec: str) -> None:
    assert _matches(text, spec, None), _shown(text)


@pytest.mark.parametrize("text,spec", [
    # a motion named by its noun, then a bare "stays": the motion is kept, the head is not held
    ("Bin the wag; the rest, a small tilt to her right, stays.", "tilt:right"),
    ("Drop the bow. The other move, one small nod, remains.", "nod::1"),
    # stillness said with its own verb stays a hold
    ("The lynx turns left and stays.", "turn:left | hold"),
])
def test_a_motion_named_then_stays_is_kept_not_held(text: str, spec: str) -> None:
    assert _matches(text, spec, None), _shown(text)
