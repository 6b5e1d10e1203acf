"""Text → motion plan → track: clauses and their order, counts, sides, actions read by meaning, the emotion
lane, unreadable text, and a plan's steps coming out in the motion (real MiniLM encoder, real primitives)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from backend.motion.text.evaluation import oscillation_count, track_angles_deg
from backend.motion.text.plan.clauses import split_clauses
from backend.motion.text.plan.generate import PlanOptions, check_generatable, plan_to_track
from backend.motion.text.plan.lexicon import find_count, find_sides
from backend.motion.text.plan.reader import read_plan
from backend.motion.text.plan.realised import shown
from backend.motion.text.plan.scoring import PlanScore, score_plan
from flame_assets.library import load_head
from protocols.motion_plan import ACTIONS, SIDES, EmotionCue, MotionPlan, MotionPlanError, PlanStep

DEV = Path(__file__).parent / "data" / "text_plan_dev.jsonl"
DEV2 = DEV.with_name("text_plan_dev2.jsonl")
DEV3 = Path(__file__).parents[1] / "bench" / "data" / "text_motion_dev3.jsonl"   # third round, 179 descriptions
DEV4 = DEV3.with_name("text_motion_dev4.jsonl")   # fourth round, 223 descriptions
DEV5 = DEV3.with_name("text_motion_dev5.jsonl")   # fifth round, 234 descriptions (written by someone who never read the reader)


def steps_of(text: str) -> list[tuple[str, str, int]]:
    return [(s.action, s.side, s.count) for s in read_plan(text).steps]


@pytest.mark.parametrize("text, count", [
    ("nods three times", 3), ("shakes his head twice", 2), ("nod 3x", 3), ("x4 nods", 4), ("nods 2 times", 2),
    ("a couple of nods", 2), ("a pair of shakes", 2), ("several nods", 3), ("a few shakes", 3),
    ("nods over and over", 0), ("keeps nodding", 0), ("gives a nod", 1), ("just once", 1), ("thrice", 3),
    ("two slow nods", 2), ("nods", None), ("turns 30 degrees", None), ("for a second", None),
])
def test_counts_in_words_and_digits(text, count):
    found = find_count(text)
    assert (found.value if found else None) == count


@pytest.mark.parametrize("text, sides", [
    ("over his right shoulder", ["right"]), ("toward the window on her left", ["left"]),
    ("from the left to the right", ["left", "right"]), ("looks upwards", ["up"]), ("right away", []),
    ("to camera left", ["right"]), ("all right", []), ("up and down", []),
])
def test_sides_are_the_subjects_own(text, sides):
    assert [f.value for f in find_sides(text)] == sides


def test_clauses_keep_their_linking_words():
    clauses = split_clauses("Before turning left, he nods; then, while looking up, she tilts her head as far as "
                            "she can.")
    assert [(c.text, c.marker) for c in clauses] == [
        ("turning left", "after_main"), ("he nods", ""), ("looking up", "with"),
        ("she tilts her head as far as she can", "")]


def test_order_follows_time_not_the_words():
    assert steps_of("Before turning left, he nods twice.") == [("nod", "", 2), ("turn", "left", 1)]
    assert steps_of("He turns right after a quick shake of the head.")[0][0] == "shake"
    plan = read_plan("He nods while turning to his right")
    assert [s.action for s in plan.steps] == ["nod", "turn"] and plan.steps[1].overlaps == 0
    assert plan.steps[1].start == plan.steps[0].start


def test_actions_are_read_by_meaning_with_a_margin():
    plan = read_plan("She bobs her head in agreement, then lifts her gaze to the clouds.")
    assert [(s.action, s.side) for s in plan.steps] == [("nod", ""), ("look", "up")]
    for step in plan.steps:
        assert step.source and 0.0 < step.confidence <= 1.0 and step.margin > 0.0
        assert step.runner_up in ("",) + ACTIONS and step.runner_up != step.action


def test_one_motion_read_twice_is_one_step():
    assert steps_of("He refuses, shaking his head twice.") == [("shake", "", 2)]
    assert steps_of("Shakes his head no, four times.") == [("shake", "", 4)]


@pytest.mark.parametrize("text, steps", [
    # negation: what does not happen is no step; negated movement is a hold
    ("He doesn't shake his head; he tilts it to the left.", [("tilt", "left", 1)]),
    ("Instead of turning, she looks down.", [("look", "down", 1)]),
    ("Don't move a thing.", [("hold", "", 1)]),
    ("He never looks away from the lens.", [("hold", "", 1)]),
    # animator shorthand and script conventions
    ("tilt R -> nod x2 -> back to centre", [("tilt", "right", 1), ("nod", "", 2), ("return", "", 1)]),
    ("lean fwd / hold 2s / lean back", [("lean", "forward", 1), ("hold", "", 1), ("lean", "back", 1)]),
    ("Beat. She turns to her right.", [("hold", "", 1), ("turn", "right", 1)]),
    # counts and repeats
    ("He shakes his head half a dozen times.", [("shake", "", 6)]),
    ("Three slow nods, a pause, then three more.", [("nod", "", 3), ("hold", "", 1), ("nod", "", 3)]),
    ("She nods and nods and nods.", [("nod", "", 3)]),
    # ellipsis, aspect, pronouns, order
    ("She turns to the right, then to the left, then straight ahead.", [("turn", "right", 1), ("turn", "left", 1),
                                                                         ("return", "", 1)]),
    ("She keeps shaking her head.", [("shake", "", 0)]),
    ("He lowers his head and slowly lifts it again.", [("look", "down", 1), ("look", "up", 1)]),
    ("She turns left, and then, after a pause, she nods once.", [("turn", "left", 1), ("hold", "", 1),
                                                                  ("nod", "", 1)]),
    ("He stops nodding and turns to the right.", [("turn", "right", 1)]),
    ("She shakes her head, but only once.", [("shake", "", 1)]),
    ("He turns his head quickly to the left, then slowly back.", [("turn", "left", 1), ("return", "", 1)]),
    ("She tilts her head one way, then the other way.", [("tilt", "left", 1), ("tilt", "right", 1)]),
    ("Right after shaking his head, he looks down.", [("shake", "", 0), ("look", "down", 1)]),
    ("He sways his head from side to side.", [("wag", "", 0)]),
    # a state is no motion
    ("He is close to losing his temper.", []),
])
def test_general_rules_of_english(text, steps):
    assert steps_of(text) == steps


def test_missing_side_is_chosen_and_said():
    plan = read_plan("He turns away.")
    step = plan.steps[0]
    assert step.action == "turn" and step.side in SIDES["turn"] and any("away" in n for n in step.notes)


def test_emotions_go_on_their_own_lane():
    plan = read_plan("Grinning, she nods twice, then looks away to her right in disgust.")
    assert [s.action for s in plan.steps] == ["nod", "turn"]
    # One feeling per description (labelling guide): the one it ends on, from its own step; the other is noted.
    assert [c.emotion for c in plan.emotions] == ["disgusted"]
    assert plan.emotions[0].start == pytest.approx(plan.steps[1].start)
    assert "happy" in plan.emotions[0].notes[-1]
    only = read_plan("He is absolutely furious.")
    assert not only.steps and only.status == "ok" and only.emotions[0].emotion == "angry"
    assert only.emotions[0].intensity == "strong"


def test_unreadable_text_says_so_and_cannot_make_a_motion():
    plan = read_plan("zxqv blorp fnord")
    assert plan.status == "unreadable" and not plan.steps and plan.unread
    assert "could not read" in plan.describe()[0]
    with pytest.raises(MotionPlanError, match="could not be read"):
        check_generatable(plan)
    partial = read_plan("He nods twice, then zxqv blorp fnord")
    assert partial.status == "partial" and partial.steps[0].action == "nod"
    assert any("zxqv" in u for u in partial.unread)


@pytest.mark.slow
@pytest.mark.parametrize("dev", [DEV, DEV2, DEV3, DEV4, DEV5], ids=["dev", "dev2", "dev3", "dev4", "dev5"])
def test_the_development_set_is_read_well(dev):
    """The sentences the reader was tuned on (not the held-out evaluation); dev2 was written for the second
    round, when the first was read well, dev3 for the third (participle openers, sequencing words, feelings
    described indirectly, motions without the lexicon's verbs), dev4 for the fourth (stage directions, animator
    shorthand, second person, negations, hedges, long literary sentences), dev5 for the fifth (the blind sets'
    styles, by a writer who never read the reader)."""
    total = PlanScore()
    for line in dev.read_text().splitlines():
        record = json.loads(line)
        total.add(score_plan(read_plan(record["text"]), record))
    assert total.actions_right / total.actions_total >= 0.9
    assert total.sides_right / total.sides_total >= 0.95
    assert total.counts_exact / total.counts_total >= 0.9
    assert total.order_right / total.order_total >= 0.85
    # dev5's labels also give feelings the words only imply ("recoils from the jar": disgusted), which the
    # emotion classifier guesses only where it is confident: a lower floor there.
    assert total.emotion_right / total.emotion_total >= (0.8 if dev == DEV5 else 0.85)
    # Guessing implied feelings must not put feelings into descriptions that have none.
    assert total.no_emotion_right / total.no_emotion_total >= 0.97
    # dev3 keeps one miss the reader does not fix: "Mauve triangles whisper algebra." reads as talk.
    assert total.unreadable_right >= total.unreadable_total - (dev == DEV3)


# ------------------------------------------------------------------------------------------ plan → motion


@pytest.fixture(scope="module")
def head():
    return load_head("open")


def _windows(track, plan):
    a = track_angles_deg(track)
    for j, step in enumerate(plan.steps):
        i0, i1 = int(round(step.start * track.fps)), min(track.num_frames, int(round(step.end * track.fps)) + 1)
        alone = step.overlaps is None and not any(o.overlaps == j for o in plan.steps)
        yield step, shown(step.action, step.side, a[i0:i1], track.translation[i0:i1, 2], a[max(i0 - 1, 0)], alone)


def test_every_step_comes_out_in_its_window(head):
    steps = [PlanStep("nod", count=3), PlanStep("turn", "left"), PlanStep("shake", count=2),
             PlanStep("tilt", "right", overlaps=2), PlanStep("glance", "up"), PlanStep("look", "down", amplitude="large"),
             PlanStep("return"), PlanStep("lean", "forward"), PlanStep("recoil"), PlanStep("hold"),
             PlanStep("wag", count=2), PlanStep("look_around")]
    plan = MotionPlan(steps=steps, seconds=10.0).retimed(10.0)
    track = plan_to_track(plan, 250, 25.0, head)
    for step, s in _windows(track, plan):
        assert s.action_ok and s.side_ok in (None, True), (step, s)
        if step.action in ("nod", "shake", "wag"):
            assert s.count == step.count, (step, s)
    assert track.num_frames == 250 and np.isfinite(track.pose).all()


def test_returns_and_reversals_move_smoothly_through_their_windows(head):
    # A return used to jump to the front in one frame (a second ramp from an already-zeroed value), which also
    # put the jump into the hold before it.
    steps = [PlanStep("turn", "right"), PlanStep("hold"), PlanStep("return"), PlanStep("look", "up"),
             PlanStep("look", "down"), PlanStep("tilt", "left"), PlanStep("return")]
    plan = MotionPlan(steps=steps, seconds=10.5).retimed(10.5)
    track = plan_to_track(plan, 263, 25.0, head)
    a = track_angles_deg(track)
    assert np.abs(np.diff(a, axis=0)).max() < 5.0   # degrees per frame: eased moves, never a jump
    for step, s in _windows(track, plan):
        assert s.action_ok and s.side_ok in (None, True), (step, s)


@pytest.mark.parametrize("side, sign", [("left", 1), ("right", -1)])
def test_sides_and_counts_follow_edits(head, side, sign):
    plan = read_plan("He nods twice, then turns to his left.")
    edited = plan.with_step(0, count=4).with_step(1, side=side)
    track = plan_to_track(edited, 150, 25.0, head)
    a = track_angles_deg(track)
    nod = edited.retimed(6.0).steps[0]   # the track is 6 s: the plan is laid out for that
    assert oscillation_count(a[: int(round(nod.end * 25)), 1], "pitch") == 4
    assert sign * a[-10:, 0].mean() > 15.0


def test_the_face_follows_the_emotion_lane(head):
    from backend.motion.text.corpus.samples import EXPRESSION_INDEX

    plan = MotionPlan(emotions=[EmotionCue("happy", "strong", start=0.0, hold=1.0),
                                EmotionCue("angry", "medium", "sudden", start=2.5)], seconds=4.0)
    track = plan_to_track(plan, 100, 25.0, head)
    smile, furrow = track.expression[:, EXPRESSION_INDEX["smile"]], track.expression[:, EXPRESSION_INDEX["brow_furrow"]]
    assert smile[15:25].mean() > 0.7 and smile[55:60].mean() < 0.1   # held for a second, then released
    assert furrow[:60].max() < 0.05 and furrow[75:].mean() > 0.5
    assert track.eyelids.max() > 0.9 and track.eyelids.min() >= 0.0    # it blinks


def test_generation_is_deterministic_per_seed_and_variation_keeps_the_steps(head):
    plan = read_plan("She shakes her head three times, then looks down.")
    a = plan_to_track(plan, 125, 25.0, head, options=PlanOptions(seed=1))
    b = plan_to_track(plan, 125, 25.0, head, options=PlanOptions(seed=1))
    c = plan_to_track(plan, 125, 25.0, head, options=PlanOptions(seed=2))
    assert a == b and not np.allclose(a.pose, c.pose)
    overlay = plan_to_track(plan, 125, 25.0, head, options=PlanOptions(variation="overlay"))
    for step, s in _windows(overlay, plan.retimed(5.0)):
        assert s.action_ok and s.side_ok in (None, True)
        if step.action == "shake":
            assert s.count == 3


@pytest.mark.parametrize("text, steps", [
    # a pause said by its verb or an idiom, a head said to be still, a gaze held: a hold
    ("Midway through the speech the old captain paused, then nodded once.", [("hold", "", 1), ("nod", "", 1)]),
    ("She looks up, lets a moment pass, and looks down again.", [("look", "up", 1), ("hold", "", 1),
                                                                  ("look", "down", 1)]),
    ("He sits with his head completely still.", [("hold", "", 1)]),
    ("The pilot holds her gaze on the lens.", [("hold", "", 1)]),
    # a manner clause says how, not what: its verbs are no motion
    ("Tilt your head to the left as if you're listening for a sound.", [("tilt", "left", 1)]),
    # perceiving, someone else, busy hands: no head motion, but a side named there goes to the next step
    ("Hearing footsteps, the guard turns to his right.", [("turn", "right", 1)]),
    ("A voice calls out from her right. She turns.", [("turn", "right", 1)]),
    ("He slides the letter across the desk and leans back.", [("lean", "back", 1)]),
    # "only when … does she …": the inverted verb starts the main clause, after the time clause
    ("He waits without moving, and only when the bell rings does he look up.", [("hold", "", 1), ("look", "up", 1)]),
    # a gaze with no direction after a move stays in that pose; said with a length of time it is a pause
    ("She turned to her left and watched the boats drift past.", [("turn", "left", 1)]),
    ("He turns right, gazes at the hills for a moment, then turns back.", [("turn", "right", 1), ("hold", "", 1),
                                                                          ("return", "", 1)]),
    # an adverb between a subject and its verb links nothing
    ("When the waiter finally arrives with the bill, he shakes his head.", [("shake", "", 0)]),
    # an elided direction after a nod is another nod
    ("He nods to the people on his left, then to the right.", [("nod", "", 0), ("nod", "", 0)]),
    # a gaze on a thing for a while, no direction said: the head stays where it is
    ("He tilts his head and studies the map for a long moment.", [("tilt", "left", 1), ("hold", "", 1)]),
    # back after a move to a side, with a verb that is no lean: the front
    ("She looks to her right and then drifts back.", [("turn", "right", 1), ("return", "", 1)]),
    ("He turns left, then sits back.", [("turn", "left", 1), ("lean", "back", 1)]),
    # a noun with adjectives and no verb is one ("Slow nod."); a pause before a pronoun stays a pause
    ("Deep nod. Short pause. Small shake.", [("nod", "", 1), ("hold", "", 1), ("shake", "", 1)]),
    ("(pause) She looks away, hurt.", [("hold", "", 1), ("turn", "left", 1)]),
    # "a moment later" links, it is no step
    ("She glances at the door; a moment later, she looks back at him.", [("glance", "left", 1), ("return", "", 1)]),
    # a number said after "a …" counts; thinking for a while is a pause; "looks down on people" is scorn
    ("He gives the boy a quick nod, three times.", [("nod", "", 3)]),
    ("She turns to the right, weighs the question for a moment, then nods.", [("turn", "right", 1), ("hold", "", 1),
                                                                             ("nod", "", 0)]),
    ("He looks down on them all.", []),
    ("A string of tiny shakes.", [("shake", "", 0)]),
    # a side after "away from" (or "turning from") is the side the head leaves
    ("He turns away from the fire on his right.", [("turn", "left", 1)]),
    ("Turning her face from the lamp on her left, she sighs.", [("turn", "right", 1)]),
    # which part moves: leaning away, pulling the head back, cocking it, a head that drops forward, swaying it
    ("Lean away from it.", [("lean", "back", 1)]),
    ("She pulls her head back from the smell.", [("recoil", "", 1)]),   # from a smell: a start (guide rule 13)
    ("She pulls her head back from the window.", [("lean", "back", 1)]),
    ("He cocks his head to the left. Then to the right.", [("tilt", "left", 1), ("tilt", "right", 1)]),
    ("Exhausted, she lets her head drop forward.", [("look", "down", 1)]),
    ("He sways his head gently to the song.", [("wag", "", 0)]),
    ("Lean in to the lens as you say it.", [("lean", "forward", 1)]),
    # hands, walking, what someone else does, what happened before the shot: no head motion
    ("He flips through the book, then nods.", [("nod", "", 0)]),
    ("The sailor touches his cap and turns to the left.", [("turn", "left", 1)]),
    ("She nods to the host and steps aside.", [("nod", "", 0)]),
    ("He looks up at the stranger, who just shrugs.", [("look", "up", 1)]),
    ("For hours she had kept her eyes lowered, but now she lifts her head.", [("look", "up", 1)]),
    # refusing or avoiding is not doing; counting up; one bare verb per sentence; a verb read as a speed
    ("She looks at the floor, avoiding his gaze.", [("look", "down", 1)]),
    ("He nods once, twice, three times.", [("nod", "", 3)]),
    ("Nod. Nod.", [("nod", "", 2)]),
    ("He leans in, jerks back, and goes still.", [("lean", "forward", 1), ("recoil", "", 1), ("hold", "", 1)]),
    # a time clause running into its main clause; a pause running into its clause
    ("When the phone rang she looked up.", [("look", "up", 1)]),
    ("After a long silence he shook his head.", [("hold", "", 1), ("shake", "", 0)]),
    # a simile is no "as" clause, but "nods as she turns back" is; a relative clause is about its noun
    ("He turns to the door, white as a ghost.", [("turn", "left", 1)]),
    ("She looks up, then shakes her head as she turns away.", [("look", "up", 1), ("shake", "", 0),
                                                                 ("turn", "left", 1)]),
    ("He turned away from the waiter who had brought the wrong dish.", [("turn", "left", 1)]),
    # leaning out of a window is forward; looking around a place is a look around; two holds in a row are one
    ("She leans out of the car window and nods.", [("lean", "forward", 1), ("nod", "", 0)]),
    ("He looks around the silent kitchen.", [("look_around", "", 1)]),
    ("She doesn't move. She simply holds his gaze.", [("hold", "", 1)]),
    ("He crosses to the door and glances back at her.", [("glance", "left", 1)]),
    # manner adverbs are read by the lexicon, not by meaning; comparatives only modify; brows move no head
    ("The soldier slowly raises his chin.", [("look", "up", 1)]),
    ("He nods three times, slower each time.", [("nod", "", 3)]),
    ("Startled: jerk back, brows up, then lean in.", [("recoil", "", 1), ("lean", "forward", 1)]),
    # "eyes left" is where the face goes; seeing or hearing moves no head
    ("Tilt R, eyes L, hold.", [("tilt", "right", 1), ("turn", "left", 1), ("hold", "", 1)]),
    ("He turns, spots her in the crowd, and grins.", [("turn", "left", 1)]),
    # one direction with no word of nodding is a look, not a nod
    ("The old sailor slowly lifts his chin.", [("look", "up", 1)]),
    ("Begin with your head down, then raise it.", [("look", "down", 1), ("look", "up", 1)]),
    ("He lowers his chin to greet her.", [("nod", "", 0)]),   # greeting: a nod
    # "a slow, firm shake of the head": the comma is inside the noun phrase
    ("She gives a slow, weary shake of the head.", [("shake", "", 1)]),
])
def test_rules_of_the_fifth_round(text, steps):
    assert steps_of(text) == steps


def test_a_feeling_aimed_at_someone_moves_nothing_and_a_manner_clause_keeps_its_feeling():
    plan = read_plan("He grins at the boy.")
    assert not plan.steps and [c.emotion for c in plan.emotions] == ["happy"]
    # Tiredness said as a state is none of the feelings (the labels since dev8 read it so): the manner clause keeps
    # the step and names no feeling.
    plan = read_plan("Let your head sink, as though you're completely worn out.")
    assert [s.action for s in plan.steps] == ["look"] and [c.emotion for c in plan.emotions] == []


@pytest.mark.parametrize("text, emotions", [
    ("Eyes narrow as he leans in.", ["angry"]),          # narrowed eyes are anger
    ("She looks down and sighs.", []),                   # a bare sigh is breath, not a feeling …
    ("With a heavy sigh, he lowers his head.", ["sad"]),  # … a heavy one is sadness
])
def test_feelings_said_through_the_body(text, emotions):
    assert [c.emotion for c in read_plan(text).emotions] == emotions


def test_a_still_head_said_beside_a_feeling_is_a_hold():
    # stillness said outright is one hold, also beside a face (LABELLING.md rule 9)
    plan = read_plan("Without moving her head, she smiles at him.")
    assert [s.action for s in plan.steps] == ["hold"] and [c.emotion for c in plan.emotions] == ["happy"]
    plan = read_plan("Neither nods nor shakes his head; he only grins.")   # what is not done: the feeling only
    assert not plan.steps and [c.emotion for c in plan.emotions] == ["happy"]
    assert steps_of("Don't move at all.") == [("hold", "", 1)]


@pytest.mark.parametrize("text, step", [
    ("tilt L 15 -> hold", ("tilt", "left", "medium", "normal")),      # a bare number after a side: degrees
    ("turn R 80, then back", ("turn", "right", "large", "normal")),
    ("lg nod, v. slow", ("nod", "", "large", "slow")),                 # shorthand sizes; "v." is very
    ("sm turn L", ("turn", "left", "small", "normal")),
    ("Look away from the screen on your right. Quickly.", ("turn", "left", "medium", "fast")),  # a sentence of adverbs
    ("He turns his head toward the noise, bit by bit.", ("turn", "left", "medium", "slow")),
])
def test_sizes_and_speeds_in_shorthand_and_fragments(text, step):
    first = read_plan(text).steps[0]
    assert (first.action, first.side, first.amplitude, first.speed) == step
