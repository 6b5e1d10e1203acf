"""Ways of writing other than plain tool input, each a battery of sentences written for this test from knowledge of
how people write (not from any evaluation set), with the plan the labelling guide (`bench/data/LABELLING.md`) gives
it:

- literary prose: past tense, similes and metaphors for a motion, long sentences with participles and subordinate
  clauses, body parts and things as subjects, other people in the scene, fronted adverbials, free indirect style;
- non-native English: dropped articles, tense and agreement slips, calques ("make the head yes", "go back with the
  head", "leaned to front", ", after look left" for "afterwards"), unusual word order;
- chat and messaging: lowercase, no punctuation, fillers and reactions ("lol", "kinda", "like 3x", "pls"), emoji,
  texting spellings ("rt", "lft", "shd"), a reply's "no", a contrast ("a shake not a nod");
- second person: "you turn …", "your head …".

A step is written ``action[:side[:count]]``, with ``~`` when it runs together with an earlier step; an empty side
or count is not checked; steps are separated by `` | ``. The feeling is the one the plan must show ("none": no
feeling, a neutral face allowed; None: not checked, where readers could differ)."""

from __future__ import annotations

import pytest

from backend.motion.text.plan.reader import read_plan


def _steps(spec: str) -> list[tuple[str, str, int | None, bool]]:
    out = []
    for part in spec.split("|"):
        part = part.strip()
        together = part.endswith("~")
        action, side, count = (part.rstrip("~").split(":") + ["", ""])[:3]
        out.append((action, side, int(count) if count else None, together))
    return out


def _shown(plan) -> str:
    return " | ".join(f"{s.action}:{s.side}:{s.count}" + ("~" if s.overlaps is not None else "") for s in plan.steps) + \
        f" / {sorted({c.emotion for c in plan.emotions})}"


def _matches(text: str, spec: str, feeling: str | None) -> bool:
    plan = read_plan(text)
    want = _steps(spec)
    steps_right = len(plan.steps) == len(want) and all(
        s.action == a and (not side or s.side == side) and (count is None or s.count == count)
        and (s.overlaps is not None) == together for s, (a, side, count, together) in zip(plan.steps, want))
    felt = {c.emotion for c in plan.emotions}
    if feeling is None:
        return steps_right
    if feeling == "none":
        return steps_right and felt <= {"neutral"}
    return steps_right and feeling in felt and not felt - {"neutral", feeling}


LITERARY = [
    ('She turned, unhurried, toward the window, as if the light itself had called her name.', 'turn', 'none'),
    ('He nodded once, the way a man nods at a verdict he has long expected.', 'nod::1', 'none'),
    ('Her gaze drifted down to the letter on her knees and stayed there.', 'look:down | hold', 'none'),
    ('The old sailor shook his head, slow as the tide.', 'shake', 'none'),
    ('Her head came up sharply when the gate creaked.', 'look:up', 'none'),
    ('Slowly, as a flower follows the sun, she brought her face round to the right.', 'turn:right', 'none'),
    ('The abbot bowed his head, and for one long moment nobody in the room breathed.', 'look:down', 'none'),
    ("The captain's head swung left, then right, like a lighthouse beam sweeping the bay.", 'turn:left | turn:right', 'none'),
    ('She tilted her head to one side, considering him the way a bird considers a worm.', 'tilt', 'none'),
    ('Without a word he leaned back against the cushions, fingers laced across his chest.', 'lean:back', 'none'),
    ('Her eyes flicked to the door.', 'glance', 'none'),
    ('He had been brooding over the fire for an hour; now, at last, he looked up.', 'look:up', 'none'),
    ('Trembling, she shrank back from the figure in the doorway.', 'recoil', 'fearful'),
    ('His head fell forward until his chin rested on his chest.', 'look:down', 'none'),
    ('The girl glanced over her shoulder twice, quick as a sparrow.', 'glance::2', 'none'),
    ('She looked about the ruined chapel, taking in the broken pews and the fallen saints.', 'look_around', 'none'),
    ('Leaning toward the fire, he nodded slowly, as though agreeing with something the flames had said.', 'lean:forward | nod~', 'none'),
    ("At the mention of her brother's name, she went very still.", 'hold', 'none'),
    ('He raised his eyes to the heavens, then lowered them to the grave.', 'look:up | look:down', 'none'),
    ('He turned away from her, toward the rain-streaked window on his right.', 'turn:right', 'none'),
    ('Her head drooped like a wilting tulip.', 'look:down', 'none'),
    ('He gave a slow, heavy nod, as if the word had cost him something.', 'nod::1', 'none'),
    ('She lifted her face to the falling snow and closed her eyes.', 'look:up', 'none'),
    ('He wheeled round to face the intruder, his jaw clenched.', 'turn', 'angry'),
    ('She nodded three times, every nod a little fainter than the one before.', 'nod::3', 'none'),
    ('His head jerked back as though he had been slapped.', 'recoil', 'none'),
    ('The professor leaned forward, chin in hand, and regarded his student with amusement.', 'lean:forward', 'happy'),
    ('Her head rocked gently from side to side, keeping time with the old song.', 'wag', 'none'),
    ('He shook his head again and again, as though he could shake the memory loose.', 'shake::0', 'none'),
    ('Glancing left toward the stairs, she slipped the key into her pocket.', 'glance:left', 'none'),
    ('Slowly the old woman turned toward her left, and there she kept it.', 'turn:left | hold', 'none'),
    ('She cocked her head rightwards, listening for the footsteps again.', 'tilt:right', 'none'),
    ('His shoulders sagged and his head sank lower and lower.', 'look:down', None),
    ('Like a hound catching a scent, he lifted his head and turned it to the right.', 'look:up | turn:right', 'none'),
    ('The child looked round the enormous hall with wide, wondering eyes.', 'look_around', None),
    ('She recoiled from the rotten meat, gagging.', 'recoil', 'disgusted'),
    ('He stared into the darkness for a long time and said nothing.', 'hold', 'none'),
    ('Her chin rose a fraction.', 'look:up', None),
    ('He turned his head toward the duchess on his left, then straightened again.', 'turn:left | return', 'none'),
    ('Having listened to the whole story without a word, the innkeeper finally shook his head.', 'shake', 'none'),
    ('When the doors opened at last, she looked up, her face brightening into a smile.', 'look:up', 'happy'),
    ('His head turned, slowly, toward the sound of the bells.', 'turn', 'none'),
    ('Her eyes dropped to her hands.', 'look:down', 'none'),
    ('His chin dipped twice in agreement.', 'nod::2', 'none'),
    ('Her gaze lifted to the rafters.', 'look:up', 'none'),
    ('Her face turned up to the sky.', 'look:up', 'none'),
    ('His head swivelled to the right.', 'turn:right', 'none'),
    ('While her sister laughed, Ana tilted her head to one side.', 'tilt', 'none'),
    ('He nodded as the doctor explained, once, twice, three times.', 'nod::3', 'none'),
    ('She smiled when he waved, and glanced off toward her left.', 'glance:left', 'happy'),
    ('His head bobbed like a cork on the water.', 'nod', 'none'),
    ('Her head snapped round like a whip at the crash.', 'turn', 'none'),
    ('He turned his head as slowly as a rusted weather vane.', 'turn', 'none'),
    ('Was that the postman? She looked up. No, only the wind.', 'look:up', 'none'),
    ('Enough of this. He shook his head and turned to the door.', 'shake | turn', 'none'),
    ('Of course he would say that. She rolled her eyes and looked away.', 'turn', 'contempt'),
    ('The knight lowered his visor and bowed his head before the king.', 'look:down', 'none'),
    ('Her head lifted, and she looked past him to the hills on her left.', 'look:up | turn:left', 'none'),
    ('She turned from the mirror at last, her face pale as paper.', 'turn', 'none'),
    ("The colonel's gaze swept the room, lingering on each face in turn.", 'look_around', 'none'),
    ('Her head fell back against the pillow and she laughed until she cried.', 'look:up', 'happy'),
    ('A shiver ran through him, and he drew back from the cold stone of the crypt.', 'lean:back', None),
    ('He looked to the left, where the road ran down to the sea, and then back to her.', 'turn:left | return', 'none'),
    ('The young monk raised his head from prayer and looked straight ahead.', 'look:up | return', 'none'),
    ('His chin jutted forward, and his eyes narrowed to slits.', 'lean:forward', None),
    ('He nodded and nodded, as if he could not stop.', 'nod::0', 'none'),
    ("The sentry's eyes never left the road; his head stayed perfectly still.", 'hold', 'none'),
    ('She turned, slowly, the way an owl turns, until she was looking over her left shoulder.', 'turn:left', 'none'),
    ('He gave the smallest shake of the head, a movement so slight it was almost nothing.', 'shake::1', 'none'),
    ('Wearily the magistrate lowered his gaze to the papers before him.', 'look:down', 'none'),
    ('Her face tipped up toward the rain, and for once she was smiling.', 'look:up', 'happy'),
    ('Wordlessly he turned toward the wall.', 'turn', 'none'),
    ('Lifting her gaze from the needlework, she regarded the visitor coolly.', 'look:up', 'none'),
    ('The boy nodded eagerly, twice, his cap almost falling off.', 'nod::2', 'none'),
    ('The sentinel did not move; only his eyes followed the stranger across the yard.', 'hold', 'none'),
    ('For a heartbeat she held his gaze; then she dropped her eyes to the floor.', 'hold | look:down', 'none'),
    ('She lowered her gaze, a flush creeping up her neck.', 'look:down', 'none'),
    ('At the sound of his name the old shepherd looked up, blinking.', 'look:up', 'none'),
    ('Under the lamp the clerk lifted his eyes.', 'look:up', 'none'),
    ('At the far end of the hall the guard turned to the left.', 'turn:left', 'none'),
]

NON_NATIVE = [
    ('He make nod two times.', 'nod::2', 'none'),
    ('Girl turn head on left side.', 'turn:left', 'none'),
    ('Man is look up to the sky and after he look down.', 'look:up | look:down', 'none'),
    ('Please make her shake the head for say no.', 'shake', 'none'),
    ('The girl turn the head on right and smile.', 'turn:right', 'happy'),
    ('He do the head tilt to left, like he is thinking.', 'tilt:left', 'none'),
    ('She is nodding three times and after is stay without moving.', 'nod::3 | hold', 'none'),
    ('He lean forward to the camera for see better.', 'lean:forward', 'none'),
    ('She go back with the head, slow.', 'lean:back', 'none'),
    ('He look to left, then to right, then again in front.', 'turn:left | turn:right | return', 'none'),
    ('Make the head no, two times.', 'shake::2', 'none'),
    ('She say yes with the head.', 'nod', 'none'),
    ('She say no with her head three time.', 'shake::3', 'none'),
    ('He is turning the face on the left side and he stay so.', 'turn:left | hold', 'none'),
    ('The man incline the head to right.', 'tilt:right', 'none'),
    ('She give a fast look at him.', 'glance', 'none'),
    ('Before he look down, he shake the head.', 'shake | look:down', 'none'),
    ('After to look up, she is return to normal position.', 'look:up | return', 'none'),
    ('Head go down slowly, like sad.', 'look:down', 'sad'),
    ('She turns the head in direction of window, at right.', 'turn:right', 'none'),
    ('Do the nod one time and after the tilt on left.', 'nod::1 | tilt:left', 'none'),
    ('He make a big turn of head to right and come back.', 'turn:right | return', 'none'),
    ('The woman look up and she is surprise.', 'look:up', 'surprised'),
    ('Him look down, very sad, almost cry.', 'look:down', 'sad'),
    ('She shake head for no, is angry.', 'shake', 'angry'),
    ('Is looking at left and in same time is nodding.', 'turn:left | nod~', 'none'),
    ('Turn to the camera and make smile.', 'return', 'happy'),
    ('He put the head down and stay like this.', 'look:down | hold', 'none'),
    ('She lift the head and look on the sky.', 'look:up', 'none'),
    ('First she looks down, second she looks up, third she shakes head.', 'look:down | look:up | shake', 'none'),
    ('He moves head in up and down direction two times.', 'nod::2', 'none'),
    ('He moves the head left-right like saying no.', 'shake', 'none'),
    ('Lean back, he is much surprised.', 'lean:back', 'surprised'),
    ('She rotate slowly the head on the left side.', 'turn:left', 'none'),
    ('He is looking around himself, like searching somebody.', 'look_around', 'none'),
    ('He make one nod and after one shake.', 'nod::1 | shake::1', 'none'),
    ('When she hear the noise she turn quick the head to right.', 'turn:right', 'none'),
    ('The boy make the head tilt and he smile.', 'tilt', 'happy'),
    ('He has nodded two times and then he has shaked the head.', 'nod::2 | shake', 'none'),
    ('She leaned to front.', 'lean:forward', 'none'),
    ('He look at up.', 'look:up', 'none'),
    ('She is watching to the down.', 'look:down', 'none'),
    ('Please the character do shaking of head, slowly.', 'shake', 'none'),
    ('He is making the head yes many time, very happy.', 'nod', 'happy'),
    ('She look to right side one time fast and come back.', 'turn:right | return', 'none'),
    ('The man make his head go on the left shoulder.', 'tilt:left', 'none'),
    ('The head of him is going down, he is tired.', 'look:down', None),
    ('He turn around for to see who is behind.', 'turn', 'none'),
    ('Character make surprise face and go back the head.', 'recoil', 'surprised'),   # back in a start: rule 13
    ('She is looking the camera and is smiling.', 'return', 'happy'),
    ('Little nod, after look on left side.', 'nod::1 | turn:left', 'none'),
    ('He make a small turn on right and then is nodding two time.', 'turn:right | nod::2', 'none'),
    ('Is need that he look down, after he shake the head no.', 'look:down | shake', 'none'),
    ('She look all around the room because she is scare.', 'look_around', 'fearful'),
    ('The head is going to back, as if he see a ghost.', 'lean:back', None),
    ('He puts the chin up, proud.', 'look:up', None),
    ('The guard is nod to the king and then stay stand still.', 'nod | hold', 'none'),
    ("He is looking on the floor very long time and he don't move.", 'look:down | hold', 'none'),
    ('She makes the head no, very angry.', 'shake', 'angry'),
    ('Please do that he turn the head to right side, after he nod.', 'turn:right | nod', 'none'),
    ('She lean the head on the left like she is thinking.', 'tilt:left', 'none'),
    ('He turned to back to see the door.', 'turn', 'none'),
    ('The girl has looked to up and she smiled.', 'look:up', 'happy'),
]

CHAT = [
    ('can u make him nod like 3x', 'nod::3', 'none'),
    ('pls just a quick head turn to the right lol', 'turn:right', 'none'),
    ('ok she looks up then down and then back to normal', 'look:up | look:down | return', 'none'),
    ('kinda want a lil tilt left, nothing crazy', 'tilt:left', 'none'),
    ('make her shake her head no 😂', 'shake', 'none'),
    ('can we get a slow nod?? thx', 'nod', 'none'),
    ('he should like lean back when hes surprised', 'lean:back', 'surprised'),
    ('idk maybe he looks round nervously', 'look_around', 'fearful'),
    ('just have her glance left real quick then back to camera', 'glance:left | return', 'none'),
    ('yo turn head left n then nod twice', 'turn:left | nod::2', 'none'),
    ('lol make him do the shake thing 2x', 'shake::2', 'none'),
    ('can u have her look down, sad vibes 😢', 'look:down', 'sad'),
    ('tilt head right + smile pls', 'tilt:right', 'happy'),
    ('hmm can he freeze for a sec then nod', 'hold | nod', 'none'),
    ('honestly just a nod is fine', 'nod', 'none'),
    ('she turns rt then lft', 'turn:right | turn:left', 'none'),
    ('wanna see him recoil like he smelled something gross 🤢', 'recoil', 'disgusted'),
    ('ok last one: lean fwd, tilt left, hold', 'lean:forward | tilt:left | hold', 'none'),
    ('can she like nod along the whole time', 'nod::0', 'none'),
    ("make him look away lol he's embarrassed", 'turn', 'none'),
    ('gimme a head shake then a glance right', 'shake | glance:right', 'none'),
    ('he nods slow like hes thinking abt it', 'nod', 'none'),
    ('her head shd tilt left a bit', 'tilt:left', 'none'),
    ('plz make her turn to the left and smile :)', 'turn:left', 'happy'),
    ('k now have him lean back n look up', 'lean:back | look:up', 'none'),
    ('super quick nod, like barely there', 'nod::1', 'none'),
    ('uhh she shld look around the room first then look at the cam', 'look_around | return', 'none'),
    ('can we do a double nod', 'nod::2', 'none'),
    ('have him turn his head left.. then right.. then back', 'turn:left | turn:right | return', 'none'),
    ("needs a glance at the door (door's on her right)", 'glance:right', 'none'),
    ('lmao no just make him shake his head', 'shake', 'none'),
    ('head tilt right 🤔', 'tilt:right', 'none'),
    ('nodding 4 times pls', 'nod::4', 'none'),
    ('can u do like a surprised lean back', 'lean:back', 'surprised'),
    ('hey can she look up at the sky for a bit', 'look:up', 'none'),
    ('the guy should turn left and like stay there', 'turn:left | hold', 'none'),
    ('is she surprised? like flinch and then shake her head', 'recoil | shake', None),
    ('shes mad so like a hard head shake', 'shake', 'angry'),
    ('can you make her glance right twice?', 'glance:right:2', 'none'),
    ('ok hes bored, slow head tilt to the left and sigh', 'tilt:left', 'none'),
    ('turn head to the right real slow pls thx', 'turn:right', 'none'),
    ('wait actually make it a shake not a nod', 'shake', 'none'),
    ('he looks left, looks right, then nods', 'turn:left | turn:right | nod', 'none'),
    ('gonna need her to look down at her phone', 'look:down', 'none'),
    ('r u able to make him look up n smile', 'look:up', 'happy'),
    ('she rolls her eyes n looks away lol', 'turn', 'contempt'),
    ('omg she has to look SO shocked, like jaw on the floor, and lean back', 'lean:back', 'surprised'),
    ('nod, shake, and nod again pls', 'nod | shake | nod', 'none'),
    ('just a lil head bob, 2 times', 'nod::2', 'none'),
    ('bruh the turn is too fast, make it a slow turn left', 'turn:left', 'none'),
    ('can u make it so he looks down n stays there', 'look:down | hold', 'none'),
    ('ok new idea: she glances at him then looks away', 'glance | turn', 'none'),
    ('him tilting his head like a confused puppy lol', 'tilt', 'none'),
    ('quick look up at the roof then back pls', 'look:up | return', 'none'),
    ('ya so just shake head x3 and done', 'shake::3', 'none'),
    ('wanna try one where she leans in and nods a bunch', 'lean:forward | nod', 'none'),
    ('dude literally just make him stand still 😐', 'hold', None),
    ('eh maybe a tiny nod, then look to her left', 'nod::1 | turn:left', 'none'),
    ('lol ok so she just nods twice and thats it', 'nod::2', 'none'),
    ('pls have him tilt his head right 🙏', 'tilt:right', 'none'),
    ('hmm what if he turns left then right then shrugs', 'turn:left | turn:right', 'none'),
    ('she does like a tiny head shake, barely there', 'shake', 'none'),
    ('idk just make her look around a bit??', 'look_around', 'none'),
    ('ok so basically he glances at the window then back at me', 'glance | return', 'none'),
    ('kk lean back pls', 'lean:back', 'none'),
    ('can u make her not move at all', 'hold', 'none'),
]

SECOND_PERSON = [
    ('You turn your head left.', 'turn:left', 'none'),
    ('You nod twice, then look up.', 'nod::2 | look:up', 'none'),
    ('Your head tilts to the right as you listen.', 'tilt:right', 'none'),
    ('You shake your head slowly.', 'shake', 'none'),
    ('Your eyes drop to the floor.', 'look:down', 'none'),
    ('You look all around the empty kitchen.', 'look_around', 'none'),
    ('You lean forward, curious.', 'lean:forward', 'none'),
    ('You glance over your right shoulder.', 'glance:right', 'none'),
    ('You flinch back from the flash.', 'recoil', 'none'),
    ('You freeze.', 'hold', 'none'),
    ('You stay perfectly still for a few seconds.', 'hold', 'none'),
    ('Turning to your left, you nod once.', 'turn:left | nod::1~', 'none'),
    ('You look up at the clouds, then down at your shoes.', 'look:up | look:down', 'none'),
    ('You lift your chin and smile.', 'look:up', 'happy'),
    ('Your head sinks forward as exhaustion takes over.', 'look:down', None),
    ('You face the camera again.', 'return', 'none'),
    ('You bring your head back to centre.', 'return', 'none'),
    ('You look away from him.', 'turn', 'none'),
    ('You look to your right, then to your left.', 'turn:right | turn:left', 'none'),
    ('You jolt backwards with a gasp.', 'recoil', 'surprised'),
    ('You nod along to the music.', 'nod', 'none'),
    ('You tilt your head and narrow your eyes.', 'tilt', None),
    ('You turn to the window and stay there.', 'turn | hold', 'none'),
    ('You keep nodding as she talks.', 'nod::0', 'none'),
    ('You lower your head.', 'look:down', 'none'),
    ('Your gaze drifts to the left.', 'turn:left', 'none'),
    ('You let your head fall back and laugh.', 'look:up', 'happy'),
    ('First you look down; next you look up; finally you nod.', 'look:down | look:up | nod', 'none'),
    ('You lean back on the sofa, arms crossed.', 'lean:back', 'none'),
    ('You glance left, then right, and then back at me.', 'glance:left | glance:right | return', 'none'),
    ('You wag your head side to side.', 'wag', 'none'),
    ('Slowly you turn your head right and hold it there.', 'turn:right | hold', 'none'),
    ('Someone calls your name; you turn around.', 'turn', 'none'),
    ("You're standing at the bus stop. You look left, then right.", 'turn:left | turn:right', 'none'),
    ('You nod three times, smiling.', 'nod::3', 'happy'),
    ('Your head snaps up when the phone rings.', 'look:up', 'none'),
    ('You recoil in disgust.', 'recoil', 'disgusted'),
    ('You keep your head still, staring straight ahead.', 'hold', 'none'),
    ('You look down and shake your head.', 'look:down | shake', 'none'),
    ("You're furious: you turn your head away from her.", 'turn', 'angry'),
    ('Your chin drops to your chest.', 'look:down', 'none'),
    ('You shake your head no, twice.', 'shake::2', 'none'),
    ('You tip your head back, eyes on the ceiling.', 'look:up', 'none'),
    ("You're listening; you cock your head left.", 'tilt:left', 'none'),
    ('As you turn right, you nod.', 'turn:right | nod~', 'none'),
    ('You wait a beat, then nod.', 'hold | nod', 'none'),
    ('You look over at her, to your right.', 'turn:right', 'none'),
    ('You lean toward the camera, grinning.', 'lean:forward', 'happy'),
    ('You gaze out of the window.', 'hold', 'none'),
    ('You tilt your head back and close your eyes.', 'look:up', 'none'),
    ('You glance down at your watch.', 'glance:down', 'none'),
    ('You stand very still and hold your breath.', 'hold', 'none'),
    ('You turn your head toward the voice on your right.', 'turn:right', 'none'),
    ('Your head droops as you stare down at the floor.', 'look:down', 'none'),
    ('You raise your eyebrows and lean back a little.', 'lean:back', None),
    ('You give a slow, thoughtful nod.', 'nod::1', 'none'),
    ('You keep your eyes on the horizon.', 'hold', 'none'),
]


BATTERY = [("literary", *row) for row in LITERARY] + [("non_native", *row) for row in NON_NATIVE] + \
    [("chat", *row) for row in CHAT] + [("second_person", *row) for row in SECOND_PERSON]


@pytest.mark.parametrize("style, text, spec, feeling", BATTERY, ids=[f"{s}-{i}" for i, (s, *_) in enumerate(BATTERY)])
def test_each_way_of_writing_reads_as_the_plan_it_describes(style, text, spec, feeling):
    assert _matches(text, spec, feeling), f"{text!r}: want {spec} / {feeling}, got {_shown(read_plan(text))}"


def test_the_battery_covers_each_style_with_many_writers():
    counts = {style: sum(1 for s, *_ in BATTERY if s == style)
              for style in ("literary", "non_native", "chat", "second_person")}
    assert min(counts.values()) >= 40, counts
    assert len({text for _, text, _, _ in BATTERY}) == len(BATTERY)


@pytest.mark.parametrize("text, plain", [
    ("she nods like 3x lol", "she nods 3x"),
    ("the guy should turn left and like stay there", "the guy should turn left and stay there"),
    ("he wags his head like a metronome", "he wags his head like a metronome"),      # a simile stays
    ("can he let his head drop? like he's exhausted", "can he let his head drop? like he's exhausted"),
    ("no just make him nod 🙂", "just make him nod"),
    ("make it a shake not a nod", "make it a shake"),
    ("tilt R, then L", "tilt R, then L"),                                            # shorthand sides are not chat
    ("she turns rt then lft pls", "she turns right then left"),
    ("Please make him nod.", "Please make him nod."),                                # only a closing please goes
])
def test_chat_conventions_are_made_plain_and_the_rest_left_alone(text, plain):
    from backend.motion.text.plan.chat import plain_chat
    assert plain_chat(text) == plain


@pytest.mark.parametrize("text, plain", [
    ("He make the head yes two time.", "He nods two time."),
    ("She is making the head no.", "She is shaking the head."),
    ("She say no with her head.", "She shakes the head."),
    ("He go back with the body.", "He leans back."),
    ("She leaned to front.", "She leaned forward."),
    ("Little nod, after look on left side.", "Little nod, then look on left side."),
    ("Nod, after he looks left.", "Nod, after he looks left."),                     # inflected: the English sense
    ("He stands in front of the door.", "He stands in front of the door."),
    ("Then she look on the camera right side.", "Then she looks to camera right."),
    ("Can he look up, and does she nod?", "Can he look up, and does she nod?"),        # a question keeps its verb
    ("The nurse is not turn the head.", "The nurse does not turn the head."),
    ("The porter nod the head twice.", "The porter nods the head twice."),
    ("Omar shake his head slowly.", "Omar shakes his head slowly."),
    ("Then shake the head.", "Then shake the head."),                                # an order keeps its verb
    ("Let the clown nod the head.", "Let the clown nod the head."),
    ("She went back with her head.", "She leaned back with the head."),
    ("He keeps his head tilt to right.", "He keeps his head tilted to right."),
    ("He nods with the head turn at right.", "He nods with the head turned at right."),
    ("Please make the old woman nodding slowly.", "Please make the old woman nod slowly."),
    ("Make him looking down at the floor.", "Make him look down at the floor."),
    ("I am making the model for my class.", "I am making the model for my class."),
])
def test_calques_are_made_plain_english_and_the_rest_left_alone(text, plain):
    from backend.motion.text.plan.learner_english import plain_learner_english
    assert plain_learner_english(text) == plain


# Ways prose says what is not the character's step, or says a step in passing, each with near misses whose plan must
# stay as it is. (phenomenon, text, spec, feeling)
PHENOMENA = [
    # Words in quotes are what someone says: "you" inside them is not who the description is about.
    ("quoted words", 'At the words "you never called" he looks down, then slowly shakes his head.', 'look:down | shake', 'none'),
    ("quoted words", 'On the cue "are you sure?" she tilts her head to the left and then nods once.', 'tilt:left | nod::1', 'none'),
    ("quoted words", 'After the line "I\'m leaving" her head drops, and she shakes it twice.', 'look:down | shake::2', 'none'),
    ("quoted words", '"You did what?" Her head snaps back, then she turns to her right.', 'recoil | turn:right', 'none'),
    ("quoted words", 'When he says "you look tired" she turns to the window and stays there.', 'turn | hold', None),
    ("quoted words", '"I know," she says, and nods twice.', 'nod::2', None),
    # Adjectives with a comma before a motion noun ("a slow, sad shake") are no one else doing something.
    ("adjectives before a motion noun", 'He frowns, then gives a slow, disappointed shake of the head.', 'shake::1', None),
    ("adjectives before a motion noun", 'He turns to the left and gives a small, tired nod.', 'turn:left | nod::1', None),
    ("adjectives before a motion noun", 'She looks up from the page, then a quick, guilty glance at the door.', 'look:up | glance', None),
    ("adjectives before a motion noun", 'Her brow furrows before a long, weary shake of the head.', 'shake', None),
    ("adjectives before a motion noun", 'The lights dimmed and the music faded.', '', None),   # things doing something
    # Looking back up (or down) after a pause or a motion done in the pose is a return; with a thing to look at, or
    # after a move elsewhere, it stays a look.
    ("looks back up", 'She looks down, nods twice, and then looks back up.', 'look:down | nod::2 | return', 'none'),
    ("looks back up", 'He looks down at the floor, waits a beat, shakes his head, and looks back up.', 'look:down | hold | shake | return', 'none'),
    ("looks back up", 'She looks down at her hands, and after a beat she looks back up.', 'look:down | hold | return', 'none'),
    ("looks back up", 'He looks down, shakes his head slowly, then looks back up.', 'look:down | shake | return', 'none'),
    ("looks back up", 'Head down; a pause; a small shake; then back up.', 'look:down | hold | shake | return', 'none'),
    ("looks back up", 'She looks up at the ceiling, then back down at her notes.', 'look:up | look:down', 'none'),
    ("looks back up", 'He looks down, turns to the left, then looks back up.', 'look:down | turn:left | look:up', 'none'),
    # Hiding a feeling moves no head; hiding the face does.
    ("hiding a feeling", 'He shakes his head, angry but trying to hide it.', 'shake', 'angry'),
    ("hiding a feeling", 'She smiles, trying to hide her relief, and nods.', 'nod', 'happy'),
    ("hiding a feeling", 'She nods along, hiding her disappointment well.', 'nod', None),
    ("hiding a feeling", 'She looks down and shakes her head twice, sad but trying to hide it.', 'look:down | shake::2', 'sad'),
    ("hiding a feeling", 'He tries to hide his amusement and turns to the right.', 'turn:right', None),
    ("hiding a feeling", 'She hides her face in her hands.', 'look:down', None),
    ("hiding a feeling", 'She lowers her head, trying to hide her face.', 'look:down', None),
    # A perfect tense negated ("had not looked up") says what did not happen.
    ("negated perfect", 'She turns to the left. She has not nodded once.', 'turn:left', 'none'),
    ("negated perfect", 'He looks up at her; he had not looked up all evening.', 'look:up', 'none'),
    ("negated perfect", "She hadn't turned her head, and now she nods twice.", 'nod::2', 'none'),
    ("negated perfect", 'He has not shaken his head yet, but he looks down.', 'look:down', 'none'),
    ("negated perfect", 'She has not moved in an hour.', 'hold', 'none'),
    ("negated perfect", 'He had nodded twice before she came in.', 'nod::2', 'none'),
    ("negated perfect", "He has nodded at every answer so far.", 'nod', 'none'),
    # A reaction said to be not needed is nothing to do; stillness said outright is a hold.
    ("no reaction needed", 'She looks up at the tower; she gets jostled by the crowd, no reaction needed.', 'look:up', 'none'),
    ("no reaction needed", 'He nods once. No other reaction needed.', 'nod::1', 'none'),
    ("no reaction needed", 'She looks up and smiles, no response required.', 'look:up', 'happy'),
    ("no reaction needed", 'He turns to the left, no movement needed after that.', 'turn:left', 'none'),
    ("no reaction needed", 'Poker face, no movement.', 'hold', None),
    ("no reaction needed", 'She freezes, no movement at all.', 'hold', None),
    # A title's full stop ("Mr.", "Dr.") ends no sentence.
    ("titles", 'Dr. Reyes nods twice, then looks to the left.', 'nod::2 | turn:left', 'none'),
    ("titles", 'Mrs. Hale turns to the right. Then she looks down.', 'turn:right | look:down', 'none'),
    ("titles", 'She looks down at her desk; Mr. Grey, across the room, had not even looked up.', 'look:down', 'none'),
    ("titles", 'Prof. Lind tilts his head to the right and nods once.', 'tilt:right | nod::1', 'none'),
    ("titles", 'He nods. Then he looks up.', 'nod | look:up', 'none'),
    # The whole body moved by its owner, or an arm reaching, is no head motion.
    ("the body moved", 'She turned back, lowered herself into the armchair, and did not move again.', 'return | hold', 'none'),
    ("the body moved", 'He eases himself into the chair, then nods.', 'nod', 'none'),
    ("the body moved", 'She pulls herself up from the floor and turns to the right.', 'turn:right', 'none'),
    ("the body moved", 'She reaches across the table and nods.', 'nod', 'none'),
    ("the body moved", 'He reached over for the glass, then looked up.', 'look:up', None),
    ("the body moved", 'He reaches up and tilts his head to the right.', 'tilt:right', 'none'),
    ("the body moved", 'She lowers her head and nods.', 'look:down | nod', 'none'),
    ("the body moved", 'He throws himself back in the chair and looks up.', 'look:up', None),
    # Someone of someone else's ("the duke's man") is another person; a part of the character is not.
    ("someone's person", "The king's guard nods as she turns to the left.", 'turn:left', 'none'),
    ("someone's person", "Her father's friend shakes his head; she only looks down.", 'look:down', 'none'),
    ("someone's person", "The tall man's wife turns to the left while he nods twice.", 'nod::2', 'none'),
    ("someone's person", "His sister's children laugh, and he looks to the right.", 'turn:right', None),
    ("someone's person", "The old man's daughter looks up and smiles.", 'look:up', 'happy'),
    ("someone's person", "The guard's head turns to the left.", 'turn:left', 'none'),
    # Another named person with an adverb before the verb ("Cass also nods") is still someone else.
    ("another name, an adverb", "Oona turns her head to the left. Piet also nods in this shot.", 'turn:left', 'none'),
    ("another name, an adverb", "Lars looks down at the map, and Greta slowly shakes her head.", 'look:down', 'none'),
    ("another name, an adverb", "Nina looks down at the soup. Dad still doesn't look up from his paper.", 'look:down', 'none'),
    # A comparison with "the way" after a motion is how it goes; opening the sentence it is the subject.
    ("a comparison", "She leans forward, the way a heron leans over the pond.", 'lean:forward', 'none'),
    ("a comparison", "He nods twice, just the way old men nod at a card table.", 'nod::2', 'none'),
    ("a comparison", "The way he looks up at her says enough.", 'look:up', None),
    # A time clause whose subject is a thing, after an adverb ("and when at length the tide went out"), sets the moment.
    ("time clause of a thing", 'She holds still, and when at last it withdraws she turns to the right.', 'hold | turn:right', 'none'),
    ("time clause of a thing", 'He waits, and when at last it pulls back, he nods.', 'hold | nod', 'none'),
    ("time clause of a thing", 'She stares at the door, and when finally it opens she nods.', 'hold | nod', 'none'),
    ("time clause of a thing", 'He waits, and when suddenly it rings he looks up.', 'hold | look:up', 'none'),
    ("time clause of a thing", 'She nods, and when at last she looks up she smiles.', 'nod | look:up', 'happy'),
    # Back to where the head faces at rest ("swings back to the path ahead") after a move to a side is a return; a
    # head snapping back with nothing before it is a start.
    ("back to the front", 'He turns to the right, then swings back to the track ahead.', 'turn:right | return', 'none'),
    ("back to the front", 'She looks over her left shoulder and whips back to the front.', 'turn:left | return', 'none'),
    ("back to the front", 'He glances to the left, then swings back toward the screen ahead.', 'glance:left | return', 'none'),
    ("back to the front", 'She turns to the right and jerks back to centre.', 'turn:right | return', 'none'),
    ("back to the front", 'He turns to the right, then swings back.', 'turn:right | return', 'none'),
    ("back to the front", 'Her head snaps back.', 'recoil', 'none'),
    ("back to the front", 'He looks left, then leans back to the wall ahead.', 'turn:left | lean:back', 'none'),
    # A face said to stay blank, however much ("totally", "utterly"), is a feeling, not a hold; stillness is a hold.
    ("a blank face", 'His face stays totally blank as he nods.', 'nod', 'neutral'),
    ("a blank face", 'He turns to the left, his face completely blank.', 'turn:left', 'neutral'),
    ("a blank face", 'She looks down, her expression utterly calm.', 'look:down', None),
    ("a blank face", 'Her face stays completely expressionless.', '', 'neutral'),
    ("a blank face", 'He looks utterly furious.', '', 'angry'),
    ("a blank face", 'She stays perfectly still.', 'hold', 'none'),
    ("a blank face", 'He looks suddenly to the left.', 'turn:left', 'none'),
    # Why the character moves, said as a purpose ("just to let him know"), is no step; "turns to look at him" is.
    ("a purpose", 'She tilts her head a little to the right, just to let him know she sees him, and then leans forward.', 'tilt:right | lean:forward', 'none'),
    ("a purpose", 'She nods, just to show she is listening, then looks down.', 'nod | look:down', 'none'),
    ("a purpose", 'He turns to the left, to let her know he heard.', 'turn:left', 'none'),
    ("a purpose", 'She lifts her chin, only to make it clear she is not afraid, then looks away.', 'look:up | turn', 'none'),
    ("a purpose", 'She turns to look at him.', 'turn', 'none'),
    ("a purpose", 'He tilts his head to show he is confused.', 'tilt', None),
    # Pointing or waving is the hand: its side is no step, not even the step before's ("nods and points left").
    ("the hand", 'Glancing down at the map, he nods and points left, then looks up.', 'glance:down | nod~ | look:up', 'none'),
    ("the hand", 'She points to the left and nods.', 'nod', 'none'),
    ("the hand", 'He waves, then turns to the right.', 'turn:right', 'none'),
    ("the hand", 'She nods, then points left and turns her head to the left.', 'nod | turn:left', 'none'),
    ("the hand", 'He looks left, then right.', 'turn:left | turn:right', 'none'),
    ("the hand", 'He looks to the left, then up.', 'turn:left | look:up', 'none'),
    # A word or two on how the step before goes ("…, firmly, …") does not cut it from what runs with it.
    ("run together past an adverb", 'He shakes his head, firmly, while turning to the right.', 'shake | turn:right~', 'none'),
    ("run together past an adverb", 'She nods over and over, slowly, and at the same time turns to the left.', 'nod | turn:left~', 'none'),
    ("run together past an adverb", 'The man is nodding many times, continuously, and in same time he turn the head to left.', 'nod | turn:left~', 'none'),
    ("run together past an adverb", 'He nods twice, slowly. Then he turns to the left.', 'nod::2 | turn:left', 'none'),
    ("run together past an adverb", 'She shakes her head, gently, then looks down.', 'shake | look:down', 'none'),
    # "…, and nod while you do it" runs with the last step, even past a clause about someone else.
    ("with the last step", 'Look down when she speaks, and nod while you do it.', 'look:down | nod~', 'none'),
    ("with the last step", 'He turns to the left as the door opens and nods at the same time.', 'turn:left | nod~', 'none'),
    ("with the last step", 'so she kinda looks away when he says it and like shakes her head while she does it', 'turn | shake~', 'none'),
    ("with the last step", 'She listens without moving her head, then nods.', 'hold | nod', 'none'),
    ("with the last step", 'He waits until she stops talking and nods.', 'hold | nod', 'none'),
    ("with the last step", 'She smiles, and at the same time turns to the right.', 'turn:right', 'happy'),
]


@pytest.mark.parametrize("phenomenon, text, spec, feeling", PHENOMENA,
                         ids=[f"{p.replace(' ', '_')}-{i}" for i, (p, *_) in enumerate(PHENOMENA)])
def test_prose_says_what_is_no_step_of_the_character(phenomenon, text, spec, feeling):
    _assert_reads(text, spec, feeling)


def _assert_reads(text: str, spec: str, feeling: str | None) -> None:
    """The plan has the steps of `spec` and the feeling; an empty spec: no steps, and the feeling among the plan's."""
    if not spec:
        plan = read_plan(text)
        felt = {c.emotion for c in plan.emotions}
        assert not plan.steps and (feeling is None or feeling in felt), f"{text!r}: want no steps, got {_shown(plan)}"
        return
    assert _matches(text, spec, feeling), f"{text!r}: want {spec} / {feeling}, got {_shown(read_plan(text))}"


# Twelfth round: the ways of writing of dev11's prose styles, each phenomenon with new sentences.
ROUND_12 = [
    # An "and" before a bare verb of moving the head starts a clause of its own, as "you" and a director write it.
    ("bare verb after and", 'You taste the sour milk, wrinkle your nose and snap your head back.', 'recoil', 'disgusted'),
    ("bare verb after and", 'Open the fridge, sniff, and jerk your head back.', 'recoil', None),
    ("bare verb after and", 'You hear the crash and whip your head round to the right.', 'turn:right', 'none'),
    ("bare verb after and", 'You taste the soup and pull a face.', '', 'disgusted'),
    # A pause after "after" with its article dropped, as learners write it, comes first, then the clause.
    ("pause without article", 'He look left, after short pause he nod two time.', 'turn:left | hold | nod::2', 'none'),
    ("pause without article", 'The girl is look up to sky, after long silence she look down.', 'look:up | hold | look:down', 'none'),
    # What a side means, said to the actor, is no move.
    ("a side's meaning", 'Careful, camera left is your right. Now turn to camera left.', 'turn:right', 'none'),
    ("a side's meaning", 'Stage right is your right. Look stage right.', 'turn:right', 'none'),
    # A note on how much head ("less head") sizes the step beside it; it is no step.
    ("a size note", 'Less head, please, just a small nod.', 'nod::1', 'none'),
    ("a size note", 'Bit more head this time. Turn to the left.', 'turn:left', 'none'),
    # Notes about the head's motion named as a noun ("head notes", "the head moves should …") head the note: no step.
    ("a heading", 'Fox, shot 3 - head notes below. The fox should look up, then nod.', 'look:up | nod', None),
    ("a heading", 'Her head moves must stay tiny. She turns to the left, then nods.', 'turn:left | nod', None),
    ("the head moves", 'Her head moves to the right, slowly.', 'turn:right', None),
    ("how every move goes", "Mo's feedback: the producers like the colour but want the head motion toned down. So: Bo "
                            "turns his head to his right, then nods.", 'turn:right | nod', None),
    ("how every move goes", 'Make the head movement calmer, and she nods once.', 'nod::1', None),
    # A motion of the take said by its noun to stay: kept, no hold.
    ("kept by its noun", 'He nods, then tilts left. The tilt stays.', 'nod | tilt:left', None),
    ("kept by its noun", 'The owl nods, then glances up. Cut the glance. That slow nod can stay as is.', 'nod', None),
    ("the head stays", 'She bows. Her head stays down.', 'look:down | hold', None),
    ("kept as it is", 'Could we drop the glance at the very end? All that comes before (the tilt, then the turn left) '
                      'stays as it is.', 'tilt | turn:left', None),
    ("kept as it is", 'Lose the nod. The rest stays the same.', '', None),
    # A call to start the take again from the first marks is the crew's, not the head going back.
    ("the crew's reset", 'Okay, back to one. Tilt to the left, then nod twice.', 'tilt:left | nod::2', None),
    ("the crew's reset", 'Back to first positions please. She looks up.', 'look:up', None),
    # Surprise shown beside the head drawn back makes it a recoil (the guide's rule 13).
    ("a start", 'His eyebrows fly up and he draws his head back a touch.', 'recoil', 'surprised'),
    ("a start", 'She pulls her head back, astonished.', 'recoil', 'surprised'),
    ("a start", 'He pulls his head back to read the small print.', 'lean:back', 'none'),
    # Raising the head after a bow and looking into the lens is the way back: one return.
    ("raise to the lens", 'She lowers her head, then lifts it and looks into the camera.', 'look:down | return', 'none'),
    ("raise to the lens", 'Drop your chin during the silence, then bring it up and look straight at the lens.', 'look:down | return', 'none'),
    ("raise to the lens", 'He slowly lifts his head and stares into the camera.', 'look:up | hold', 'none'),
    # "and then, as if …, lets her head fall": the aside does not take the "then" from the move after it.
    ("an aside after then", 'He looked up at the stars, sighed, and then, as though the sky had let him down, '
                            'let his head sink onto his chest.', 'look:up | look:down', 'none'),
    # Tiredness in how a motion goes is no feeling of the eight; what a room smells of is nobody's disgust.
    ("tiredness", 'She gives a slow, weary shake of the head and turns away.', 'shake | turn', 'none'),
    ("tiredness", 'He nods wearily and looks at the floor.', 'nod | look:down', 'none'),
    ("a room's smell", 'The attic reeked of mothballs and old paper. Maya lifted her head and looked up at the beams.',
     'look:up', 'none'),
    ("a room's smell", 'The cellar reeks of damp. He leans in, wrinkles his nose and pulls his head back.',
     'lean:forward | recoil',
     'disgusted'),
    # Where "you" hear or see something is the side of the move that follows, not a move.
    ("heard by you", 'You hear a knock on your left and whip your head round.', 'turn:left', 'none'),
    # A "while" clause that opens the sentence does not run with a step that comes "then".
    ("while, then", 'She is shivering as she glances to her left, then to her right.', 'glance:left | glance:right',
     None),
]


ROUND_13 = [
    # A name says no gender; "his" or "her" in its own clause does, or the he or she that leads more clauses after it.
    ("gender from a possessive", 'OSKAR stands by the lift with his coffee. A nurse comes out of the ward. He looks up at her. '
                                      'She shakes her head.', 'look:up', 'none'),
    ("gender from the pronoun that leads", 'MALIK sits on the bench. A woman walks past. He looks up at her. She '
                                           'shakes her head. He lowers his head.', 'look:up | look:down', 'none'),
    # Heads said in the plural are a group's, never the one character's.
    ("many heads", 'He bows his head while the elders behind him mutter and shake their heads.', 'look:down', 'none'),
    ("many heads", 'She looks up at the stage, and they all nod their heads to the beat.', 'look:up', 'none'),
    # A spoken note drops the article: "coach's shaking his head" is the coach, someone else.
    ("a person noun with 's", "So, the boxer, on his stool. Coach's shaking his head, ignore that. The boxer just "
                              "looks down.", 'look:down', 'none'),
    # "Right, so, …" opens a spoken note; it names no side.
    ("right, so", 'Right, so, the old farmer looks up at the sky and nods.', 'look:up | nod', 'none'),
    ("right, so", 'Right so you glance to your left, then shake your head.', 'glance:left | shake', 'none'),
    # "After a beat" inside a sentence is the pause it names, where it falls (the guide's rule 9), as "after a pause"
    # is; "for a beat" is how long the step beside it lasts.
    ("after a beat", 'The clerk glances at the clock and, after a beat, tilts her head to the right.',
     'glance | hold | tilt:right', None),
    ("after a beat", 'After a long moment the old sailor nods.', 'hold | nod', 'none'),
    ("after a beat", 'He tips his head up at the kite, then after a second or two he looks away.', 'look:up | hold | turn', 'none'),
    ("after a beat", 'She turns to the right for a beat, then nods.', 'turn:right | nod', 'none'),
    # Staying where the move left the head, said with no head ("And stay down."), is a hold.
    ("staying there", 'Lower your chin to your chest. And stay down.', 'look:down | hold', 'none'),
    ("staying there", 'The boy tilts his head to the right and stays like that.', 'tilt:right | hold', 'none'),
    ("staying there", 'He nods, and the rest of him stays put.', 'nod', 'none'),
    # A side alone after a pause takes the verb of the move before the pause.
    ("a side after a pause", 'The sentry turns his head to the left. Silence. Slowly to the right.',
     'turn:left | hold | turn:right', 'none'),
    ("a side after a pause", 'She glances left. A beat. Quickly right.', 'glance:left | hold | glance:right', 'none'),
    # A scene is about the first one named whose head or face it describes (the guide's rule 15).
    ("the one whose head moves", 'INT. GARAGE - NIGHT\n\nMARCUS wipes down a wrench. By the door, IVY watches him. '
                                 'Ivy lowers her head.', 'look:down', 'none'),
    ("the one whose head moves", 'EXT. HARBOUR - DAWN\n\nTOMAS coils a rope on the deck. On the quay, RUTH looks up '
                                 'at the gulls, then turns away.', 'look:up | turn', None),
    # An age in brackets after a name in capitals is who they are, not a clause: the name keeps its verb.
    ("an age after a name", 'INT. KITCHEN - DAY\n\nGRETA (70s) kneads dough. At the table, her grandson FELIX (8) '
                            'waits. Greta looks up at him and nods.', 'look:up | nod', 'none'),
    # "turn L + hold": the pose is held after the move, not while it is made.
    ("a hold after a plus", 'Tk 4: head R tilt + hold.', 'tilt:right | hold', 'none'),
    ("a hold after a plus", 'nod x2 + hold', 'nod::2 | hold', 'none'),
    # A spoken note says the step again with a word between: still one step.
    ("said again in a spoken note", 'Okay, the grandma. A nod. Small. Yeah, a nod, and she smiles.', 'nod::1',
     'happy'),
    # Coming back up to the camera faces it again: a return (the guide: turning to the camera is a return).
    ("back up to camera", '0:00 chin down, 0:02 slowly back up to camera', 'look:down | return', 'none'),
    # "Her brows went up, and up": the brows go on rising, the head's step is the one after.
    ("the brows go on up", 'Her brows rose, and up, and she turned to her right.', 'turn:right', None),
]


ROUND_14 = [
    # What a motion leads to ("so close that …") is someone else's doing; the motion is read up to it.
    ("a result clause", 'He turned to the right and leaned in so close that she took a step back.',
     'turn:right | lean:forward', None),
    ("a result clause", 'The mechanic leaned in so close that his nose nearly touched the engine.', 'lean:forward', None),
    ("a result clause", 'She leans back so far that her chair tips over.', 'lean:back', None),
    # The head lifted level or upright again is the way back to the front (rule 4), not a head kept level.
    ("back to level", 'The pilot lowered his head. Some time later he lifted his head level again.',
     'look:down | return', None),
    ("back to level", 'She bowed her head, then raised her chin level again.', 'look:down | return',
     None),
    ("back to level", 'Panel 3: she lowers her head, then raises it back to level.', 'look:down | return', None),
    ("kept level", 'Her head stays level the whole time.', 'hold', None),
    # Where a thing is ("that's on your right") after something heard or seen: no move; its side is the next move's.
    ("where a thing is", "You're at the desk and you hear the door open, that's on your right. You turn toward it. "
                         "Hold it.", 'turn:right | hold', None),
    ("where a thing is", "You hear a dog bark outside, that's on your right. You turn toward the window.",
     'turn:right', None),
    ("whose side, said after the step", "Turn to the door, that's on your right.", 'turn:right', None),
    # Where a thing is, asked and answered, or followed by "so" with no comma: its side is the move after it.
    ("where a thing is, asked", "Is the lamp on her right? Yes, she turns to it.", 'turn:right', None),
    ("where a thing is, asked", "Is the door on his left? Yes. He turns to it, slowly.", 'turn:left', None),
    ("where a thing is, then so", "The bell is on his right so he turns to it, then nods.", 'turn:right | nod', None),
    ("where a thing is, then so", "The window is on her left so turn left then nod.", 'turn:left | nod', None),
    # "…, which is on her left" after a move to a place: that place's side, so the move's.
    ("where the place is", 'The clerk turns toward the clock, which is on her left.', 'turn:left', None),
    ("where the place is", 'He glances at the kettle, which is to his right, and nods.', 'glance:right | nod', None),
    # "like" opening a piece after a comma or a dash, with someone and a modal: a simile, how it is done.
    ("a simile after a comma", 'You look left, then right, like someone might be following you.',
     'turn:left | turn:right', None),
    ("a simile after a dash", 'She checks the hallway — left, then right — like somebody could be hiding there, and '
                              'then she nods.', 'turn:left | turn:right | nod', None),
    # The eyes or the shoulders move "but the head stays": that part's move; only the stillness is the head's.
    ("another part moves", 'Her eyes roll up to the sky but her head stays still.', 'hold', None),
    ("another part moves", "The captain's shoulders swung round to the left, but his head did not move.", 'hold',
     None),
    ("another part moves", 'His shoulders turned toward the window, but his head stayed where it was, bent over '
                           'the map.', 'hold', None),
    ("the head moves", 'She turns to the left, but her head stays level after that.', 'turn:left | hold', None),
]


ROUND_16 = [
    # A learner's verb with no -s after a noun or a name: the motion's, so what follows it is that motion's.
    ("learner verb after a noun", 'The porter shake the head at the bad news, again and again.', 'shake::0', None),
    ("learner verb after a noun", 'Omar nod the head two time, after he look at right.', 'nod::2 | turn:right', None),
    ("learner negation", 'The statue man is not move his head when the kids pass.', 'hold', None),
    # Three sides one after the other are a move each, not one look around; two stay as they were read.
    ("sides one after the other", 'Grandma look to right and to left and to right one more time.',
     'turn:right | turn:left | turn:right', None),
    ("sides one after the other", 'He peers to the left and to the right and to the left again.',
     'turn:left | turn:right | turn:left', None),
    ("sides one after the other", 'He looks around the empty hall.', 'look_around', None),
    # A name says nothing of the motion; a person noun with a capital stays as it was.
    ("a name", 'Ilse turns her head to the left.', 'turn:left', None),
    ("a name", 'Tobiah turns his head to the right and nods.', 'turn:right | nod', None),
    ("a person noun", 'Sentry whips his head round to the right.', 'turn:right', None),
    # A second motion in -ing after a pose kept runs with the pose (rule 2).
    ("a motion while a pose is kept", 'The singer is keeping the head tilt on right side and nodding it slow.',
     'tilt:right | nod~', None),
    ("a motion while a pose is kept", 'He is keeping his head tilted to the left and shaking it.',
     'tilt:left | shake~', None),
    # A learner's "and go back" after a start is a step of its own.
    ("and go back", 'Lukas lean in to the cake, then the balloon pop, he is shocked and go back quickly.', 'lean:forward | recoil', None),
    # The side said after a motion that named none, alone or while settling it in speech: one step.
    ("a side said later", 'Then she tilts her head. To the right.', 'tilt:right', None),
    ("a side said later", 'Then he turns his head. Hmm, which side. Actually, his left, turn left.',
     'turn:left', None),
    ("a side said later", 'She tilts her head to the left. Then to the right.', 'tilt:left | tilt:right', None),
    # The head going back, as a learner says it, in a start (rule 13): a recoil; calmly it stays a lean or a return.
    ("going back in a start", 'The old man is very surprise and his head go back quick.', 'recoil', None),
    ("going back in a start", 'When the cat jump, she is scared and go back with the head.', 'recoil', None),
    ("going back calmly", 'She leans forward to read, then she goes back.', 'lean:forward | return', None),
    # Whose side, said after a look at something (a script's "camera right"): a turn to that side.
    ("whose side after a look", 'Across the desk, Priya looks at the clock, camera right, and sighs.', 'turn:left', None),
    # The writer saying what the message does moves nothing.
    ("the writer's opening", 'Good morning, here I describe the motion for my character Omar. First he lift the head slowly.',
     'look:up', None),
    ("the writer's opening", 'Here I describe the scene. She nods two time.', 'nod::2', None),
    # A sentence said to come before the one before it goes first.
    ("before that", 'She looks up at the sky. And before that she should glance down at her shoes.',
     'glance:down | look:up', None),
    ("before that", 'She nods once. But first she glances up at the clock.', 'glance:up | nod::1', None),
    ("before that", 'He nods once. Then he looks down.', 'nod::1 | look:down', None),
    # A start said in the sentence after, as what the pull back is like (rule 13): a recoil.
    ("a start said after", "So when the bill comes she pulls her head back a bit. Like she's horrified. Then two shakes.",
     'recoil | shake::2', None),
    ("a start said after", 'He pulls his head back to read the label. Like a man with old eyes.', 'lean:back', None),
    # The head whipped or snapped to a side is a turn.
    ("snapped to a side", 'Startled, the lookout snaps his head round to his right.', 'turn:right', None),
    ("snapped to a side", 'Whipping her head to camera left, she listens.', 'turn:right', None),
]


# Seventeenth round.
ROUND_17 = [
    # A story told to "you" is about you when the one named first does nothing with the head; "he" and "she" are
    # then the others, whatever their heads do.
    ("a story told to you", 'The clerk pushes the form across the desk. You read it, then look up at him. He folds his '
     'arms and leans back. You shake your head.', 'look:up | shake', None),
    ("a story told to you", 'The nurse hands you the chart. You look down at it. She turns away and waits.', 'look:down',
     None),
    ("a story told to you", 'The old captain nods at you. You turn to the left.', 'turn:left', None),
    # The noun the character is said to be names the character later on.
    ("the character said to be someone", 'The hero is an old miner. A bell rings far off. The miner lowers his head.',
     'look:down', None),
    ("the character said to be someone", 'Character is a guard. The king walks past. The guard turns his head to the '
     'left, slowly.', 'turn:left', None),
    ("the character said to be someone", 'The guard is watching the gate. The prisoner turns his head to the left.',
     '', None),
    # The head said to fall or sink in the progressive is a look down (rule 5).
    ("the head falling, progressive", 'He dozes in the deckchair and his head is sinking slowly.', 'look:down', None),
    ("the head falling, progressive", 'Her head was drooping, then she jerks awake and looks up.', 'look:down | look:up',
     None),
    ("the head falling, progressive", 'She nods along, her hat almost falling off.', 'nod', None),
    # A pose said to last through a motion kept up, said after it: the pose first, the motion with it (rule 2).
    ("a pose held through a motion", 'He nods on and on, and his head is turned to the right the whole time.',
     'turn:right | nod~', None),
    ("a pose held through a motion", 'He nods slowly the whole time, his head tilted to the right.', 'nod | tilt:right~',
     None),
    ("a pose held through a motion", 'She keeps shaking her head, and her chin is lowered throughout.',
     'look:down | shake~', None),
    ("a pose held through a motion", 'She nods along, then tilts her head to the right.', 'nod | tilt:right', None),
    # A time clause four words long before its main clause with no comma: a comma where a writer could put one.
    ("a long time clause run on", 'Lower your head, and when you come back up to centre we see your eyes are wet.',
     'look:down | return', 'sad'),
    # The writer thanking the reader is no smile of the character's.
    ("the writer's thanks", 'He nods twice. Thank you, this is for my short film.', 'nod::2', 'none'),
    ("the writer's thanks", 'Thank you so much for the help! She tilts her head left and smiles.', 'tilt:left', 'happy'),
]


# Eighteenth round: reviews of a take, voice memos, game notes.
ROUND_18_NOTES = [
    # A tilt named by its word is a tilt, however the sentence around it sounds; up, down or back it is a look.
    ("a tilt named by its word", 'Keep only: the small tilt to her right on "what?", then a nod.', 'tilt:right | nod',
     None),
    ("a tilt named by its word", 'She turns to the window and smiles. Before the smile, add a small tilt.',
     'turn | tilt', None),
    ("a tilt named by its word", 'He tilts his chin up at the stars.', 'look:up', None),
    # A motion a review keeps under its heading and asks for again later is one step.
    ("kept, then asked for again", 'Take 2, the singer. What works: the slow turn to her left. Do the turn to her '
     'left first, then one nod.', 'turn:left | nod::1', None),
    ("kept, then asked for again", 'Take 4, the chef. Keep: the look down at the pan. Then do the look down again.',
     'look:down | look:down', None),
    # A note that asks for a beat is a hold.
    ("a beat asked for", 'She turns left. Add a beat between them. Then she nods.', 'turn:left | hold | nod', None),
    # "…, before the smile add a tilt": what comes first is said after "before the …".
    ("before the named motion, said first", 'So Mia turns to the window and she smiles. Oh, actually, before the '
     'smile add a small tilt, like, head to the side.', 'turn | tilt', None),
    # A spoken memo says a move again in other words: with no article ("Low bow."), with no subject ("Sags down,
    # slow."), or as what stays ("Just the drop.").
    ("a move said again in a memo", 'The old servant bends, lowers his head to the king. Low bow. Then back up to '
     'the front.', 'look:down | return', None),
    ("a move said again in a memo", 'Okay, the old clock robot. His head sinks. Sags down, slow, like he is sleepy. '
     'Just the drop. Then he stays still.', 'look:down | hold', None),
    ("a move said again in a memo", 'Slow nod. Slow nod. Then a turn left.', 'nod | nod | turn:left', None),
    ("a move said again in a memo", 'He looks down. Looks up. Looks down again.', 'look:down | look:up | look:down',
     None),
    # A verbless move "again" to a place an earlier step went to is that step again, not the one just before.
    ("again to an earlier place", 'The clerk looks up at the wall clock, glances down at his watch, then up at the '
     'clock again.', 'look:up | glance:down | look:up', None),
    ("again to an earlier place", 'She glances left at the door, then right at him, then left at the door again.',
     'glance:left | glance:right | glance:left', None),
]

# The nineteenth round: a request said by the writer or by whoever commissions the work asks the character to move;
# a chat mention names whom the message is for; a learner's "after this" is "then".
ROUND_19 = [
    ("the writer asks", "We want the robot to lower its head, then look to its right.", "look:down | turn:right", None),
    ("the client asks", "The client wants the owl to nod three times and then tilt to its left.", "nod::3 | tilt:left",
     None),
    ("another person still moves", "She watches the boy look up at the kite.", "", None),
    ("a chat mention", "@tariq the pirate should glance right, then shake his head twice", "glance:right | shake::2",
     None),
    ("after this", "Firstly she tilt the head to right, after this she look down to the floor.",
     "tilt:right | look:down", None),
    ("a memo's recap", "Okay so the boy peers down at the puddle, then he jerks his head back. Then he holds, just "
     "breathing. So: down, jerk back, hold.", "look:down | recoil | hold", None),
    ("a memo's recap", "He nods once, then glances down at the map, then looks back up at her. Tiny nod, glance down, "
     "back up.", "nod::1 | glance:down | return", None),   # back up at the one faced: rule 19
    ("no recap: new moves", "She nods once, then looks down. Nod, tilt left, hold.",
     "nod::1 | look:down | nod | tilt:left | hold", None),
    ("no recap: a script's beat", "Beat 1 - head: nod, look down, hold.\nBeat 2 - head: nod, look down, hold.",
     "nod | look:down | hold | nod | look:down | hold", None),
    ("a recap inside a sentence", "okay so the goat looks at the fence and it turns its head to its right slow and "
     "then back over to the left like what so that's uh turn right turn left and then it nods twice",
     "turn:right | turn:left | nod::2", None),
    ("a recap between dashes", "The fix: a slow tilt to her left, eyes down a little \u2014 so a tilt left and then a small "
     "look down \u2014 then one nod.", "tilt:left | look:down | nod::1", None),
    ("no recap: a new move after so", "He tilts his head left, so a tilt and then a bow.", "tilt:left | look:down",
     None),
    ("how fast the work came back", "Hi Sam, thanks for the fast turnaround on the first pass. Could you have the owl "
     "tilt its head to its right, then nod once?", "tilt:right | nod::1", None),
]


# Each round's sentences, read like the ones above (the round in the test's id).
BY_ROUND = [(f"round_{n}-{p.replace(' ', '_')}-{i}", (p, text, spec, feeling))
            for n, sentences in ((12, ROUND_12), (13, ROUND_13), (14, ROUND_14), (16, ROUND_16), (17, ROUND_17),
                                 ("18_notes", ROUND_18_NOTES), (19, ROUND_19))
            for i, (p, text, spec, feeling) in enumerate(sentences)]


@pytest.mark.parametrize("phenomenon, text, spec, feeling", [row for _, row in BY_ROUND], ids=[i for i, _ in BY_ROUND])
def test_prose_styles_by_round(phenomenon, text, spec, feeling):
    _assert_reads(text, spec, feeling)


@pytest.mark.parametrize("text, count", [
    ("MIRA\n(tiny shake of the head)\nNot now.", 1),   # a motion said as a noun is one (rule 14)
    ("the grandad, um, big happy nod, really chuffed", 1),
    ("Slow nod.", 1),
    ("She nods.", 0),                                  # the verb with no number: not counted
])
def test_a_bare_noun_of_a_motion_is_one(text, count):
    plan = read_plan(text)
    assert [s.count for s in plan.steps if s.action in ("nod", "shake")] == [count], _shown(plan)


@pytest.mark.parametrize("text, amplitude", [
    ("Her mouth fell open and she drew her head back an inch.", "small"),
    ("TOM looks around the dark hall, wide-eyed.", "medium"),   # wide eyes are the face, not a wide move
    ("Look straight down the lens after the bow.", "medium"),
])
def test_sizes_said_in_prose(text, amplitude):
    plan = read_plan(text)
    assert plan.steps and plan.steps[-1].amplitude == amplitude, _shown(plan)


@pytest.mark.parametrize("text", [
    "How can I key the neck bone by hand?",
    "Where do I find the head constraint on this rig?",
    "parent the light to the head bone",
])
def test_questions_about_the_rig_are_unreadable(text):
    plan = read_plan(text)
    assert plan.status == "unreadable" and not plan.steps, _shown(plan)


@pytest.mark.parametrize("text, spec, feeling", [
    # the head swivelling round a place goes round it; to a place, it turns
    ("The boy's head swivelled round the noisy hall, and he grinned.", "look_around", None),
    ("His head swivelled round to the door.", "turn", None),
    # a thing turned over in the hands moves no head
    ("She picked up the locket and turned it over, then nodded.", "nod", None),
])
def test_swivels_and_things_turned_over_in_prose(text, spec, feeling):
    _assert_reads(text, spec, feeling)


@pytest.mark.parametrize("text, spec, feeling", [
    # a pause asked for between two steps, as a command or as an edit described while it is made, with the two
    # steps named by their nouns: the pause goes between them, and the names add no step
    ("She turns to the left, then nods twice. Add a pause between the turn and the nods.", "turn:left | hold | nod::2",
     None),
    ("[ana] she turns to the left, then nods twice\n[ben] adding a pause between the turn and the nods",
     "turn:left | hold | nod::2", None),
    ("[ana] the wolf raises its head then lowers it\n[ben] adding a beat between them", "look:up | hold | look:down",
     None),
    ("Mara glances right and then turns left. Inserting a pause in between.", "glance:right | hold | turn:left", None),
    ("She glances between the door and nods.", "glance | nod", None),
    # the character's clause run straight on after a hearing clause, no comma: the character's own step
    ("ok she sees the letter she freezes then turns to her left", "hold | turn:left", None),
    ("so um the bell rings and he hears the bell he doesn't move for a moment then he nods", "hold | nod", None),
    ("The moment the lights go out she spins to the right.", "turn:right", None),
    ("When he says it she nods.", "nod", None),
])
def test_pauses_asked_between_and_clauses_run_on(text, spec, feeling):
    _assert_reads(text, spec, feeling)


@pytest.mark.parametrize("text, spec, feeling", [
    # a participle of the step just said, opening the next sentence, is that step going on while the character does
    # something else: one step, its count kept
    ("The clerk nods slowly. Nodding, she files the form.", "nod", None),
    ("Ravi shakes his head twice. Still shaking his head, he pockets the keys.", "shake::2", None),
    ("He bobs his head. Still bobbing it gently, he reaches for his coat.", "nod", None),
    ("She nods twice. Nodding, she turns to the left.", "nod::2 | turn:left~", None),
    # said again, or another move: steps of their own
    ("He nods. Nodding again, he stands.", "nod | nod", None),
    ("She nods. Turning left, she stands.", "nod | turn:left", None),
])
def test_a_participle_of_the_step_before_goes_on_with_it(text, spec, feeling):
    _assert_reads(text, spec, feeling)


@pytest.mark.parametrize("text, spec, feeling", [
    # "right" for "exactly" before a moment in the script: when the step lands, no side and no turn of its own
    ("Two small nods, right on the cue.", "nod::2", None),
    ("He looks up, right at the end of her line.", "look:up", None),
    ("The mayor shakes his head, right after the bang.", "shake", None),
    # the side, said before its moment, stays a side
    ("She glances right on the count of three.", "glance:right", None),
])
def test_right_before_a_moment_in_the_script_is_when_not_a_side(text, spec, feeling):
    _assert_reads(text, spec, feeling)


@pytest.mark.parametrize("text, spec, feeling", [
    # a director telling the performer what the motion means is no motion of its own, nor more words of the step
    ("From the top. Nod, nod, keep nodding the whole time he talks, easy, you're agreeing with all of it.", "nod::0",
     None),
    ("Shake your head slowly, you are refusing the offer.", "shake", None),
    # the motion itself said to the performer stays one
    ("You're nodding along the whole time.", "nod", None),
])
def test_what_the_performer_is_told_the_motion_means_is_no_step(text, spec, feeling):
    _assert_reads(text, spec, feeling)


@pytest.mark.parametrize("text, spec, feeling", [
    # the head going up and down, whatever the verb, is a nod
    ("The puppet's head wobbles up and down on its spring.", "nod", None),
    ("His chin bobs up and down, three times.", "nod::3", None),
    # looking someone up and down moves the eyes over them, no nod
    ("She looks the stranger up and down.", "look", None),
])
def test_the_head_up_and_down_is_a_nod(text, spec, feeling):
    _assert_reads(text, spec, feeling)


@pytest.mark.parametrize("text, spec, feeling", [
    # a name right after a time clause about a thing, no comma: the name's clause is the character's own
    ("so yeah when the kettle clicks off Ada glances over to her left", "glance:left", None),
    ("As the music starts Lena nods twice.", "nod::2", None),
    # going back to what the character was doing, after a move to a side: the front again, no lean
    ("Ravi glances to his right and then goes back to his crossword.", "glance:right | return", None),
])
def test_a_name_after_a_time_clause_and_going_back_to_a_thing(text, spec, feeling):
    _assert_reads(text, spec, feeling)


@pytest.mark.parametrize("text, spec, feeling", [
    # "the other way" with no verb, after a clause between, is the step before's motion to the other side, and a side
    # after it borrows that motion too
    ("The pup tips its head to its left when the kettle whistles, then the other way, then back over to the left.",
     "tilt:left | tilt:right | tilt:left", None),
    ("He turns to the right, then the other way.", "turn:right | turn:left", None),
])
def test_the_other_way_with_no_verb_is_the_step_befores_motion(text, spec, feeling):
    _assert_reads(text, spec, feeling)
