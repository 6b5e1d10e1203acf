"""The learned step check (`step_gate.py`): what it was trained on, that its NumPy reading is the network its
training script trains, and that a step it drops is named in the plan, never lost silently."""

from __future__ import annotations

import json

import numpy as np
import pytest

from backend.motion.text.plan import step_gate
from backend.motion.text.plan.reader import read_plan, reading_text
from backend.motion.text.plan.train_step_gate import DEVELOPMENT_SETS, own_sentences

pytestmark = pytest.mark.skipif(not step_gate.WEIGHTS.exists(), reason="the step gate's weights are not shipped")


def test_the_shipped_gate_learned_from_development_sets_and_own_sentences_only():
    recipe = step_gate.shipped().recipe
    assert recipe["sets"] and set(recipe["sets"]) <= set(DEVELOPMENT_SETS)
    assert recipe["own_test_sentences"] > 1000
    assert recipe["positive_clauses"] > 1000 and recipe["negative_clauses"] > 1000


def test_its_reading_in_numpy_is_the_network_the_training_script_trains():
    torch = pytest.importorskip("torch")
    from backend.motion.text.plan.train_step_gate import _batch, _model, load_weights

    model = _model(seed=0)
    load_weights(model, step_gate.WEIGHTS)
    gate = step_gate.shipped()
    text = "While the porter drags the trunks upstairs, she tilts her head and smiles at the children."
    spans = [step_gate.spans_of(text, ["While the porter drags the trunks upstairs"]),
             step_gate.spans_of(text, ["she tilts her head and smiles at the children"])]
    expected = gate.probabilities(text, spans)
    ids, mask, clause_masks, rows, _ = _batch([(text, [(s[0], 0) for s in spans])], gate.tokenizer)
    with torch.no_grad():
        got = torch.sigmoid(model(ids, mask, clause_masks, rows)).numpy()
    np.testing.assert_allclose(got, expected, atol=2e-4)


def test_its_training_reads_the_reader_own_test_sentences_but_not_its_own():
    sentences = own_sentences()
    assert len(sentences) > 2000
    assert "He peeks over his right shoulder." in sentences and "[emote=bow]" in sentences
    assert "A gust slams the shutters; she nods twice." not in sentences


def test_its_training_labels_a_test_sentence_with_the_plan_the_tests_hold():
    # The rules read a look from the waiter too; the shipped gate drops it, and so does the test below: the
    # training must count the waiter's clause as a negative, not teach the next gate to keep it.
    from backend.motion.text.plan.train_step_gate import clause_labels, kept_by_the_tests

    text = "The waiter bows and leaves; Clara tilts her head."
    steps = read_plan(text, step_check=False).steps
    kept = kept_by_the_tests(text, steps)
    assert [steps[j].action for j in sorted(kept)] == ["tilt"] and len(steps) == 2
    _, clauses = clause_labels({"text": text})
    read = reading_text(text)
    assert sorted((read[a:b], target) for (a, b), target in clauses) == \
        [("Clara tilts her head", 1), ("The waiter bows", 0), ("and leaves", 0)]


@pytest.mark.parametrize("text, taken, dropped", [
    # Things and other people moving in a scene: the rules take a step from them, the check drops it.
    ("The old ferryman pushes off from the bank, and a heron lifts out of the reeds as she nods twice.",
     ["nod"], ["lean"]),
    ("A gust slams the shutters; she nods twice.", ["nod"], ["glance"]),
    ("The dog rolls over and she laughs, then nods.", ["nod"], ["tilt"]),
    ("The waiter bows and leaves; Clara tilts her head.", ["tilt"], ["look"]),
    # Where the rules are right, nothing is dropped.
    ("Smoke curls up from the chimney as the old man nods slowly.", ["nod"], []),
    ("Her assistant shakes his head; she just nods.", ["nod"], []),
])
def test_a_dropped_step_is_named_in_the_plan(text, taken, dropped):
    everything = [s.action for s in read_plan(text, step_check=False).steps]
    plan = read_plan(text)
    assert [s.action for s in plan.steps] == taken
    assert all(a in everything for a in dropped)
    named = [n for n in plan.notes if n.startswith("not taken")]
    assert len(named) == len(everything) - len(taken)


def test_steps_without_words_of_their_own_are_kept():
    text = reading_text("She nods.")
    assert step_gate.spans_of(text, ["nothing like this"]) == []
    assert step_gate.shipped().probabilities(text, [[]]) == [None]


def test_a_step_with_the_verb_of_the_step_before_stands_with_it():
    """"Slowly to the right." has no words the gate could judge (it scores such a fragment low in a scene); where a
    step before it was taken, it is kept, and the plan says so."""
    text = ("EXT. RIDGE - DAWN\n\nPRIVATE OKAFOR lies flat in the heather, binoculars at her chest. Wind.\n\n"
            "She turns her head slowly to the left. Nothing. Slowly to the right. Nothing.")
    plan = read_plan(text)
    assert [(s.action, s.side) for s in plan.steps] == [("turn", "left"), ("turn", "right")]
    kept = [n for n in plan.notes if n.startswith("kept:")]
    assert len(kept) == 1 and "Slowly to the right" in kept[0]
    assert float(kept[0].rsplit(" ", 1)[1].rstrip(")")) < step_gate.KEEP_AT_LEAST


class _Doubting:
    """A stand-in gate with fixed chances (no clause vectors: zero ones, as for a step with no words)."""
    def read(self, text, spans):
        return self.probabilities(text, spans), np.zeros((len(spans), 384), np.float32)


class _DoubtsAllButTheFirst(_Doubting):
    """A gate that takes the first step only, to show which later steps stand with it."""
    def probabilities(self, text, spans):
        return [0.9] + [0.01] * (len(spans) - 1)


@pytest.mark.parametrize("text, kept", [
    # a way and a place after "then", with no verb: the verb of the step before, kept with it
    ("Oskar squints down at the parcel, then up at the courier.", [("look", "down"), ("look", "up")]),
    ("She glances left, then right.", [("glance", "left"), ("glance", "right")]),
    # a verb of its own is the gate's to judge (unless it names the motion outright: the test below)
    ("Oskar squints down at the parcel, then he peers up at the courier.", [("look", "down")]),
])
def test_a_step_with_no_verb_of_its_own_stands_with_the_step_before(monkeypatch, text, kept):
    monkeypatch.setattr(step_gate, "shipped", lambda: _DoubtsAllButTheFirst())
    assert [(s.action, s.side) for s in read_plan(text).steps] == kept


class _DoubtsEverything(_Doubting):
    def probabilities(self, text, spans):
        return [0.01] * len(spans)


@pytest.mark.parametrize("text, kept", [
    # the character as the subject, by name, title and name, a capitalised role or "the" and a person noun, and a
    # verb that names the motion
    ("MAJOR QUILL sits back in her chair, arms crossed.", [("lean", "back")]),
    ("Sentry is not moving at all while the captain shouts.", [("hold", "")]),
    ("The old guard should flinch at the thunder.", [("recoil", "")]),
    ("The waiter bows and leaves; Clara tilts her head.", [("tilt", "left")]),
    # no subject, after the character's in the sentence (an aside between) or the sentence before
    ("Tobi gags at the crate of eels and draws back.", [("recoil", "")]),
    ("He raised his head, as if he had heard his name, and then bowed it again.", [("look", "up"), ("look", "down")]),
    ("Rafe reaches the door and stops. Turns back to the room.", [("return", "")]),
    # a verb the body shares, a motion named by someone else, or no one said: the gate's to judge
    ("Animation review, shot 12. Nods too slow, speed it up.", []),
    ("The storyboard has her nodding here, which we dropped.", []),
    ("Inspector Kell pulls his collar down and waits.", []),
    # an idiom, not the motion; the motion said again after a step that stands
    ("Lady Vane sniffs and looks down her nose at the new maid.", []),
    ("Mara nods twice. Her smile only grows as she nods.", [("nod", "")]),
])
def test_a_step_said_outright_of_the_character_stands(monkeypatch, text, kept):
    """The gate sometimes doubts a plain "Ines sits back" in a scene; where the words say the character makes the
    motion, the step stands, and the plan says so."""
    monkeypatch.setattr(step_gate, "shipped", lambda: _DoubtsEverything())
    plan = read_plan(text)
    assert [(s.action, s.side) for s in plan.steps] == kept
    assert len([n for n in plan.notes if n.startswith("kept:")]) == len(kept)


def test_the_recipe_is_saved_with_the_weights():
    from safetensors import safe_open

    with safe_open(str(step_gate.WEIGHTS), "np") as f:
        recipe = json.loads(f.metadata()["recipe"])
    assert {"sets", "seed", "epochs", "rank", "alpha"} <= set(recipe)


@pytest.mark.parametrize("text, kept", [
    # kept, praised or asked for by name, in a review, a chat line or an e-mail
    ("Scrap the grin. Keep the gentle headshake though.", [("shake", "")]),
    ("ok the tilt's perfect, ship it", [("tilt", "left")]),
    ("Dear Ana, for the ending we'd want a beat of stillness, nothing else. Best, Rui", [("hold", "")]),
    ("v4 notes: love the lean forward, it sells the threat.", [("lean", "forward")]),
    # a bow is a look down (the guide's rule 5); a pause added is one asked for
    ("Notes, scene 9: the bow's great, it lands.", [("look", "down")]),
    ("Keep it all, just add a long pause at the end.", [("hold", "")]),
    # the motion only mentioned, or a look that is the face's ("the look is great")
    ("The nod we had in v2 was dropped by the client.", []),
    ("The look is great, very cold.", []),
])
def test_a_step_a_note_keeps_or_asks_for_by_name_stands(monkeypatch, text, kept):
    """A review's "Keep the gentle headshake" or "the tilt's perfect" says the motion is in the take, whatever the
    gate makes of a note's words; the plan says why it stands."""
    monkeypatch.setattr(step_gate, "shipped", lambda: _DoubtsEverything())
    plan = read_plan(text)
    assert [(s.action, s.side) for s in plan.steps] == kept
    assert len([n for n in plan.notes if n.startswith("kept:")]) == len(kept)
