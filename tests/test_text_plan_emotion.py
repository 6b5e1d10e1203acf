"""The plan's emotion lane: feelings named in the words (prototypes), feelings a clause implies (the trained emotion
classifier), and what keeps either from inventing a feeling (real MiniLM encoder, the shipped weights). Sentences
written for these tests."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from backend.motion.text.plan.clauses import split_clauses
from backend.motion.text.plan.clause_reading import read_clauses
from backend.motion.text.plan.emotion_classifier import WEIGHTS, shipped
from backend.motion.text.plan.emotion_reading import implied_feelings, is_implied
from backend.motion.text.plan.prototypes import EMOTION_PROTOTYPES
from backend.motion.text.plan.reader import read_plan
from backend.motion.text.plan.train_emotion_classifier import training_set


def feelings(text: str) -> list[str]:
    return [c.emotion for c in read_plan(text).emotions]


def test_the_emotion_recipe_is_deterministic_for_a_seed_and_teaches_every_class():
    first = training_set(0)
    assert first == training_set(0) and first != training_set(1)
    labels = {label for _, label in first}
    assert labels == set(EMOTION_PROTOTYPES)
    # Most descriptions carry no feeling, so most of what the classifier sees carries none.
    assert sum(label == "none" for _, label in first) > len(first) / 2


def test_the_shipped_emotion_classifier_was_trained_on_the_recipe_as_it_stands():
    with np.load(WEIGHTS, allow_pickle=False) as data:
        seed, sentences, recipe = int(data["seed"]), int(data["sentences"]), str(data["recipe_sha256"])
    pairs = training_set(seed)
    assert sentences == len(pairs)
    assert recipe == hashlib.sha256(json.dumps(pairs).encode()).hexdigest(), \
        "the recipe changed since the weights were trained: python -m backend.motion.text.plan.train_emotion_classifier"
    assert shipped().classes == list(EMOTION_PROTOTYPES)


def test_a_feeling_implied_by_what_happens_is_read_and_says_so():
    plan = read_plan("The old man lifts the lid of the bin and turns his face away.")
    assert [s.action for s in plan.steps] == ["turn"]
    (cue,) = plan.emotions
    assert cue.emotion == "disgusted" and cue.notes[0].startswith("implied by")
    # A guess from the situation is never shown as certain.
    assert 0.5 <= cue.confidence <= 0.8 and cue.intensity == "medium" and cue.onset == "normal"


@pytest.mark.parametrize("text", [
    "He turns his head to the left, then nods twice.",
    "He nods to the porter and picks up his suitcase.",
    "The lift arrives; she steps in and turns to face the doors.",
    "He tilts his head at the fading light.",
    "She glances at her watch, then back at the screen.",
])
def test_head_motion_and_everyday_business_invent_no_feeling(text):
    assert feelings(text) == []


def test_a_feeling_guessed_from_nothing_readable_leaves_the_text_unreadable():
    text = "Purple giraffes audit the invoices."
    (guess,) = implied_feelings(read_clauses(split_clauses(text)))
    assert guess is not None and guess.best != "none"          # the classifier alone would guess something …
    plan = read_plan(text)
    assert plan.status == "unreadable" and not plan.emotions     # … which is no reason to show a face


def test_a_named_feeling_outranks_what_the_situation_implies_and_negation_removes_both():
    assert feelings("Seeing the wasp on her sandwich, she smiles and leans away.") == ["happy"]
    assert feelings("Without any fear at all, he turns to the door.") == []


def test_two_feelings_named_for_one_moment_are_one_and_a_change_of_feeling_ends_on_the_last():
    assert feelings("Frightened, lip quivering, she turns away.") == ["fearful"]
    # One feeling per description (labelling guide, rule 11): the one it ends on; the plan names the other.
    plan = read_plan("She frowns angrily, then bursts out laughing.")
    assert [c.emotion for c in plan.emotions] == ["happy"]
    assert any("angry" in note for note in plan.emotions[0].notes)


def test_a_word_that_only_just_reads_as_a_feeling_needs_the_clause_behind_it():
    # "burning" and "falls" pass the prototypes' thresholds on their own (as anger and sadness); read whole, these
    # clauses carry no feeling.
    assert feelings("She looks up at the burning building.") == []
    assert feelings("Slowly, her head falls forward.") == []
    # A plainly named feeling stays, however the rest of the clause reads.
    assert feelings("She looks up at the building, sad.") == ["sad"]


def test_implied_readings_need_a_confident_classifier():
    readings = read_clauses(split_clauses("She turns to the window."))
    (guess,) = implied_feelings(readings)
    assert not is_implied(guess)
