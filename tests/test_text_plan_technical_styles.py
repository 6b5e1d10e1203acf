"""Technical ways of writing a head motion: take notes and shot lists, motion-capture session notes, screenplays and
game cutscene / NPC directions, each with its conventions (shot sizes, L/R, x2, arrows, "pls", NG and redo, verdicts on
the last take, "lose the X"; frames, reps, yaw/pitch/roll, "talent", "subject"; scene headings, transitions, character
cues in capitals with parentheticals and dialogue, "(beat)", V.O./O.S./CONT'D; markup tags, "NPC", "on interact",
branches and idles), each with the plan the labelling guide (`bench/data/LABELLING.md`) gives it. Written for this
test from knowledge of how people write in these styles, not from any evaluation set.

A step is written ``action[:side[:count]][~with]``: an empty side or count is not checked (a side the text does not
name, a count it does not say), ``~k`` says the step runs with step k; steps are separated by `` | ``; an empty
spec is no step. A third item, where given, is the feeling the plan ends on ("none" for none)."""

from __future__ import annotations

import pytest

from backend.motion.text.plan.reader import read_plan


def _steps(spec: str) -> list[tuple[str, str, int | None, int | None]]:
    out = []
    for part in filter(None, (p.strip() for p in spec.split("|"))):
        part, _, with_ = part.partition("~")
        action, side, count = (part.split(":") + ["", ""])[:3]
        out.append((action, side, int(count) if count else None, int(with_) if with_ else None))
    return out


def _matches(text: str, spec: str, feeling: str | None) -> bool:
    plan = read_plan(text)
    want = _steps(spec)
    steps_right = len(plan.steps) == len(want) and all(
        s.action == a and (not side or s.side == side) and (count is None or s.count == count)
        and (with_ is None or s.overlaps == with_) for s, (a, side, count, with_) in zip(plan.steps, want))
    ends_on = plan.emotions[-1].emotion if plan.emotions else "none"
    return steps_right and (feeling is None or ends_on == feeling)


def _shown(text: str) -> str:
    plan = read_plan(text)
    steps = " | ".join(f"{s.action}:{s.side}:{s.count}" + (f"~{s.overlaps}" if s.overlaps is not None else "")
                       for s in plan.steps)
    return f"{steps} / {[c.emotion for c in plan.emotions]}"



TAKE_NOTES = [
    ('Shot 3, MCU: she nods twice, then looks down.', 'nod::2 | look:down'),
    ('CU on Dana. Slow turn L, hold.', 'turn:left | hold'),
    ('ECU, eyes only, no head movement.', 'hold'),
    ('Tk 4 NG, nod too big. Tk 5: one small nod.', 'nod::1'),
    ('Again from the top pls: look up, beat, nod.', 'look:up | hold | nod'),
    ("Let's go again. This time turn R instead of L.", 'turn:right'),
    ('Pickup: just the head turn to frame left.', 'turn:right'),
    ('Wide, then push in. She glances doorward x2.', 'glance::2'),
    ('Note for Sam: less nodding. One nod, max.', 'nod::1'),
    ('Shot list: 1. CU, she looks up. 2. MCU, headshake. 3. OTS, she turns away.', 'look:up | shake | turn'),
    ('Sc 12 / Tk 2: turn to camera, small smile.', 'return', 'happy'),
    ('Circle take 3. Nod on the word yes, then look down.', 'nod | look:down'),
    ('Keep the tilt but lose the shake.', 'tilt'),
    ('Cut the nod. She just holds still.', 'hold'),
    ('Reset, and on action: slow look up to the balcony.', 'look:up'),
    ('Beat before the nod pls.', 'hold | nod'),
    ('Going again. Glance R, glance L, then settle back to centre.', 'glance:right | glance:left | return'),
    ('Mark, you nodded three times there; we only need two.', 'nod::2'),
    ('She should look away here, not down.', 'turn'),
    ('Can we get a double nod on the last line?', 'nod::2'),
    ('OK for sound. Next: head down, hold 3 sec, head up.', 'look:down | hold | look:up'),
    ('Tk 2 -> turn L slow / hold / back to ctr', 'turn:left | hold | return'),
    ('Lose the lean, keep the glance down.', 'glance:down'),
    ('CU Ben: shakes head x3, fast.', 'shake::3'),
    ('Insert: her eyes flick to the clock, camera right.', 'glance:left'),
    ('One more for safety: nod, then turn left.', 'nod | turn:left'),
    ('MS, two-shot. Leo nods at Kim, then looks at the floor.', 'nod | look:down'),
    ('Shot 14A (CU): slow head tilt R, hold on it.', 'tilt:right | hold'),
    ('Coverage on Ray: he looks up, x2 takes.', 'look:up'),
    ('Tk 3 was good, print it. Tk 4 for safety: same, turn L then nod.', 'turn:left | nod'),
    ('Too much head on that one. Smaller turn R, pls.', 'turn:right'),
    ('Note: the shake reads as a no. Make it a tilt instead.', 'tilt'),
    ('Pls no nodding on her lines. Keep her still.', 'hold'),
    ('Hit your mark, look L, then R, then back to lens.', 'turn:left | turn:right | return'),
    ('Shot 9: OTS on Jo. Jo glances back over her R shoulder.', 'glance:right'),
    ('Retake: the turn came late. Turn L on the cue, then hold.', 'turn:left | hold'),
    ('Last one was NG, she blinked. Again: slow nod, twice.', 'nod::2'),
    ('Slate 22, take 6. Head down, beat, head up, smile.', 'look:down | hold | look:up', 'happy'),
    ("Director's note: smaller glance, camera left, just once.", 'glance:right:1'),
    ('Shot list, sc 4: (a) she looks up (b) she looks down (c) she nods.', 'look:up | look:down | nod'),
    ('No need for the lean. Just a nod and a smile.', 'nod', 'happy'),
    ('Can you turn your head R a touch earlier this time?', 'turn:right'),
    ('Nod x2 -> pause -> shake x1.', 'nod::2 | hold | shake::1'),
    ('She tilts her head L, no, R. Hold it.', 'tilt:right | hold'),
    ('Keep the nod, drop the head turn.', 'nod'),
    ('MCU Priya. She stares at the screen, motionless.', 'hold'),
    ('CU. Jaw drops, eyebrows up. No head move.', 'hold', 'surprised'),
    ("Let's try one where he doesn't nod at all, just a blank stare.", 'hold', 'neutral'),
    ('Tk 8: glance L x2, fast, then eyes front.', 'glance:left:2 | return'),
    ('Wider on this one. Jess bows her head, holds.', 'look:down | hold'),
    ('Take it again from the turn: turn R, beat, nod once.', 'turn:right | hold | nod::1'),
    ('She nods, looks L, looks R. Print.', 'nod | turn:left | turn:right'),
    ("Don't look at the lens. Eyes down the whole shot.", 'look:down'),
    ('Tk 6: lose the head tilt, keep the glance R.', 'glance:right'),
    ('Nix the lean. Just look down, slow.', 'look:down'),
    ('Cut the second shake. One shake, then hold.', 'shake::1 | hold'),
    ('That last turn was too quick. Again: turn L, slowly.', 'turn:left'),
    ('Could you give me a slow nod on the last word?', 'nod::1'),
    ('Try it with a tilt to her right, not her left.', 'tilt:right'),
    ('ECU Alma: eyes up to the ceiling, then close them.', 'look:up'),
    ('Go again from the nod. Nod x2, then look away.', 'nod::2 | turn'),
    ('Keep him still for the whole line, then a tiny nod at the end.', 'hold | nod::1'),
    ('We need more of a reaction. Big recoil, then shake head.', 'recoil | shake'),
    ('Too much head again. Just the eyes, glance L.', 'glance:left'),
    ('Pickup, shot 4B: head down, beat, look up to camera.', 'look:down | hold | look:up'),
    ('INSERT: she darts her eyes to the window, camera left.', 'glance:right'),
    ('MCU, she listens, gives a couple of nods.', 'nod::2'),
    ('Shot 7: Zed turns to frame right, holds the look.', 'turn:left | hold'),
    ('Smaller on the nod, and no tilt this time.', 'nod'),
    ('Shot list 3. CU Hana looks down at her letter. 4. CU Hana looks up, eyes wet.', 'look:down | look:up', 'sad'),
    ('Print that. One more: she tilts L on her line, then shakes her head.', 'tilt:left | shake'),
    ('Reset. Once more, and keep your head level the whole time.', 'hold'),
    ('No, other way! Tilt toward your right shoulder, not the left.', 'tilt:right'),
    ('Glance left at the mirror... no, sorry, right.', 'glance:right'),
    ('Less is more with the shake. Tiny, please.', 'shake'),
    ('A faint smile, head completely still.', 'hold', 'happy'),
    ('Tk 2: she turns L then nods, keep both, but slower.', 'turn:left | nod'),
    ("This time, don't nod. Just hold on her face.", 'hold'),
    ('Keep the three nods, lose the lean.', 'nod::3'),
    ('Tilt L, and keeping it tilted, shake twice.', 'tilt:left | shake::2~0'),
    ('Sc. 4, Tk. 3: nods x2, looks off camera R.', 'nod::2 | turn:left'),
    ('Alt take: shake instead of nod.', 'shake'),
    ('Hold for a three count, then head turn R.', 'hold | turn:right'),
    ('Needs to be slower: 2 slow nods.', 'nod::2'),
    ('Pls make the tilt L bigger and hold it.', 'tilt:left | hold'),
    ('ECU on eyes: flick L, flick R.', 'glance:left | glance:right'),
    ('Two-shot, favour Ana: Ana bows her head.', 'look:down'),
    ('Circle tk 5: look dn, look up, nod.', 'look:down | look:up | nod'),
    # what a take was meant to do and what it did: the note's own request, or what was meant when it asks for none
    ('Tk 4: he was meant to nod once but gave three. Use tk 5.', 'nod::1'),
    ('She was supposed to tilt R but tilted L. Pickup: tilt R, slow.', 'tilt:right'),
    ("He's supposed to look up on the line but looks down. Next take: look up, hold.", 'look:up | hold'),
    ('They were meant to turn L together but she turned R. Use the wide.', 'turn:left'),
    ('He was supposed to call her, but he just shakes his head.', 'shake'),
    # "neutral" alone after nothing but stillness is the face; after a move it is the way back
    ('Freeze. Neutral.', 'hold', 'neutral'),
    ('Keep the head locked, neutral.', 'hold', 'neutral'),
    ('Hold still, neutral face.', 'hold', 'neutral'),
    ('Turn R, hold, neutral.', 'turn:right | hold | return'),
    ('Look up, then neutral.', 'look:up | return'),
    # a verb that only takes a motion out, whatever place follows the motion; a cut that shortens keeps it
    ('Open on the tilt to her left. Remove the glance at the clock at the end, it distracts.', 'tilt:left'),
    ('He turns to the door. Cut the turn short, then nods.', 'turn | nod'),
    # "it's N … right now" says what the take does, the count asked for comes after it
    ('The shake after the line: it is five shakes right now, I want three.', 'shake::3'),
    # a quality of the motion just named is kept: no hold
    ('She lifts her head to the lamp - keep the direction but slow it down.', 'look:up'),
    # a tremble named alone is the body's fright, no headshake
    ('Keep his head down, a faint tremor, then he glances up.', 'look:down | glance:up'),
    # "scr L": the screen's left, the character's right
    ('pickup: tilt scr L, slow.', 'tilt:right'),
    # "no other movement" says the steps are all there is: no hold
    ('He turns to his left, then nods twice. No other head movement.', 'turn:left | nod::2'),
    # a title naming a round of the work is no move, though it names the head
    ('Head pass 2, Sunita. She looks up at the kite.', 'look:up'),
    ('Head motion for the tour guide: two quick nods, then a glance left.', 'nod::2 | glance:left'),
    # a step said to go in between the last two
    ('She looks up at the clock, then shakes her head. In between, a pause.', 'look:up | hold | shake'),
    ('He turns to the window. Then a nod. Add a pause between them.', 'turn | hold | nod'),
    # a note that fixes the take: its label is no speaker, and an arrow between two of one motion is a change
    ('REDO: shake x4 -> shake x2. then hold.', 'shake::2 | hold'),
    ('fix: tilt R → tilt L, slower.', 'tilt:left'),
    # a review's "What doesn't:" says what the take does now
    ("What works: the lean back. What doesn't: she shakes her head while leaning back. Then one shake.",
     'lean:back | shake::1'),
    # a motion named in a word or two before a colon, then spelt out after it: one step
    ('3. raises head: look up, fast\n4. nod x2', 'look:up | nod::2'),
]


MOCAP_NOTES = [
    ('Take 07, performer nods x2 then looks L.', 'nod::2 | turn:left'),
    ('Talent: head turn R 45 deg, hold 2s, return.', 'turn:right | hold | return'),
    ('ROM pass: look up, look down, turn L, turn R, tilt L, tilt R.', 'look:up | look:down | turn:left | turn:right | tilt:left | tilt:right'),
    ('Markers on. Actor: slow nod, three reps.', 'nod::3'),
    ('Clip 14 frames 0-120: head tilt R, small', 'tilt:right'),
    ('Performer glances camera left twice then holds.', 'glance:right:2 | hold'),
    ('Head-only capture: lean fwd, lean back, neutral.', 'lean:forward | lean:back | return'),
    ('Actor looks down at the mark, then up to eyeline.', 'look:down | look:up'),
    ('Subject turns head to their left (own left), holds, comes back.', 'turn:left | hold | return'),
    ('Retake 3: nod was too fast. Slow nod x2.', 'nod::2'),
    ('Shot 22A: actor recoils from the prop, then settles back to neutral.', 'recoil | return'),
    ('Face + head: smile, then nod twice.', 'nod::2', 'happy'),
    ('Head stays locked for the whole clip, only the brows move.', 'hold'),
    ('Head wobble L-R, 4 cycles.', 'wag::4'),
    ('Loop: nod nod nod', 'nod::3'),
    ('Actor to turn head R on cue, hold 2 beats, back to neutral.', 'turn:right | hold | return'),
    ('01:12 tilt L / 01:14 tilt R / 01:16 centre', 'tilt:left | tilt:right | return'),
    ('Head yaw L ~30 deg, then pitch down.', 'turn:left | look:down'),
    ('Yaw right 20 deg, slow.', 'turn:right'),
    ('Roll L 10 deg and hold.', 'tilt:left | hold'),
    ('Pitch down 15, pitch back up.', 'look:down | return'),
    ('Actor flinches back on the bang, scared.', 'recoil', 'fearful'),
    ('Subject: emphatic nods, x4, then still.', 'nod::4 | hold'),
    ('Ref video: performer glances over R shoulder.', 'glance:right'),
    ('Head translates fwd (lean in), small.', 'lean:forward'),
    ('Cap 031, CH_Vera: looks around the room.', 'look_around'),
    ('Take 12 NG, marker occlusion. Take 13: same action, head shake x3.', 'shake::3'),
    ('Performer shakes head slowly, x2, disgusted face.', 'shake::2', 'disgusted'),
    ('Retarget note: keep the head tilt L, lose the nod.', 'tilt:left'),
    ('f0-f30 hold neutral, f30-f60 nod x2, f60-f90 look up', 'hold | nod::2 | look:up'),
    ('fr 100-140: head turns camera right, then back to ctr', 'turn:left | return'),
    ('Cue 4: talent looks up to the balcony eyeline, holds 3 beats.', 'look:up | hold'),
    ('Tk 2 clean. Actor drops chin to chest, holds, lifts it slowly.', 'look:down | hold | look:up'),
    ('Performer leans back in the chair, then forward again.', 'lean:back | lean:forward'),
    ('Head pitch up 20 deg and hold for the rest of the take.', 'look:up | hold'),
    ('Range test: slow yaw left to right and back.', 'turn:left | turn:right | return'),
    ('Clip 3: subject tilts head R while nodding.', 'tilt:right | nod~0'),
    ('Talent nods continuously through the line.', 'nod::0'),
    ('sh 12: char glances down at the prop, x1, then eyes back to camera.', 'glance:down:1 | return'),
    ('Performer freezes on the gunshot, then turns L toward it.', 'hold | turn:left'),
    ('Session note: actor to react, small recoil, then a laugh.', 'recoil', 'happy'),
    ('Take 4: head roll R, slight, hold.', 'tilt:right | hold'),
    ('Frames 200 to 260: actor shakes head, frustrated.', 'shake'),
    ('Performer turns head L 90 on the cue, then back.', 'turn:left | return'),
    ('Capture: nod (small) x3, pause, nod (big) x1.', 'nod::3 | hold | nod::1'),
    ('Head still, eyes closed, breathing only.', 'hold'),
    ('Clip 88: actor bows head, ashamed, holds for 2 sec.', 'look:down | hold'),
    ('MoCap take 19: actor tips head back, laughing.', 'look:up', 'happy'),
    ('Take 3, performer: look over L shoulder, hold, return to neutral.', 'turn:left | hold | return'),
    ('Talent does three quick nods, then freezes.', 'nod::3 | hold'),
    ('Head pitch up 10 deg, yaw R 20 deg, back to zero.', 'look:up | turn:right | return'),
    ('Capture 22, head only: slow shake, 2 reps.', 'shake::2'),
    ('frames 40-80 tilt L small; 80-120 hold', 'tilt:left | hold'),
    ('Subject tilts head R (own right) and holds.', 'tilt:right | hold'),
    ('Performer nods along for the whole take.', 'nod::0'),
    ('Actor recoils from the mark on the bang, then freezes.', 'recoil | hold'),
    ('Take 9 NG, actor looked R. Take 10: look L, hold 2 beats.', 'turn:left | hold'),
    ('00:00:03 glance up / 00:00:05 glance down / 00:00:07 centre', 'glance:up | glance:down | return'),
    ('Talent leans fwd 10cm, nods once, leans back.', 'lean:forward | nod::1 | lean:back'),
    ('Head roll R, then roll L, 3 cycles.', 'tilt:right | tilt:left'),
    ('char looks around the set, nervous.', 'look_around', 'fearful'),
    ('Start neutral. Turn R 45, hold, back to neutral.', 'turn:right | hold | return'),
    ('Take 14: eyes only, no head movement, then a blink.', 'hold'),
    ("Clip 9 / frames 20-60: performer's head hangs, defeated.", 'look:down'),
    ('Shot 2 / range 0-48: actor stares into the middle distance, motionless.', 'hold'),
    ('Lower face only: jaw clench, no head move at all.', 'hold', 'angry'),
    ('f10 turn R / f30-f60 nod x2 over the turn', 'turn:right | nod::2~0'),
    ('Perf 02 / T03: head nod x2', 'nod::2'),
    ('Take 8: actor looks up to the rafters, holds, back to neutral pose.', 'look:up | hold | return'),
    ('ROM: chin to chest. Chin to ceiling. Ear to L shoulder. Ear to R shoulder.', 'look:down | look:up | tilt:left | tilt:right'),
    ('Stand in T-pose, then head turn L 45.', 'turn:left'),
    # a move timed to the music or a count, a word said again for emphasis, a bare number after a counted verb
    ('Dancer: chin snaps up on the downbeat, then down on the next.', 'look:up | look:down'),
    ('Nod on the first beat, tilt R on the next beat.', 'nod | tilt:right'),
    ('head whips R on the accent, then L on the next', 'turn:right | turn:left'),
    ('shake 2 big, then nod 1', 'shake::2 | nod::1'),
    ('nod 4, small', 'nod::4'),
    ('tilt R max, hold', 'tilt:right | hold'),
    ('turn L, slow slow slow', 'turn:left'),
    ('turn R 30, then nod', 'turn:right | nod'),
    ('two nods max, small', 'nod::2'),
    ('She nods twice on cue.', 'nod::2'),
    # the capture kit and its troubles, and going again unchanged, move nothing
    ('Take 6: actor shakes head x2. Chin marker popped off on the second shake, same again.', 'shake::2'),
    ('Performer looks up, holds. Head markers flickering.', 'look:up | hold'),
    ('Re-glue the temple marker, then: slow nod, twice.', 'nod::2'),
    ('Tk 3: tilt L, hold. Lost the nose dot on the tilt, redo same.', 'tilt:left | hold'),
    ("Turn R, then back. We'll solve the jaw later.", 'turn:right | return'),
    ('Actor walks to the marker and looks down.', 'look:down'),
    ('Performer finds her mark, nods once.', 'nod::1'),
    # where a take starts, after a label, is no step; a take's "circled" mark is no look around
    ('Clip 7 / Take 2: Start facing front, arms loose. Tilt head to her left. Hold.', 'tilt:left | hold'),
    ('Take 5. Begin looking straight ahead. Nod twice, small.', 'nod::2'),
    ('Start facing front, then turn right and nod.', 'turn:right | nod'),
    ('Take 4 (circled). Performer nods twice, then looks down.', 'nod::2 | look:down'),
    ('Tk 2, circled: she looks around the room, then up.', 'look_around | look:up'),
]


SCREENPLAYS = [
    ('INT. OFFICE - DAY\nMARA looks up from her desk.', 'look:up'),
    ('DEREK (O.S.)\nYou coming?\nJANE turns toward the voice.', 'turn'),
    ('TOM\n(nodding)\nSure. Fine.', 'nod'),
    ("ANNA\n(beat)\nI don't know.\nShe shakes her head.", 'hold | shake'),
    ('CUT TO:\nEXT. PIER - NIGHT\nLEO stares out at the water.', 'hold'),
    ('He looks down. Beat. Looks away.', 'look:down | hold | turn'),
    ("RAY (CONT'D)\n(shaking his head)\nNot a chance.", 'shake'),
    ('KATE (V.O.)\nI never went back.\nOn screen, Kate bows her head.', 'look:down'),
    ('SARAH tilts her head, curious.', 'tilt'),
    ('A long beat. Then MO nods, slowly.', 'hold | nod'),
    ('PRIYA glances over her shoulder. Nobody there. She exhales.', 'glance'),
    ('CLOSE ON ELI\nHis jaw drops.', '', 'surprised'),
    ('ANGLE ON NINA, who slowly shakes her head.', 'shake'),
    ('MARCUS\n(a beat, then, nodding)\nYeah. Okay.', 'hold | nod'),
    ('LILY looks left, looks right, crosses.', 'turn:left | turn:right'),
    ('BEN (20s, scruffy) leans in close.', 'lean:forward'),
    ('ROSE (70s) lifts her chin.', 'look:up'),
    ('SUPER: THREE YEARS LATER\nAVA turns away from the easel.', 'turn'),
    ('FADE IN:\nINT. CHURCH - DAY\nFATHER DOYLE bows his head in prayer.', 'look:down'),
    ('O.S. a door slams. CLAIRE flinches.', 'recoil'),
    ('He looks up. Sees her. Smiles.', 'look:up', 'happy'),
    ('PAUL (O.S.)\nHey!\nMIRA whips her head around.', 'turn'),
    ('INTERCUT PHONE CONVERSATION\nJAY nods along, listening.', 'nod::0'),
    ('DANA shakes her head. No. Beat. Then a slow nod.', 'shake | hold | nod::1'),
    ('MAX\n(under his breath)\nUnbelievable.\nMax rolls his eyes, turns away.', 'turn', 'contempt'),
    ('SLOW MOTION: SAM turns his head toward the blast.', 'turn'),
    ('IRIS (40s, tired) rubs her eyes. Nods.', 'nod'),
    ("OWEN\n(looking down)\nI'm sorry.", 'look:down'),
    ('GRACE\n(tilting her head)\nReally?', 'tilt'),
    ('VERA\n(glancing at the door)\nWe should go.', 'glance'),
    ('HAL\n(shakes his head, then)\nForget it.', 'shake'),
    ("NORA (CONT'D)\n(a small nod)\nFine.", 'nod::1'),
    ('EXT. ROOFTOP - DAWN\nKAI looks down at the street below. A long pause. He looks up.', 'look:down | hold | look:up'),
    ('JUDE freezes. Slowly turns his head left.', 'hold | turn:left'),
    ('BETH leans forward across the table.', 'lean:forward'),
    ('The DOCTOR leans back in the swivel chair. Beat. Shakes his head.', 'lean:back | hold | shake'),
    ('ALEX\n(grinning)\nGot it.\nHe nods twice.', 'nod::2', 'happy'),
    ('INT. CAR - MOVING - NIGHT\nZOE glances at the rear-view mirror, then back at the road.', 'glance | return'),
    ('Silence. TESS lowers her eyes.', 'hold | look:down'),
    ('OLIVER nods. Then nods again, firmer.', 'nod | nod'),
    ('HANNAH looks up, startled.', 'look:up', 'surprised'),
    ('MEG (O.S.)\nDinner!\nTIM looks up from his game.', 'look:up'),
    ('The sergeant turns to camera. Stares.', 'return | hold'),
    ('CLOSE ON: FRANK. His head sinks.', 'look:down'),
    ('JO stares at him. Then she laughs.', 'hold', 'happy'),
    ('REN glances left. Right.', 'glance:left | glance:right'),
    ('LUCAS\n(beat)\n(then, shaking his head)\nNo.', 'hold | shake'),
    ('INT. HOSPITAL CORRIDOR - NIGHT\nMIA sits. She stares at nothing.', 'hold'),
    ('PETE, 50s, gruff, looks up from under the hood and squints at the stranger.', 'look:up'),
    ('DISSOLVE TO:\nThe same room, years later. ANNIE tilts her head right.', 'tilt:right'),
    ('CAL turns slowly to face the lens.', 'return'),
    ('FINN\n(nods toward the door)\nOut.', 'nod'),
    ('KIM\n(eyes down)\nI know.', 'look:down'),
    ('INT. DINER - NIGHT\nFRANKIE looks up from her coffee. Beat. A headshake.', 'look:up | hold | shake'),
    ('ANGLE ON GUS, who glances at the clock.', 'glance'),
    ("WALT\n(nods slowly)\nYou're right.", 'nod'),
    ('DEB (V.O.)\nI waited for years.\nDEB, older now, lowers her head.', 'look:down'),
    ("EXT. PARK - DAY\nA jogger passes. NED doesn't look up.", 'hold'),
    ('CLOSE ON LUCIA. Slowly, she turns her head right.', 'turn:right'),
    ('SMASH CUT TO:\nINT. BUNKER - NIGHT\nCOLE jerks back from the monitor.', 'recoil'),
    ("VIOLET (CONT'D)\n(beat)\n(tilting her head)\nAre you sure?", 'hold | tilt'),
    ('BRUNO\n(shaking his head, smiling)\nYou never change.', 'shake', 'happy'),
    ('SERGEI lifts his eyes to the ceiling. A long silence.', 'look:up | hold'),
    ('On the bench, OLGA (60s) nods off. Her head drops.', 'look:down'),
    ("AMIR\n(looks away)\nIt doesn't matter.", 'turn'),
    ('FLASHBACK - INT. SCHOOL - DAY\nYoung NOAH ducks his head as the teacher passes.', 'look:down'),
    ('BRIGID stands frozen at the sink.', 'hold'),
    ("DARIUS doesn't look up from the ledger.", 'hold'),
    ('JOE (O.S.)\nIn here!\nKATE turns toward the sound, then back to the stove.', 'turn | return'),
    ('ROBBIE (8) peeks over the fence.', 'glance'),
    ('BACK TO SCENE\nTEDDY nods, slowly, gravely.', 'nod'),
    ('PRE-LAP: a phone rings.\nANYA looks up.', 'look:up'),
    ('LATER\nVIC sits alone. He lowers his head into his hands.', 'look:down'),
    ('ELSIE\n(to herself)\nNot again.\nShe shakes her head.', 'shake'),
    # whom a line is said to, in its parenthetical, is no move of the head
    ('DEV\n(to camera, bone dry)\nBest day of my life.', ''),
    ('MOLLY\n(to Fergus, nodding)\nTold you so.', 'nod'),
    ('HUGO\n(into the radio)\nCopy that.\nHe looks up at the ridge.', 'look:up'),
    ('TESSA\n(to herself; shaking her head)\nTypical.', 'shake'),
    ('AUGUST\n(to the jury)\nHe was there.\nAugust lowers his head.', 'look:down'),
    ('LENA\n(turning to camera)\nYou heard me.', 'return'),
    ('PAZ\n(looking to her right)\nWho was that?', 'turn:right'),
    # a gaze sent out over a view is a hold; out of a window to a side, or at the audience, it is not
    ('NORA looks out over the harbour. Beat. She turns to camera.', 'hold | return'),
    ('He gazes out across the fields, then nods to himself.', 'hold | nod'),
    ('Standing at the rail, she stares out at the sea.', 'hold'),
    ('The old man peers out over the rooftops. A long silence.', 'hold'),
    ('He looks out of the window to his left.', 'turn:left'),
    ('She looks out at the audience.', 'return'),
    # a tail wagged, flicked or thumped is no head; a head wagged is
    ('The dog wags its tail. Kit grins and looks down at it.', 'look:down', 'happy'),
    ('A cat flicks its tail. She glances at it.', 'glance'),
    ('The fox thumps its tail; Ada turns toward the sound.', 'turn'),
    ('The puppy wags its whole tail and Jo laughs.', '', 'happy'),
    ('He wags his head from side to side.', 'wag'),
    # a comma inside "a tiny, grudging nod" before a linking word does not end the clause
    ('He gives a slow, approving nod before walking off.', 'nod'),
    ('She turns left and gives a quick, tight nod before leaving.', 'turn:left | nod'),
    ('He gives a single, solemn nod and then looks away.', 'nod | turn'),
    ('She offers a small, sad shake before she turns away.', 'shake | turn'),
    ('He gives a tiny, grudging nod before sitting down.', 'nod'),
    # nor before where the motion goes ("three brisk, short glances up at the clock"); a clause after one does
    ('After that, add three brisk, short glances up at the clock.', 'glance:up:3'),
    ('He gives two slow, heavy nods toward the bench.', 'nod::2'),
    ('She waits a few seconds, then looks down at her shoes.', 'hold | look:down'),
    # "no movement" beside a face is stillness, a hold (guide rule 9); a motion said not to happen is not
    ('Blank face, no movement.', 'hold', 'neutral'),
    ('IDA smiles, no movement.', 'hold', 'happy'),
    ('RUTH grins at the news. No motion at all.', 'hold', 'happy'),
    ('A slow blink, no movement otherwise.', 'hold'),
    ('No movement, just a frown.', 'hold'),
    ("He doesn't nod, only smiles.", '', 'happy'),
    ('She neither nods nor shakes her head, only grins.', '', 'happy'),
    # a held pose named with the step's own verb in the next sentence is the pose reached, and runs with what follows
    ('Her head sags to the left. Half asleep, head sagged, she keeps nodding.', 'tilt:left | nod::0~0'),
    ('Her head tilts to the right. Head tilted, she keeps nodding.', 'tilt:right | nod~0'),
    ('He bows his head. Head bowed, he shakes it slowly.', 'look:down | shake~0'),
    ('She tilts her head left. Head tilted right, she nods.', 'tilt:left | tilt:right | nod~1'),
    ('He turns left. Head lowered, he nods.', 'turn:left | look:down | nod~1'),
    ('She bows her head. Head bowed, she prays.', 'look:down'),
    # a parenthetical of participles alone: the second is the main motion, the first runs with it (rule 1)
    ('OTTO\n(cocking his head, nodding)\nGo on then.', 'tilt | nod~0'),
    ('GUS\n(leaning back, shaking his head)\nNo chance.', 'lean:back | shake~0'),
    ('MAEVE\n(sighing; looking down, shaking her head)\nAgain?', 'look:down | shake~0'),
    ('IVY\n(pausing, nodding)\nFine.', 'hold | nod'),
    ('Turning left, then nodding.', 'turn:left | nod'),
    ('Nodding, smiling, she turns away.', 'nod | turn~0', 'happy'),
]


GAME_SCRIPTS = [
    ('[anim: nod] Welcome, traveller.', 'nod'),
    ('<nod> Follow me.', 'nod'),
    ("NPC_Guard: [shake_head] You can't pass.", 'shake'),
    ('On interact: NPC looks up from the anvil and nods.', 'look:up | nod'),
    ('Idle bark: merchant glances L, then R.', 'glance:left | glance:right'),
    ('{anim:head_tilt_L} Hmm?', 'tilt:left'),
    ('[emote=bow]', 'look:down'),
    ('Cutscene 12: Elara turns back toward the player, all smiles.', 'return', 'happy'),
    ('NPC reaction when robbed: recoil, then glare at the player.', 'recoil | hold', 'angry'),
    ('When the player approaches: the smith looks up and waves.', 'look:up'),
    ('[SFX: thunder] Mira flinches, then looks up toward the storm clouds.', 'recoil | look:up'),
    ('anim_set: head_nod_small x2', 'nod::2'),
    ('<shake head slowly>', 'shake'),
    ('QUEST_ACCEPT: innkeeper gives a big nod and a grin.', 'nod', 'happy'),
    ('NPC turns head to track the player (left).', 'turn:left'),
    ('Dialogue node 5, Ser Aldo [tilt head R] Curious.', 'tilt:right'),
    ('NPC idle: looks around the square every few seconds.', 'look_around'),
    ('Cinematic: Rhea lowers her head, then slowly raises it toward the throne.', 'look:down | look:up'),
    ('[anim: look_left] [anim: look_right] [anim: nod]', 'turn:left | turn:right | nod'),
    ('<emote:shrug> <emote:headshake>', 'shake'),
    ('Branch (friendly): Tova nods and smiles.', 'nod', 'happy'),
    ('If player has the key: guard steps aside and nods.', 'nod'),
    ('NPC (hostile): shakes head x2, scowling.', 'shake::2', 'angry'),
    ('Scripted sequence: Kael leans in, taps the map, looks up at the player.', 'lean:forward | look:up'),
    ('VO line 3 plays; Ivo keeps nodding.', 'nod::0'),
    ('Trigger: player enters room -> NPC turns to door (R), freezes.', 'turn:right | hold'),
    ('[Nod] [Pause] [Turn away]', 'nod | hold | turn'),
    ('BARKER_01 (on spot): gasps, head jerks back.', 'recoil', 'surprised'),
    ('<anim=glance_right> Did you hear that?', 'glance:right'),
    ('Companion reaction (approve): nod x1, smile.', 'nod::1', 'happy'),
    ('Companion reaction (disapprove): slow headshake, frown.', 'shake'),
    ('SHOPKEEP: *nods* Good choice.', 'nod'),
    ('*shakes head* Not today, friend.', 'shake'),
    ('BLACKSMITH [looks up, annoyed] What now?', 'look:up', 'angry'),
    ('Cutscene 3, shot 2: Queen Isra bows her head slowly, holds.', 'look:down | hold'),
    ('On dialogue end: NPC returns to idle, head facing forward.', 'return'),
    ('Player lies -> Merrin narrows her eyes, tilts head L.', 'tilt:left'),
    ('[CINEMATIC] The Warden looks left, looks right, and back to centre.', 'turn:left | turn:right | return'),
    ('Greeting anim: small nod + smile.', 'nod', 'happy'),
    ('State: ALERT. Guard head snaps to the noise (right).', 'turn:right'),
    ('NPC (scared): glances around, trembling.', 'look_around', 'fearful'),
    ('Line 14 (sad): Orla looks down, shakes her head slowly.', 'look:down | shake', 'sad'),
    ('Trigger volume 2: Dax turns right and nods twice.', 'turn:right | nod::2'),
    ('{emote: nod} {emote: nod} {line: Right.}', 'nod::2'),
    ('Boss intro: Vargr tilts his head and studies the player, then laughs.', 'tilt', 'happy'),
    ('[wait 1s] [anim: look_up]', 'hold | look:up'),
    ('Quest fail: Elder turns away from the player, disappointed.', 'turn', 'sad'),
    ("(NPC nods slowly) Aye, that's the one.", 'nod'),
    ('After the explosion: Pell shields his face, then peeks up.', 'glance:up'),
    ('[anim: headshake_slow] We are closed.', 'shake'),
    ('<emote=nod_twice>', 'nod::2'),
    ('NPC_Innkeeper on interact: looks up, smiles, nods.', 'look:up | nod', 'happy'),
    ("{anim: look_around} Who's there?", 'look_around'),
    ('Companion (disapprove): *rolls eyes, turns away*', 'turn', 'contempt'),
    ('Idle loop: guard glances L every few seconds.', 'glance:left:0'),
    ('Cutscene 7: Brann bows his head, raises it again, eyes on you.', 'look:down | look:up'),
    ('[anim: flinch] [anim: look_up]', 'recoil | look:up'),
    ('If player refuses: Mira shakes her head, disappointed.', 'shake', 'sad'),
    ('Merchant reacts to haggling: tilts head R, then nods x2.', 'tilt:right | nod::2'),
    ('<tilt_head_left> Interesting...', 'tilt:left'),
    ('On quest complete: Elder gives a slow nod and returns to idle.', 'nod::1 | return'),
    ('Bark (alert): Soldier whips head to the right.', 'turn:right'),
    ('[Act 2, node 14] Sela nods once, then looks off to her right.', 'nod::1 | turn:right'),
    ("[SFX: door creak] The innkeeper's head snaps toward it.", 'turn'),
    ('NPC_Baker [idle_look_around]', 'look_around'),
    ('<anim name="nod_once"/> Aye.', 'nod::1'),
    ('{Gesture: HeadTilt_R}', 'tilt:right'),
    ('On player hit: recoil, then glare.', 'recoil | hold'),
    # markup that names its animation, its count and its side in attributes
    ('<anim head="nod" count="3"/> Very well.', 'nod::3'),
    ('<gesture type="tilt" side="R"/> Hm?', 'tilt:right'),
    ('<emote name="shake" repeat="2"/>', 'shake::2'),
    ('<anim clip="look_up"/> <anim clip="nod" times="2"/> Up there.', 'look:up | nod::2'),
    ('<anim action="headshake" loops="1"/> No deal.', 'shake::1'),
    ('<sfx name="door_slam"/> The guard flinches.', 'recoil'),
    # extras named by a bare plural ("Villagers gather") are not the character
    ('Orin nods. Villagers behind him gather and stare.', 'nod'),
    ('Onlookers in the square turn and point. The knight bows her head.', 'look:down'),
    ('Ghouls emerge from the crypt walls. The lich raises its head.', 'look:up'),
    ('Courtiers gasp. The queen turns slowly toward the door.', 'turn'),
    ('Tears fall as she looks down.', 'look:down'),
    ('Shoulders drop, then she nods.', 'nod'),
    # pointing and waving are the hands
    ('She nods and points up at the balcony.', 'nod'),
    ('He turns R, points to the exit.', 'turn:right'),
    ('Waves, then looks down.', 'look:down'),
    ('She points down the hall, then turns left.', 'turn:left'),
    ('He nods toward the door.', 'nod'),
    # a label says whom it is for ("Idle anim for Brann:")
    ('Reaction shot for the old sailor: slow look up, then a nod.', 'look:up | nod'),
    ('Idle anim for Brann the smith (loops): glances around the forge.', 'look_around'),
    ('Cinematic direction for Old Hob: tilts his head R, smiles.', 'tilt:right', 'happy'),
    ('Cutscene note for the twin on the left: she nods twice.', 'nod::2'),
    ('Take for safety: nod twice.', 'nod::2'),
    # a stare by a character with a title and a name ("Captain Rhee") is a stare
    ('Captain Rhee glares at the recruit, then turns away.', 'hold | turn'),
    ('Queen Isra stares at the envoy. Then she nods.', 'hold | nod'),
    ('Sister Agnes gazes at the altar, then bows her head.', 'hold | look:down'),
    ('Doctor Hale glares and shakes his head.', 'shake', 'angry'),
    ('Mira stares at the door, then turns left.', 'hold | turn:left'),
    # motions named as identifiers, listed: each a step, with the count its name says
    ('# anim: tilt_left, nod_twice', 'tilt:left | nod::2'),
    ('// owl: look_down, look_up', 'look:down | look:up'),
    # a script's wait is a pause; a call after a comment starts a statement of its own; a feeling as a constant
    ('troll.head.nod(2); wait(0.5); troll.face.set(ANGRY);', 'nod::2 | hold', 'angry'),
    ('function gateScene() {\n  // camera pushes in, the troll sits by the gate\n  troll.head.turn(LEFT)   // toward the door\n'
     '  wait(0.8)               // beat\n  troll.head.nod(2)\n}', 'turn:left | hold | nod::2'),
]


# Timecoded and dope-sheet notes, game markup, storyboards and chat, as their writers set them down: a count given as an
# attribute without quotes, tags of fields split by "|", a name alone in braces, a script's calls ("head.tilt(right)"),
# "reset" ending an animation list, a note that is only "still", a pose said kept beside a motion kept up ("still
# tilted", "keep the turn"), "stops" ending a repetition, easing, the face timed "on the turn", whose side a step goes
# to said after it, "more tilt", a side of the frame, and a shot size that is no wide-eyed look; with near-misses.
NOTATIONS = [
    ('[gesture:head_shake reps=3]', 'shake::3'),
    ('<emote: nod, count: 2>', 'nod::2'),
    ('{Bram | head: tilt_R, slow | face: joy}', 'tilt:right', 'happy'),
    ('{Odile} smirks -> then head.tilt(right)', 'tilt:right', 'contempt'),
    ('queue: [turn_R, glance_L, reset]', 'turn:right | glance:left | return'),
    ('look_up, hold, reset to neutral', 'look:up | hold | return'),
    ('Reset. Tilt left.', 'tilt:left'),   # a redo opening a take note, not a return
    ('0:10 motionless. 0:12 nods twice.', 'hold | nod::2'),
    ('fr 1-30 turn R, fr 30-60 shake loop (keep the turn)', 'turn:right | shake::0~0'),
    ('00:02 turn left 00:04 nod x2, still turned', 'turn:left | nod::2~0'),
    ('Tilt right. Nod over and over, keeping it tilted.', 'tilt:right | nod::0~0'),
    ('head turned a bit right and she keeps shaking it the whole time', 'turn:right | shake::0~0'),
    ('0:00-0:05 nods on and on 0:06 stops, turns left', 'nod::0 | turn:left'),
    ('She keeps nodding, then stops and holds still.', 'nod::0 | hold'),   # the pause said outright stays
    ('f10-f40 tilt L (ease in/out), f40-f60 look down', 'tilt:left | look:down'),
    ('Pause, then turn right. Laugh on the turn.', 'hold | turn:right', 'happy'),
    ('turn LEFT not right. his left', 'turn:left'),
    ('Tilt left. Her left.', 'tilt:left'),
    ('Dana turns to her left and waits.', 'turn:left | hold'),
    ('less turn, to his L', 'turn:left'),
    ('a touch more tilt to camera right', 'tilt:left'),
    ('PANEL 4: Close. Ada turns to screen left, then nods.', 'turn:right | nod', 'none'),
    ('Medium shot. He faces frame left.', 'turn:right', 'none'),
    ('Close-up. She shakes her head slowly.', 'shake', 'none'),
    ('Her eyes go wide. She tilts left.', 'tilt:left', 'surprised'),
    # a storyboard panel's shot size after its label is the framing, no wide-eyed look; "pnl" is a panel
    ('P2 - wide, the harbour at dawn. P3 - close-up, she tilts her head left.', 'tilt:left', 'none'),
    ('Panel 6: medium shot, he frowns. Panel 7: he looks down.', 'look:down', 'none'),
    ('Pnl 3: she glances left. Pnl 4: back to him.', 'glance:left | return'),
]


BATTERY = [("notes", *item) for item in TAKE_NOTES] + [("mocap", *item) for item in MOCAP_NOTES] + \
    [("screenplay", *item) for item in SCREENPLAYS] + [("game", *item) for item in GAME_SCRIPTS] + \
    [("notation", *item) for item in NOTATIONS]
BATTERY = [(style, text, spec, rest[0] if rest else None) for style, text, spec, *rest in BATTERY]


@pytest.mark.parametrize("style, text, spec, feeling", BATTERY, ids=[f"{s}-{i}" for i, (s, *_) in enumerate(BATTERY)])
def test_technical_ways_of_writing_read_as_the_plan_they_ask_for(style, text, spec, feeling):
    assert _matches(text, spec, feeling), f"{text!r}: want {spec} / {feeling}, got {_shown(text)}"


# Game data and capture logs as their writers lay them out: an engine's play call and a hold with its seconds, a
# spreadsheet's rows under a heading of columns, a shot list's one row, a brief's "Sequence:"/"Also:" fields (no
# senders of a thread), a take log read as the take it keeps, a motion said before sized by its noun.
LAID_OUT = [
    ('OnStun(): play head_recoil;\nif (stamina < 5) play head_hang;', 'recoil | look:down'),
    ('PlayAnim(head_nod);', 'nod'),
    ('queue = [nod_x2(small), hold(0.5), turn_L(fast), hold(0.5)]', 'nod::2 | hold | turn:left | hold'),
    ('clips for the smith Brann\nid,trigger,head,face,notes\nBR_01,player_waves,tilt_L_slow,smile,"curious, leans his '
     'head over"\nBR_02,player_waves_2,shake_x3,frown,', 'tilt:left | shake::3'),
    ('SH 4 | MS | Dr. Nora | small nod x1, then tilt left | happy', 'nod::1 | tilt:left'),
    ('Sequence: Mira pulls her head back, then shakes her head twice.\nAlso: the old draft had her nod at the end.',
     'lean:back | shake::2'),
    ('Take log, performer Ben.\nT1: NG, lost a marker.\nT2: GOOD. Ben leans in, nods twice, then looks down.\n'
     'T3: same as T2 but slower nods. Prefer T2.', 'lean:forward | nod::2 | look:down'),
    ('Session 3. Performer: Omar L. (playing the GUARD).\nTake 1: NG, he nodded.\nTake 2: good. The guard turns his '
     'head L, slow. Holds.\nFace cam: calm, blank throughout.\nCircle take 2.', 'turn:left | hold'),
    ('Tomas leans in over the counter, then tilts his head left. Keep his lean small, the stool wobbles.',
     'lean:forward | tilt:left'),
    ('She lowers her head, then looks up at him. Then the look back up to him should be normal speed.',
     'look:down | look:up'),
    ("She is seated, head tilted left, and while it's tilted she glances up at the lamp twice. Quick glances, small.",
     'tilt:left | glance:up:2~0'),
    # a negation with its verb left out ("the hero isn't") is over at its comma or dash
    ("You're short, the hero isn't \u2014 so lift the chin a little. On the cheer, nod.", 'look:up | nod'),
    # a dialogue choice with a note naming the branch it is for: the other branches' moves are no steps
    ('Boss fight, reply to the bribe.\nIf the player picks Threaten: Vera turns away and shakes her head. If the player '
     'picks Flatter: same turn but she nods. This ticket is for the Threaten branch only.\nKeep the shake small.',
     'turn | shake'),
    ('Option A: the smith nods twice. Option B: he shakes his head. Animate option B only.', 'shake'),
    ('Option A: the smith nods twice. Option B: he shakes his head.', 'nod::2 | shake'),
    # a take log in one paragraph: the sentences of the takes not kept are dropped
    ('Take 1 - she nodded three times, too many. Use take 2 (two nods). Take 2 circled.', 'nod::2'),
    ('Take 5: he tilts left, then nods. Circle take 5.', 'tilt:left | nod'),
    # a heading's path before its colon is one label; an arrow between motions still orders them
    ("Quest log 'debt' > refuse: Mara shakes her head, then looks down.", 'shake | look:down'),
    ('Tilt R > nod: both slow.', 'tilt:right | nod'),
    # a side before the cue it falls on ("right on the first bell"); "right on cue" says when
    ('Turn right on the first bell, turn left on the second.', 'turn:right | turn:left'),
    ('He nods right on cue.', 'nod'),
    # a step with no side before a colon, spelt out after it as a list of that motion with its sides, heads the list
    ('She tilts toward the noises: tilt right at the first bang, tilt left at the second.', 'tilt:right | tilt:left'),
    ('The guard turns toward the voices: left at the first shout, right at the second.', 'turn:left | turn:right'),
    ('He turns left toward the door: turn right, then turn left.', 'turn:left | turn:right | turn:left'),
    # what the eyes look for, said as a sentence of its own after the moves, is no step
    ('The scout turns to her right, then to her left. Searching for the trail.', 'turn:right | turn:left'),
    ('He looks up. Scanning the rooftops. Then he nods.', 'look:up | nod'),
    # why a move is made ("…, to look at her brother in the crowd") is no look of its own
    ('Then she slowly turns her head to the left, to look at her brother in the crowd.', 'turn:left'),
    # how a move is made, said in adjectives alone, is no pause
    ('Bring your head back to centre, slow and mechanical. Then turn left.', 'return | turn:left'),
    # the one named whose head moves is the character, also where the head moves in a clause after the name's
    ('Shop, evening. PIET wipes the counter. ANKE sits down, turns her head to the left and smiles. Then she nods '
     'twice.', 'turn:left | nod::2'),
    # a game's build as it is now is what the note changes
    ('Bug on the smith: Rolf should nod once, then glance over his left shoulder. In the current build he glances over '
     'the right shoulder. Please fix to left.', 'nod::1 | glance:left'),
    # the size of every move is no pose held
    ('Lean back, slowly. Then glance left. Keep the head moves small, the hat is loose.', 'lean:back | glance:left'),
    # what a search finds ("Nothing.") is no pause
    ('The guard whips his head to the right. He scans the rooftops. Nothing. He turns back.',
     'turn:right | look_around | return'),
    # a count and the stretch of time it falls in
    ('You glance up at the clock. Four times in an hour.', 'glance:up:4'),
]


@pytest.mark.parametrize("text, spec", LAID_OUT)
def test_game_data_and_take_logs_read_as_laid_out(text, spec):
    assert _matches(text, spec, None), f"{text!r}: want {spec}, got {_shown(text)}"
